/** How every command line of dockdash reports a problem: one line on stderr, then an exit code. */

/** An error whose message is already the one line to show the user. */
export class UsageError extends Error {
	override name = 'UsageError';
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
	}
}

export function fail(message: string, exitCode = 1): never {
	process.stderr.write(`dockdash: ${message}\n`);
	process.exit(exitCode);
}

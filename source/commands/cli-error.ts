/** How every command line of dockdash reports a problem: one line on stderr, then an exit code. */
import {EndpointError, resolveEndpoint, type EngineEndpoint} from '../docker/endpoint.js';

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

/** The engine the -H / -c flags of a subcommand choose; a bad choice is a UsageError with the one-line fix. */
export function endpointFromFlags(host: string | undefined, context: string | undefined): EngineEndpoint {
	try {
		return resolveEndpoint({hostFlag: host, contextFlag: context});
	} catch (error) {
		if (error instanceof EndpointError) throw new UsageError(error.message);
		throw error;
	}
}

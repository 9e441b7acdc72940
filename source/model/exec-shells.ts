/**
 * Which commands `e` tries, in order, to open a shell in a container. The first
 * one the container can run wins. Configurable with DOCKDASH_EXEC_SHELLS, a
 * comma-separated list such as "zsh, bash -l, sh".
 */

/** The default list: bash where the image has it, else the POSIX sh nearly every image has. */
export const DEFAULT_EXEC_SHELLS: readonly (readonly string[])[] = [['bash'], ['sh']];

/**
 * Parses a comma-separated command list into argv arrays. Blank entries are
 * dropped; an empty or blank value gives the default list, so a stray empty
 * variable never leaves `e` with nothing to try.
 */
export function parseExecShells(value: string | undefined): string[][] {
	const parsed = (value ?? '')
		.split(',')
		.map(entry => entry.trim().split(/\s+/).filter(Boolean))
		.filter(argv => argv.length > 0);
	return parsed.length > 0 ? parsed : DEFAULT_EXEC_SHELLS.map(argv => [...argv]);
}

/** "bash, sh": the list as a user wrote it, for messages. */
export function describeExecShells(shells: readonly (readonly string[])[]): string {
	return shells.map(argv => argv.join(' ')).join(', ');
}

/**
 * Which environment variables look secret. Matching is by name only and
 * errs towards hiding: a masked harmless value costs a key press, a shown
 * password on a shared screen (or in a screenshot) cannot be taken back.
 */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL/i;

export function isSecretName(name: string): boolean {
	return SECRET_NAME.test(name);
}

/** The stand-in for a hidden value: the same for every value, so its length leaks nothing. */
export const MASK = '••••••••';

// A NAME=value word (an argument, a label written as one) and an option whose value is the next word (--password x).
const ASSIGNMENT = /(^|\s)(-{0,2}[A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|\S*)/g;
const OPTION_WITH_VALUE = /(^|\s)(--?[A-Za-z][\w.-]*)(\s+)(?!-)("[^"]*"|'[^']*'|\S+)/g;

/**
 * A command line with the values of secret-looking arguments masked (issue 17): `--db-password=x`, `API_TOKEN=x`
 * and `--token x` show as `--db-password=••••••••`; other arguments stay as they are.
 */
export function maskSecretArguments(commandLine: string): string {
	return commandLine
		.replace(ASSIGNMENT, (whole, before: string, name: string) => (isSecretName(name) ? `${before}${name}=${MASK}` : whole))
		.replace(OPTION_WITH_VALUE, (whole, before: string, name: string, space: string, value: string) => (isSecretName(name) && value !== MASK ? `${before}${name}${space}${MASK}` : whole));
}

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

/**
 * Whether the user asked for no colour. NO_COLOR (https://no-color.org) counts when set
 * to anything but the empty string; FORCE_COLOR, when it asks for colour, wins over it,
 * as it does in Node itself. FORCE_COLOR=0 needs nothing here: chalk drops every style.
 */
export function isColorRefused(env: Readonly<Record<string, string | undefined>>): boolean {
	const force = env['FORCE_COLOR'];
	if (force !== undefined && force !== '0' && force !== 'false') return false;
	return env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
}

/**
 * The bytes a terminal sends for a key the key router has already named, for
 * keys that must reach a program in a container after all (typed in the same
 * read as the key that opened the shell). Works from dockdash's key names
 * (keymap.ts keyName, and the router's names for control characters inside a
 * chunk), since Ink's flags are not set for keys split out of a chunk.
 */

const CSI = '\u001B[';

/** xterm's default (normal cursor mode) sequences; other modes are the program's business once it has the terminal. */
const NAMED: ReadonlyMap<string, string> = new Map<string, string>(Object.entries({
	enter: '\r',
	tab: '\t',
	'shift+tab': `${CSI}Z`,
	backspace: '\u007F',
	delete: `${CSI}3~`,
	escape: '\u001B',
	space: ' ',
	up: `${CSI}A`,
	down: `${CSI}B`,
	right: `${CSI}C`,
	left: `${CSI}D`,
	home: `${CSI}H`,
	end: `${CSI}F`,
	pageup: `${CSI}5~`,
	pagedown: `${CSI}6~`,
}));

/** `name` as the router gives it ("enter", "ctrl+c", "alt+b", "x"); `input` the text Ink read for it. */
export function keyBytes(name: string, input: string): string {
	// A Map, not an object: a name like `__proto__` or `constructor` must not find Object.prototype's members.
	const named = NAMED.get(name);
	if (named !== undefined) return named;
	const ctrl = /^ctrl\+([a-z])$/.exec(name);
	if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
	const alt = /^alt\+(.+)$/.exec(name);
	if (alt) return `\u001B${NAMED.get(alt[1]!) ?? alt[1]}`;
	return input || (name.length === 1 ? name : '');
}

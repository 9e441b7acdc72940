/**
 * The one sanitizer every engine-provided string passes before it reaches the
 * terminal. Container names, labels, env values, log lines, image history and
 * file names inside layers are all written by whoever built the container, so
 * they are treated as hostile: nothing in them may move the cursor, erase the
 * screen, set the window title, write the clipboard (OSC 52), make the terminal
 * answer a query, or reorder text with bidi controls.
 *
 * Controls are not dropped silently: they are replaced by a visible, inert
 * stand-in so a user can see that something was there.
 *  - C0 controls (and DEL) become their Unicode "control picture" (ESC → ␛),
 *    so the rest of an escape sequence stays visible as plain text.
 *  - C1 controls (U+0080–U+009F, which include the 8-bit CSI/OSC/DCS) become ⟨9B⟩.
 *  - Format characters (bidi overrides and isolates, zero-width spaces and
 *    joiners, BOM, soft hyphen), line/paragraph separators and lone surrogates
 *    become ⟨U+202E⟩ style markers or U+FFFD.
 */

// Everything that needs replacing. \p{Cf} is Unicode's "format" category:
// bidi controls, zero-width characters, soft hyphen, BOM, invisible operators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]|\p{Cs}/u;
const UNSAFE_GLOBAL = /[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]|\p{Cs}/gu;

const TAB_WIDTH = 8;

/** Options for {@link sanitize}. */
export interface SanitizeOptions {
	/**
	 * Expand tabs to spaces up to the next tab stop (logs) instead of showing
	 * them as a single space (names, labels, table cells). Default false.
	 */
	expandTabs?: boolean;
}

function replacementFor(char: string): string {
	const code = char.codePointAt(0)!;
	if (code < 0x20) return String.fromCodePoint(0x2400 + code);
	if (code === 0x7f) return '\u2421';
	if (code >= 0x80 && code <= 0x9f) return `⟨${code.toString(16).toUpperCase()}⟩`;
	if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
	return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Returns true when the text holds nothing the sanitizer would change. */
export function isTerminalSafe(text: string): boolean {
	return !UNSAFE.test(text);
}

/**
 * Makes an untrusted string safe to write to a terminal: visible, inert, one
 * line. Plain text is returned unchanged (and without copying), which keeps the
 * log path cheap.
 */
export function sanitize(text: string, options: SanitizeOptions = {}): string {
	if (!UNSAFE.test(text)) return text;
	if (!options.expandTabs) {
		return text.replace(UNSAFE_GLOBAL, char => (char === '\t' ? ' ' : replacementFor(char)));
	}
	let column = 0;
	let out = '';
	let last = 0;
	for (const match of text.matchAll(UNSAFE_GLOBAL)) {
		const index = match.index;
		const before = text.slice(last, index);
		out += before;
		column += before.length;
		if (match[0] === '\t') {
			const spaces = TAB_WIDTH - (column % TAB_WIDTH);
			out += ' '.repeat(spaces);
			column += spaces;
		} else {
			const replacement = replacementFor(match[0]);
			out += replacement;
			column += replacement.length;
		}
		last = index + match[0].length;
	}
	return out + text.slice(last);
}

/** Sanitizes every value of a string record (labels, env) and its keys. */
export function sanitizeRecord(record: Record<string, string> | undefined | null): Record<string, string> {
	const out: Record<string, string> = {};
	if (!record) return out;
	for (const [key, value] of Object.entries(record)) out[sanitize(key)] = sanitize(String(value));
	return out;
}

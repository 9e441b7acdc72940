/**
 * A fast path in front of string-width, swapped in by scripts/build.mjs for every
 * package in the bundle (Ink included). string-width segments each string into
 * graphemes with Intl.Segmenter and tests emoji regular expressions: ~0.2 ms for a
 * row holding one "›" or "○", and Ink measures every text node of every frame, so
 * it was the largest single cost of the first frame (issue 8). Strings made only of
 * code points that are one column wide on their own and never join a neighbour
 * (checked code point by code point against string-width in
 * test/ui/fast-string-width.test.ts), plus SGR colour sequences, are counted here;
 * anything else returns undefined and goes to string-width itself.
 */

// Each range is one column per code point in string-width 7 and 8, except the listed exceptions
// (emoji-capable symbols, the soft hyphen), which fall back.
export const NARROW_RANGES: ReadonlyArray<readonly [number, number]> = [
	[0x20, 0x7e],
	[0xa0, 0x2ff],
	[0x370, 0x3ff],
	[0x400, 0x482],
	[0x2010, 0x2027],
	[0x2030, 0x205e],
	[0x2190, 0x22ff],
	[0x2500, 0x25ff],
	[0x2800, 0x28ff],
];
export const NARROW_EXCEPTIONS: readonly number[] = [
	0xa9, 0xad, 0xae, 0x203c, 0x2049, 0x2194, 0x2195, 0x2196, 0x2197, 0x2198, 0x2199, 0x21a9, 0x21aa, 0x25aa, 0x25ab, 0x25b6,
	0x25c0, 0x25fb, 0x25fc, 0x25fd, 0x25fe,
];

const isNarrow = new Uint8Array(0x2900);
for (const [first, last] of NARROW_RANGES) isNarrow.fill(1, first, last + 1);
for (const code of NARROW_EXCEPTIONS) isNarrow[code] = 0;

/** Whether a UTF-16 code unit is a code point of the ranges above: one column, never joined with a neighbour. */
export const isNarrowCodeUnit = (code: number): boolean => code < 0x2900 && isNarrow[code] === 1;

interface WidthOptions {
	ambiguousIsNarrow?: boolean;
	countAnsiEscapeCodes?: boolean;
}

/** The column width of `text` when it is simple enough to count directly; undefined otherwise. */
export function fastStringWidth(text: unknown, options?: WidthOptions): number | undefined {
	if (typeof text !== 'string') return undefined;
	if (options && (options.countAnsiEscapeCodes || options.ambiguousIsNarrow === false)) return undefined;
	let width = 0;
	const {length} = text;
	for (let index = 0; index < length; index++) {
		const code = text.charCodeAt(index);
		if (isNarrowCodeUnit(code)) {
			width++;
		} else if (code === 0x1b && text.charCodeAt(index + 1) === 0x5b) {
			// SGR only (ESC [ digits and semicolons m): what chalk writes. Other sequences fall back.
			let end = index + 2;
			while (end < length) {
				const next = text.charCodeAt(end);
				if ((next >= 0x30 && next <= 0x39) || next === 0x3b) end++;
				else break;
			}
			if (text.charCodeAt(end) !== 0x6d) return undefined;
			index = end;
		} else {
			return undefined;
		}
	}
	return width;
}

/**
 * Grapheme segmentation as `new Intl.Segmenter()` does it, without making one until a string needs it (issue 16).
 *
 * The first Intl.Segmenter of a process loads ICU's break rules (~4 ms of CPU here, ~9 ms when it is the first Intl
 * service of the process), paid at start by the modules that made theirs at import (slice-ansi, @alcalzone/ansi-tokenize,
 * the log layout), though the first frame only ever asked them to split SGR sequences and plain text. A string of printable ASCII and ESC is split here without ICU: each of those
 * code units is a grapheme of its own (UAX #29: they are Other or Control, and only CR LF joins, neither of which is in
 * the set). Any other string goes to a real Intl.Segmenter, made on the first such string.
 * `test/ui/grapheme-segmenter.test.ts` checks both against Intl.Segmenter.
 */

/** Whether every code unit is printable ASCII or ESC. */
function isAsciiOrEscape(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code !== 0x1b && (code < 0x20 || code > 0x7e)) return false;
	}
	return true;
}

/** One segment per code unit of a string of printable ASCII and ESC. */
class CodeUnitSegments implements Intl.Segments {
	constructor(private readonly input: string) {}

	containing(codeUnitIndex: number = 0): Intl.SegmentData | undefined {
		// As Intl.Segments: the index is truncated to an integer (NaN is 0), and none is found outside the string.
		const index = Math.trunc(Number(codeUnitIndex)) || 0;
		return index >= 0 && index < this.input.length ? {segment: this.input[index]!, index, input: this.input} : undefined;
	}

	*[Symbol.iterator](): IterableIterator<Intl.SegmentData> {
		for (let index = 0; index < this.input.length; index++) yield {segment: this.input[index]!, index, input: this.input};
	}
}

// Made on the first string that needs it and never changed: a constant made late, not state of a session (issue 15).
const realSegmenter = (() => {
	let made: Intl.Segmenter | undefined;
	return () => (made ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'}));
})();

/** Stands in for a module's `new Intl.Segmenter(undefined, {granularity: 'grapheme'})` (scripts/build.mjs puts it in packages' place). */
export const graphemeSegmenter: Pick<Intl.Segmenter, 'segment'> = {
	segment(input: string): Intl.Segments {
		const text = String(input);
		return isAsciiOrEscape(text) ? new CodeUnitSegments(text) : realSegmenter().segment(text);
	},
};

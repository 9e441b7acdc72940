import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {graphemeSegmenter} from '../../source/ui/format/grapheme-segmenter.js';

const intl = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Everything a caller can read of the segments: the iteration and `containing` at every index and beside the ends. */
function observed(segments: Intl.Segments, length: number) {
	const indexes = [-1, -0.5, 0.7, Number.NaN, undefined, ...Array.from({length: length + 2}, (_, index) => index)];
	return {
		iterated: [...segments].map(({segment, index, input}) => ({segment, index, input})),
		containing: indexes.map(index => {
			const found = segments.containing(index);
			return found && {segment: found.segment, index: found.index, input: found.input};
		}),
	};
}

const same = (text: string) => assert.deepEqual(observed(graphemeSegmenter.segment(text), text.length), observed(intl.segment(text), text.length), JSON.stringify(text));

test('splits what Ink and the log layout give it as Intl.Segmenter does: SGR rows, plain text, and what needs ICU', () => {
	for (const text of [
		'',
		'q quit',
		'\u001B[36m● running\u001B[39m',
		'\u001B[1m\u001B[7m web-1 \u001B[27m\u001B[22m',
		'\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
		'a\r\nb',
		'\r\n\u001B[0m',
		'e\u0301 café',
		'👍🏽 🇩🇪 👨‍👩‍👧 日本',
		'\u001B\u0301',
		'a\u200Db',
		'\u007F\u0000tab\there',
	]) same(text);
});

test('agrees with Intl.Segmenter on any string of ASCII, ESC, line ends and combining, joining and wide characters', () => {
	const alphabet = fc.constantFrom('a', 'Z', ' ', '~', '[', 'm', '\u001B', '\r', '\n', '\t', '\u007F', '\u0301', '\u200D', '\uFE0F', '👍', '🏽', '🇩', '日', '\u009B');
	fc.assert(
		fc.property(fc.array(alphabet, {maxLength: 24}), characters => same(characters.join(''))),
		{numRuns: 2000},
	);
	fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 24}), same), {numRuns: 1000});
});

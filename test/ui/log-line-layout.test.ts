import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import stringWidth from 'string-width';
import {fitEnd, rowStarts} from '../../source/ui/format/log-line.js';
import {layoutLine, rowCount} from '../../source/ui/components/log-rows.js';

/** The layout by whole graphemes and string-width, as it was computed before: the reference for what is counted. */
function referenceRowStarts(text: string, width: number): number[] {
	const starts = [0];
	let used = 0;
	for (const {segment, index} of new Intl.Segmenter().segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width && used > 0) {
			starts.push(index);
			used = 0;
		}
		used += w;
	}
	return starts;
}

function referenceFitEnd(text: string, start: number, width: number): number {
	let used = 0;
	let end = start;
	for (const {segment, index} of new Intl.Segmenter().segment(text.slice(start))) {
		const w = stringWidth(segment);
		if (used + w > width) break;
		used += w;
		end = start + index + segment.length;
	}
	return end;
}

const SAMPLES = [
	'plain ascii only, nothing else at all here',
	'café résumé naïve – “quotes” → arrows ✓ done',
	'日本語のログ行がここにあります、幅は二つずつ',
	'mixed 日本 text with wide 漢字 and narrow ascii 12345',
	'e\u0301 combining acute, a\u0308 umlaut, emoji 🚀 and 👍🏽 and flags 🇩🇪',
	'␛[31m sanitized pictures ␇ ⟨9B⟩ ⟨U+202E⟩ and a tab expanded        here',
	'😀'.repeat(30),
	`${'x'.repeat(300)}日${'y'.repeat(300)}`,
];

describe('log line layout (wrapping and cutting by terminal columns)', () => {
	it('wraps and cuts exactly as whole graphemes measured by string-width do', () => {
		for (const text of SAMPLES) {
			for (const width of [1, 2, 3, 7, 10, 33, 80]) {
				assert.deepEqual(rowStarts(text, width, new Map()), referenceRowStarts(text, width), `rows of ${JSON.stringify(text)} at ${width}`);
				for (const start of [0, 5]) assert.equal(fitEnd(text, start, width, new Map()), referenceFitEnd(text, start, width), `fit of ${JSON.stringify(text)} from ${start} in ${width}`);
			}
		}
	});

	it('wraps a long line with one wide character in time that grows with its length (80,000 characters took 21 s)', () => {
		const text = `é${'x'.repeat(40_000)}漢字${'y'.repeat(40_000)}`;
		const started = performance.now();
		const starts = rowStarts(text, 80, new Map());
		assert.equal(starts.length, Math.ceil((text.length + 1) / 80));
		assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
	});

	it('lays out only the rows asked for: a screenful of a line that wraps into 16,000', () => {
		const text = Array.from({length: 200_000}, (_, i) => i).join(' ');
		const line = {seq: 7, stream: 'stdout' as const, text};
		const layout = {width: 82, showTimestamps: false, isWrapped: true, sourceWidth: 0, widths: new Map<string, number>(), rowStarts: new WeakMap()};
		const count = rowCount(line, layout);
		assert.equal(count, Math.ceil(text.length / 80));
		const rows = layoutLine(line, layout, [], count - 3, count);
		assert.deepEqual(rows.map(row => row.key), [`7.${count - 3}`, `7.${count - 2}`, `7.${count - 1}`]);
		assert.ok(rows.flatMap(row => row.pieces.map(piece => piece.text)).join('').endsWith('199998 199999'));
		assert.equal(layoutLine(line, layout, [], 0, 2).length, 2);
	});
});

// Ink's text measure with a bounded cache (issue 16): Ink's own keeps every text it ever measured.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import widestLine from 'widest-line';
import {MEASURE_CACHE_LIMIT, createMeasureText} from '../../source/ui/render/bounded-measure-text.js';

// Ink's module, by its file: the package exports only its index. The build replaces it in the bundle.
const {default: inkMeasureText} = (await import(new URL('../../node_modules/ink/build/measure-text.js', import.meta.url).href)) as {default: (text: string) => {width: number; height: number}};

describe('the bounded measure of text', () => {
	it("answers as Ink's own measure", () => {
		const measure = createMeasureText(widestLine);
		for (const text of ['', 'a', 'CPU %', '316KiB / 23.54GiB', 'two\nlines', 'wide 漢字 and ✓', '\n', 'x\n\ny\n', '\u001b[31mred\u001b[39m']) {
			assert.deepEqual(measure(text), inkMeasureText(text), JSON.stringify(text));
		}
	});

	it('keeps at most its limit of texts however many distinct texts are drawn, and the latest ones stay cached', () => {
		const measure = createMeasureText(widestLine);
		// The stats pane draws new figures every second: a day of them is hundreds of thousands of distinct texts.
		for (let index = 0; index < 3 * MEASURE_CACHE_LIMIT + 10; index++) measure(`${index} B/s`);
		assert.ok(measure.cacheSize() > 0 && measure.cacheSize() <= MEASURE_CACHE_LIMIT, `${measure.cacheSize()} texts cached`);
		const latest = measure(`${3 * MEASURE_CACHE_LIMIT + 9} B/s`);
		assert.equal(measure(`${3 * MEASURE_CACHE_LIMIT + 9} B/s`), latest, 'the same answer object: cached');
		// Ink's own measure is the one that grows (the reason for this one): its cache is not reachable from here,
		// so its growth is shown by the bundle carrying this measure instead (test/e2e/build-patches.test.ts).
	});
});

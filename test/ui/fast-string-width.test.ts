import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {NARROW_EXCEPTIONS, NARROW_RANGES, fastStringWidth} from '../../source/ui/format/fast-string-width.js';

// Ink bundles its own string-width (8.x); the fast path stands in front of both.
const inkRequire = createRequire(path.resolve('node_modules/ink/package.json'));
const inkStringWidth = (await import(inkRequire.resolve('string-width'))).default as typeof stringWidth;
const widths = [stringWidth, inkStringWidth];

test('every code point the fast path counts is one column in both string-width versions, alone and between others', () => {
	const exceptions = new Set(NARROW_EXCEPTIONS);
	for (const [first, last] of NARROW_RANGES) {
		for (let code = first; code <= last; code++) {
			if (exceptions.has(code)) continue;
			const char = String.fromCodePoint(code);
			for (const width of widths) {
				assert.equal(width(char), 1, `U+${code.toString(16)}`);
				assert.equal(width(`a${char}${char}b`), 4, `U+${code.toString(16)} between others`);
			}
		}
	}
});

test('the fast path agrees with string-width on rows the dashboard draws, colours included', () => {
	const rows = [
		'› bench-ff-0                     ○ created      dockdash-test/busybox:late… Created',
		'\u001B[36m● running\u001B[39m \u001B[1mweb-1\u001B[22m · 0.0.0.0:80→80/tcp ↑',
		'▁▂▃▅▇█ 12 %  ⣿⣀',
		'',
	];
	for (const row of rows) {
		for (const width of widths) assert.equal(fastStringWidth(row), width(row), row);
	}
});

test('anything it cannot count exactly is left to string-width', () => {
	for (const text of ['日本', 'e\u0301', '👍', '\u00AD', 'a\u001B]8;;http://x\u0007b\u001B]8;;\u0007', '©', '\u001B[2J']) {
		assert.equal(fastStringWidth(text), undefined, JSON.stringify(text));
	}
	assert.equal(fastStringWidth('abc', {countAnsiEscapeCodes: true}), undefined);
	assert.equal(fastStringWidth('abc', {ambiguousIsNarrow: false}), undefined);
	assert.equal(fastStringWidth(42), undefined);
});

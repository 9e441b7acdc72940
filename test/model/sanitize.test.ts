import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {isTerminalSafe, sanitize, sanitizeRecord} from '../../source/model/sanitize.js';

const ESC = '\u001B';

describe('sanitize', () => {
	it('returns plain text unchanged, including wide characters', () => {
		for (const text of ['web-1', 'nginx:1.25', 'über', '日本語', 'emoji 🐳']) assert.equal(sanitize(text), text);
	});

	it('makes every escape sequence family inert and visible', () => {
		const hostile = [
			`${ESC}[2J${ESC}[H`, // erase screen, cursor home
			`${ESC}[10;20H`, // cursor move
			`${ESC}]0;pwned${ESC}\\`, // OSC title, ST-terminated
			`${ESC}]52;c;aGVsbG8=\u0007`, // OSC 52 clipboard, BEL-terminated
			`${ESC}]8;;http://x\u0007link${ESC}]8;;\u0007`, // hyperlink
			`${ESC}P1$r${ESC}\\`, // DCS
			`${ESC}_apc${ESC}\\`, // APC
			`${ESC}^pm${ESC}\\`, // PM
			`${ESC}Xsos${ESC}\\`, // SOS
			'\u009B2J', // 8-bit CSI
			'\u009D0;title\u009C', // 8-bit OSC and ST
			`${ESC}[6n`, // cursor position query: makes the terminal answer
			'\r\n\b\u0007\u000E', // CR, LF, BS, BEL, shift-out
		];
		for (const text of hostile) {
			const out = sanitize(text);
			assert.ok(isTerminalSafe(out), `still unsafe: ${JSON.stringify(out)}`);
			assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f]/);
		}
		assert.equal(sanitize(`${ESC}[2Jboom`), '␛[2Jboom');
		assert.equal(sanitize('\u009B2J'), '⟨9B⟩2J');
	});

	it('shows bidi overrides and zero-width characters instead of obeying them', () => {
		assert.equal(sanitize('abc\u202Edef'), 'abc⟨U+202E⟩def');
		assert.equal(sanitize('a\u200Bb'), 'a⟨U+200B⟩b');
		assert.equal(sanitize('\u2066x\u2069'), '⟨U+2066⟩x⟨U+2069⟩');
		assert.equal(sanitize('\uFEFFbom'), '⟨U+FEFF⟩bom');
	});

	it('replaces lone surrogates (invalid UTF-16) with U+FFFD', () => {
		assert.equal(sanitize('a\uD800b'), 'a\uFFFDb');
	});

	it('shows a tab as one space in cells and expands it to tab stops in logs', () => {
		assert.equal(sanitize('a\tb'), 'a b');
		assert.equal(sanitize('ab\tc', {expandTabs: true}), 'ab      c');
		assert.equal(sanitize('\t\u0007', {expandTabs: true}), '        ␇');
	});

	it('sanitizes keys and values of records', () => {
		assert.deepEqual(sanitizeRecord({[`k${ESC}]0;x`]: `v${ESC}[1A`}), {'k␛]0;x': 'v␛[1A'});
		assert.deepEqual(sanitizeRecord(undefined), {});
	});
});

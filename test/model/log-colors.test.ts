import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {colorLine, renderLine} from '../../source/model/log-colors.js';
import {LogDecoder, type DecodedLine} from '../../source/model/log-decoder.js';
import {ConfigError, DEFAULT_CONFIG, parseConfig} from '../../source/model/config.js';

describe('plain SGR colour in log lines', () => {
	it('turns plain SGR into spans and keeps it out of the text', () => {
		assert.deepEqual(colorLine('\u001B[31mred\u001B[0m plain'), {text: 'red plain', styles: [{start: 0, end: 3, color: 'red'}]});
		assert.deepEqual(colorLine('a\u001B[1;92mb\u001B[22mc'), {
			text: 'abc',
			styles: [
				{start: 1, end: 2, bold: true, color: 'greenBright'},
				{start: 2, end: 3, color: 'greenBright'},
			],
		});
		assert.deepEqual(colorLine('\u001B[38;5;196mx\u001B[48;2;1;2;3my'), {
			text: 'xy',
			styles: [
				{start: 0, end: 1, color: 'ansi256(196)'},
				{start: 1, end: 2, color: 'ansi256(196)', backgroundColor: '#010203'},
			],
		});
	});

	it('sanitizes everything that is not plain SGR, as without colour', () => {
		assert.deepEqual(colorLine('\u001B[2J\u001B]0;t\u0007\u001B[?25l\u001B[4:3m\u009B31m'), {text: '␛[2J␛]0;t␇␛[?25l␛[4:3m⟨9B⟩31m'});
		// Positions count the sanitized text: the span covers what is shown.
		assert.deepEqual(colorLine('\u0007\u001B[31m\u001B[2Jx'), {text: '␇␛[2Jx', styles: [{start: 1, end: 6, color: 'red'}]});
	});

	it('each line starts plain: a colour left open ends with its line, also across chunks', () => {
		const lines: DecodedLine[] = [];
		const decoder = new LogDecoder({isTty: true, colors: true, onLines: batch => lines.push(...batch)});
		// The SGR is cut inside its parameters, across two chunks.
		decoder.push(Buffer.from('\u001B[3'));
		decoder.push(Buffer.from('1mred and open\nnext line\n'));
		decoder.end();
		assert.deepEqual(
			lines.map(line => ({text: line.text, styles: line.styles})),
			[
				{text: 'red and open', styles: [{start: 0, end: 12, color: 'red'}]},
				{text: 'next line', styles: undefined},
			],
		);
	});

	it('without colours the decoder shows SGR as inert text, as before', () => {
		const lines: DecodedLine[] = [];
		const decoder = new LogDecoder({isTty: true, onLines: batch => lines.push(...batch)});
		decoder.push(Buffer.from('\u001B[31mred\n'));
		decoder.end();
		assert.equal(lines[0]!.text, '␛[31mred');
		assert.equal(lines[0]!.styles, undefined);
	});
});

describe('a line as a terminal leaves it', () => {
	it('keeps a 256-colour index as sent: 202 is drawn as 202, not rounded through RGB to 208', () => {
		assert.deepEqual(colorLine('\u001B[38;5;202mo\u001B[48;5;16mb'), {
			text: 'ob',
			styles: [
				{start: 0, end: 1, color: 'ansi256(202)'},
				{start: 1, end: 2, color: 'ansi256(202)', backgroundColor: 'ansi256(16)'},
			],
		});
		assert.deepEqual(colorLine('\u001B[38;5;256mx'), {text: 'x'}, 'no such index: no colour');
	});

	it('a carriage return goes back to the first column: the last state of a progress bar wins', () => {
		assert.deepEqual(renderLine('progress 10% [#]\rprogress 20% [##]\rprogress 100% [##########]', false), {text: 'progress 100% [##########]'});
		// A shorter state leaves the end of the longer one, as on a terminal.
		assert.deepEqual(renderLine('abcdef\rxy', false), {text: 'xycdef'});
		assert.deepEqual(renderLine('abc\b\bX', false), {text: 'aXc'});
		// Erase in line: to the end (K), to the cursor (1K), all of it (2K).
		assert.deepEqual(renderLine('long text\r\u001B[Kshort', false), {text: 'short'});
		assert.deepEqual(renderLine('hello\u001B[1KX', false), {text: '     X'});
		assert.deepEqual(renderLine('hello\u001B[2K\rhi', false), {text: 'hi'});
	});

	it('a progress bar redrawn all day (millions of characters) shows its last state, what is left of longer ones after it', () => {
		const states = Array.from({length: 300_000}, (_, i) => `fetching ${i % 100}% [${i}]`);
		assert.deepEqual(renderLine(states.join('\r'), false), {text: 'fetching 99% [299999]'});
		assert.deepEqual(renderLine(`${states.join('\r')}\rdone\tok\u0007`, true, {expandTabs: true}), {text: 'done    ok␇% [299999]'});
	});

	it('what is written over stays sanitized, and colours move with the characters', () => {
		assert.deepEqual(renderLine('x\r\u001B[2J\u0007\u009B', false), {text: '␛[2J␇⟨9B⟩'});
		assert.deepEqual(renderLine('\u001B[31mred\u001B[0m\rab', true), {text: 'abd', styles: [{start: 2, end: 3, color: 'red'}]});
		assert.deepEqual(renderLine('\u001B[38;5;202m50%\r\u001B[38;5;202m100%', true), {text: '100%', styles: [{start: 0, end: 4, color: 'ansi256(202)'}]});
		// Without colours SGR is inert text, and counts as written characters.
		assert.deepEqual(renderLine('ab\r\u001B[31m', false), {text: '␛[31m'});
		assert.deepEqual(renderLine('a\tb\rc', false, {expandTabs: true}), {text: 'c       b'});
	});
});

describe('logs.colors in the config file', () => {
	const vocabulary = {columns: new Map<string, Set<string>>(), checkKey: () => undefined, panes: new Set<string>()};
	it('is a boolean, unset by default (colour on)', () => {
		assert.equal(DEFAULT_CONFIG.logs.colors, undefined);
		assert.equal(parseConfig('logs: {colors: false}', 'config.yaml', vocabulary as never).logs.colors, false);
		assert.throws(() => parseConfig('logs: {colors: maybe}', 'config.yaml', vocabulary as never), ConfigError);
	});
});

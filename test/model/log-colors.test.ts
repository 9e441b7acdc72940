import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {colorLine} from '../../source/model/log-colors.js';
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
				{start: 0, end: 1, color: '#ff0000'},
				{start: 1, end: 2, color: '#ff0000', backgroundColor: '#010203'},
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

describe('logs.colors in the config file', () => {
	const vocabulary = {columns: new Map<string, Set<string>>(), checkKey: () => undefined, panes: new Set<string>()};
	it('is a boolean, unset by default (colour on)', () => {
		assert.equal(DEFAULT_CONFIG.logs.colors, undefined);
		assert.equal(parseConfig('logs: {colors: false}', 'config.yaml', vocabulary as never).logs.colors, false);
		assert.throws(() => parseConfig('logs: {colors: maybe}', 'config.yaml', vocabulary as never), ConfigError);
	});
});

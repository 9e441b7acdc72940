import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {keyBytes} from '../../source/model/key-bytes.js';

describe('key bytes for a shell', () => {
	it('passes text through', () => {
		assert.equal(keyBytes('x', 'x'), 'x');
		assert.equal(keyBytes('G', 'G'), 'G');
		assert.equal(keyBytes('space', ' '), ' ');
		assert.equal(keyBytes('é', 'é'), 'é');
	});

	it('turns named keys back into what the terminal sent, also when Ink gave no text (a control character split out of a chunk)', () => {
		assert.equal(keyBytes('enter', ''), '\r');
		assert.equal(keyBytes('tab', ''), '\t');
		assert.equal(keyBytes('shift+tab', ''), '\u001B[Z');
		assert.equal(keyBytes('backspace', ''), '\u007F');
		assert.equal(keyBytes('delete', ''), '\u001B[3~');
		assert.equal(keyBytes('up', ''), '\u001B[A');
		assert.equal(keyBytes('left', ''), '\u001B[D');
		assert.equal(keyBytes('pagedown', ''), '\u001B[6~');
		assert.equal(keyBytes('escape', ''), '\u001B');
	});

	it('sends Ctrl-letters as control characters, and Alt as an ESC prefix', () => {
		assert.equal(keyBytes('ctrl+c', 'c'), '\u0003');
		assert.equal(keyBytes('ctrl+u', ''), '\u0015');
		assert.equal(keyBytes('alt+b', 'b'), '\u001Bb');
		assert.equal(keyBytes('alt+enter', ''), '\u001B\r');
	});
});

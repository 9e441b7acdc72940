import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {MouseReporting, parseMouseReport} from '../../source/model/mouse.js';

describe('mouse reports', () => {
	it('parses SGR presses, releases, wheel and drags into zero-based positions', () => {
		assert.deepEqual(parseMouseReport('[<0;10;5M'), {kind: 'press', button: 0, x: 9, y: 4});
		assert.deepEqual(parseMouseReport('\u001B[<2;1;1M'), {kind: 'press', button: 2, x: 0, y: 0});
		assert.deepEqual(parseMouseReport('[<0;10;5m'), {kind: 'release', button: 0, x: 9, y: 4});
		assert.deepEqual(parseMouseReport('[<64;3;4M'), {kind: 'wheelUp', button: 0, x: 2, y: 3});
		assert.deepEqual(parseMouseReport('[<65;3;4M'), {kind: 'wheelDown', button: 0, x: 2, y: 3});
		assert.deepEqual(parseMouseReport('[<32;7;8M'), {kind: 'drag', button: 0, x: 6, y: 7});
	});

	it('is not fooled by typing', () => {
		for (const text of ['[<', 'q', '[<0;10M', '[<a;b;cM', '[A']) assert.equal(parseMouseReport(text), undefined);
	});

	it('turns reporting off while anyone suspends it, and on again after the last', () => {
		const written: string[] = [];
		const mouse = new MouseReporting(text => written.push(text), true);
		mouse.apply();
		const resumeA = mouse.suspend();
		const resumeB = mouse.suspend();
		resumeA();
		resumeA(); // twice is once
		assert.equal(written.at(-1), '\u001B[?1000l\u001B[?1006l');
		resumeB();
		assert.equal(written.at(-1), '\u001B[?1000h\u001B[?1006h');
		mouse.release();
		assert.equal(written.at(-1), '\u001B[?1000l\u001B[?1006l');
	});

	it('never turns reporting on when the user said no', () => {
		const written: string[] = [];
		const mouse = new MouseReporting(text => written.push(text), false);
		mouse.apply();
		mouse.suspend()();
		assert.ok(written.every(text => text.includes('l')));
	});
});

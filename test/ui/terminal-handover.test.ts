import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ENTER_CHILD, LEAVE_CHILD} from '../../source/model/terminal-modes.js';
import {handOverTerminal} from '../../source/ui/terminal-handover.js';
import {terminalDouble} from '../support/terminal-double.js';

/** A terminal double with the handover already taken. */
function fakeTerminal() {
	const t = terminalDouble();
	return {...t, handover: handOverTerminal({stdin: t.stdin, stdout: t.stdout, redraw: t.redraw})};
}

const tick = async () => new Promise(resolve => setImmediate(resolve));

describe('terminal handover', () => {
	it('takes the keys from Ink at once, and holds those typed ahead until the shell is ready for them', async () => {
		const t = fakeTerminal();
		t.stdin.write('ls');
		await tick();
		t.stdin.write(' -l\r');
		await tick();
		const received: string[] = [];
		t.handover.onInput(data => received.push(String(data)));
		t.handover.show('banner');
		// The terminal answers the shell's cursor position query: that goes in at once, before the typed keys.
		t.stdin.write('\u001B[5;1R');
		await tick();
		assert.deepEqual(received, ['\u001B[5;1R']);
		t.handover.releaseTypedAhead();
		t.stdin.write('\u0003');
		await tick();
		assert.deepEqual(received, ['\u001B[5;1R', 'ls', ' -l\r', '\u0003']);
		assert.deepEqual(t.inkKeys, []);
		t.handover.restore();
		t.stdin.write('q');
		await tick();
		assert.deepEqual(t.inkKeys, ['q']);
	});

	it('keeps what arrives after show() for the first listener', async () => {
		const t = fakeTerminal();
		t.handover.show('banner');
		t.stdin.write('a');
		await tick();
		const received: string[] = [];
		t.handover.onInput(data => received.push(String(data)));
		assert.deepEqual(received, ['a']);
		t.handover.restore();
	});

	it('lets Ink draw until the shell is shown, drops its writes while it is, and redraws after the resets', async () => {
		const t = fakeTerminal();
		t.stdout.write('frame-1');
		t.handover.show('banner');
		assert.deepEqual(t.written, ['frame-1', `${ENTER_CHILD}banner\r\n`]);
		t.stdout.write('frame-2 drawn over the shell');
		t.handover.write(Buffer.from('$ '));
		t.handover.restore();
		t.stdout.write('frame-3');
		await tick();
		assert.deepEqual(t.written.slice(2), ['$ ', LEAVE_CHILD, 'frame-3']);
		assert.equal(t.redraws(), 1);
	});

	it('reports Ctrl-C typed while the shell is still being found, and gives the terminal back untouched', async () => {
		const t = fakeTerminal();
		t.stdin.write('\u0003');
		await Promise.race([t.handover.interrupted, new Promise((_, reject) => setTimeout(() => reject(new Error('no interrupt')), 1000))]);
		t.handover.restore();
		assert.deepEqual(t.written, []);
		assert.equal(t.redraws(), 0);
	});

	it('still calls the callback of a dropped write: Ink waits for one before it finishes unmounting', async () => {
		const t = fakeTerminal();
		t.handover.show('banner');
		await new Promise<void>(resolve => t.stdout.write('', () => resolve()));
		await new Promise<void>(resolve => t.stdout.write('frame', 'utf8', () => resolve()));
		assert.deepEqual(t.written, [`${ENTER_CHILD}banner\r\n`]);
		t.handover.restore();
	});

	it('forwards terminal resizes while it holds the terminal, and stops after', () => {
		const t = fakeTerminal();
		const sizes: string[] = [];
		t.handover.onResize((columns, rows) => sizes.push(`${columns}x${rows}`));
		Object.assign(t.stdout, {columns: 90, rows: 20});
		t.stdout.emit('resize');
		t.handover.restore();
		t.stdout.emit('resize');
		assert.deepEqual(sizes, ['90x20']);
	});

	it('notices the terminal going away, and then neither writes nor redraws', async () => {
		const t = fakeTerminal();
		t.handover.show('banner');
		t.stdin.end();
		await t.handover.hungUp;
		t.handover.write('late output');
		t.handover.restore();
		assert.deepEqual(t.written, [`${ENTER_CHILD}banner\r\n`]);
		assert.equal(t.redraws(), 0);
	});
});

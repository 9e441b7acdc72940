import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ENTER_CHILD, LEAVE_CHILD} from '../../source/model/terminal-modes.js';
import {runAttached} from '../../source/attached-command.js';
import {terminalDouble} from '../support/terminal-double.js';

describe('an attached custom command', () => {
	it('lends the terminal to the program, then gives it back to Ink redrawn, with its exit code', async () => {
		const t = terminalDouble();
		const sigintListeners = process.listenerCount('SIGINT');
		const running = runAttached(['sh', '-c', 'sleep 0.2; exit 3'], {stdin: t.stdin, stdout: t.stdout, redraw: t.redraw}, 'banner');
		// Keys typed while the program runs are not the dashboard's.
		t.stdin.write('q');
		await new Promise(resolve => setTimeout(resolve, 50));
		assert.deepEqual(t.inkKeys, []);
		assert.equal(process.listenerCount('SIGINT'), sigintListeners + 1);
		assert.deepEqual(await running, {exitCode: 3, signal: undefined});
		assert.equal(t.written.join(''), `${ENTER_CHILD}banner\r\n${LEAVE_CHILD}`);
		assert.equal(t.redraws(), 1);
		assert.equal(process.listenerCount('SIGINT'), sigintListeners);
		t.stdin.write('j');
		await new Promise(resolve => setImmediate(resolve));
		assert.ok(t.inkKeys.join('').endsWith('j'));
	});

	it('says so when the program does not exist, and still gives the terminal back', async () => {
		const t = terminalDouble();
		const end = await runAttached(['dockdash-no-such-program-xyz'], {stdin: t.stdin, stdout: t.stdout, redraw: t.redraw}, 'banner');
		assert.match(end.problem ?? '', /cannot run dockdash-no-such-program-xyz: no such program/);
		assert.equal(t.redraws(), 1);
	});
});

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import type {BackgroundRunState} from '../../source/model/background-run-state.js';
import {BackgroundRun} from '../../source/process/background-run.js';

async function settled(run: BackgroundRun, timeoutMs = 5000): Promise<BackgroundRunState> {
	const deadline = Date.now() + timeoutMs;
	while (run.get().status === 'running') {
		if (Date.now() > deadline) throw new Error(`still running: ${JSON.stringify(run.get())}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	// The last batch of lines is published right after the end.
	await new Promise(resolve => setTimeout(resolve, 80));
	return run.get();
}

// A zombie (killed, not yet reaped by init) counts as gone.
function isAlive(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

describe('a background run', () => {
	it('captures stdout and stderr as sanitized lines and reports the exit code', async () => {
		const run = new BackgroundRun('t', ['sh', '-c', `printf 'one\\ntwo\\033]52;c;aGk=\\a\\n'; echo oops >&2; printf 'no newline'; exit 3`]);
		const state = await settled(run);
		assert.equal(state.status, 'exited');
		assert.equal(state.exitCode, 3);
		const texts = state.lines.map(line => line.text);
		assert.deepEqual(texts.filter(text => !text.startsWith('oops')), ['one', 'two␛]52;c;aGk=␇', 'no newline']);
		assert.deepEqual(state.lines.find(line => line.text === 'oops'), {text: 'oops', isError: true});
	});

	it('keeps only the last lines, and cuts a line that never ends', async () => {
		const run = new BackgroundRun('t', ['sh', '-c', `i=0; while [ $i -lt 500 ]; do echo line$i; i=$((i+1)); done; head -c 5000 /dev/zero | tr '\\0' x`], {maxLines: 100, maxLineLength: 1000});
		const state = await settled(run);
		assert.equal(state.lines.length <= 100, true);
		assert.equal(state.dropped + state.lines.length, 505);
		assert.equal(state.lines.at(-6)?.text, 'line499');
		assert.ok(state.lines.slice(-5).every(line => line.text === 'x'.repeat(1000)));
	});

	it('says so when the program does not exist', async () => {
		const state = await settled(new BackgroundRun('t', ['dockdash-no-such-program-xyz', 'a']));
		assert.equal(state.status, 'failed');
		assert.match(state.problem!, /cannot run dockdash-no-such-program-xyz: no such program/);
	});

	it('stop() ends the whole process group, children of sh -c too', async () => {
		const run = new BackgroundRun('t', ['sh', '-c', 'sleep 30 & echo $!; wait']);
		let pid: number | undefined;
		const deadline = Date.now() + 5000;
		while (pid === undefined && Date.now() < deadline) {
			const first = run.get().lines[0]?.text;
			if (first) pid = Number(first);
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		assert.ok(pid && isAlive(pid));
		run.stop();
		const state = await settled(run);
		assert.equal(state.status, 'stopped');
		// SIGTERM reached the sleep too, not only sh.
		const gone = Date.now() + 3000;
		while (isAlive(pid) && Date.now() < gone) await new Promise(resolve => setTimeout(resolve, 20));
		assert.equal(isAlive(pid), false);
	});
});

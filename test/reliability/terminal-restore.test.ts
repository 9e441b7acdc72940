/**
 * The terminal comes back as it was however dockdash ends (issue 17): SIGTERM, SIGHUP (an ssh session that drops:
 * the hang-up is sent while the terminal is still there to read the reset), and a bug (an error thrown inside a render,
 * inside a timer, or a promise nobody awaited; DOCKDASH_TEST_CRASH, honoured only under the test runner). Every byte
 * dockdash writes to a real pseudo-terminal is recorded (test/support/pty_record.py) and played into a terminal
 * emulator (@xterm/headless): afterwards it is on the normal screen showing what was there before dockdash, mouse
 * reporting and bracketed paste off, the cursor shown; a bug leaves one line saying so, on that screen, no stack.
 * dockdash runs no worker threads, so there is no worker to run out of memory. A shell in a container left with mouse
 * and bracketed paste on when SIGTERM comes is test/e2e/exec.test.ts.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import xterm from '@xterm/headless';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';

const COLUMNS = 120;
const ROWS = 30;
const BEFORE = 'typed-before-dockdash';

const made: string[] = [];
const folders: string[] = [];
after(async () => {
	for (const folder of folders) rmSync(folder, {recursive: true, force: true});
	await removeContainers(...made);
});

interface Run {
	raw: Buffer;
	/** The exit code, or "-" when it had to be killed. */
	exit: string;
	/** Seconds from the end (signal sent, or the first frame) to the exit. */
	seconds: number;
}

/** Runs the dashboard in a pty after a line of the shell's, until `pattern` is drawn, then ends it by `end`. */
function runDashboard(end: 'TERM' | 'HUP' | 'close' | 'wait', pattern: string, env: Record<string, string> = {}): Run {
	const folder = mkdtempSync(path.join(tmpdir(), 'dockdash-restore-'));
	folders.push(folder);
	const out = path.join(folder, 'raw.bin');
	const shell = `printf '%s\\r\\n' ${BEFORE}; exec "$0" dist/cli.js --pane containers`;
	const result = spawnSync('python3', ['test/support/pty_record.py', out, String(COLUMNS), String(ROWS), pattern, end, '--', 'sh', '-c', shell, process.execPath], {
		encoding: 'utf8',
		env: {...process.env, ...env},
		timeout: 60_000,
	});
	assert.equal(result.status, 0, `dockdash never drew ${pattern}: ${result.stderr}`);
	const [exit, seconds] = readFileSync(`${out}.status`, 'utf8').split(' ');
	return {raw: readFileSync(out), exit: exit!, seconds: Number(seconds)};
}

interface Emulated {
	isNormalScreen: boolean;
	mouse: string;
	bracketedPaste: boolean;
	isCursorHidden: boolean;
	/** The active screen's text, one string per line written (wrapped rows joined), trailing spaces cut. */
	lines: string[];
}

/** What a terminal shows, and which modes it is in, after these bytes. */
async function emulate(bytes: Buffer): Promise<Emulated> {
	const terminal = new xterm.Terminal({cols: COLUMNS, rows: ROWS, allowProposedApi: true, scrollback: 100});
	await new Promise<void>(resolve => terminal.write(bytes, resolve));
	const buffer = terminal.buffer.active;
	const lines: string[] = [];
	for (let row = 0; row < buffer.length; row++) {
		const line = buffer.getLine(row);
		const text = line?.translateToString(true) ?? '';
		// A line the terminal wrapped is one line of the program's.
		if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
		else lines.push(text);
	}
	// The cursor's visibility (DECTCEM) has no public getter in @xterm/headless 6.
	const core = (terminal as unknown as {_core: {coreService: {isCursorHidden: boolean}}})._core;
	const state = {
		isNormalScreen: buffer.type === 'normal',
		mouse: terminal.modes.mouseTrackingMode,
		bracketedPaste: terminal.modes.bracketedPasteMode,
		isCursorHidden: core.coreService.isCursorHidden,
		lines,
	};
	terminal.dispose();
	return state;
}

/** The terminal while the dashboard was up: what the checks after it ended must not find (their positive control). */
async function whileRunning(run: Run, name: string): Promise<void> {
	const drawn = run.raw.indexOf(name);
	assert.ok(drawn > 0, `${name} is in the recording`);
	const state = await emulate(run.raw.subarray(0, drawn + name.length));
	assert.equal(state.isNormalScreen, false, 'the dashboard draws on the alternate screen');
	assert.notEqual(state.mouse, 'none', 'mouse reporting is on while the dashboard runs');
	assert.equal(state.isCursorHidden, true, 'the cursor is hidden while the dashboard runs');
}

async function assertGivenBack(run: Run, name: string): Promise<Emulated> {
	const state = await emulate(run.raw);
	assert.equal(state.isNormalScreen, true, 'back on the normal screen');
	assert.equal(state.mouse, 'none', 'mouse reporting off');
	assert.equal(state.bracketedPaste, false, 'bracketed paste off');
	assert.equal(state.isCursorHidden, false, 'the cursor shown');
	const text = state.lines.join('\n');
	assert.ok(text.includes(BEFORE), `the shell's line from before dockdash is on the screen:\n${text}`);
	assert.ok(!text.includes(name), `nothing of the dashboard is left on the normal screen:\n${text}`);
	return state;
}

describe('the terminal is given back however dockdash ends', () => {
	const name = uniqueName('restore');

	it('SIGTERM: the normal screen as it was, mouse and bracketed paste off, cursor shown, exit 0 at once', async () => {
		made.push(await makeContainer({name}));
		const run = runDashboard('TERM', name);
		await whileRunning(run, name);
		await assertGivenBack(run, name);
		assert.equal(run.exit, '0');
		assert.ok(run.seconds < 3, `ended ${run.seconds} s after SIGTERM`);
	});

	it('SIGHUP (the ssh session drops): the same, and it ends instead of waiting for a terminal that is gone', async () => {
		const run = runDashboard('HUP', name);
		await whileRunning(run, name);
		await assertGivenBack(run, name);
		assert.equal(run.exit, '0');
		assert.ok(run.seconds < 3, `ended ${run.seconds} s after SIGHUP`);
	});

	it('the terminal itself goes away (the pty closed): it ends by the hang-up at once, not by an abort in Node', async () => {
		const run = runDashboard('close', name);
		await whileRunning(run, name);
		// Exit -1 is "killed by SIGHUP", as a program whose terminal hung up ends; it used to be -6, SIGABRT from
		// Node's reset of a terminal that was gone, after an "unexpected error: write EIO".
		assert.equal(run.exit, '-1');
		assert.ok(run.seconds < 3, `ended ${run.seconds} s after the hang-up`);
	});

	for (const [crash, where] of [
		['render', 'inside a render'],
		['timer', 'inside a timer'],
		['rejection', 'an unhandled rejection'],
	] as const) {
		it(`a bug (an error ${where}): the terminal back first, then one line saying so on the normal screen, exit 1`, async () => {
			const run = runDashboard('wait', name, {DOCKDASH_TEST_CRASH: crash});
			await whileRunning(run, name);
			const state = await assertGivenBack(run, name);
			assert.equal(run.exit, '1');
			const said = state.lines.filter(line => line.startsWith('dockdash: unexpected error: test crash'));
			assert.equal(said.length, 1, `one line about the crash on the screen:\n${state.lines.join('\n')}`);
			assert.match(said[0]!, /please report this; DOCKDASH_DEBUG_LOG=FILE keeps its stack/);
			assert.ok(!state.lines.some(line => /^\s+at /.test(line)), 'no stack trace on the screen');
		});
	}

	it('DOCKDASH_TEST_CRASH does nothing outside the test runner (positive control: the same run with it crashes, above)', async () => {
		const run = runDashboard('TERM', name, {DOCKDASH_TEST_CRASH: 'timer', DOCKDASH_TEST_RUN: ''});
		await assertGivenBack(run, name);
		assert.equal(run.exit, '0', 'ended by SIGTERM, not by a crash');
	});
});

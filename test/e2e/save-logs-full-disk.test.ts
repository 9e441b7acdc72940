/**
 * Saving logs from the logs pane onto a disk that is full (issue 17), end to end: the built CLI in a real terminal,
 * the real engine's logs, S pressed, DOCKDASH_SAVE_DIR on a small tmpfs of the test's own. The pane says so in one
 * line naming the folder and the fix, and nothing is left in the folder (no partial file under the final name, no
 * temporary one); with room made on the same disk, the same key saves the whole file.
 * The storage alone is test/process/log-storage.test.ts.
 */
import assert from 'node:assert/strict';
import {execFile, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const execFileAsync = promisify(execFile);
const folder = mkdtempSync(path.join(os.tmpdir(), 'dockdash-full-disk-pane-'));
// 16 KiB of disk; mounting needs root (CI runs as root): elsewhere the test says why it cannot run.
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', folder]).status === 0;
const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	if (mounted) spawnSync('umount', [folder]);
	rmSync(folder, {recursive: true, force: true});
});

describe('saving logs from the pane', () => {
	it('on a full disk says so in one line and leaves no file; with room made, the same key saves it whole', {skip: mounted ? false : 'needs root to mount a small tmpfs'}, async () => {
		const name = uniqueName('full-disk');
		// 3,000 lines of 40 characters; the pane reads the last 1,000 (about 42 kB), far more than the 16 kB disk.
		made.push(await makeContainer({name, command: ['sh', '-c', `i=1; while [ $i -le 3000 ]; do echo "line-$i-padding-padding-padding-padding"; i=$((i+1)); done; echo all-written; sleep 3600`]}));
		await waitFor(async () => (await execFileAsync('docker', ['logs', name])).stdout.includes('all-written'), {timeoutMs: 20_000, what: 'the container to write its lines'});

		const session = startCli([], {columns: 220, rows: 30, env: {DOCKDASH_SAVE_DIR: folder}});
		sessions.push(session);
		await session.waitForText('● connected');
		await filterList(session, name);
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		await session.waitForText('all-written', 20_000);
		await session.act('S');
		const screen = await session.waitForText('could not save the logs');
		const said = screen.split('\n').filter(line => line.includes('could not save the logs'));
		assert.equal(said.length, 1, screen);
		assert.match(said[0]!, new RegExp(`no space left in ${folder} \\(ENOSPC\\); nothing was saved: free some space, or set DOCKDASH_SAVE_DIR to another folder`));
		assert.doesNotMatch(screen, /saved \d+ lines/);
		assert.deepEqual(readdirSync(folder), [], 'nothing left in the folder, not even a hidden partial file');

		// Positive control: the same disk with room, the same key, the whole file under its name.
		assert.equal(spawnSync('mount', ['-o', 'remount,size=4m', folder]).status, 0);
		await session.act('S');
		await session.waitForText('saved 1000 lines to');
		const files = readdirSync(folder);
		assert.equal(files.length, 1, `one file: ${files.join(', ')}`);
		const text = readFileSync(path.join(folder, files[0]!), 'utf8');
		assert.match(text, new RegExp(`^# dockdash: logs of ${name}, saved .*: 1,000 lines`));
		assert.ok(text.endsWith('line-3000-padding-padding-padding-padding\nall-written\n'), 'the file ends with the last line');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

/**
 * Saving logs on a disk that fills up (issue 17): a small tmpfs of the test's own. The save fails with one line
 * that names the folder and the fix, and leaves nothing behind — no half-written file under the final name, no
 * temporary file either.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {createLogStorage} from '../../source/log-storage.js';

const folder = mkdtempSync(path.join(tmpdir(), 'dockdash-full-disk-'));
// 256 KiB of disk: mounting needs root (CI runs as root); elsewhere the test says why it cannot run.
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', folder]).status === 0;
after(() => {
	if (mounted) spawnSync('umount', [folder]);
	rmSync(folder, {recursive: true, force: true});
});

describe('saving logs', () => {
	it('writes the whole file under its name, and a second save in the same second beside it', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-save-'));
		const storage = createLogStorage(undefined, {DOCKDASH_SAVE_DIR: dir});
		const first = await storage.save('app-20261205-031500.log', 'one\n');
		const second = await storage.save('app-20261205-031500.log', 'two\n');
		assert.equal(path.basename(first), 'app-20261205-031500.log');
		assert.equal(path.basename(second), 'app-20261205-031500-2.log');
		assert.equal(readFileSync(first, 'utf8'), 'one\n');
		assert.deepEqual(readdirSync(dir).sort(), ['app-20261205-031500-2.log', 'app-20261205-031500.log']);
		rmSync(dir, {recursive: true});
	});

	it('on a full disk fails with one line naming the folder and the fix, and leaves no file at all', {skip: mounted ? false : 'needs root to mount a small tmpfs'}, async () => {
		const storage = createLogStorage(undefined, {DOCKDASH_SAVE_DIR: folder});
		await assert.rejects(storage.save('big-20261205-031500.log', 'x'.repeat(1024 * 1024)), (error: Error) => {
			assert.equal(error.message, `no space left in ${folder} (ENOSPC); nothing was saved: free some space, or set DOCKDASH_SAVE_DIR to another folder`);
			return true;
		});
		assert.deepEqual(readdirSync(folder), []);
		// What fits is still saved whole.
		const file = await storage.save('small-20261205-031500.log', 'fits\n');
		assert.equal(readFileSync(file, 'utf8'), 'fits\n');
	});
});

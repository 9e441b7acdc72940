/**
 * Issue 13: commit and export from the Containers pane, in a real terminal, checked with docker inspect, docker
 * images and the tar file on disk (tar tf); a full disk (a small tmpfs) leaves nothing under the final name.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const made: string[] = [];
const images: string[] = [];
let folder = '';
let full = '';
let isMounted = false;

before(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'dockdash-export-'));
	full = mkdtempSync(path.join(tmpdir(), 'dockdash-export-full-'));
	// 256 KiB of disk, smaller than any export: mounting needs root (CI runs as root).
	isMounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', full]).status === 0;
});
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	for (const image of images) await docker('rmi', '-f', image).catch(() => undefined);
	if (isMounted) spawnSync('umount', [full]);
	rmSync(folder, {recursive: true, force: true});
	rmSync(full, {recursive: true, force: true});
});

/** The Containers pane with the container `name` selected; started in `cwd`. */
async function containersPane(name: string): Promise<TerminalSession> {
	const session = startCli(['--pane', 'containers'], {columns: 180, rows: 40, command: ['sh', '-c', `cd '${folder}' && exec "$0" "$@"`, process.execPath, path.resolve('dist/cli.js')]});
	sessions.push(session);
	await session.waitForText(name);
	await filterList(session, name);
	await session.waitForText(new RegExp(`› ${name}`));
	return session;
}

const tarList = (file: string) => execFileSync('tar', ['tf', file], {encoding: 'utf8'}).split('\n');

describe('commit and export in a real terminal (issue 13)', () => {
	it('commits with a message and an author, pausing meanwhile; the new image is selected in Images with its full reference said', async () => {
		const name = uniqueName('commit');
		made.push(await makeContainer({name, command: ['sh', '-c', 'echo made-by-commit > /marker && sleep 3600']}));
		// Sorts after the busybox fixture: a cursor on it is the jump's doing, not the first row's.
		const repository = `zz-${uniqueName('img')}`;
		images.push(`${repository}:v1`, `${repository}:latest`);
		const session = await containersPane(name);

		// A bad reference: one line naming the fix, nothing made.
		await session.act('C');
		await session.waitForText(`commit ${name} as (REPOSITORY[:TAG]`);
		session.type('Bad/Name');
		session.press('Enter');
		await session.waitForText('commit: "Bad/Name" is not an image reference');
		assert.equal(await docker('images', '-q', repository), '');

		await session.act('C');
		await session.waitForText(`commit ${name} as (REPOSITORY[:TAG]`);
		session.type(`${repository}:v1 -m "first cut" -a "Ann <ann@example.com>"`);
		await session.act('Enter');
		await session.waitForText(`committed ${name} as ${repository}:v1`, 20_000);
		// Said first, then shown once the image list has it: the Images pane with the new image selected.
		const screen = await session.waitForText(new RegExp(`› ${repository}:v1`), 20_000);
		assert.match(screen, /Images \d+/);
		assert.match(screen, new RegExp(`committed ${name} as ${repository}:v1`));
		const image = JSON.parse(await docker('image', 'inspect', `${repository}:v1`))[0];
		assert.equal(image.Comment, 'first cut');
		assert.equal(image.Author, 'Ann <ann@example.com>');
		// The container's change is in the image: a container of it sees the file.
		assert.equal(await docker('run', '--rm', '--network', 'none', `${repository}:v1`, 'cat', '/marker'), 'made-by-commit');
		// Paused while committed, and running again after it, as docker commit does.
		assert.equal(await docker('inspect', '-f', '{{.State.Status}}', name), 'running');

		// Without a tag it is :latest, said in full.
		session.press('1');
		await session.waitForText(new RegExp(`› ${name}`));
		await session.act('C');
		await session.waitForText(`commit ${name} as (REPOSITORY[:TAG]`);
		session.type(`${repository} --no-pause`);
		await session.act('Enter');
		await session.waitForText(`committed ${name} as ${repository}:latest`, 20_000);
		await session.waitForText(new RegExp(`› ${repository}:latest`), 20_000);
		assert.notEqual(await docker('images', '-q', `${repository}:latest`), '');
	});

	it("exports the filesystem to a tar, asks before replacing a file and keeps it on no, and on a full disk leaves nothing under the name", async () => {
		const name = uniqueName('export');
		made.push(await makeContainer({name, command: ['sh', '-c', 'echo exported > /exported-marker && sleep 3600']}));
		const session = await containersPane(name);

		await session.act('E');
		await session.waitForText(`export ${name} to (FILE.tar): ${name}.tar`);
		await session.act('Enter');
		await session.waitForText(`exported ${name} to ${path.join(folder, `${name}.tar`)}`, 20_000);
		const file = path.join(folder, `${name}.tar`);
		const listed = tarList(file);
		assert.ok(listed.includes('exported-marker'), 'the container\'s own file is in the tar');
		assert.ok(listed.includes('bin/busybox'));
		assert.deepEqual(readdirSync(folder).filter(entry => entry.startsWith('.')), [], 'no temporary file left beside it');

		// An existing file: a question naming it; no keeps it as it was.
		writeFileSync(file, 'precious');
		await session.act('E');
		await session.waitForText(`export ${name} to (FILE.tar)`);
		await session.act('Enter');
		await session.waitForText(`Replace ${file}?`);
		await session.waitForLiveDialog();
		session.press('n');
		await session.waitForText(`kept ${file}: nothing was written`);
		assert.equal(statSync(file).size, 'precious'.length);

		// Yes replaces it, whole.
		await session.act('E');
		await session.waitForText(`export ${name} to (FILE.tar)`);
		await session.act('Enter');
		await session.waitForText(`Replace ${file}?`);
		await session.confirm();
		// The status line's words (the size in brackets): the transfer line above still shows the last export until this one starts.
		await session.waitForText(new RegExp(`^exported ${name} to ${file} \\(`, 'm'), 20_000);
		assert.ok(tarList(file).includes('exported-marker'));

		if (!isMounted) return; // the full-disk half needs root to mount a tmpfs (CI runs as root)
		const target = path.join(full, 'rootfs.tar');
		await session.act('E');
		await session.waitForText(`export ${name} to (FILE.tar)`);
		session.press('C-u');
		session.type(target);
		await session.act('Enter');
		const failed = await session.waitForText(`export of ${name} failed`, 20_000);
		assert.match(failed, new RegExp(`no space left in ${full} \\(ENOSPC\\); nothing was written to ${target}`));
		assert.deepEqual(readdirSync(full), [], 'neither the file nor its temporary name is left');
	});

	it('quitting during an export leaves no file, not even the temporary one', async () => {
		const name = uniqueName('quit');
		made.push(await makeContainer({name, command: ['sh', '-c', 'dd if=/dev/zero of=/big bs=1M count=300 2>/dev/null && touch /ready && sleep 3600']}));
		await waitFor(async () => (await docker('exec', name, 'ls', '/ready').catch(() => '')) === '/ready', {timeoutMs: 60_000, what: 'the big file'});
		const session = await containersPane(name);
		await session.act('E');
		await session.waitForText(`export ${name} to (FILE.tar): ${name}.tar`);
		await session.act('Enter');
		await session.waitForText(new RegExp(`⇣ exporting ${name} → .* [1-9][\\d.]*[kM]B written`), 20_000);
		// The control: the export is under way, under its temporary name only.
		const during = readdirSync(folder).filter(entry => entry.includes(name));
		assert.equal(during.length, 1);
		assert.match(during[0]!, new RegExp(`^\\.${name}\\.tar\\.dockdash-\\d+-\\d+\\.part$`));
		session.press('q');
		await session.waitForExit();
		assert.deepEqual(readdirSync(folder).filter(entry => entry.includes(name)), []);
	});
});

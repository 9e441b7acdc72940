/**
 * Issue 13: save marked images to a tar and load it back from the Images pane, in a real terminal, checked with
 * the tar on disk (tar tf, its manifest.json) and docker images; a file that is not an image archive gets one line.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const tags: string[] = [];
let folder = '';

before(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'dockdash-save-'));
});
after(async () => {
	for (const session of sessions) session.stop();
	for (const tag of tags) await docker('rmi', tag).catch(() => undefined);
	rmSync(folder, {recursive: true, force: true});
});

describe('save and load in a real terminal (issue 13)', () => {
	it('saves the marked images to one tar, then loads it back after they were removed, listing what it held', async () => {
		const repository = uniqueName('saved');
		const first = `${repository}:one`;
		const second = `${repository}:two`;
		await docker('tag', BUSYBOX, first);
		await docker('tag', BUSYBOX, second);
		tags.push(first, second);
		const session = startCli(['--pane', 'images'], {columns: 180, rows: 40, command: ['sh', '-c', `cd '${folder}' && exec "$0" "$@"`, process.execPath, path.resolve('dist/cli.js')]});
		sessions.push(session);
		await session.waitForText(first);
		await filterList(session, repository);
		await session.waitForText(new RegExp(`› ${first}`));
		session.press('Space');
		await session.waitForText(new RegExp(`› ${second}`));
		session.press('Space');
		await session.waitForText(/Images 2 of \d+ · .* · 2 marked/);
		// A filter that hides one of them: save takes the marked rows on screen only, and the title says so (issue 20).
		session.press('Escape');
		await filterList(session, first);
		await session.waitForText(/Images 1 of \d+ · .* · 2 marked \(1 hidden by the filter, left out\)/);
		await session.act('w');
		await session.waitForText(`save ${first} to (FILE.tar):`);
		session.press('Escape');
		// Both on screen again: both saved.
		session.press('Escape');
		await filterList(session, repository);
		await session.waitForText(/Images 2 of \d+ · .* · 2 marked(?! \()/);

		await session.act('w');
		await session.waitForText('save 2 images to (FILE.tar): images.tar');
		await session.act('Enter');
		const file = path.join(folder, 'images.tar');
		await session.waitForText(new RegExp(`^saved ${first}, ${second} to ${file} \\(`, 'm'), 30_000);
		const listed = execFileSync('tar', ['tf', file], {encoding: 'utf8'}).split('\n');
		assert.ok(listed.includes('manifest.json'));
		const manifest = JSON.parse(execFileSync('tar', ['xOf', file, 'manifest.json'], {encoding: 'utf8'})) as Array<{RepoTags?: string[]}>;
		assert.deepEqual(manifest.flatMap(entry => entry.RepoTags ?? []).sort(), [first, second].sort());
		assert.deepEqual(readdirSync(folder), ['images.tar'], 'no temporary file left beside it');

		// Gone from the engine, then loaded back from the file.
		await docker('rmi', first, second);
		await session.waitForText(`no image matches "${repository}"`);
		await session.act('i');
		await session.waitForText('load images from (FILE.tar):');
		session.type('images.tar');
		await session.act('Enter');
		const screen = await session.waitForText(/^loaded .* from /m, 30_000);
		assert.match(screen, new RegExp(`^loaded (${first}, ${second}|${second}, ${first}) from ${file}$`, 'm'));
		assert.notEqual(await docker('images', '-q', first), '');
		assert.notEqual(await docker('images', '-q', second), '');
		// The list shows them again (under the filter left on the repository), unmarked: their marks went with them.
		await session.waitForText(new RegExp(`^. ${first} [^]*^. ${second} `, 'm'));
		assert.doesNotMatch(session.screen(), /marked/);

		// Not an image archive: one line from the engine, nothing loaded.
		writeFileSync(path.join(folder, 'junk.tar'), 'this is not a tar file\n');
		await session.act('i');
		await session.waitForText('load images from (FILE.tar):');
		session.type('junk.tar');
		await session.act('Enter');
		const failed = await session.waitForText(/^load of .*junk\.tar failed: /m, 30_000);
		assert.doesNotMatch(failed, /\n\s+at /, 'no stack trace');
		// A file that is not there: one line naming it.
		await session.act('i');
		await session.waitForText('load images from (FILE.tar):');
		session.type('nowhere.tar');
		await session.act('Enter');
		await session.waitForText(new RegExp(`cannot read ${path.join(folder, 'nowhere.tar')} \\(ENOENT\\): name a tar file made by docker save`));
	});

	it('a file that is not an image archive, or a wrong target for save, gets one line naming the fix; the engine is left as it was (issue 17)', async () => {
		const images = async () => (await docker('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}')).split('\n').sort();
		const before = await images();
		const work = mkdtempSync(path.join(folder, 'wrong-'));
		writeFileSync(path.join(work, 'empty.tar'), '');
		writeFileSync(path.join(work, 'text.tar'), 'this is not a tar file\n'.repeat(40));
		writeFileSync(path.join(work, 'a.txt'), 'hello\n');
		execFileSync('tar', ['cf', path.join(work, 'plain.tar'), '-C', work, 'a.txt']);
		// Looks like an image archive to the file check; the engine refuses it (its config is not in it).
		const broken = uniqueName('broken');
		writeFileSync(path.join(work, 'manifest.json'), JSON.stringify([{Config: 'missing.json', RepoTags: [`${broken}:x`], Layers: []}]));
		execFileSync('tar', ['cf', path.join(work, 'broken.tar'), '-C', work, 'manifest.json']);
		// Cut in the middle of a file: the file check sees the tar end early.
		const whole = readFileSync(path.join(work, 'plain.tar'));
		writeFileSync(path.join(work, 'cut.tar'), whole.subarray(0, 515));
		const session = startCli(['--pane', 'images'], {columns: 220, rows: 40, command: ['sh', '-c', `cd '${work}' && exec "$0" "$@"`, process.execPath, path.resolve('dist/cli.js')]});
		sessions.push(session);
		await session.waitForText(BUSYBOX);
		const load = async (name: string, line: RegExp) => {
			await session.act('i');
			await session.waitForText('load images from (FILE.tar):');
			session.type(name);
			await session.act('Enter');
			const screen = await session.waitForText(line, 30_000);
			assert.doesNotMatch(screen, /\n\s+at |docker-import|Error processing/, 'one line of ours, no stack trace or engine path');
		};
		const at = (name: string) => path.join(work, name).replaceAll('/', '\\/').replaceAll('.', '\\.');
		const checked = (name: string, why: string) => new RegExp(`^load of ${at(name)} failed: not an image archive \\(docker save writes one\\): ${why}; nothing was sent to the engine$`, 'm');
		await load('empty.tar', checked('empty.tar', 'it is empty'));
		await load('text.tar', checked('text.tar', 'it is not a tar file'));
		await load('plain.tar', checked('plain.tar', 'no manifest\\.json or index\\.json in it'));
		await load('cut.tar', checked('cut.tar', 'truncated tar archive: it ends inside a file'));
		await load('.', new RegExp(`^load of ${at('')} failed: ${at('')} is a folder: name a tar file made by docker save$`, 'm'));
		// The engine's own words differ by store: "open …/missing.json: no such file or directory" (overlay2),
		// "image config \"missing.json\" not found" (containerd).
		await load('broken.tar', new RegExp(`^load of ${at('broken.tar')} failed: the engine refused it: [^\\n]*missing\\.json[^\\n]*; load reads archives docker save writes$`, 'm'));

		// Save to a folder, into a folder that is not there, or to a folder name with none there: one line, no file.
		await filterList(session, BUSYBOX.split(':')[0]!);
		const save = async (name: string, line: RegExp) => {
			await session.act('w');
			await session.waitForText(/save .* to \(FILE\.tar\):/);
			session.press('C-u');
			session.type(name);
			await session.act('Enter');
			await session.waitForText(line, 30_000);
		};
		await save('.', new RegExp(`^${at('')} is a folder: name the tar file to write, such as ${at('images.tar')}$`, 'm'));
		await save('nowhere/images.tar', new RegExp(`^save of .* failed: no folder ${at('nowhere')}: create it first, or choose another$`, 'm'));
		await save('newdir/', new RegExp(`^no folder ${at('newdir')}: create it first, or name the tar file to write$`, 'm'));
		assert.deepEqual(readdirSync(work).sort(), ['a.txt', 'broken.tar', 'cut.tar', 'empty.tar', 'manifest.json', 'plain.tar', 'text.tar'], 'no file or temporary file written');
		assert.deepEqual(await images(), before, 'docker images unchanged');
	});

	it('under --read-only, save (a read of the engine) is there; load and push (changes) are not', async () => {
		const session = startCli(['--read-only', '--pane', 'images'], {columns: 180, rows: 50});
		sessions.push(session);
		await session.waitForText(BUSYBOX);
		session.press('?');
		const help = await session.waitForText('Keys (read-only');
		assert.match(help, /w\s+save the marked images/);
		assert.doesNotMatch(help, /push the selected image/);
		assert.doesNotMatch(help, /load images from a tar file/);
	});
});

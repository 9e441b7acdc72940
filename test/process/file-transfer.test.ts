/**
 * Issue 13: the host side of docker cp, on crafted archives: nothing lands outside the target, a failure leaves
 * nothing under the final name, modes and symlinks are kept, and a host folder packs into what the reader reads.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {FilesError} from '../../source/model/container-files.js';
import {readTar} from '../../source/model/layers/tar-reader.js';
import {extractArchiveTo, packHostPath, resolveHostTarget} from '../../source/file-transfer.js';
import {UnfinishedFiles} from '../../source/unfinished-files.js';
import {chunked, makeTar} from '../support/tar-writer.js';

let root = '';
before(() => {
	root = mkdtempSync(path.join(tmpdir(), 'dockdash-cp-'));
});
after(() => rmSync(root, {recursive: true, force: true}));

const fresh = (name: string) => {
	const folder = path.join(root, name);
	mkdirSync(folder);
	return folder;
};
/** What is in a folder (hidden names too): a failure must leave it as it was. */
const contents = (folder: string) => readdirSync(folder).sort();

describe('copying out of a container onto this machine (issue 13)', () => {
	it('writes a folder with its modes, symlinks as they are and files byte for byte, under the name asked for', async () => {
		const folder = fresh('ok');
		const archive = makeTar([
			{name: 'data/', type: 'dir', mode: 0o750},
			{name: 'data/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o741},
			{name: 'data/link', type: 'symlink', linkName: '/etc/passwd'},
			{name: 'data/deep/er/', type: 'dir', mode: 0o700},
			{name: 'data/deep/er/x.bin', content: Buffer.from([0, 1, 2, 255])},
		]);
		const result = await extractArchiveTo(chunked(archive, 333), path.join(folder, 'copy'));
		assert.equal(result.target, path.join(folder, 'copy'));
		assert.equal(result.files, 2);
		assert.deepEqual(contents(folder), ['copy']);
		assert.equal(statSync(path.join(folder, 'copy')).mode & 0o7777, 0o750);
		assert.equal(statSync(path.join(folder, 'copy/run.sh')).mode & 0o7777, 0o741);
		assert.equal(readFileSync(path.join(folder, 'copy/run.sh'), 'utf8'), '#!/bin/sh\necho hi\n');
		assert.equal(readlinkSync(path.join(folder, 'copy/link')), '/etc/passwd');
		assert.deepEqual([...readFileSync(path.join(folder, 'copy/deep/er/x.bin'))], [0, 1, 2, 255]);
	});

	it('writes names by their bytes: UTF-8 as it is, and a name that is not UTF-8 too', async () => {
		const folder = fresh('names');
		const odd = Buffer.from([0x64, 0x2f, 0x6f, 0xff, 0x64]);
		await extractArchiveTo(chunked(makeTar([{name: 'd/', type: 'dir'}, {name: 'd/café.txt', content: 'bonjour'}, {name: odd, content: 'x'}])), path.join(folder, 'd'));
		assert.equal(readFileSync(path.join(folder, 'd', 'café.txt'), 'utf8'), 'bonjour');
		assert.deepEqual(readdirSync(Buffer.from(path.join(folder, 'd')), {encoding: 'buffer'}).map(name => name.toString('hex')).sort(), [Buffer.from('café.txt').toString('hex'), '6fff64'].sort());
	});

	it('refuses entries with .. or an absolute name, and hard links out: nothing written, outside or under the name', async () => {
		const cases: Array<[string, Parameters<typeof makeTar>[0]]> = [
			['dotdot', [{name: 'data/', type: 'dir'}, {name: 'data/../../escaped', content: 'x'}]],
			['absolute', [{name: 'data/', type: 'dir'}, {name: `${root}/escaped`, content: 'x'}]],
			['sibling', [{name: 'data/', type: 'dir'}, {name: 'other/escaped', content: 'x'}]],
			['hardlink', [{name: 'data/', type: 'dir'}, {name: 'data/h', type: 'hardlink', linkName: '../../../etc/passwd'}]],
		];
		for (const [name, specs] of cases) {
			const folder = fresh(`bad-${name}`);
			await assert.rejects(extractArchiveTo(chunked(makeTar(specs)), path.join(folder, 'copy')), (error: Error) => error instanceof FilesError && /refused/.test(error.message), name);
			assert.deepEqual(contents(folder), [], name);
		}
		assert.ok(!existsSync(path.join(root, 'escaped')));
		assert.ok(!existsSync(path.join(path.dirname(root), 'escaped')));
	});

	it('never writes through a symlink the archive made (a link to a folder outside, then a file under it)', async () => {
		const outside = fresh('outside');
		const folder = fresh('through-link');
		const archive = makeTar([
			{name: 'data/', type: 'dir'},
			{name: 'data/door', type: 'symlink', linkName: outside},
			{name: 'data/door/planted', content: 'x'},
		]);
		await assert.rejects(extractArchiveTo(chunked(archive), path.join(folder, 'copy')), /under a symbolic link it made/);
		assert.deepEqual(contents(outside), []);
		assert.deepEqual(contents(folder), []);
	});

	it('leaves nothing under the final name when the archive breaks off', async () => {
		const folder = fresh('truncated');
		const whole = makeTar([{name: 'big', content: Buffer.alloc(100_000, 7)}]);
		await assert.rejects(extractArchiveTo(chunked(whole.subarray(0, 50_000)), path.join(folder, 'big')), /truncated tar archive/);
		assert.deepEqual(contents(folder), []);
	});

	it('does not replace what is there unless asked, and then keeps the old one until the new one is whole', async () => {
		const folder = fresh('existing');
		const target = path.join(folder, 'notes.txt');
		writeFileSync(target, 'mine');
		const archive = makeTar([{name: 'notes.txt', content: 'theirs'}]);
		await assert.rejects(extractArchiveTo(chunked(archive), target), /exists: not overwritten/);
		assert.equal(readFileSync(target, 'utf8'), 'mine');
		await assert.rejects(extractArchiveTo(chunked(archive.subarray(0, 600)), target, {overwrite: true}), /truncated/);
		assert.equal(readFileSync(target, 'utf8'), 'mine');
		assert.deepEqual(contents(folder), ['notes.txt']);
		await extractArchiveTo(chunked(archive), target, {overwrite: true});
		assert.equal(readFileSync(target, 'utf8'), 'theirs');
		assert.deepEqual(contents(folder), ['notes.txt']);
	});

	it('decides where a copy lands as docker cp does: into an existing folder under its own name, else at the path', async () => {
		const folder = fresh('targets');
		writeFileSync(path.join(folder, 'taken.txt'), 'x');
		assert.deepEqual(await resolveHostTarget(folder, 'data'), {target: path.join(folder, 'data'), exists: false, isFolder: false});
		assert.deepEqual(await resolveHostTarget(path.join(folder, 'new-name'), 'data'), {target: path.join(folder, 'new-name'), exists: false, isFolder: false});
		assert.deepEqual(await resolveHostTarget(path.join(folder, 'taken.txt'), 'data'), {target: path.join(folder, 'taken.txt'), exists: true, isFolder: false});
		assert.deepEqual(await resolveHostTarget(`${folder}/`, 'taken.txt'), {target: path.join(folder, 'taken.txt'), exists: true, isFolder: false});
		await assert.rejects(resolveHostTarget(path.join(folder, 'missing') + '/', 'data'), /no such folder on this machine/);
	});

	it('follows a link to a folder in the typed path as docker cp does, naming the real folder, and the copy lands there', async () => {
		const folder = fresh('linked');
		const real = path.join(folder, 'real');
		mkdirSync(real);
		symlinkSync(real, path.join(folder, 'via'));
		// The link itself typed, and a new name under it: both land in the real folder, named by its real path.
		assert.deepEqual(await resolveHostTarget(path.join(folder, 'via'), 'data'), {target: path.join(real, 'data'), exists: false, isFolder: false});
		const resolved = await resolveHostTarget(path.join(folder, 'via', 'new.txt'), 'data');
		assert.deepEqual(resolved, {target: path.join(real, 'new.txt'), exists: false, isFolder: false});
		await extractArchiveTo(chunked(makeTar([{name: 'a.txt', content: 'copied'}])), resolved.target);
		assert.equal(readFileSync(path.join(real, 'new.txt'), 'utf8'), 'copied');
		// A link typed as the file to replace is replaced itself, never written through.
		writeFileSync(path.join(folder, 'victim.txt'), 'victim');
		symlinkSync('victim.txt', path.join(folder, 'to-victim'));
		assert.deepEqual(await resolveHostTarget(path.join(folder, 'to-victim'), 'data'), {target: path.join(folder, 'to-victim'), exists: true, isFolder: false});
	});

	it('quitting mid-copy leaves nothing behind, not even the hidden folder', async () => {
		const folder = fresh('quit');
		// A child process copies from an archive that never ends, and exits once the first bytes are on disk.
		const script = `
			import {existsSync, readdirSync} from 'node:fs';
			import {extractArchiveTo} from ${JSON.stringify(path.resolve('source/file-transfer.ts'))};
			import {makeTar} from ${JSON.stringify(path.resolve('test/support/tar-writer.ts'))};
			const head = makeTar([{name: 'big', content: Buffer.alloc(4096, 1)}]).subarray(0, 2048);
			async function* endless() { yield head; await new Promise(() => setInterval(() => undefined, 1000)); }
			void extractArchiveTo(endless(), ${JSON.stringify(path.join(folder, 'big'))});
			const poll = setInterval(() => {
				const hidden = readdirSync(${JSON.stringify(folder)});
				if (hidden.length > 0 && existsSync(${JSON.stringify(folder)} + '/' + hidden[0] + '/big')) { console.log('writing ' + hidden[0]); process.exit(0); }
			}, 10);
		`;
		const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', timeout: 30_000});
		assert.match(run.stdout, /writing \.big\.dockdash-partial-/, run.stderr);
		assert.deepEqual(contents(folder), []);
	});

	it("holds a copy's hidden folder in the dashboard's own list while it is written, and listens for exit only then (issue 15)", async () => {
		const folder = fresh('held');
		const unfinished = new UnfinishedFiles();
		const other = new UnfinishedFiles();
		const listeners = process.listenerCount('exit');
		const held: string[] = [];
		const add = unfinished.add.bind(unfinished);
		unfinished.add = (work: string) => {
			add(work);
			held.push(work);
			// Positive control: while the copy is written, this list (and no other) is what removes it at exit.
			assert.equal(process.listenerCount('exit'), listeners + 1);
		};
		await extractArchiveTo(chunked(makeTar([{name: 'a.txt', content: 'x'}])), path.join(folder, 'a.txt'), {unfinished});
		assert.equal(held.length, 1);
		assert.match(path.basename(held[0]!), /^\.a\.txt\.dockdash-partial-/);
		assert.equal(process.listenerCount('exit'), listeners, 'done: nothing left to remove, nothing listening');
		other.delete(held[0]!);
		assert.equal(process.listenerCount('exit'), listeners);
	});

	it('says which folder is missing', async () => {
		await assert.rejects(extractArchiveTo(chunked(makeTar([{name: 'x', content: 'x'}])), path.join(root, 'no-such', 'x')), /no such folder on this machine: .*no-such$/);
	});

	it('packs a host folder as docker cp sends it: named from its own name, modes and symlinks kept', async () => {
		const folder = fresh('pack');
		mkdirSync(path.join(folder, 'tree/sub'), {recursive: true});
		writeFileSync(path.join(folder, 'tree/sub/a.txt'), 'alpha', {mode: 0o640});
		symlinkSync('sub/a.txt', path.join(folder, 'tree/link'));
		const seen: string[] = [];
		for await (const entry of readTar(await packHostPath(path.join(folder, 'tree')))) {
			let body = '';
			for await (const part of entry.body) body += part.toString();
			seen.push(`${entry.header.type} ${entry.header.path} ${(entry.header.mode & 0o777).toString(8)} ${entry.header.linkPath}${body}`);
		}
		assert.deepEqual(seen, ['directory tree/ 755 ', `symlink tree/link ${(lstatSync(path.join(folder, 'tree/link')).mode & 0o777).toString(8)} sub/a.txt`, 'directory tree/sub/ 755 ', 'file tree/sub/a.txt 640 alpha']);
		await assert.rejects(packHostPath(path.join(folder, 'nope')), /no such file or folder on this machine/);
	});
});

// A disk that fills up: a small tmpfs of the test's own (mounting needs root, as test/process/log-storage.test.ts does).
describe('copying out onto a full disk (issue 13)', () => {
	const folder = path.join(tmpdir(), `dockdash-cp-full-${process.pid}`);
	mkdirSync(folder, {recursive: true});
	const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', folder]).status === 0;
	after(() => {
		if (mounted) spawnSync('umount', [folder]);
		rmSync(folder, {recursive: true, force: true});
	});
	it('fails with one line saying the disk is full and leaves nothing, under the name or hidden', {skip: mounted ? false : 'needs root to mount a small tmpfs'}, async () => {
		// Positive control: a small copy fits.
		await extractArchiveTo(chunked(makeTar([{name: 'small', content: 'x'.repeat(1000)}])), path.join(folder, 'small'));
		assert.deepEqual(contents(folder), ['small']);
		const big = makeTar([{name: 'big', content: Buffer.alloc(1024 * 1024, 1)}]);
		await assert.rejects(extractArchiveTo(chunked(big, 64 * 1024), path.join(folder, 'big')), (error: Error) => error instanceof FilesError && /the disk is full/.test(error.message) && !error.message.includes('\n'));
		assert.deepEqual(contents(folder), ['small']);
	});
});

/**
 * Issue 13: a container's files in a real terminal: browse, view, copy out (checked against the engine's own
 * docker cp), copy in (checked with docker exec), the errors, and --read-only.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const made: string[] = [];
let workDir = '';

// Known files: a text file with an escape sequence in it and an odd mode, a binary, a symlink, a deep folder,
// and a text file over the viewer's 8 MiB bound.
const SETUP = [
	'mkdir -p /data/deep/er/still',
	'printf "first line\\n\\tsecond \\033[31mred\\033[0m line\\nneedle here\\n" > /data/notes.txt',
	'chmod 741 /data/notes.txt',
	'head -c 3000 /bin/busybox > /data/tool.bin',
	'ln -s /etc/hostname /data/link',
	'echo bottom > /data/deep/er/still/bottom.txt',
	'yes 0123456789abcdef | head -c 9000000 > /data/big.txt',
	// Hostile and non-ASCII names: shown sanitized, addressed by their real bytes.
	'echo bonjour > /data/café.txt',
	'printf x > "/data/$(printf \'\\033[31mevil\')"',
].join(' && ');

before(() => {
	workDir = mkdtempSync(path.join(tmpdir(), 'dockdash-files-'));
});
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	rmSync(workDir, {recursive: true, force: true});
});

async function container(options: {start?: boolean} = {}): Promise<string> {
	const name = uniqueName('files');
	if (options.start === false) {
		// Stopped: the files are made by a run that has ended.
		made.push(await makeContainer({name, command: ['sh', '-c', SETUP]}));
		await waitFor(async () => (await docker('inspect', '-f', '{{.State.Status}}', name)) === 'exited', {what: `${name} to exit`});
	} else {
		made.push(await makeContainer({name, command: ['sh', '-c', `${SETUP} && sleep 3600`]}));
		await waitFor(async () => (await docker('exec', name, 'ls', '/data/big.txt').catch(() => '')) !== '', {what: `${name}'s files`});
	}
	return name;
}

/** The dashboard on Containers, the container selected, its files open at /. */
async function openFiles(name: string, args: string[] = []): Promise<TerminalSession> {
	const session = startCli(['--pane', 'containers', ...args], {columns: 120, rows: 36});
	sessions.push(session);
	await session.waitForText(name);
	await filterList(session, name);
	session.press('f');
	await session.waitForText(new RegExp(`Files of ${name}: / · \\d+ entries`), 20_000);
	return session;
}

async function goTo(session: TerminalSession, target: string): Promise<string> {
	session.press('o');
	await session.waitForText('go to path: ');
	session.press('C-u');
	session.type(target);
	session.press('Enter');
	return session.waitForText(new RegExp(`Files of \\S+: ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · \\d+ (entry|entries)`));
}

/** Moves the cursor down until the selected row names `name` (each key on its own, as a person presses it). */
async function select(session: TerminalSession, name: string): Promise<void> {
	for (let step = 0; step < 20; step++) {
		if (session.screen().split('\n').some(row => row.startsWith('›') && row.includes(` ${name}`))) return;
		const before = session.screen();
		session.press('Down');
		await waitFor(() => session.screen() !== before, {what: 'the cursor to move'});
	}
	assert.fail(`no row ${name}`);
}

/** Every entry under a host folder: type, mode, link target or bytes. */
function snapshot(root: string): Record<string, string> {
	const out: Record<string, string> = {};
	const visit = (at: string, name: string) => {
		const info = lstatSync(at);
		const mode = (info.mode & 0o7777).toString(8);
		if (info.isSymbolicLink()) out[name] = `link ${mode} ${readlinkSync(at)}`;
		else if (info.isDirectory()) {
			out[name] = `dir ${mode}`;
			for (const child of readdirSync(at)) visit(path.join(at, child), `${name}/${child}`);
		} else out[name] = `file ${mode} ${createHash('sha256').update(readFileSync(at)).digest('hex')}`;
	};
	visit(root, '.');
	return out;
}

describe('a container’s files in a real terminal (issue 13)', () => {
	it('the mouse wheel in the Files view scrolls the files, never the container list under it: Esc comes back to the same container (SRE pass, issue 15)', async () => {
		const name = await container();
		made.push(await makeContainer({name: uniqueName('files-below')}));
		const session = startCli(['--pane', 'containers'], {columns: 120, rows: 36});
		sessions.push(session);
		await session.waitForText(name);
		await select(session, name);
		session.press('f');
		const before = await session.waitForText(new RegExp(`Files of ${name}: / · \\d+ entries`), 20_000);
		const cursorRow = (screen: string) => screen.split('\n').find(row => row.startsWith('›'));
		const first = cursorRow(before);
		// SGR mouse reports: the wheel turned down twice over the rows.
		session.type('\u001B[<65;20;8M');
		session.type('\u001B[<65;20;8M');
		// Positive control: the wheel reached dockdash, and the Files view scrolled its own rows.
		await waitFor(() => cursorRow(session.screen()) !== first, {what: () => `the files' cursor to move; the screen was:\n${session.screen()}`});
		session.press('Escape');
		const back = await session.waitForText(/^Containers /m);
		assert.ok(back.split('\n').some(row => row.startsWith('›') && row.includes(` ${name} `)), `the cursor is still on ${name}:\n${back}`);
	});

	it('browses a running container: modes, sizes, link targets, deep folders; views a text file paged and searched, a binary by its size, a big file cut and said', async () => {
		const name = await container();
		const session = await openFiles(name);
		let screen = await goTo(session, '/data');
		assert.match(screen, /›drwxr-xr-x ▾ data\/\s+9\.0MB/);
		assert.match(screen, /-rwxr----x\s+notes\.txt\s+49B/);
		assert.match(screen, /-rw-r--r--\s+tool\.bin\s+3\.0kB/);
		assert.match(screen, /lrwxrwxrwx\s+link → \/etc\/hostname/);
		// Down to the deep folder, opened level by level.
		await select(session, 'deep/');
		session.press('Enter');
		await session.waitForText('▾ deep/');
		await select(session, 'er/');
		session.press('Enter');
		await session.waitForText('▾ er/');
		await select(session, 'still/');
		session.press('Enter');
		await session.waitForText(/-rw-r--r--\s+bottom\.txt\s+7B/);

		// The text file: sanitized (the escape is shown, not obeyed), searched.
		screen = await goTo(session, '/data/notes.txt');
		session.press('Enter');
		screen = await session.waitForText(`${name}:/data/notes.txt  49B · 3 lines`);
		assert.match(screen, / {4}second ␛\[31mred␛\[0m line/);
		assert.ok(!session.styledScreen().includes('\u001B[31mred'), 'the file’s own escape sequence must not reach the terminal');
		session.press('/');
		await session.waitForText('search:');
		session.type('needle');
		session.press('Enter');
		await session.waitForText('search: needle');
		session.press('Escape');
		await session.waitForText(/Files of \S+: \/data\/notes\.txt/);

		// The binary: named with its size, not dumped.
		await goTo(session, '/data/tool.bin');
		session.press('Enter');
		screen = await session.waitForText('binary file, 3.0kB (3000 bytes): not shown');
		assert.ok(!screen.includes('ELF'));
		session.press('Escape');

		// Over the bound: the first 8 MiB, and the screen says so; G goes to its last line.
		await goTo(session, '/data/big.txt');
		session.press('Enter');
		screen = await session.waitForText('cut: only the first 8.4MB is read', 20_000);
		// 8 MiB of 17-byte lines: 493,447 whole ones and the start of the next.
		assert.match(screen, /9\.0MB · 493448 lines/);
		session.press('G');
		await session.waitForText(/lines 4934\d\d–493448 of 493448/);
		session.press('Escape');

		// A name with an escape sequence is shown inert; a UTF-8 name is read by its real bytes.
		screen = await goTo(session, '/data');
		assert.match(screen, /␛\[31mevil/);
		assert.ok(!session.styledScreen().includes('\u001B[31mevil'));
		await select(session, 'café.txt');
		session.press('Enter');
		await session.waitForText(`${name}:/data/café.txt  8B · 1 line`);
		await session.waitForText('bonjour');
		session.press('Escape');

		// A symbolic link goes where it points.
		await goTo(session, '/data/link');
		session.press('Enter');
		await session.waitForText(new RegExp(`Files of ${name}: /etc/hostname · 1 entry`));
	});

	it('copies a folder out as docker cp does (bytes, modes, symlinks), asks before replacing it, and copies a file in', async () => {
		const name = await container({start: false});
		const session = await openFiles(name);
		await goTo(session, '/data');
		await session.act('c');
		// Prefilled with ./data, selected: what is typed replaces it.
		await session.waitForText('copy to (on this machine): ./data');
		const target = path.join(workDir, 'out');
		session.type(target);
		session.press('Enter');
		await session.waitForText(`copied ${name}:/data to ${target} (6 files`, 20_000);
		// The engine's own docker cp of the same path is the reference.
		const reference = path.join(workDir, 'reference');
		await docker('cp', `${name}:/data`, reference);
		const ours = snapshot(target);
		assert.deepEqual(ours, snapshot(reference));
		assert.equal(ours['./notes.txt']?.split(' ')[1], '741');
		assert.equal(ours['./link'], 'link 777 /etc/hostname');
		assert.deepEqual(readdirSync(workDir).sort(), ['out', 'reference']);

		// To an existing folder: into it, under the copied path's own name, as docker cp does (no dialog: nothing there).
		await session.act('c');
		await session.waitForText('copy to (on this machine): ./data');
		session.type(`${workDir}/`);
		session.press('Enter');
		const into = path.join(workDir, 'data');
		await session.waitForText(`copied ${name}:/data to ${into} (`, 20_000);
		assert.deepEqual(snapshot(into), snapshot(reference));

		// Again to the same place: the dialog names what is there; n leaves it, y replaces it.
		writeFileSync(path.join(into, 'mine.txt'), 'mine');
		for (const answer of ['n', 'y']) {
			await session.act('c');
			await session.waitForText('copy to (on this machine): ./data');
			session.type(`${workDir}/`);
			session.press('Enter');
			await session.waitForText(`Replace ${into} on this machine with ${name}:/data?`);
			await session.waitForLiveDialog();
			session.press(answer);
			if (answer === 'n') {
				await session.waitForText(`copy out cancelled: ${into} left as it was`);
				assert.equal(readFileSync(path.join(into, 'mine.txt'), 'utf8'), 'mine');
			} else await session.waitForText(/copied \S+:\/data to \S+ \(6 files/);
		}
		assert.deepEqual(snapshot(into), snapshot(reference));
		assert.deepEqual(readdirSync(workDir).sort(), ['data', 'out', 'reference']);

		// In: a host file into the selected folder, after the confirmation; checked with docker cp out.
		const hostFile = path.join(workDir, 'from-host.txt');
		writeFileSync(hostFile, 'written by the test\n', {mode: 0o640});
		await session.act('i');
		await session.waitForText('copy in from (on this machine): ./');
		session.type(hostFile);
		session.press('Enter');
		await session.waitForText(`Copy ${hostFile} into ${name}:/data?`);
		// Nothing was sent before the answer.
		await assert.rejects(docker('cp', `${name}:/data/from-host.txt`, path.join(workDir, 'not-yet')));
		await session.confirm();
		await session.waitForText(`copied ${hostFile} to ${name}:/data/from-host.txt`);
		await docker('cp', `${name}:/data/from-host.txt`, path.join(workDir, 'back.txt'));
		assert.equal(readFileSync(path.join(workDir, 'back.txt'), 'utf8'), 'written by the test\n');
		assert.equal(lstatSync(path.join(workDir, 'back.txt')).mode & 0o777, 0o640);
		// The listing was read again: the new file is there.
		await session.waitForText(/-rw-r-----\s+from-host\.txt\s+20B/);
	});

	it('says in one line: a path that does not exist on either side, a container that is gone', async () => {
		const name = await container();
		const session = await openFiles(name);
		session.press('o');
		await session.waitForText('go to path: ');
		session.press('C-u');
		session.type('/no/such/place');
		session.press('Enter');
		await session.waitForText(`✗ no such path in ${name}: /no/such/place · o another path`);
		session.press('o');
		await session.waitForText('go to path: ');
		session.press('C-u');
		session.type('relative/path');
		session.press('Enter');
		await session.waitForText('type an absolute path, starting with / (not "relative/path")');

		await goTo(session, '/data');
		await session.act('i');
		await session.waitForText('copy in from (on this machine): ./');
		session.type(path.join(workDir, 'nothing-here'));
		session.press('Enter');
		await session.waitForText(`copy in: no such file or folder on this machine: ${path.join(workDir, 'nothing-here')}`);
		await session.act('c');
		await session.waitForText('copy to (on this machine): ./data');
		session.type(path.join(workDir, 'no-folder', 'x'));
		session.press('Enter');
		await session.waitForText(`copy out failed: no such folder on this machine: ${path.join(workDir, 'no-folder')}`);

		await docker('rm', '-f', name);
		session.press('R');
		await session.waitForText(`✗ the container ${name} is gone (removed); nothing was read or copied`);
		assert.ok(session.isRunning());
	});

	it('f and Enter typed in one chunk after j open the row the cursor moved to, not the row drawn before it', async () => {
		const prefix = uniqueName('burst');
		made.push(await makeContainer({name: `${prefix}-a`}), await makeContainer({name: `${prefix}-b`}));
		const session = startCli(['--pane', 'containers'], {columns: 120, rows: 36});
		sessions.push(session);
		await filterList(session, prefix);
		await session.waitForText(new RegExp(`^› .*${prefix}-a`, 'm'));
		await session.waitForText(`${prefix}-b`);
		// j then f in one read: React has not drawn the move when f arrives.
		session.type('jf');
		await session.waitForText(new RegExp(`Files of ${prefix}-\\w: / · \\d+ entries`), 20_000);
		assert.match(session.screen(), new RegExp(`Files of ${prefix}-b:`));
		session.press('Escape');
		await session.waitForText(new RegExp(`^› .*${prefix}-b`, 'm'));
		session.type('k\r');
		await session.waitForText(new RegExp(`Details · ${prefix}-\\w`));
		assert.match(session.screen(), new RegExp(`Details · ${prefix}-a \\(`));
	});

	it('in Files, G and Enter typed in one read view the last row, not the folder drawn selected before G', async () => {
		const name = await container();
		const session = await openFiles(name);
		await goTo(session, '/data');
		assert.match(session.screen(), /›drwxr-xr-x ▾ data\//);
		session.type('G\r');
		await session.waitForText(`${name}:/data/tool.bin`);
		// The folder drawn selected before G was not closed by that Enter.
		session.press('Escape');
		await session.waitForText(/›-rw-r--r--\s+tool\.bin/);
		assert.match(session.screen(), /drwxr-xr-x ▾ data\//);
	});

	it('under --read-only offers no copy in and sends nothing; copying out still works', async () => {
		const name = await container();
		const session = await openFiles(name, ['--read-only']);
		let screen = await goTo(session, '/data');
		assert.match(screen, /c copy out/);
		assert.doesNotMatch(screen, /i copy in/);
		await session.act('i');
		// Positive control first: c opens its prompt; i opened none.
		await session.act('c');
		screen = await session.waitForText('copy to (on this machine): ./data');
		assert.doesNotMatch(screen, /copy in from/);
		session.press('Escape');
		assert.equal(await docker('exec', name, 'ls', '/data').then(list => list.split('\n').length), 7);
	});
});

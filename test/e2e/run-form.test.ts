/**
 * Issue 13: running a container from the images pane, in a real terminal, checked with docker inspect.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, makeContainer, removeContainers, RUN_ID, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const made: string[] = [];
const volumes: string[] = [];
let stateHome = '';
let workDir = '';

before(() => {
	stateHome = mkdtempSync(path.join(tmpdir(), 'dockdash-run-state-'));
	workDir = mkdtempSync(path.join(tmpdir(), 'dockdash-run-cwd-'));
});
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	const ours = await docker('ps', '-aq', '--filter', `label=dockdash.test=${RUN_ID}`, '--filter', 'label=purpose=run-form');
	await removeContainers(...ours.split('\n').filter(Boolean));
	for (const volume of volumes) await docker('volume', 'rm', '-f', volume).catch(() => undefined);
	rmSync(stateHome, {recursive: true, force: true});
	rmSync(workDir, {recursive: true, force: true});
});

async function inspect(id: string): Promise<any> {
	return JSON.parse(await docker('inspect', id))[0];
}

async function ours(): Promise<string[]> {
	return (await docker('ps', '-aq', '--no-trunc', '--filter', `label=dockdash.test=${RUN_ID}`, '--filter', 'label=purpose=run-form')).split('\n').filter(Boolean);
}

/** The images pane, the busybox fixture selected. */
async function imagesPane(env: Record<string, string> = {}, args: string[] = []): Promise<TerminalSession> {
	const session = startCli(['--pane', 'images', ...args], {columns: 160, rows: 45, env: {XDG_STATE_HOME: stateHome, ...env}});
	sessions.push(session);
	await session.waitForText(BUSYBOX);
	await filterList(session, BUSYBOX);
	await session.waitForText(new RegExp(`› ${BUSYBOX}`));
	return session;
}

/** Moves the form's cursor down `count` fields. */
function down(session: TerminalSession, count: number): void {
	for (let index = 0; index < count; index++) session.press('Down');
}

describe('run form in a real terminal (issue 13)', () => {
	it('checks every field before anything is created, then creates and starts what docker inspect agrees with, selected in Containers', async () => {
		const taken = uniqueName('taken');
		made.push(await makeContainer({name: taken, start: false}));
		const name = uniqueName('run');
		const volume = uniqueName('vol');
		volumes.push(volume);
		writeFileSync(path.join(workDir, 'app.env'), '# settings\nFROM_FILE=yes\n\nSHARED=from-file\n');

		const session = await imagesPane({}, []);
		await session.act('r');
		await session.waitForText(`Run a container from ${BUSYBOX}`);
		// name, command, ports, env, env file, volumes, network, restart, remove on exit, user, working dir, labels, CPUs, memory
		session.type(taken);
		down(session, 1);
		session.type('sleep 300');
		down(session, 1);
		session.type('127.0.0.1::80 8080:http');
		down(session, 1);
		session.type("GREETING='hello world' SHARED=from-line");
		down(session, 1);
		session.type(path.join(workDir, 'app.env'));
		down(session, 1);
		session.type(`${volume}:/data bad$name:/other`);
		down(session, 1);
		session.type('no-such-net');
		down(session, 1);
		session.press('C-u');
		session.type('on-failure:3');
		down(session, 3);
		session.type('/tmp');
		down(session, 1);
		session.type(`dockdash.test=${RUN_ID} purpose=run-form`);
		down(session, 1);
		session.type('0.5');
		down(session, 1);
		session.type('3m');
		down(session, 1);
		await session.waitForText('› then');
		await session.act('Enter');
		const screen = await session.waitForText('fields to fix: nothing was created');
		assert.match(screen, new RegExp(`✗ the name "${taken}" is in use by container`));
		assert.match(screen, /✗ invalid container port "http"/);
		assert.match(screen, /✗ no network "no-such-net" on this engine/);
		assert.match(screen, /✗ "bad\$name" is not a volume name/);
		assert.match(screen, /✗ minimum memory limit allowed is 6MB/);
		// Nothing reached the engine: no container, no volume.
		assert.deepEqual(await ours(), []);
		assert.equal(await docker('volume', 'ls', '-q', '--filter', `name=${volume}`), '');

		// The cursor is on the first field with an error (the name): fix each one.
		session.press('C-u');
		session.type(name);
		down(session, 2);
		session.press('C-u');
		session.type('127.0.0.1::80 8081:80/udp');
		down(session, 3);
		session.press('C-u');
		session.type(`${volume}:/data`);
		down(session, 1);
		session.press('C-u');
		session.type('none');
		down(session, 7);
		session.press('C-u');
		session.type('64m');
		down(session, 1);
		await session.waitForText('› then');
		await session.act('Enter');
		await session.waitForText(new RegExp(`started ${name} from ${BUSYBOX.replace(/[/.]/g, '\\$&')}`), 15_000);
		// The containers pane comes forward with the new container selected.
		await session.waitForText(new RegExp(`› ?\\s*${name}\\s+▸ running`));

		const [id] = await ours();
		assert.ok(id);
		made.push(id);
		const info = await inspect(id);
		assert.equal(info.Name, `/${name}`);
		assert.equal(info.State.Status, 'running');
		assert.deepEqual(info.Config.Cmd, ['sleep', '300']);
		// The env file first, -e after it: the line wins, as with the docker CLI.
		for (const entry of ['GREETING=hello world', 'FROM_FILE=yes', 'SHARED=from-line']) assert.ok(info.Config.Env.includes(entry), `${entry} in ${info.Config.Env}`);
		assert.ok(info.Config.Env.indexOf('SHARED=from-file') < info.Config.Env.indexOf('SHARED=from-line'));
		assert.deepEqual(info.HostConfig.PortBindings['80/tcp'], [{HostIp: '127.0.0.1', HostPort: ''}]);
		assert.deepEqual(info.HostConfig.PortBindings['80/udp'], [{HostIp: '', HostPort: '8081'}]);
		assert.deepEqual(info.HostConfig.RestartPolicy, {Name: 'on-failure', MaximumRetryCount: 3});
		assert.equal(info.HostConfig.NetworkMode, 'none');
		assert.equal(info.HostConfig.Memory, 64 * 1024 * 1024);
		assert.equal(info.HostConfig.NanoCpus, 500_000_000);
		assert.equal(info.Config.WorkingDir, '/tmp');
		assert.equal(info.Config.Labels.purpose, 'run-form');
		assert.deepEqual(
			info.Mounts.map((mount: any) => [mount.Type, mount.Name, mount.Destination]),
			[['volume', volume, '/data']],
		);

		// The form is remembered for the image, without the name; the state file is the user's alone.
		const file = path.join(stateHome, 'dockdash', 'run-forms.json');
		const remembered = JSON.parse(readFileSync(file, 'utf8'))[BUSYBOX][0];
		assert.equal(remembered.name, '');
		assert.equal(remembered.memory, '64m');
		assert.equal(statSync(file).mode & 0o777, 0o600);
		session.press('q');
		await session.waitForExit();
	});

	it('a remembered form runs again with r then Enter; only create leaves the container created', async () => {
		const before = await ours();
		const session = await imagesPane();
		const file = path.join(stateHome, 'dockdash', 'run-forms.json');
		// A form of this image from an earlier run (written as the dashboard writes it).
		const form = {name: '', command: 'sleep 30', ports: '', env: 'API_TOKEN=hunter2 MODE=test', envFile: '', volumes: '', network: 'none', restart: 'no', rm: 'no', user: '', workdir: '', labels: `dockdash.test=${RUN_ID} purpose=run-form`, cpus: '', memory: '', action: 'create only'};
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, JSON.stringify({[BUSYBOX]: [form]}));
		await session.act('r');
		await session.waitForText('remembered form 1 of 1');
		await session.waitForText('› then            ‹ create only ›');
		// Typing there (expecting the name field) is not swallowed unseen: the status line says where to go.
		session.type('web');
		await session.waitForText('"then" is chosen with ← →: ↑ moves to the fields');
		await session.act('Enter');
		// The new container, selected in Containers (the status line's "created … (not started)" fades under load).
		await session.waitForText(/› \S+\s+○ created/, 15_000);
		const ids = (await ours()).filter(id => !before.includes(id));
		assert.equal(ids.length, 1);
		made.push(...ids);
		const info = await inspect(ids[0]!);
		assert.equal(info.State.Status, 'created');
		assert.ok(info.Config.Env.includes('API_TOKEN=hunter2'));
		// A secret-looking value is never written to the state file.
		const text = readFileSync(file, 'utf8');
		assert.doesNotMatch(text, /hunter2/);
		assert.match(text, /MODE=test/);
		session.press('q');
		await session.waitForExit();
	});

	it('typing in the form never reaches the pane, and Enter at the end of typing does not submit', async () => {
		const before = await ours();
		// A state folder of its own: no remembered form, so the form opens on its first field.
		const fresh = mkdtempSync(path.join(tmpdir(), 'dockdash-run-state-'));
		const session = await imagesPane({XDG_STATE_HOME: fresh});
		await session.act('r');
		await session.waitForText(`Run a container from ${BUSYBOX}`);
		rmSync(fresh, {recursive: true, force: true});
		// d would remove the image, p pull, q quit: here they are only text in the name field.
		session.type('dpq');
		await session.waitForText('› name            dpq');
		down(session, 14);
		await session.waitForText('› then');
		// Enter in the same burst as other keys is refused.
		session.press('Right');
		session.press('Enter');
		await session.waitForText(/`Enter` came (right after another key|in one piece with other keys)/);
		session.press('Escape');
		await session.waitForText('run form closed: nothing was created');
		assert.deepEqual(await ours(), before);
		assert.match(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(BUSYBOX));
		session.press('q');
		await session.waitForExit();
	});

	it('run interactively hands the terminal to the container and comes back when it exits', async () => {
		const fresh = mkdtempSync(path.join(tmpdir(), 'dockdash-run-state-'));
		const name = uniqueName('tty');
		const session = await imagesPane({XDG_STATE_HOME: fresh});
		await session.act('r');
		await session.waitForText(`Run a container from ${BUSYBOX}`);
		session.type(name);
		down(session, 1);
		session.type('sh');
		down(session, 5);
		session.type('none');
		down(session, 5);
		session.type(`dockdash.test=${RUN_ID} purpose=run-form`);
		down(session, 3);
		session.press('Right');
		session.press('Right');
		await session.waitForText('‹ run interactively ›');
		await session.act('Enter');
		await session.waitForText('runs on this terminal');
		session.type('echo hello-$((6*7))');
		session.press('Enter');
		await session.waitForText('hello-42');
		session.type('exit 3');
		session.press('Enter');
		await session.waitForText(`${name} exited with code 3`, 15_000);
		await session.waitForText(new RegExp(`› ?\\s*${name}\\s+■ exited \\(3\\)`));
		const info = await inspect(name);
		made.push(info.Id);
		assert.equal(info.Config.Tty, true);
		assert.equal(info.State.ExitCode, 3);
		session.press('q');
		await session.waitForExit();
		rmSync(fresh, {recursive: true, force: true});
	});

	it('under --read-only there is no run form and no build', async () => {
		const session = await imagesPane({}, ['--read-only']);
		await session.act('r');
		await session.waitForText('`r` does nothing here');
		assert.doesNotMatch(session.screen(), /Run a container/);
		await session.act('b');
		await session.waitForText('`b` does nothing here');
		assert.doesNotMatch(session.screen(), /build \(PATH/);
		session.press('q');
		await session.waitForExit();
	});
});

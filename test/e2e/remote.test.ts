/**
 * The dashboard against remote engines, in a real terminal: ssh:// through a
 * throwaway sshd on 127.0.0.1 in front of the test engine.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, before, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {startTestSshd, type TestSshd} from '../support/sshd.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
let sshd: TestSshd;

before(async () => {
	sshd = await startTestSshd(process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock');
});

after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	await sshd?.stop();
});

function isAlive(pattern: string): boolean {
	try {
		execFileSync('pgrep', ['-f', pattern]);
		return true;
	} catch {
		return false;
	}
}

describe('dockdash -H ssh://… in a real terminal', () => {
	it('shows a test container over ssh, on one SSH connection, and closes its ssh master on quit', async () => {
		const name = uniqueName('ssh-e2e');
		made.push(await makeContainer({name}));
		const session = startCli(['-H', `ssh://${sshd.alias}`], {columns: 160, rows: 30, env: sshd.env});
		sessions.push(session);
		await session.waitForText('● connected', 20_000);
		await session.waitForText(new RegExp(`${name}\\s+▸ running`));
		assert.match(session.screen(), new RegExp(`ssh://${sshd.alias}`));
		// A second container arrives through the event stream that runs over the same connection.
		const later = uniqueName('ssh-e2e-later');
		made.push(await makeContainer({name: later}));
		await session.waitForText(new RegExp(`${later}\\s+▸ running`));
		assert.equal(sshd.acceptedConnections(), 1, `ssh processes started:\n${sshd.sshProcesses().join('\n')}`);
		const master = sshd.sshProcesses().find(line => line.includes('ControlMaster=yes'));
		const controlPath = /ControlPath=(\S+)/.exec(master ?? '')?.[1];
		assert.ok(controlPath, 'a shared ssh master was started');
		assert.ok(isAlive(`ControlPath=${controlPath}`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		await waitFor(() => !isAlive(`ControlPath=${controlPath}`), {what: 'the ssh master to end with dockdash'});
	});
});

describe('a shell over ssh:// when the connection drops (issue 20)', () => {
	/** A running container, dockdash on it over ssh://, and a shell opened in it with e. */
	async function shellOverSsh(prefix: string): Promise<{name: string; id: string; session: TerminalSession}> {
		const name = uniqueName(prefix);
		const id = await makeContainer({name});
		made.push(id);
		const session = startCli(['-H', `ssh://${sshd.alias}`], {columns: 160, rows: 30, env: sshd.env});
		sessions.push(session);
		await session.waitForText('● connected', 20_000);
		await filterList(session, name);
		await session.waitForText(new RegExp(`› ${name}\\s`));
		await session.act('e');
		await session.waitForText(`dockdash: sh in ${name}.`, 20_000);
		return {name, id, session};
	}

	it('says the shell may still run, and once the engine answers again ends that exec session and says so', async () => {
		const {name, id, session} = await shellOverSsh('ssh-orphan');
		session.type('sleep 4646');
		session.press('Enter');
		const sleeping = async () => (await docker('top', id, '-o', 'pid,args')).split('\n').some(line => /sleep 4646$/.test(line.trim()));
		await waitFor(sleeping, {what: 'sleep 4646 in the container'});
		await sshd.drop();
		await session.waitForText(`shell in ${name} may still run: the engine is out of reach; dockdash ends it when the engine answers again`, 20_000);
		// The engine alone keeps the shell and its sleep (moby/moby#9098).
		assert.ok(await sleeping(), 'the orphaned shell is still running while the engine is out of reach');
		await sshd.restart();
		await session.waitForText(`connection back: ended the shell the dropped connection left running in ${name}; its processes were hung up`, 45_000);
		await waitFor(async () => !(await sleeping()), {what: 'sleep 4646 to be gone from docker top'});
		const left = (await docker('top', id, '-o', 'pid,args')).split('\n').slice(1).filter(line => !/sleep 3600$/.test(line.trim()));
		assert.deepEqual(left, [], 'no process of the shell is left in the container');
		assert.equal(await docker('inspect', '-f', '{{.State.Running}}', id), 'true');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('quitting while the engine is still out of reach names the shell that may still run, in its last words', async () => {
		const {name, id, session} = await shellOverSsh('ssh-orphan-quit');
		try {
			await sshd.drop();
			await session.waitForText(`shell in ${name} may still run: the engine is out of reach`, 20_000);
			session.press('q');
			assert.equal(await session.waitForExit(20_000), 0);
			// The line is wrapped at the terminal's width: read it joined.
			assert.match(session.screen().split('\n').join(''), new RegExp(`dockdash: a shell dockdash opened may still run in container ${id.slice(0, 12)} on ssh://${sshd.alias} \\(exec [0-9a-f]{12}\\): the engine could not be reached to end it`));
		} finally {
			await sshd.restart();
		}
	});
});

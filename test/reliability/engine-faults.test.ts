import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL, uniqueName} from '../support/engine.js';
import {type PrivateEngine, startPrivateEngine} from '../support/private-engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

let engine: PrivateEngine;
const sessions: TerminalSession[] = [];

before(async () => {
	// --live-restore keeps containers running while dockerd is down, as on a server being upgraded.
	engine = await startPrivateEngine('faults', '--live-restore');
});
after(async () => {
	for (const session of sessions) session.stop();
	try {
		process.kill(engine.pid(), 'SIGCONT');
	} catch {}
	const ids = (await engine.docker('ps', '-aq', '--filter', `label=${TEST_LABEL}`).catch(() => '')).split('\n').filter(Boolean);
	if (ids.length) await engine.docker('rm', '-f', ...ids).catch(() => undefined);
	await engine.purge();
});

function open(): TerminalSession {
	const session = startCli(['--refresh', '1', '--request-timeout', '2'], {columns: 160, rows: 30, env: {DOCKER_HOST: engine.host}});
	sessions.push(session);
	return session;
}

describe('engine faults while dockdash is open', () => {
	it('survives an engine restart: banner while down, complete list and live events after, running stays running', async () => {
		const name = uniqueName('survivor');
		await engine.docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'sleep', '3600');
		const session = open();
		await session.waitForText(new RegExp(`${name}\\s+▸ running`));

		await engine.stop();
		const down = await session.waitForText('engine unavailable', 15_000);
		assert.match(down, /○ disconnected/);
		assert.match(down, new RegExp(`${name}\\s+▸ running`), 'the last known list stays, nothing is marked dead');

		await engine.start();
		await session.waitForText('● connected', 30_000);
		const back = session.screen();
		assert.doesNotMatch(back, /engine unavailable/);
		assert.match(back, new RegExp(`${name}\\s+▸ running`));

		// The event stream is live again: a new container shows up without a keypress.
		const late = uniqueName('late');
		await engine.docker('run', '-d', '--name', late, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'sleep', '3600');
		await session.waitForText(new RegExp(`${late}\\s+▸ running`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('stays responsive while the engine hangs (SIGSTOP), reports the timeout, and recovers on SIGCONT', async () => {
		const session = open();
		await session.waitForText('● connected');
		process.kill(engine.pid(), 'SIGSTOP');
		try {
			// Keys still work while every request hangs.
			session.press('?');
			await session.waitForText('show or hide the keys', 2000);
			session.press('Escape');
			const stuck = await session.waitForText(/engine unavailable: list containers: no answer from .* within 2 s/, 15_000);
			assert.match(stuck, /○ disconnected/);
		} finally {
			process.kill(engine.pid(), 'SIGCONT');
		}
		await session.waitForText('● connected', 15_000);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('a daemon killed with SIGKILL starts again at once: the harness does not take its unreaped zombie for a running engine', async () => {
		// Issue 14 (multi-engine-down under load): pid 1 reaps a killed dockerd (and its containerd) late, `kill -0`
		// succeeds on a zombie, and engine.sh start said "already running" and left the engine down.
		const killed = engine.pid();
		process.kill(killed, 'SIGKILL');
		await engine.start();
		assert.notEqual(engine.pid(), killed, 'a new daemon was started');
		assert.match(await engine.docker('version', '--format', '{{.Server.Version}}'), /\d+\.\d+/, 'the engine answers');
	});
});

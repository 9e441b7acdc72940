/** The Swarm pane against a real single-node swarm on a private engine (never the shared one). */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL} from '../support/engine.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {startCli, type TerminalSession} from '../support/pty.js';

let swarm: PrivateEngine | undefined;
const sessions: TerminalSession[] = [];

before(async () => {
	swarm = await startPrivateEngine('swarm-e2e');
	await swarm.docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
});

after(async () => {
	for (const session of sessions) session.stop();
	if (!swarm) return;
	await swarm.docker('swarm', 'leave', '--force').catch(() => undefined);
	await swarm.stop();
});

describe('the Swarm pane', () => {
	it('shows services with replicas, the selected service’s tasks, and the node', async () => {
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-api', '--replicas', '2', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		for (let step = 0; step < PANES.findIndex(pane => pane.id === 'swarm'); step++) session.press('Tab');
		await session.waitForText(/Swarm 1 services · 1 nodes/);
		await session.waitForText(/dd-api\s+replicated\s+2\/2\s+dockdash-test\/busybox:latest/, 30_000);
		await session.waitForText('Tasks of dd-api');
		await session.waitForText(/1\s+running\s+desired running/);
		await session.waitForText(/manager \(leader\)\s+active\s+ready\s+engine \d+\./);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

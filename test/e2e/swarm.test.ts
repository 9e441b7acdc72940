/** The Swarm pane against a real single-node swarm on a private engine (never the shared one). */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {CONFIRM_GRACE_MS} from '../../source/model/confirmations.js';
import {BUSYBOX, TEST_LABEL} from '../support/engine.js';
import {initSwarm, startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {startCli, type TerminalSession} from '../support/pty.js';

let swarm: PrivateEngine | undefined;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
// Tab, not its number: the Swarm pane is the eleventh, and the number keys go to 1…9.
const toSwarmPane = (session: TerminalSession) => {
	for (let step = 0; step < PANES.findIndex(pane => pane.id === 'swarm'); step++) session.press('Tab');
};
const sessions: TerminalSession[] = [];

before(async () => {
	swarm = await startPrivateEngine('swarm-e2e');
	await initSwarm(swarm);
});

after(async () => {
	for (const session of sessions) session.stop();
	if (!swarm) return;
	await swarm.docker('swarm', 'leave', '--force').catch(() => undefined);
	// Purged, not only stopped: the services' containers and the swarm state go with the engine's folder.
	await swarm.purge();
});

describe('the Swarm pane', () => {
	it('shows services with replicas, the selected service’s tasks, and the node', async () => {
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-api', '--replicas', '2', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/Swarm 1 services · 1 nodes/);
		await session.waitForText(/dd-api\s+replicated\s+2\/2\s+dockdash-test\/busybox:latest/, 30_000);
		await session.waitForText('Tasks of dd-api');
		await session.waitForText(/1\s+running\s+desired running/);
		await session.waitForText(/manager \(leader\)\s+active\s+ready\s+engine \d+\./);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('scales a service from a prompt (refusing a bad count in one line), and the engine agrees', async () => {
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-web', '--replicas', '1', '--label', TEST_LABEL, BUSYBOX, 'sh', '-c', 'i=0; while true; do echo "tick $i from $(hostname)"; i=$((i+1)); sleep 1; done');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-web\s+replicated\s+1\/1/, 30_000);
		session.press('j');
		await session.waitForText('Tasks of dd-web');
		await session.act('r');
		await session.waitForText('replicas of dd-web:');
		session.type('two');
		session.press('Enter');
		await session.waitForText('"two" is not a number of replicas: type a whole number, 0 or more');
		assert.equal(await swarm!.docker('service', 'ls', '--filter', 'name=dd-web', '--format', '{{.Replicas}}'), '1/1');
		await session.act('r');
		await session.waitForText('replicas of dd-web:');
		session.type('2');
		session.press('Enter');
		await session.waitForText('scaled dd-web to 2 replicas');
		await session.waitForText(/dd-web\s+replicated\s+2\/2/, 30_000);
		assert.equal(await swarm!.docker('service', 'ls', '--filter', 'name=dd-web', '--format', '{{.Replicas}}'), '2/2');

		// The service's logs: both tasks merged, each line named by its task and node.
		const hostname = await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Description.Hostname}}');
		session.press('l');
		await session.waitForText('Logs of service dd-web');
		await session.waitForText(new RegExp(`dd-web\\.1@${hostname}\\s*│ tick \\d+ from `), 15_000);
		await session.waitForText(new RegExp(`dd-web\\.2@${hostname}\\s*│ tick \\d+ from `), 15_000);
		// Followed: a later tick of task 2 arrives while the view is open.
		const seen = Math.max(...[...session.screen().matchAll(/dd-web\.2@\S+\s*│ tick (\d+)/g)].map(match => Number(match[1])));
		await session.waitForText(new RegExp(`dd-web\\.2@\\S+\\s*│ tick ${seen + 1} `), 10_000);
		session.press('Escape');
		await session.waitForText(/Swarm 2 services · 1 nodes/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('drains the node after a confirmation naming it, then activates it', async () => {
		const [hostname, id] = (await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Description.Hostname}} {{.ID}}')).split(' ') as [string, string];
		const availability = () => swarm!.docker('node', 'inspect', 'self', '--format', '{{.Spec.Availability}}');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		try {
			await session.waitForText('● connected');
			toSwarmPane(session);
			await session.waitForText(/Swarm \d+ services · 1 nodes/, 30_000);
			session.press('n');
			await session.waitForText('(cursor here; n back to the services)');
			await session.act('D');
			await session.waitForText(`Drain node ${hostname} (${id.slice(0, 12)})?`);
			await session.waitForText(`${id.slice(0, 12)} manager · now a`);
			await session.waitForText('its tasks stop here and move to other nodes');
			// No: nothing changes.
			session.press('n');
			await session.waitForText('drain cancelled');
			assert.equal(await availability(), 'active');
			await session.act('D');
			await session.waitForText(`Drain node ${hostname} (${id.slice(0, 12)})?`);
			await sleep(CONFIRM_GRACE_MS + 100);
			session.press('y');
			await session.waitForText(`node ${hostname} (${id.slice(0, 12)}) is now drain`);
			assert.equal(await availability(), 'drain');
			await session.waitForText(new RegExp(`${hostname}\\s+${id.slice(0, 12)}\\s+manager \\(leader\\)\\s+drain`));
			await session.act('A');
			await session.waitForText(`Activate node ${hostname} (${id.slice(0, 12)})?`);
			await sleep(CONFIRM_GRACE_MS + 100);
			session.press('y');
			await session.waitForText(`node ${hostname} (${id.slice(0, 12)}) is now active`);
			assert.equal(await availability(), 'active');
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			await swarm!.docker('node', 'update', '--availability', 'active', 'self').catch(() => undefined);
		}
	});

	it('under --read-only has no scale, drain or activate keys, but shows service logs', async () => {
		const session = startCli(['-H', swarm!.host, '--read-only'], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-api\s+replicated/, 30_000);
		session.press('?');
		await session.waitForText("the selected service's logs, followed");
		assert.doesNotMatch(session.screen(), /scale the selected service|drain the selected node|activate the selected node/);
		session.press('Escape');
		await session.waitForText(/Swarm \d+ services/);
		session.press('r');
		session.press('n');
		session.press('D');
		await sleep(CONFIRM_GRACE_MS + 300);
		assert.doesNotMatch(session.screen(), /replicas of|Drain node/);
		assert.equal(await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Spec.Availability}}'), 'active');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

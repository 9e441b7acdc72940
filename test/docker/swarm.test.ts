/**
 * Swarm against a real single-node swarm on a private throwaway engine
 * (never on the shared one): services, tasks with errors, nodes, scale, drain.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {createEngine, type Engine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {RefusedError} from '../../source/docker/errors.js';
import type {LogLineInput} from '../../source/model/log-buffer.js';
import {followServiceLogs, listNodes, listServices, listTasks, scaleService, setNodeAvailability, swarmRole, toSwarmService} from '../../source/docker/swarm.js';
import {spawnSync} from 'node:child_process';
import {executePlan, gatherInventory} from '../../source/docker/cleanup.js';
import {computePrunePlan, DEFAULT_PROTECT_LABEL, parseLabelFilter} from '../../source/model/prune-plan.js';
import {BUSYBOX, TEST_LABEL, waitFor} from '../support/engine.js';
import {initSwarm, startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';

let swarm: PrivateEngine | undefined;
let engine: Engine;

before(async () => {
	swarm = await startPrivateEngine('swarm');
	engine = createEngine(parseHost(swarm.host, 'test'));
	assert.equal(await swarmRole(engine), 'none');
	await initSwarm(swarm);
});

after(async () => {
	if (!swarm) return;
	await swarm.docker('swarm', 'leave', '--force').catch(() => undefined);
	await swarm.purge();
});

describe('swarm adapter against a real swarm manager', () => {
	it('lists services with replicas running/desired and image, and scales one', async () => {
		assert.equal(await swarmRole(engine), 'manager');
		const id = await swarm!.docker('service', 'create', '-d', '--name', 'dd-web', '--replicas', '2', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		const listed = await waitFor(async () => (await listServices(engine)).find(service => service.id === id && service.running === 2), {timeoutMs: 30_000, what: 'dd-web 2/2'});
		assert.equal(listed.name, 'dd-web');
		assert.equal(listed.mode, 'replicated');
		assert.equal(listed.desired, 2);
		assert.equal(listed.image, BUSYBOX);
		await scaleService(engine, id, 3);
		assert.equal(await swarm!.docker('service', 'inspect', '-f', '{{.Spec.Mode.Replicated.Replicas}}', id), '3');
		await waitFor(async () => (await listServices(engine)).find(service => service.id === id)?.running === 3, {timeoutMs: 30_000, what: 'dd-web 3/3'});
		const tasks = await listTasks(engine, id);
		assert.deepEqual(tasks.filter(task => task.state === 'running').map(task => task.slot).sort(), [1, 2, 3]);
		await assert.rejects(scaleService(createEngine(parseHost(swarm!.host, 'test'), {readOnly: true}), id, 1), RefusedError);
	});

	it('shows a task that cannot start with its state and the engine’s error', async () => {
		const id = await swarm!.docker('service', 'create', '-d', '--name', 'dd-broken', '--label', TEST_LABEL, 'dockdash-test/no-such-image:1', 'true');
		const failed = await waitFor(async () => (await listTasks(engine, id)).find(task => task.error), {timeoutMs: 30_000, what: 'a task with an error'});
		assert.match(failed.state, /^(rejected|failed)$/);
		assert.match(failed.error!, /no-such-image/);
	});

	it('lists the node and drains and activates it', async () => {
		const [node] = await listNodes(engine);
		assert.ok(node);
		assert.equal(node.role, 'manager');
		assert.equal(node.availability, 'active');
		assert.equal(node.status, 'ready');
		assert.equal(node.isLeader, true);
		assert.match(node.engineVersion, /^\d+\.\d+/);
		await assert.rejects(setNodeAvailability(createEngine(parseHost(swarm!.host, 'test'), {readOnly: true}), node.id, 'drain'), RefusedError);
		assert.equal(await swarm!.docker('node', 'inspect', '-f', '{{.Spec.Availability}}', node.id), 'active');
		await setNodeAvailability(engine, node.id, 'drain');
		assert.equal(await swarm!.docker('node', 'inspect', '-f', '{{.Spec.Availability}}', node.id), 'drain');
		await setNodeAvailability(engine, node.id, 'active');
		assert.equal(await swarm!.docker('node', 'inspect', '-f', '{{.Spec.Availability}}', node.id), 'active');
	});

	it('follows a service’s logs: every task merged and named slot@node, stdout and stderr apart, escapes inert, TTY raw', async () => {
		const hostname = await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Description.Hostname}}');
		const script = 'while true; do echo "out from $(hostname)"; printf "err \\033]0;pwn\\007 end\\n" >&2; sleep 1; done';
		const framed = await swarm!.docker('service', 'create', '-d', '--name', 'dd-logs', '--replicas', '2', '--label', TEST_LABEL, BUSYBOX, 'sh', '-c', script);
		const tty = await swarm!.docker('service', 'create', '-d', '-t', '--name', 'dd-tty', '--label', TEST_LABEL, BUSYBOX, 'sh', '-c', 'while true; do echo tty line; sleep 1; done');
		const lines: LogLineInput[] = [];
		const controller = new AbortController();
		const sink = {onLines: (batch: LogLineInput[]) => lines.push(...batch), onNotice: () => undefined};
		const following = followServiceLogs(engine, [{id: framed, source: 'dd-logs'}, {id: tty, source: 'dd-tty'}], sink, {signal: controller.signal, tail: 50});
		try {
			for (const slot of [1, 2]) {
				const source = `dd-logs.${slot}@${hostname}`;
				await waitFor(() => lines.some(line => line.source === source && line.stream === 'stdout' && line.text.startsWith('out from ')), {timeoutMs: 30_000, what: `stdout of ${source}`});
				const err = await waitFor(() => lines.find(line => line.source === source && line.stream === 'stderr'), {timeoutMs: 30_000, what: `stderr of ${source}`});
				assert.match(err.text, /^err .*pwn.* end$/, 'the details are cut off, the message kept');
				assert.doesNotMatch(err.text, /[\u0000-\u001F\u007F]/, 'no control character reaches the screen');
			}
			const ttyLine = await waitFor(() => lines.find(line => line.source === `dd-tty.1@${hostname}`), {timeoutMs: 30_000, what: 'a line of the TTY service'});
			assert.equal(ttyLine.text, 'tty line');
		} finally {
			controller.abort();
			await following;
		}
	});

	it('maps ports and update status from the engine’s service object', () => {
		const service = toSwarmService({
			ID: 'abc',
			Spec: {Name: 'web\u001B[2J', Mode: {Global: {}}, TaskTemplate: {ContainerSpec: {Image: 'nginx:1@sha256:0123abcd'}}},
			Endpoint: {Ports: [{PublishedPort: 8080, TargetPort: 80, Protocol: 'tcp'}]},
			ServiceStatus: {RunningTasks: 1, DesiredTasks: 2},
			UpdateStatus: {State: 'paused', Message: 'update paused due to failure'},
		});
		assert.deepEqual(service, {
			id: 'abc',
			name: 'web␛[2J',
			mode: 'global',
			running: 1,
			desired: 2,
			image: 'nginx:1',
			ports: ['8080:80/tcp'],
			updateState: 'paused',
			updateMessage: 'update paused due to failure',
		});
	});
});

describe('cleanup on a swarm manager (issue 21)', {timeout: 120_000}, () => {
	it('an overlay network only a service uses (0 replicas) is in use: kept by the plan, by prune --networks, and after a late service', async () => {
		const scope = 'dd.case=swarm-networks';
		const used = await swarm!.docker('network', 'create', '-d', 'overlay', '--label', TEST_LABEL, '--label', scope, 'dd-ov-used');
		const free = await swarm!.docker('network', 'create', '-d', 'overlay', '--label', TEST_LABEL, '--label', scope, 'dd-ov-free');
		const late = await swarm!.docker('network', 'create', '-d', 'overlay', '--label', TEST_LABEL, '--label', scope, 'dd-ov-late');
		// Named in the service's spec by name: the engine keeps its ID there.
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-zero', '--replicas', '0', '--network', 'dd-ov-used', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		const options = {kinds: new Set(['networks'] as const), volumeScope: 'anonymous' as const, labels: [parseLabelFilter(`label=${scope}`)], protect: DEFAULT_PROTECT_LABEL};
		const plan = computePrunePlan(await gatherInventory(engine), options);
		assert.deepEqual(plan.remove.map(item => item.id).sort(), [free, late].sort());
		assert.equal(plan.kept.find(item => item.id === used)?.reason, 'used by service dd-zero');
		// The CLI, as a user runs it against this manager.
		const cli = spawnSync(process.execPath, ['dist/cli.js', 'prune', '--networks', '--filter', `label=${scope}`, '--show-kept', '--dry-run'], {encoding: 'utf8', env: {...process.env, DOCKER_HOST: swarm!.host}});
		assert.equal(cli.status, 0, cli.stderr);
		assert.match(cli.stdout, /network\s+dd-ov-used\s+\S+\s+used by service dd-zero/);
		assert.doesNotMatch(cli.stdout, /^network\s+dd-ov-used\s+\S+\s*$/m);
		// Between the preview and the yes, a service starts using a planned network: it stays.
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-late', '--replicas', '0', '--network', 'dd-ov-late', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.failed, []);
		assert.deepEqual(result.removed.map(entry => entry.item.id), [free]);
		assert.equal(result.skipped[0]?.reason, 'now used by service dd-late');
		const left = (await swarm!.docker('network', 'ls', '-q', '--no-trunc', '--filter', `label=${scope}`)).split('\n').filter(Boolean).sort();
		assert.deepEqual(left, [used, late].sort());
		await swarm!.docker('service', 'rm', 'dd-zero', 'dd-late');
	});
});

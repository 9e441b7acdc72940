import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {createEngine} from '../../source/docker/engine.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {RefusedError} from '../../source/docker/errors.js';
import {ContainerStore} from '../../source/model/container-store.js';
import {ContainerSync} from '../../source/model/container-sync.js';
import {docker, makeContainer, removeContainers, TEST_LABEL, testEngine, uniqueName, waitFor} from '../support/engine.js';
import {freePort} from '../support/free-port.js';

const made: string[] = [];
after(() => removeContainers(...made));

describe('engine adapter against the real engine', () => {
	it('lists exactly what `docker ps -a` lists, with states and exit codes', async () => {
		const running = await makeContainer();
		const created = await makeContainer({start: false});
		const exited = await makeContainer({command: ['sh', '-c', 'exit 7']});
		made.push(running, created, exited);
		await docker('wait', exited);
		const engine = testEngine();
		// Only this test's containers: other test files of the run share the run label and run alongside.
		const ids = new Set([running, created, exited]);
		const mine = (await engine.listContainers()).filter(c => ids.has(c.id));
		const cli = (await docker('ps', '-a', '--no-trunc', '--filter', `label=${TEST_LABEL}`, '--format', '{{.ID}} {{.State}}'))
			.split('\n')
			.filter(line => ids.has(line.split(' ')[0]!));
		assert.equal(cli.length, 3);
		assert.deepEqual(mine.map(c => `${c.id} ${c.state}`).sort(), cli.sort());
		assert.equal(mine.find(c => c.id === exited)?.exitCode, 7);
		assert.equal(mine.find(c => c.id === created)?.state, 'created');
	});

	it('talks to the engine it was given, whatever DOCKER_HOST says', async () => {
		// docker-modem reads DOCKER_HOST itself, and a tcp:// one there won over the socket it was given: -H, a context
		// or a second engine then listed (and acted on) the DOCKER_HOST engine under the other one's name.
		const id = await makeContainer();
		made.push(id);
		const endpoint = resolveEndpoint();
		const saved = process.env['DOCKER_HOST'];
		process.env['DOCKER_HOST'] = `tcp://127.0.0.1:${await freePort()}`;
		let engine: ReturnType<typeof createEngine>;
		try {
			engine = createEngine(endpoint);
		} finally {
			process.env['DOCKER_HOST'] = saved;
		}
		const [found] = await engine.listContainers({ids: [id]});
		assert.equal(found?.id, id, `listed from ${endpoint.url}`);
		assert.equal(process.env['DOCKER_HOST'], saved);
	});

	it('sanitizes what the engine returns: a label with escape sequences arrives inert', async () => {
		const id = await makeContainer({extraArgs: ['--label', 'evil=\u001B]0;owned\u0007\u001B[2J']});
		made.push(id);
		const [found] = await testEngine().listContainers({ids: [id]});
		assert.equal(found?.labels['evil'], '␛]0;owned␇␛[2J');
	});

	it('follows create, stop and remove through the event stream', async () => {
		const store = new ContainerStore();
		const engine = testEngine();
		// A long relist interval: only events can explain the updates below.
		const sync = new ContainerSync(engine, store, {relistIntervalMs: 600_000});
		await sync.start();
		try {
			const name = uniqueName('live');
			const id = await makeContainer({name});
			made.push(id);
			await waitFor(() => store.getById(id)?.state === 'running', {what: 'the new container in the store'});
			await docker('stop', '-t', '0', id);
			await waitFor(() => store.getById(id)?.state === 'exited', {what: 'the stop to arrive'});
			await docker('rm', id);
			await waitFor(() => !store.getById(id), {what: 'the removal to arrive'});
			assert.equal(sync.status.get().isConnected, true);
		} finally {
			sync.stop();
		}
	});

	it('in read-only mode refuses every POST and DELETE at the transport', async () => {
		const id = await makeContainer();
		made.push(id);
		const engine = testEngine({readOnly: true});
		const container = engine.docker.getContainer(id);
		await assert.rejects(container.stop(), RefusedError);
		await assert.rejects(container.kill(), RefusedError);
		await assert.rejects(container.remove({force: true}), RefusedError);
		await assert.rejects(engine.docker.createContainer({Image: 'dockdash-test/busybox:latest'}), RefusedError);
		assert.throws(() => engine.assertWritable('stop'), RefusedError);
		// Reads still work, and the engine confirms nothing changed.
		assert.equal((await engine.listContainers({ids: [id]}))[0]?.state, 'running');
		assert.equal(await docker('inspect', '-f', '{{.State.Running}}', id), 'true');
	});
});

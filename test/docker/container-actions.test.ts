import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {applyContainerAction} from '../../source/docker/container-actions.js';
import {createEngine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {CONTAINER_ACTIONS, type ContainerAction, isActionAllowed, removeNeedsForce} from '../../source/model/action-rules.js';
import type {ContainerState} from '../../source/model/types.js';
import {docker, makeContainer, removeContainers, testEngine, waitFor} from '../support/engine.js';
import {startRecordingProxy} from '../support/socket-proxy.js';

const made: string[] = [];
const volumes: string[] = [];
after(async () => {
	await removeContainers(...made);
	if (volumes.length > 0) await docker('volume', 'rm', '-f', ...volumes).catch(() => undefined);
});

/** The engine's own word on a container: its state, or "gone". */
async function stateOf(id: string): Promise<string> {
	const out = await docker('ps', '-a', '--no-trunc', '--filter', `id=${id}`, '--format', '{{.State}}');
	return out || 'gone';
}

/** The engine's words when it refuses the docker CLI the same thing ("Error response from daemon: …"). */
async function daemonRefusal(...args: string[]): Promise<string> {
	const stderr = await docker(...args).then(
		() => assert.fail(`docker ${args.join(' ')} was not refused`),
		(error: {stderr?: string}) => String(error.stderr),
	);
	return /Error response from daemon: (.*)/.exec(stderr)?.[1]?.trim() ?? stderr;
}

// A container whose PID 1 exits on SIGTERM, so stop does not wait for the kill timeout.
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

/** A fresh labelled container in the given state. */
async function containerIn(state: 'created' | 'running' | 'paused' | 'exited'): Promise<string> {
	const id = await makeContainer({start: state !== 'created', command: POLITE});
	made.push(id);
	if (state === 'paused') await docker('pause', id);
	if (state === 'exited') await docker('kill', id);
	await waitFor(async () => (await stateOf(id)) === state, {what: `container in state ${state}`});
	return id;
}

const EXPECTED_AFTER: Record<ContainerAction, string> = {
	start: 'running',
	stop: 'exited',
	restart: 'running',
	kill: 'exited',
	pause: 'paused',
	unpause: 'running',
	remove: 'gone',
};

describe('container actions against the real engine', () => {
	const states = ['created', 'running', 'paused', 'exited'] as const;
	for (const state of states) {
		it(`the state rules for a ${state} container match what the engine does`, async () => {
			const engine = testEngine();
			await Promise.all(
				CONTAINER_ACTIONS.map(async action => {
					const id = await containerIn(state);
					const [result] = await applyContainerAction(engine, action, [{id, force: removeNeedsForce(state as ContainerState)}], {stopTimeoutSeconds: 2});
					const after = await stateOf(id);
					if (isActionAllowed(action, state)) {
						assert.equal(result?.isOk, true, `${action} on ${state}: ${result?.error}`);
						assert.equal(result?.note, undefined, `${action} on ${state} did nothing: ${result?.note}`);
						await waitFor(async () => (await stateOf(id)) === EXPECTED_AFTER[action], {what: `${action} on ${state} → ${EXPECTED_AFTER[action]}, it is ${after}`});
					} else {
						// Refused, or a no-op the engine answers with 304: either way the state stays.
						assert.ok(!result?.isOk || result.note, `${action} on ${state} was accepted but the rules forbid it`);
						assert.equal(after, state, `${action} on ${state} changed the state`);
						if (!result?.isOk) assert.match(result!.error!, /^engine: [^\n]+$/);
					}
				}),
			);
		});
	}

	it('stops several marked containers in one call, one result each, and reports a vanished one without stopping the rest', async () => {
		const ids = await Promise.all([containerIn('running'), containerIn('running'), containerIn('running')]);
		const missing = 'f'.repeat(64);
		const results = await applyContainerAction(testEngine(), 'stop', [...ids, missing], {stopTimeoutSeconds: 2});
		assert.deepEqual(results.map(r => r.id), [...ids, missing]);
		assert.deepEqual(results.map(r => r.isOk), [true, true, true, false]);
		assert.match(results[3]!.error!, /^engine: No such container: f{12}$/);
		for (const id of ids) assert.equal(await stateOf(id), 'exited');
	});

	it('force-removes a running container, and removes its anonymous volume only when asked', async () => {
		const withVolumes = await makeContainer({extraArgs: ['-v', '/data']});
		const keepVolumes = await makeContainer({extraArgs: ['-v', '/data']});
		made.push(withVolumes, keepVolumes);
		const volumeOf = async (id: string) => docker('inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', id);
		const [gone, kept] = [await volumeOf(withVolumes), await volumeOf(keepVolumes)];
		volumes.push(gone, kept);
		const engine = testEngine();
		// Without force, the engine refuses to remove a running container, in its own words (which differ by version).
		const [refused] = await applyContainerAction(engine, 'remove', [{id: withVolumes, force: false}]);
		assert.equal(refused?.isOk, false);
		assert.match(refused!.error!, /^engine: .*running/i);
		// The same words, with the container's ID cut to 12 digits as dockdash shows IDs.
		assert.equal(refused!.error!, `engine: ${(await daemonRefusal('rm', withVolumes)).replaceAll(withVolumes, withVolumes.slice(0, 12))}`);
		assert.equal(await stateOf(withVolumes), 'running');

		const removed = await applyContainerAction(engine, 'remove', [{id: withVolumes, force: true}], {removeVolumes: true});
		const removedKeep = await applyContainerAction(engine, 'remove', [{id: keepVolumes, force: true}]);
		assert.equal(removed[0]?.isOk, true);
		assert.equal(removedKeep[0]?.isOk, true);
		assert.equal(await stateOf(withVolumes), 'gone');
		assert.equal(await stateOf(keepVolumes), 'gone');
		const left = (await docker('volume', 'ls', '-q')).split('\n');
		assert.ok(!left.includes(gone), 'the anonymous volume should have been removed with -v');
		assert.ok(left.includes(kept), 'the anonymous volume should have been kept');
	});

	it('read-only: no action sends a POST or DELETE, and nothing changes on the engine', async () => {
		const running = await containerIn('running');
		const paused = await containerIn('paused');
		const exited = await containerIn('exited');
		const proxy = await startRecordingProxy();
		try {
			const endpoint = parseHost(`unix://${proxy.socketPath}`, 'test');
			// The proxy itself records a writable engine's POST: the check below can fail.
			const writable = createEngine(endpoint);
			await writable.docker.getContainer(exited).start({} as object).catch(() => undefined);
			await docker('kill', exited);
			assert.ok(proxy.requests.some(line => line.startsWith('POST ')), `the proxy saw ${proxy.requests.join(', ')}`);
			proxy.requests.length = 0;

			const readOnly = createEngine(endpoint, {readOnly: true});
			const ids = [running, paused, exited];
			for (const action of CONTAINER_ACTIONS) {
				const results = await applyContainerAction(readOnly, action, ids.map(id => ({id, force: true})), {removeVolumes: true});
				for (const result of results) {
					assert.equal(result.isOk, false, `${action} succeeded in read-only mode`);
					assert.match(result.error!, /^read-only mode: /);
				}
			}
			// Past the adapter's own check, straight at dockerode: the transport refuses too.
			await assert.rejects(readOnly.docker.getContainer(running).kill(), /read-only mode: refused POST/);
			await assert.rejects(readOnly.docker.getContainer(exited).remove({force: true}), /read-only mode: refused DELETE/);
			// Reads still pass, so the proxy is on the path.
			await readOnly.listContainers({ids});
			assert.deepEqual(proxy.requests.filter(line => !line.startsWith('GET ') && !line.startsWith('HEAD ')), []);
			assert.ok(proxy.requests.some(line => line.startsWith('GET ')), 'the read went through the proxy');
			assert.deepEqual([await stateOf(running), await stateOf(paused), await stateOf(exited)], ['running', 'paused', 'exited']);
		} finally {
			await proxy.close();
		}
	});
});

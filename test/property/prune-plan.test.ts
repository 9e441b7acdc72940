/**
 * Property tests of what a prune or a bulk remove may delete (issue 17), over generated engine states: whatever the
 * engine holds, a plan names only objects it holds, never a running or protected container, never an image, volume or
 * network something that stays still uses, never a default network or a build record in use; a plan for chosen
 * objects names only those; a bulk remove sends exactly the confirmed containers, force only for those shown running.
 * What the engine changes between the preview and the confirmation is checked object by object at execution
 * (source/docker/cleanup.ts) against a real engine: test/integration/prune-changes.test.ts.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {
	computePrunePlan,
	DEFAULT_PROTECT_LABEL,
	type Inventory,
	isProtected,
	isStoppedState,
	isSystemNetwork,
	planForObjects,
	PRUNE_KINDS,
	type PruneKind,
} from '../../source/model/prune-plan.js';
import {planAction, removeNeedsForce} from '../../source/model/action-rules.js';
import type {ContainerState} from '../../source/model/types.js';

const RUNS = Number(process.env.DOCKDASH_PROPERTY_RUNS ?? 300);
const protect = DEFAULT_PROTECT_LABEL;

const labels: fc.Arbitrary<Record<string, string>> = fc.oneof(
	{weight: 3, arbitrary: fc.constant({})},
	fc.constant({[protect.key]: protect.value}),
	fc.constant({[protect.key]: 'false'}),
	fc.constant({team: 'a'}),
);
const states = fc.constantFrom('running', 'exited', 'created', 'paused', 'dead', 'restarting', 'removing');
const imageIds = ['sha256:i0', 'sha256:i1', 'sha256:i2', 'sha256:i3', 'sha256:i4'];
const volumeNames = ['v0', 'v1', 'v2', 'v3'];
const networkNames = ['bridge', 'host', 'none', 'n0', 'n1', 'ingress'];

/** Any engine state; `isAcyclic` keeps image parents as a real engine has them (a parent listed before its child). */
const inventoryOf = (isAcyclic: boolean): fc.Arbitrary<Inventory> => fc
	.record({
		containers: fc.uniqueArray(
			fc.record({
				id: fc.constantFrom('c0', 'c1', 'c2', 'c3', 'c4', 'c5'),
				name: fc.constantFrom('web', 'db'),
				state: states,
				imageId: fc.constantFrom(...imageIds),
				labels,
				created: fc.integer({min: 0, max: 100}),
				size: fc.option(fc.nat({max: 1000}), {nil: undefined}),
				volumes: fc.subarray(volumeNames),
				networks: fc.subarray(networkNames),
			}),
			{selector: container => container.id, maxLength: 6},
		),
		images: fc.uniqueArray(
			fc.record({
				id: fc.constantFrom(...imageIds),
				tags: fc.oneof(fc.constant([]), fc.constant(['<none>:<none>']), fc.constant(['app:1']), fc.constant(['app:1', 'app:latest'])),
				parentId: fc.option(fc.constantFrom(...imageIds), {nil: undefined}),
				labels,
				created: fc.integer({min: 0, max: 100}),
				size: fc.nat({max: 1000}),
				isIntermediate: fc.option(fc.boolean(), {nil: undefined}),
			}),
			{selector: image => image.id, maxLength: 5},
		),
		volumes: fc.uniqueArray(
			fc.record({name: fc.constantFrom(...volumeNames), driver: fc.constant('local'), mountpoint: fc.constant('/v'), labels, created: fc.integer({min: 0, max: 100}), isAnonymous: fc.boolean()}),
			{selector: volume => volume.name, maxLength: 4},
		),
		networks: fc.uniqueArray(
			fc.record({id: fc.constantFrom(...networkNames).map(name => `id-${name}`), scope: fc.constantFrom('local', 'swarm'), driver: fc.constant('bridge'), subnets: fc.constant([]), labels, created: fc.integer({min: 0, max: 100})}),
			{selector: network => network.id, maxLength: 6},
		),
		buildCache: fc.uniqueArray(
			fc.record({id: fc.constantFrom('b0', 'b1', 'b2'), type: fc.constant('regular'), description: fc.constant(''), size: fc.nat({max: 100}), isInUse: fc.boolean(), isShared: fc.boolean()}),
			{selector: record => record.id, maxLength: 3},
		),
		services: fc.option(fc.array(fc.record({name: fc.constant('svc'), networks: fc.subarray(['n0', 'id-n1'])}), {maxLength: 2}), {nil: undefined}),
		swarmWorker: fc.option(fc.boolean(), {nil: undefined}),
	})
	.map(raw => ({
		...raw,
		networks: raw.networks.map(network => ({...network, name: network.id.slice(3)})),
		images: isAcyclic ? raw.images.map((image, index) => ({...image, parentId: raw.images.slice(0, index).some(parent => parent.id === image.parentId) ? image.parentId : undefined})) : raw.images,
	}));
const inventory = inventoryOf(true);

const kinds = fc.subarray([...PRUNE_KINDS] as PruneKind[], {minLength: 1}).map(list => new Set(list));

describe('prune plans, properties', () => {
	it('name only objects the engine holds, each once, and nothing running, protected, in use or built in', () => {
		fc.assert(
			fc.property(inventory, kinds, fc.constantFrom('anonymous', 'all' as const), fc.option(fc.integer({min: 0, max: 100}), {nil: undefined}), (engine, chosen, volumeScope, until) => {
				const plan = computePrunePlan(engine, {kinds: chosen, volumeScope, until, labels: [], protect});
				const removed = new Set(plan.remove.map(item => `${item.kind}:${item.id}`));
				assert.equal(removed.size, plan.remove.length, 'an object named twice');
				const goes = (kind: string, id: string) => removed.has(`${kind}:${id}`);
				// What stays after the plan: the containers it does not remove still use their images, volumes and networks.
				const staying = engine.containers.filter(container => !goes('container', container.id));
				for (const item of plan.remove) {
					switch (item.kind) {
						case 'container': {
							const container = engine.containers.find(candidate => candidate.id === item.id);
							assert.ok(container, `container ${item.id} is not on the engine`);
							assert.ok(isStoppedState(container.state), `a ${container.state} container in the plan`);
							assert.ok(!isProtected(container.labels, protect), 'a protected container in the plan');
							break;
						}
						case 'image': {
							const image = engine.images.find(candidate => candidate.id === item.id);
							assert.ok(image, `image ${item.id} is not on the engine`);
							assert.ok(!isProtected(image.labels, protect), 'a protected image in the plan');
							assert.ok(!staying.some(container => container.imageId === item.id), `image ${item.id} is used by a container that stays`);
							assert.ok(!engine.images.some(child => child.parentId === item.id && child.id !== item.id && !goes('image', child.id)), `image ${item.id} is the parent of one that stays`);
							break;
						}
						case 'volume': {
							const volume = engine.volumes.find(candidate => candidate.name === item.id);
							assert.ok(volume, `volume ${item.id} is not on the engine`);
							assert.ok(!isProtected(volume.labels, protect), 'a protected volume in the plan');
							assert.ok(volumeScope === 'all' || volume.isAnonymous, 'a named volume with anonymous ones only');
							assert.ok(!staying.some(container => container.volumes.includes(item.id)), `volume ${item.id} is used by a container that stays`);
							break;
						}
						case 'network': {
							const network = engine.networks.find(candidate => candidate.id === item.id);
							assert.ok(network, `network ${item.id} is not on the engine`);
							assert.ok(!isSystemNetwork(network.name), `default network ${network.name} in the plan`);
							assert.ok(!isProtected(network.labels, protect), 'a protected network in the plan');
							assert.ok(!staying.some(container => container.networks.includes(network.id) || container.networks.includes(network.name)), `network ${network.name} is used by a container that stays`);
							assert.ok(!(engine.services ?? []).some(service => service.networks.includes(network.id) || service.networks.includes(network.name)), `network ${network.name} is used by a service`);
							assert.ok(!(engine.swarmWorker && network.scope === 'swarm'), 'a swarm network planned on a worker');
							break;
						}
						case 'buildCache': {
							const record = engine.buildCache.find(candidate => candidate.id === item.id);
							assert.ok(record, `build cache ${item.id} is not on the engine`);
							assert.ok(!record.isInUse, 'a build record in use in the plan');
							break;
						}
					}
				}
				// Containers go before what they use: the engine would refuse the rest otherwise.
				const lastContainer = plan.remove.map(item => item.kind).lastIndexOf('container');
				const firstOther = plan.remove.findIndex(item => item.kind !== 'container');
				assert.ok(firstOther === -1 || lastContainer < firstOther, 'a container after what it uses');
			}),
			{numRuns: RUNS},
		);
	});

	it('a hostile engine whose image parents loop (an image its own parent) still gets a plan, not a stack overflow', () => {
		const looped: Inventory = {containers: [], volumes: [], networks: [], buildCache: [], images: [
			{id: 'sha256:a', tags: [], parentId: 'sha256:a', labels: {}, created: 0, size: 1},
			{id: 'sha256:b', tags: [], parentId: 'sha256:c', labels: {}, created: 0, size: 1},
			{id: 'sha256:c', tags: [], parentId: 'sha256:b', labels: {}, created: 0, size: 1},
		]};
		const plan = computePrunePlan(looped, {kinds: new Set(['dangling']), volumeScope: 'anonymous', labels: [], protect});
		assert.deepEqual(plan.remove.map(item => item.id).sort(), ['sha256:a', 'sha256:b', 'sha256:c']);
		fc.assert(
			fc.property(inventoryOf(false), kinds, (engine, chosen) => {
				const plan = computePrunePlan(engine, {kinds: chosen, volumeScope: 'all', labels: [], protect});
				for (const item of plan.remove) assert.ok(item.kind !== 'image' || engine.images.some(image => image.id === item.id));
			}),
			{numRuns: RUNS},
		);
	});

	it('a plan for chosen volumes or networks names only those, whatever else is unused', () => {
		fc.assert(
			fc.property(inventory, fc.subarray(volumeNames), fc.subarray(networkNames.map(name => `id-${name}`)), (engine, volumes, networks) => {
				for (const item of planForObjects(engine, 'volume', volumes, protect).remove) assert.ok(item.kind === 'volume' && volumes.includes(item.id), `${item.kind} ${item.id} was not chosen`);
				for (const item of planForObjects(engine, 'network', networks, protect).remove) assert.ok(item.kind === 'network' && networks.includes(item.id), `${item.kind} ${item.id} was not chosen`);
			}),
			{numRuns: RUNS},
		);
	});
});

describe('bulk remove, properties', () => {
	it('sends exactly the confirmed containers, with force only for those shown running, paused or restarting', () => {
		const target = fc.record({id: fc.string({minLength: 1, maxLength: 4}), name: fc.string({maxLength: 4}), state: states as fc.Arbitrary<ContainerState>});
		fc.assert(
			fc.property(fc.uniqueArray(target, {selector: entry => entry.id, maxLength: 8}), targets => {
				const plan = planAction('remove', targets);
				// What use-container-actions sends once the dialog listing plan.eligible is confirmed.
				const sent = plan.eligible.map(entry => ({id: entry.id, force: removeNeedsForce(entry.state)}));
				const chosen = new Set(targets.map(entry => entry.id));
				for (const entry of sent) assert.ok(chosen.has(entry.id), `${entry.id} was not chosen`);
				assert.equal(plan.eligible.length + plan.skipped.length, targets.length);
				for (const entry of plan.eligible) assert.notEqual(entry.state, 'removing');
				for (const [index, entry] of sent.entries()) assert.equal(entry.force, ['running', 'paused', 'restarting'].includes(plan.eligible[index]!.state));
			}),
			{numRuns: RUNS},
		);
	});
});

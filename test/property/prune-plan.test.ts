/**
 * Property tests of what a prune or a bulk remove may delete (issue 17), over generated engine states: whatever the
 * engine holds, a plan names only objects it holds, never a running or protected container, never an image, volume or
 * network something that stays still uses, never a default network or a build record in use; a plan for chosen
 * objects names only those; a bulk remove sends exactly the confirmed containers, force only for those shown running.
 * Whatever the engine changes between the preview and the confirmation, the execution's decision (removalFor, which
 * source/docker/cleanup.ts follows) sends requests only for objects of the confirmed plan that still qualify; against
 * a real engine: test/integration/prune-changes.test.ts.
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
	type PlanItem,
	type PruneKind,
	type PrunePlan,
} from '../../source/model/prune-plan.js';
import {confirmedTargets, planAction, removeNeedsForce} from '../../source/model/action-rules.js';
import {type Observed, type RemovalRequest, removalFor} from '../../source/model/prune-execution.js';
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
				for (const item of plan.remove) assert.ok(item.kind !== 'image' || engine.images.some(image => image.id === item.id), `image ${item.id} is not on the engine`);
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
				const sent = confirmedTargets(plan.eligible);
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

/** What the adapter reads of a plan's object on `engine` when its turn comes (source/docker/cleanup.ts, remove*). */
function observe(engine: Inventory, item: PlanItem, apiVersion: string | undefined): Observed | undefined {
	switch (item.kind) {
		case 'container': {
			const container = engine.containers.find(candidate => candidate.id === item.id);
			return container && {kind: 'container', state: container.state, labels: container.labels};
		}
		case 'image': {
			const image = engine.images.find(candidate => candidate.id === item.id);
			const users = engine.containers.filter(container => container.imageId === item.id).map(container => container.name);
			return image && {kind: 'image', labels: image.labels, tags: image.tags.filter(tag => tag !== '<none>:<none>'), users};
		}
		case 'volume': {
			const volume = engine.volumes.find(candidate => candidate.name === item.id);
			const users = engine.containers.filter(container => container.volumes.includes(item.id)).map(container => container.name);
			return volume && {kind: 'volume', labels: volume.labels, created: volume.created, users};
		}
		case 'network': {
			const network = engine.networks.find(candidate => candidate.id === item.id);
			if (!network) return undefined;
			const users = engine.containers.filter(container => container.networks.includes(network.id) || container.networks.includes(network.name)).map(container => container.name);
			const swarm = network.scope === 'swarm' ? {isWorker: Boolean(engine.swarmWorker), services: engine.services ?? []} : undefined;
			return {kind: 'network', name: network.name, labels: network.labels, scope: network.scope, users, swarm};
		}
		case 'buildCache':
			return engine.buildCache.some(record => record.id === item.id) ? {kind: 'buildCache', apiVersion} : undefined;
	}
}

/** The engine without the object a request removed (an image's last untag removes the image). */
function without(engine: Inventory, item: PlanItem): Inventory {
	return {
		...engine,
		containers: item.kind === 'container' ? engine.containers.filter(container => container.id !== item.id) : engine.containers,
		images: item.kind === 'image' ? engine.images.filter(image => image.id !== item.id) : engine.images,
		volumes: item.kind === 'volume' ? engine.volumes.filter(volume => volume.name !== item.id) : engine.volumes,
		networks: item.kind === 'network' ? engine.networks.filter(network => network.id !== item.id) : engine.networks,
		buildCache: item.kind === 'buildCache' ? engine.buildCache.filter(record => record.id !== item.id) : engine.buildCache,
	};
}

/**
 * Runs a confirmed plan's decisions in order against an engine as it is at confirmation: each item is observed on
 * the engine as the earlier removals left it. Returns each item with what it was observed as and its decision.
 */
function execute(plan: PrunePlan, atConfirmation: Inventory, apiVersion: string | undefined) {
	let engine = atConfirmation;
	return plan.remove.map(item => {
		const observed = observe(engine, item, apiVersion);
		const decision = removalFor(item, observed, protect);
		if ('requests' in decision) engine = without(engine, item);
		return {item, observed, decision};
	});
}

/**
 * An engine at confirmation made of the preview's and another state's objects, object by object (`picks`: the
 * preview's, the other's, or gone), and the other's swarm. Built in the property, not by chain(), so a failure shrinks.
 */
function changedEngine(preview: Inventory, other: Inventory, picks: ReadonlyArray<'same' | 'other' | 'gone'>): Inventory {
	let next = 0;
	const mix = <T,>(before: readonly T[], after: readonly T[], key: (entry: T) => string): T[] =>
		[...new Set([...before, ...after].map(key))].flatMap(id => {
			const pick = picks[next++ % picks.length];
			const chosen = pick === 'same' ? (before.find(entry => key(entry) === id) ?? after.find(entry => key(entry) === id)) : pick === 'other' ? after.find(entry => key(entry) === id) : undefined;
			return chosen ? [chosen] : [];
		});
	return {
		containers: mix(preview.containers, other.containers, container => container.id),
		images: mix(preview.images, other.images, image => image.id),
		volumes: mix(preview.volumes, other.volumes, volume => volume.name),
		networks: mix(preview.networks, other.networks, network => network.id),
		buildCache: mix(preview.buildCache, other.buildCache, record => record.id),
		services: picks[0] === 'other' ? other.services : preview.services,
		swarmWorker: picks[1] === 'other' ? other.swarmWorker : preview.swarmWorker,
	};
}
const picks = fc.array(fc.constantFrom('same' as const, 'other' as const, 'gone' as const), {minLength: 32, maxLength: 32});

const apiVersions = fc.constantFrom('1.41', '1.39', '1.38', '1.12', 'banana', undefined);
const pruneOptions = fc.record({kinds, volumeScope: fc.constantFrom('anonymous', 'all' as const)});

describe('prune execution, properties', () => {
	it('only objects of the confirmed plan are ever asked to be removed, and only while they still qualify, whatever changed since the preview', () => {
		fc.assert(
			fc.property(
				inventory,
				inventory,
				picks,
				pruneOptions,
				apiVersions,
				(preview, other, chosen, options, apiVersion) => {
					const atConfirmation = changedEngine(preview, other, chosen);
					const plan = computePrunePlan(preview, {...options, labels: [], protect});
					let engine = atConfirmation;
					for (const {item, observed, decision} of execute(plan, atConfirmation, apiVersion)) {
						if (!('requests' in decision)) continue;
						const requests: RemovalRequest[] = decision.requests;
						assert.ok(requests.length > 0, `${item.kind} ${item.id}: a removal with no request`);
						for (const request of requests) {
							assert.equal(request.kind, item.kind);
							// The item's own ID, or (an image with several tags) one of the tags it was confirmed with.
							assert.ok(request.reference === item.id || (item.kind === 'image' && item.tags!.includes(request.reference)), `${item.kind} ${item.id}: a request for ${request.reference}`);
						}
						assert.ok(observed, `${item.kind} ${item.id} is gone, yet a request was sent`);
						// It still qualifies, on the engine as the earlier removals of the plan left it.
						switch (observed.kind) {
							case 'container':
								assert.ok(isStoppedState(observed.state) && !isProtected(observed.labels, protect), `container ${item.id} is ${observed.state} or protected now`);
								break;
							case 'image':
								assert.ok(!isProtected(observed.labels, protect) && observed.users.length === 0, `image ${item.id} is protected or used now`);
								assert.deepEqual([...observed.tags].sort(), [...item.tags!].sort(), `image ${item.id}: its tags changed`);
								if (requests.length > 1) assert.deepEqual(requests.map(request => request.reference).sort(), [...item.tags!].sort());
								break;
							case 'volume':
								assert.ok(!isProtected(observed.labels, protect) && observed.users.length === 0, `volume ${item.id} is protected or used now`);
								assert.deepEqual(observed.labels, item.labels);
								assert.ok(item.created === undefined || observed.created === item.created, `volume ${item.id} was made again`);
								break;
							case 'network':
								assert.ok(!isSystemNetwork(observed.name) && !isProtected(observed.labels, protect) && observed.users.length === 0, `network ${item.id} is built in, protected or used now`);
								if (observed.scope === 'swarm') assert.ok(!engine.swarmWorker && !(engine.services ?? []).some(service => service.networks.includes(item.id) || service.networks.includes(observed.name)), `swarm network ${item.id} on a worker or used by a service`);
								break;
							case 'buildCache':
								assert.ok(apiVersion === '1.41' || apiVersion === '1.39', `the build cache pruned on API ${apiVersion}`);
								break;
						}
						engine = without(engine, item);
					}
				},
			),
			{numRuns: RUNS},
		);
	});

	it('positive control: with nothing changed since the preview, every object of the plan is removed, each by its own requests', () => {
		fc.assert(
			fc.property(inventory, pruneOptions, (preview, options) => {
				const plan = computePrunePlan(preview, {...options, labels: [], protect});
				for (const {item, decision} of execute(plan, preview, '1.41')) assert.ok('requests' in decision, `${item.kind} ${item.id} skipped: ${'skip' in decision ? decision.skip : ''}`);
			}),
			{numRuns: RUNS},
		);
	});

	it('for any item and anything the engine shows of it, a removal is decided only for what qualifies (plans made elsewhere too)', () => {
		const labelsNow = labels;
		const id = 'x1';
		const observedOf: fc.Arbitrary<Observed | undefined> = fc.oneof(
			fc.constant(undefined),
			fc.record({kind: fc.constant('container' as const), state: states, labels: labelsNow}),
			fc.record({kind: fc.constant('image' as const), labels: labelsNow, tags: fc.subarray(['app:1', 'app:2', 'app:3']), users: fc.subarray(['web', 'db'])}),
			fc.record({kind: fc.constant('volume' as const), labels: labelsNow, created: fc.option(fc.integer({min: 0, max: 3}), {nil: undefined}), users: fc.subarray(['web'])}),
			fc.record({
				kind: fc.constant('network' as const),
				name: fc.constantFrom(...networkNames),
				labels: labelsNow,
				scope: fc.constantFrom('local', 'swarm', undefined),
				users: fc.subarray(['web']),
				swarm: fc.option(fc.record({isWorker: fc.boolean(), services: fc.array(fc.record({name: fc.constant('svc'), networks: fc.subarray([id, 'n0'])}), {maxLength: 2})}), {nil: undefined}),
			}),
			fc.record({kind: fc.constant('buildCache' as const), apiVersion: apiVersions}),
		);
		const planned = fc.record({
			kind: fc.constantFrom('container', 'image', 'volume', 'network', 'buildCache' as const),
			id: fc.constant(id),
			name: fc.constant('x'),
			labels: labelsNow,
			tags: fc.option(fc.subarray(['app:1', 'app:2', 'app:3']), {nil: undefined}),
			created: fc.option(fc.integer({min: 0, max: 3}), {nil: undefined}),
		});
		fc.assert(
			fc.property(planned, observedOf, (planned, observed) => {
				const item = planned as PlanItem;
				const decision = removalFor(item, observed, protect);
				if (!('requests' in decision)) return;
				assert.ok(observed && observed.kind === item.kind, 'a removal of something gone or of another kind');
				for (const request of decision.requests) assert.ok(request.kind === item.kind && (request.reference === item.id || (observed.kind === 'image' && observed.tags.includes(request.reference))), `a request for ${request.kind} ${request.reference}`);
				switch (observed.kind) {
					case 'container':
						assert.ok(isStoppedState(observed.state) && !isProtected(observed.labels, protect), `a ${observed.state} or protected container removed`);
						break;
					case 'image':
						assert.ok(!isProtected(observed.labels, protect) && observed.users.length === 0, 'a protected or used image removed');
						if (item.tags) assert.deepEqual([...observed.tags].sort(), [...item.tags].sort(), 'an image whose tags changed removed');
						break;
					case 'volume':
						assert.ok(!isProtected(observed.labels, protect) && observed.users.length === 0 && JSON.stringify(observed.labels) === JSON.stringify(item.labels), 'a protected, used or other volume removed');
						assert.ok(item.created === undefined || observed.created === undefined || observed.created === item.created, 'a volume made again removed');
						break;
					case 'network':
						assert.ok(!isSystemNetwork(observed.name) && !isProtected(observed.labels, protect) && observed.users.length === 0, `network ${observed.name} removed`);
						if (observed.scope === 'swarm') assert.ok(observed.swarm && !observed.swarm.isWorker && !observed.swarm.services.some(service => service.networks.includes(item.id) || service.networks.includes(observed.name)), 'a swarm network on a worker or used by a service removed');
						break;
					case 'buildCache':
						assert.ok(observed.apiVersion === '1.41' || observed.apiVersion === '1.39', `the build cache pruned on API ${observed.apiVersion}`);
						break;
				}
			}),
			{numRuns: RUNS * 3},
		);
	});

	it('a container started, an image tagged or used, a volume made again, a network joined since the preview: skipped, with the reason', () => {
		const item = (kind: PlanItem['kind'], extra: Partial<PlanItem> = {}): PlanItem => ({kind, id: `${kind}-1`, name: kind, labels: {}, ...extra});
		const skip = (planned: PlanItem, observed: Observed) => {
			const decision = removalFor(planned, observed, protect);
			return 'skip' in decision ? decision.skip : 'removed';
		};
		assert.equal(skip(item('container'), {kind: 'container', state: 'running'}), 'now running: changed since the preview');
		assert.equal(skip(item('container'), {kind: 'container', state: 'exited', labels: {[protect.key]: protect.value}}), 'protected (dockdash.protect=true) since the preview');
		assert.equal(skip(item('image', {tags: ['app:1']}), {kind: 'image', tags: ['app:1', 'app:2'], users: []}), 'tags changed since the preview (now also app:2)');
		assert.equal(skip(item('image', {tags: []}), {kind: 'image', tags: [], users: ['web']}), 'now used by web');
		assert.equal(skip(item('volume', {created: 5}), {kind: 'volume', labels: {}, created: 6, users: []}), 'made again under this name since the preview');
		assert.equal(skip(item('network'), {kind: 'network', name: 'n0', users: ['web']}), 'now used by web');
		assert.equal(skip(item('network'), {kind: 'network', name: 'n0', scope: 'swarm', users: [], swarm: {isWorker: true, services: []}}), 'swarm network: only a manager knows whether a service uses it');
		assert.equal(skip(item('buildCache'), {kind: 'buildCache', apiVersion: 'banana'}), 'engine API banana can only prune the whole build cache; dockdash removes records one by one (API 1.39+)');
		// Positive control: the same items unchanged are removed.
		assert.equal(skip(item('container'), {kind: 'container', state: 'exited'}), 'removed');
		assert.deepEqual(removalFor(item('image', {tags: ['app:1', 'app:2']}), {kind: 'image', tags: ['app:2', 'app:1'], users: []}, protect), {requests: [{kind: 'image', reference: 'app:2'}, {kind: 'image', reference: 'app:1'}]});
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	computePrunePlan,
	DEFAULT_PROTECT_LABEL,
	type Inventory,
	type InventoryContainer,
	type PruneKind,
	type PruneOptions,
	parseLabelFilter,
	parseUntil,
	planForObjects,
} from '../../source/model/prune-plan.js';

const NOW = 1_800_000_000;

function container(name: string, state: string, extra: Partial<InventoryContainer> = {}): InventoryContainer {
	return {id: `c-${name}`, name, state, imageId: 'sha256:base', labels: {}, created: NOW - 7200, size: 100, volumes: [], networks: [], ...extra};
}

const inventory: Inventory = {
	containers: [
		container('running', 'running', {volumes: ['data-used'], networks: ['n-used']}),
		container('paused', 'paused'),
		container('restarting', 'restarting'),
		container('stopped', 'exited', {imageId: 'sha256:only-stopped', volumes: ['anon-of-stopped'.padEnd(64, '0')]}),
		container('created', 'created', {size: undefined}),
		container('protected', 'exited', {labels: {'dockdash.protect': 'true'}, imageId: 'sha256:of-protected'}),
		container('fresh', 'exited', {created: NOW - 10}),
	],
	images: [
		{id: 'sha256:base', tags: ['busybox:latest'], labels: {}, created: NOW - 86_400, size: 2000, sharedSize: 0},
		{id: 'sha256:tagged-unused', tags: ['app:old', 'app:v1'], labels: {}, created: NOW - 86_400, size: 5000, sharedSize: 1000},
		{id: 'sha256:dangling', tags: ['<none>:<none>'], labels: {}, created: NOW - 86_400, size: 700},
		{id: 'sha256:dangling-parent', tags: [], labels: {}, created: NOW - 86_400, size: 10},
		{id: 'sha256:child', tags: ['child:1'], parentId: 'sha256:dangling-parent', labels: {}, created: NOW - 86_400, size: 10},
		{id: 'sha256:only-stopped', tags: ['job:1'], labels: {}, created: NOW - 86_400, size: 300},
		{id: 'sha256:of-protected', tags: ['keep:1'], labels: {}, created: NOW - 86_400, size: 300},
		{id: 'sha256:protected-image', tags: [], labels: {'dockdash.protect': 'true'}, created: NOW - 86_400, size: 300},
	],
	volumes: [
		{name: 'data-used', driver: 'local', mountpoint: '/v/1', labels: {}, size: 10, isAnonymous: false},
		{name: 'named-unused', driver: 'local', mountpoint: '/v/2', labels: {}, size: 20, isAnonymous: false},
		{name: 'a'.repeat(64), driver: 'local', mountpoint: '/v/3', labels: {}, size: 30, isAnonymous: true},
		{name: 'anon-of-stopped'.padEnd(64, '0'), driver: 'local', mountpoint: '/v/4', labels: {}, size: 40, isAnonymous: true},
		{name: 'keep-me', driver: 'local', mountpoint: '/v/5', labels: {'dockdash.protect': 'true'}, isAnonymous: false},
	],
	networks: [
		{id: 'n-bridge', name: 'bridge', driver: 'bridge', scope: 'local', subnets: [], labels: {}},
		{id: 'n-none', name: 'none', driver: 'null', scope: 'local', subnets: [], labels: {}},
		{id: 'n-used', name: 'used', driver: 'bridge', scope: 'local', subnets: [], labels: {}},
		{id: 'n-free', name: 'free', driver: 'bridge', scope: 'local', subnets: ['10.9.0.0/24'], labels: {}},
	],
	buildCache: [
		{id: 'bc-1', type: 'regular', description: 'RUN make', size: 4000, isInUse: false, isShared: false, lastUsed: NOW - 86_400},
		{id: 'bc-2', type: 'regular', description: 'busy', size: 4000, isInUse: true, isShared: false},
	],
};

function options(kinds: PruneKind[], extra: Partial<PruneOptions> = {}): PruneOptions {
	return {kinds: new Set(kinds), volumeScope: 'anonymous', labels: [], protect: DEFAULT_PROTECT_LABEL, ...extra};
}

const ids = (plan: ReturnType<typeof computePrunePlan>) => plan.remove.map(item => item.id);
const reasonOf = (plan: ReturnType<typeof computePrunePlan>, id: string) => plan.kept.find(item => item.id === id)?.reason;

describe('computePrunePlan', () => {
	it('removes only stopped, unprotected containers and says why the others stay', () => {
		const plan = computePrunePlan(inventory, options(['containers']));
		assert.deepEqual(ids(plan), ['c-stopped', 'c-created', 'c-fresh']);
		assert.equal(reasonOf(plan, 'c-running'), 'running');
		assert.equal(reasonOf(plan, 'c-paused'), 'paused');
		assert.equal(reasonOf(plan, 'c-restarting'), 'restarting');
		assert.match(reasonOf(plan, 'c-protected')!, /protected/);
		// One size unknown: the total is a lower bound and says so.
		assert.equal(plan.totalBytes, 200);
		assert.equal(plan.isTotalPartial, true);
	});

	it('keeps containers newer than --until', () => {
		const plan = computePrunePlan(inventory, options(['containers'], {until: NOW - 3600}));
		assert.deepEqual(ids(plan), ['c-stopped', 'c-created']);
		assert.equal(reasonOf(plan, 'c-fresh'), 'newer than --until');
	});

	it('dangling only: never a tagged image, a parent image or a protected one', () => {
		const plan = computePrunePlan(inventory, options(['dangling']));
		assert.deepEqual(ids(plan), ['sha256:dangling']);
		assert.equal(reasonOf(plan, 'sha256:dangling-parent'), 'parent of child:1');
		assert.match(reasonOf(plan, 'sha256:protected-image')!, /protected/);
		assert.match(reasonOf(plan, 'sha256:tagged-unused')!, /tagged/);
	});

	it('never removes an image used by any container, stopped ones included, unless that container goes too', () => {
		const imagesOnly = computePrunePlan(inventory, options(['images']));
		// The child goes, so its untagged parent is no longer "parent of another image": it goes after it.
		assert.deepEqual(ids(imagesOnly), ['sha256:tagged-unused', 'sha256:dangling', 'sha256:child', 'sha256:dangling-parent']);
		assert.equal(reasonOf(imagesOnly, 'sha256:only-stopped'), 'used by stopped');
		assert.match(reasonOf(imagesOnly, 'sha256:base')!, /used by running, paused, restarting/);
		// Unique size: what is shared with other images is not freed.
		assert.equal(imagesOnly.remove[0]!.size, 4000);

		const withContainers = computePrunePlan(inventory, options(['containers', 'images']));
		assert.ok(ids(withContainers).includes('sha256:only-stopped'));
		assert.match(withContainers.remove.find(item => item.id === 'sha256:only-stopped')!.note!, /used only by stopped/);
		// The protected container stays, so its image stays too.
		assert.equal(reasonOf(withContainers, 'sha256:of-protected'), 'used by protected');
		// Containers come first, so the engine never sees an image removal while its container exists.
		const firstImage = withContainers.remove.findIndex(item => item.kind === 'image');
		assert.ok(withContainers.remove.slice(firstImage).every(item => item.kind === 'image'));
	});

	it('volumes: anonymous only unless all are chosen, never one in use, and says which it is', () => {
		const anonymous = computePrunePlan(inventory, options(['volumes']));
		assert.deepEqual(ids(anonymous), ['a'.repeat(64)]);
		assert.equal(reasonOf(anonymous, 'named-unused'), 'named volume (only anonymous volumes chosen)');
		assert.equal(reasonOf(anonymous, 'data-used'), 'used by running');
		assert.match(anonymous.notes.join('\n'), /only unused anonymous/);
		// The note names the way in the caller gives (the pane's key from the keymap, the CLI's flag), and nothing else.
		assert.doesNotMatch(anonymous.notes.join('\n'), /"a"/);
		assert.match(computePrunePlan(inventory, options(['volumes'], {namedVolumesHint: 'V'})).notes.join('\n'), /named volumes are kept \(V includes them\)/);

		const all = computePrunePlan(inventory, options(['volumes'], {volumeScope: 'all'}));
		assert.deepEqual(ids(all), ['named-unused', 'a'.repeat(64)]);
		assert.match(reasonOf(all, 'keep-me')!, /protected/);
		assert.match(all.notes.join('\n'), /named AND anonymous/);

		const withContainers = computePrunePlan(inventory, options(['containers', 'volumes']));
		assert.ok(ids(withContainers).includes('anon-of-stopped'.padEnd(64, '0')));
	});

	it('never removes a default network or one with containers', () => {
		const plan = computePrunePlan(inventory, options(['networks']));
		assert.deepEqual(ids(plan), ['n-free']);
		assert.equal(reasonOf(plan, 'n-bridge'), 'default network');
		assert.equal(reasonOf(plan, 'n-none'), 'default network');
		assert.equal(reasonOf(plan, 'n-used'), 'used by running');
	});

	it('a network named by a container that never started is in use: such a container has no NetworkID yet', () => {
		const withCreated: Inventory = {...inventory, containers: [...inventory.containers, container('late', 'created', {networks: ['free']})]};
		const plan = computePrunePlan(withCreated, options(['networks']));
		assert.deepEqual(ids(plan), []);
		assert.equal(reasonOf(plan, 'n-free'), 'used by late');
	});

	it('a network a swarm service needs is in use, by ID or name; on a worker swarm networks stay', () => {
		const swarm: Inventory = {
			...inventory,
			networks: [...inventory.networks, {id: 'n-overlay', name: 'ov', driver: 'overlay', scope: 'swarm', subnets: [], labels: {}}, {id: 'n-ov2', name: 'ov2', driver: 'overlay', scope: 'swarm', subnets: [], labels: {}}],
			services: [{name: 'web', networks: ['n-overlay']}, {name: 'api', networks: ['free']}],
		};
		const plan = computePrunePlan(swarm, options(['networks']));
		assert.deepEqual(ids(plan), ['n-ov2']);
		assert.equal(reasonOf(plan, 'n-overlay'), 'used by service web');
		assert.equal(reasonOf(plan, 'n-free'), 'used by service api');
		const worker = computePrunePlan({...swarm, services: undefined, swarmWorker: true}, options(['networks']));
		assert.deepEqual(ids(worker), ['n-free']);
		assert.match(reasonOf(worker, 'n-ov2')!, /only a manager knows/);
	});

	it('until does not apply to volumes (docker volume prune refuses it): none goes, and the plan says so', () => {
		const plan = computePrunePlan(inventory, options(['volumes', 'containers'], {volumeScope: 'all', until: NOW}));
		assert.deepEqual(plan.remove.filter(item => item.kind === 'volume'), []);
		assert.equal(reasonOf(plan, 'named-unused'), 'until does not apply to volumes');
		assert.match(plan.notes.join('\n'), /until does not apply to volumes/);
	});

	it('plans an untagged parent chain with its child, children first, and keeps a parent whose other child stays', () => {
		const chain: Inventory = {
			...inventory,
			containers: [],
			images: [
				{id: 'sha256:base', tags: ['base:1'], labels: {}, created: 0, size: 100, sharedSize: 100},
				{id: 'sha256:mid1', tags: [], parentId: 'sha256:base', labels: {}, created: 0, size: 150, isIntermediate: true},
				{id: 'sha256:mid2', tags: [], parentId: 'sha256:mid1', labels: {}, created: 0, size: 170, isIntermediate: true},
				{id: 'sha256:leaf', tags: ['app:1'], parentId: 'sha256:mid2', labels: {}, created: 0, size: 200, sharedSize: 100},
				{id: 'sha256:tparent', tags: ['tp:1'], parentId: 'sha256:base', labels: {}, created: 0, size: 130, sharedSize: 130},
				{id: 'sha256:tchild', tags: ['tc:1'], parentId: 'sha256:tparent', labels: {}, created: 0, size: 160, sharedSize: 130},
			],
		};
		const plan = computePrunePlan(chain, options(['images'], {labels: [parseLabelFilter('label!=nothing')]}));
		// base has children that stay? No: every child goes, so base goes last of all.
		assert.deepEqual(ids(plan), ['sha256:leaf', 'sha256:mid2', 'sha256:mid1', 'sha256:tchild', 'sha256:tparent', 'sha256:base']);
		// Each image's own layers, an untagged parent's on the one image built on it: the sum is every byte the chain holds.
		assert.deepEqual(plan.remove.map(item => item.size), [100, 0, 0, 30, 30, 0]);
		// Named by the image a user knows, not by the <none> between them.
		assert.equal(plan.remove[2]!.note, 'untagged parent of app:1 (size counted there), goes after it');
		assert.match(plan.remove[4]!.note!, /parent of tc:1, goes after it/);

		// A tagged parent whose child stays (used by a container) stays, named by that child.
		const used = computePrunePlan({...chain, containers: [container('uses', 'running', {imageId: 'sha256:tchild'})]}, options(['images']));
		assert.equal(reasonOf(used, 'sha256:tparent'), 'parent of tc:1');
		assert.ok(!ids(used).includes('sha256:base'));
		// Dangling only: the untagged chain of a dangling image goes; tagged images and their parents stay.
		const dangling = computePrunePlan({...chain, images: chain.images.map(image => (image.id === 'sha256:leaf' ? {...image, tags: []} : image))}, options(['dangling']));
		assert.deepEqual(ids(dangling), ['sha256:leaf', 'sha256:mid2', 'sha256:mid1']);
		// An "untagged parent" with nothing built on it (made between two answers of the engine) is never planned.
		const orphan = computePrunePlan({...chain, images: [...chain.images, {id: 'sha256:orphan', tags: [], labels: {}, created: 0, size: 5, isIntermediate: true}]}, options(['images'], {labels: [parseLabelFilter('label=team')]}));
		assert.deepEqual(ids(orphan), []);
		// Intermediate images are never listed as kept: docker images does not show them either.
		assert.ok(!dangling.kept.some(item => item.id.startsWith('sha256:mid')));
	});

	it('build cache: never records in use; a label= filter keeps all of it', () => {
		assert.deepEqual(ids(computePrunePlan(inventory, options(['buildCache']))), ['bc-1']);
		const labelled = computePrunePlan(inventory, options(['buildCache'], {labels: [parseLabelFilter('label=team')]}));
		assert.deepEqual(ids(labelled), []);
	});

	it('label filters select by presence, value and absence; a custom protect label is honoured', () => {
		const labelled: Inventory = {
			...inventory,
			containers: [
				container('a', 'exited', {labels: {team: 'x'}}),
				container('b', 'exited', {labels: {team: 'y'}}),
				container('c', 'exited', {labels: {}}),
				container('d', 'exited', {labels: {team: 'x', keep: 'yes'}}),
			],
		};
		assert.deepEqual(ids(computePrunePlan(labelled, options(['containers'], {labels: [parseLabelFilter('label=team')]}))), ['c-a', 'c-b', 'c-d']);
		assert.deepEqual(ids(computePrunePlan(labelled, options(['containers'], {labels: [parseLabelFilter('label=team=x')]}))), ['c-a', 'c-d']);
		assert.deepEqual(ids(computePrunePlan(labelled, options(['containers'], {labels: [parseLabelFilter('label!=team=x')]}))), ['c-b', 'c-c']);
		const custom = computePrunePlan(labelled, options(['containers'], {protect: {key: 'keep', value: 'yes'}}));
		assert.deepEqual(ids(custom), ['c-a', 'c-b', 'c-c']);
	});

	it('plans the removal of exactly the chosen volumes, refusing the ones in use', () => {
		const plan = planForObjects(inventory, 'volume', ['named-unused', 'data-used'], DEFAULT_PROTECT_LABEL);
		assert.deepEqual(ids(plan), ['named-unused']);
		assert.equal(reasonOf(plan, 'data-used'), 'used by running');
	});
});

describe('prune input parsing', () => {
	it('reads label filters and rejects anything else in one line', () => {
		assert.deepEqual(parseLabelFilter('label=a.b=c=d'), {key: 'a.b', value: 'c=d', isNegated: false});
		assert.deepEqual(parseLabelFilter('label!=x'), {key: 'x', value: undefined, isNegated: true});
		assert.throws(() => parseLabelFilter('dangling=true'), /unsupported filter/);
		assert.throws(() => parseLabelFilter('label='), /names no label/);
	});

	it('reads until as the docker CLI does: Go durations, RFC 3339 dates and times, Unix timestamps', () => {
		assert.equal(parseUntil('24h', NOW), NOW - 86_400);
		assert.equal(parseUntil('90m', NOW), NOW - 5400);
		assert.equal(parseUntil('1h30m', NOW), NOW - 5400);
		assert.equal(parseUntil('1.5h', NOW), NOW - 5400);
		assert.equal(parseUntil('300ms', NOW), NOW - 0.3);
		// Go takes both micro signs: U+00B5 and the Greek U+03BC (written \u03bc in the source's pattern, issue 16).
		assert.equal(parseUntil('2000000\u00b5s', NOW), NOW - 2);
		assert.equal(parseUntil('2000000\u03bcs', NOW), NOW - 2);
		// Docker reads a negative duration as a moment ahead of now.
		assert.equal(parseUntil('-5m', NOW), NOW + 300);
		assert.equal(parseUntil('7d', NOW), NOW - 7 * 86_400);
		assert.equal(parseUntil('2026-01-31T00:00:00Z', NOW), Date.parse('2026-01-31T00:00:00Z') / 1000);
		assert.equal(parseUntil('2026-01-31T12:30:00.25+02:00', NOW), Date.parse('2026-01-31T10:30:00Z') / 1000 + 0.25);
		assert.equal(parseUntil('2026-01-31Z', NOW), Date.parse('2026-01-31T00:00:00Z') / 1000);
		// No zone: the local one (here given as +01:00), as Go's ParseInLocation with the reference's zone.
		assert.equal(parseUntil('2026-01-31', NOW, 60), Date.parse('2026-01-30T23:00:00Z') / 1000);
		assert.equal(parseUntil('2026-01-31T12', NOW, 0), Date.parse('2026-01-31T12:00:00Z') / 1000);
		assert.equal(parseUntil('2026-01-31T12:30', NOW, 0), Date.parse('2026-01-31T12:30:00Z') / 1000);
		// Unix timestamps, with a fraction or not; "0" is the epoch, not a zero duration.
		assert.equal(parseUntil('1767225600', NOW), 1_767_225_600);
		assert.equal(parseUntil('1767225600.5', NOW), 1_767_225_600.5);
		assert.equal(parseUntil('0', NOW), 0);
		// Out of range is refused, as Go's time.Parse refuses it, never rolled over.
		assert.throws(() => parseUntil('2026-02-30', NOW), /cannot read until "2026-02-30": day out of range/);
		assert.throws(() => parseUntil('2026-13-01', NOW), /month out of range/);
		assert.throws(() => parseUntil('2026-01-31T24:00', NOW), /out of range/);
		assert.throws(() => parseUntil('yesterday', NOW), /cannot read until "yesterday": use a duration such as 10m/);
		assert.throws(() => parseUntil('5', NOW - 10) && parseUntil('-5', NOW), /cannot read until "-5"/);
	});
});

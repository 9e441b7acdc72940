import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {planBytesByType, summarizeUsage} from '../../source/model/disk-usage.js';
import type {Inventory} from '../../source/model/prune-plan.js';

const inventory: Inventory = {
	containers: [{id: 'c1', name: 'web', state: 'running', imageId: 'sha256:a', labels: {}, created: 0, size: 14, volumes: [], networks: []}],
	images: [
		{id: 'sha256:a', tags: ['a:1'], labels: {}, created: 0, size: 2000},
		{id: 'sha256:b', tags: ['b:1'], labels: {}, created: 0, size: 3000, sharedSize: 1000},
	],
	volumes: [],
	networks: [],
	buildCache: [{id: 'x', type: 'regular', description: 'RUN make', size: 500, isInUse: false, isShared: false}],
};

describe('summarizeUsage', () => {
	it('counts images by their unique bytes and the build cache as docker system df does', () => {
		const rows = summarizeUsage(inventory, new Map());
		assert.deepEqual(
			rows.map(row => [row.type, row.count, row.active, row.size, row.reclaimable]),
			[
				['Images', 2, 1, 4000, 2000],
				['Containers', 1, 1, 14, 0],
				['Local volumes', 0, 0, 0, 0],
				['Build cache', 1, 0, 500, 500],
			],
		);
	});

	it('images: SIZE is the engine\'s LayersSize and RECLAIMABLE that less the unique bytes of every image that stays', () => {
		// A 199 MB base under two unused images (the case of issue 12): docker says 357.6 MB, reclaimable all of it.
		const shared: Inventory = {
			...inventory,
			containers: [],
			layersSize: 357_600_000,
			images: [
				{id: 'sha256:x', tags: ['x:1'], labels: {}, created: 0, size: 279_000_000, sharedSize: 199_000_000},
				{id: 'sha256:y', tags: ['y:1'], labels: {}, created: 0, size: 277_600_000, sharedSize: 199_000_000},
				{id: 'sha256:mid', tags: [], labels: {}, created: 0, size: 199_000_000, isIntermediate: true},
			],
		};
		const images = (value: Inventory) => summarizeUsage(value, new Map())[0]!;
		assert.deepEqual([images(shared).count, images(shared).size, images(shared).reclaimable], [2, 357_600_000, 357_600_000]);
		// One in use: its unique bytes stay (docker's rule); protected ones stay too, as no cleanup frees them.
		const used = {...shared, containers: [{id: 'c', name: 'c', state: 'exited', imageId: 'sha256:x', labels: {}, created: 0, volumes: [], networks: []}]};
		assert.equal(images(used).reclaimable, 357_600_000 - 80_000_000);
		assert.equal(images(used).active, 1);
		const guarded = {...shared, images: shared.images.map(image => (image.id === 'sha256:y' ? {...image, labels: {'dockdash.protect': 'true'}} : image))};
		assert.equal(images(guarded).reclaimable, 357_600_000 - 78_600_000);
	});

	it('THIS PLAN: the bytes of the plan on screen per row, a container\'s log with it', () => {
		const bytes = planBytesByType(
			{
				remove: [
					{kind: 'image', id: 'sha256:b', name: 'b:1', size: 2000, labels: {}},
					{kind: 'container', id: 'c1', name: 'web', size: 14, labels: {}},
					{kind: 'network', id: 'n', name: 'net', size: 0, labels: {}},
					{kind: 'volume', id: 'v', name: 'v', labels: {}},
				],
			},
			new Map([['c1', 300], ['c2', 999]]),
		);
		assert.deepEqual([...bytes], [['Images', 2000], ['Containers', 14], ['Container logs', 300], ['Local volumes', 0]]);
	});

	it('an engine with no build cache (Podman) gets no row of zeros for it', () => {
		const rows = summarizeUsage({...inventory, buildCache: [], unsupported: {buildCache: 'Build cache: not supported by this engine (Podman)'}}, new Map());
		assert.deepEqual(
			rows.map(row => row.type),
			['Images', 'Containers', 'Local volumes'],
		);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {summarizeUsage} from '../../source/model/disk-usage.js';
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

	it('an engine with no build cache (Podman) gets no row of zeros for it', () => {
		const rows = summarizeUsage({...inventory, buildCache: [], unsupported: {buildCache: 'Build cache: not supported by this engine (Podman)'}}, new Map());
		assert.deepEqual(
			rows.map(row => row.type),
			['Images', 'Containers', 'Local volumes'],
		);
	});
});

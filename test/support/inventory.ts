/** A scripted inventory for the cleanup, volumes and networks panes: a port behind which no engine is dialled. */
import {InventoryStore, type PruneOutcome} from '../../source/model/inventory-store.js';
import type {Inventory, InventoryContainer, PrunePlan} from '../../source/model/prune-plan.js';

export const hex = (c: string) => c.repeat(64);
export function container(name: string, state: string, extra: Partial<InventoryContainer> = {}): InventoryContainer {
	return {id: hex(name[0]!), name, state, imageId: 'sha256:' + hex('1'), labels: {}, created: 1_700_000_000, size: 1000, volumes: [], networks: [], ...extra};
}
export const INVENTORY: Inventory = {
	containers: [container('api', 'running', {volumes: ['pgdata'], networks: ['n'.repeat(64)]}), container('batch', 'exited', {size: 5_000_000}), container('cron', 'paused')],
	images: [
		{id: 'sha256:' + hex('1'), tags: ['app:latest'], labels: {}, created: 1_700_000_000, size: 50_000_000, sharedSize: 0},
		{id: 'sha256:' + hex('2'), tags: [], labels: {}, created: 1_700_000_000, size: 7_000_000, sharedSize: 0},
		{id: 'sha256:' + hex('3'), tags: ['old:1'], labels: {}, created: 1_700_000_000, size: 9_000_000, sharedSize: 0},
	],
	volumes: [
		{name: 'pgdata', driver: 'local', mountpoint: '/var/lib/docker/volumes/pgdata/_data', labels: {}, size: 80_000_000, isAnonymous: false},
		{name: 'scratch', driver: 'local', mountpoint: '/var/lib/docker/volumes/scratch/_data', labels: {}, size: 3_000_000, isAnonymous: false},
		{name: hex('a'), driver: 'local', mountpoint: '/v', labels: {}, size: 2_000_000, isAnonymous: true},
	],
	networks: [
		{id: 'n'.repeat(64), name: 'backend', driver: 'bridge', scope: 'local', subnets: ['172.30.0.0/16'], labels: {}},
		{id: 'm'.repeat(64), name: 'spare', driver: 'bridge', scope: 'local', subnets: [], labels: {}},
		{id: 'o'.repeat(64), name: 'none', driver: 'null', scope: 'local', subnets: [], labels: {}},
	],
	buildCache: [],
};

/** A scripted source: the measurement resolves when the test says so; executions are recorded. */
export function scriptedStore() {
	let resolveLoad: (inventory: Inventory) => void = () => undefined;
	const executed: PrunePlan[] = [];
	const store = new InventoryStore({
		load: () => new Promise(resolve => (resolveLoad = resolve)),
		execute: async plan => {
			executed.push(plan);
			return {removed: plan.remove.map(item => ({item, bytes: item.size ?? 0})), skipped: [], failed: [], reclaimedBytes: plan.totalBytes} satisfies PruneOutcome;
		},
		describeError: error => String(error),
	});
	return {store, executed, finishLoad: (inventory = INVENTORY) => resolveLoad(inventory)};
}


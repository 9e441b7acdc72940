import assert from 'node:assert/strict';
import {describe, it, mock} from 'node:test';
import {changesInventoryLists, InventoryStore, mergeLists, RELIST_THROTTLE_MS} from '../../source/model/inventory-store.js';
import type {Inventory, PrunePlan} from '../../source/model/prune-plan.js';

const EMPTY: Inventory = {containers: [], images: [], volumes: [], networks: [], buildCache: []};
const tick = () => new Promise(resolve => setImmediate(resolve));

function scripted() {
	const loads: Array<{resolve: (inventory: Inventory) => void; reject: (error: unknown) => void}> = [];
	const store = new InventoryStore({
		load: () => new Promise((resolve, reject) => loads.push({resolve, reject})),
		execute: async plan => ({removed: plan.remove.map(item => ({item, bytes: 1})), skipped: [], failed: [], reclaimedBytes: plan.remove.length}),
		describeError: error => `failed: ${String(error)}`,
	});
	return {store, loads};
}

describe('InventoryStore', () => {
	it('measures once at a time, keeps the last measurement on screen while the next runs, and reports errors in one line', async () => {
		const {store, loads} = scripted();
		store.ensureLoaded();
		store.ensureLoaded();
		store.refresh();
		assert.equal(loads.length, 1, 'a second measurement would only slow the engine down');
		assert.ok(store.get().loadingSince);
		loads[0]!.resolve(EMPTY);
		await tick();
		assert.equal(store.get().inventory, EMPTY);
		assert.equal(store.get().loadingSince, undefined);
		store.refresh();
		assert.equal(store.get().inventory, EMPTY);
		loads[1]!.reject('boom');
		await tick();
		assert.equal(store.get().error, 'failed: boom');
		assert.equal(store.get().inventory, EMPTY);
	});

	it('measures again only when the last measurement is old', async () => {
		const {store, loads} = scripted();
		store.ensureLoaded();
		loads[0]!.resolve(EMPTY);
		await tick();
		const loadedAt = store.get().loadedAt!;
		store.ensureLoaded(30_000, loadedAt + 1000);
		assert.equal(loads.length, 1);
		store.ensureLoaded(30_000, loadedAt + 31_000);
		assert.equal(loads.length, 2);
	});

	it('keeps the outcome of a prune and measures again after it', async () => {
		const {store, loads} = scripted();
		const plan: PrunePlan = {remove: [{kind: 'network', id: 'n1', name: 'spare', labels: {}}], kept: [], totalBytes: 0, isTotalPartial: false, notes: []};
		const outcome = await store.execute(plan);
		assert.equal(outcome.removed.length, 1);
		assert.equal(store.get().lastOutcome, outcome);
		assert.equal(store.get().running, undefined);
		assert.equal(loads.length, 1);
	});

	it('removing one object from its pane is not the last prune Cleanup reports (issue 19)', async () => {
		const {store} = scripted();
		const prune: PrunePlan = {remove: [{kind: 'network', id: 'n1', name: 'spare', labels: {}}], kept: [], totalBytes: 0, isTotalPartial: false, notes: []};
		const pruned = await store.execute(prune);
		await store.execute({...prune, remove: [{kind: 'network', id: 'n2', name: 'other', labels: {}}]}, {isPrune: false});
		assert.equal(store.get().lastOutcome, pruned);
	});

	it('follows volume and network events with one relist per burst, keeping the measured sizes (issue 19)', async () => {
		let relists = 0;
		const volume = {name: 'data', driver: 'local', mountpoint: '/v/data', labels: {}, size: 4096, isAnonymous: false};
		const store = new InventoryStore({
			load: async () => ({...EMPTY, volumes: [volume]}),
			execute: async () => ({removed: [], skipped: [], failed: [], reclaimedBytes: 0}),
			describeError: String,
			relist: async () => {
				relists += 1;
				return {containers: [], volumes: [{...volume, size: undefined}, {...volume, name: 'fresh', size: undefined}], networks: []};
			},
		});
		store.handleEvent({type: 'volume', action: 'create'});
		assert.equal(store.get().inventory, undefined, 'nothing measured yet: the pane measures when it shows');
		store.refresh();
		await tick();
		mock.timers.enable({apis: ['setTimeout']});
		try {
			for (const action of ['create', 'mount', 'destroy']) store.handleEvent({type: 'volume', action});
			store.handleEvent({type: 'network', action: 'connect'});
			mock.timers.tick(RELIST_THROTTLE_MS - 1);
			assert.equal(relists, 0, 'a burst is gathered first');
			mock.timers.tick(1);
		} finally {
			mock.timers.reset();
		}
		await tick();
		assert.equal(relists, 1);
		assert.deepEqual(store.get().inventory?.volumes.map(v => [v.name, v.size]), [['data', 4096], ['fresh', undefined]]);
	});

	it('only events that add, remove or attach objects count', () => {
		assert.equal(changesInventoryLists({type: 'network', action: 'create'}), true);
		assert.equal(changesInventoryLists({type: 'volume', action: 'mount'}), false);
		assert.equal(changesInventoryLists({type: 'container', action: 'exec_start: sh'}), false);
		assert.equal(changesInventoryLists({type: 'image', action: 'pull'}), false);
		assert.deepEqual(mergeLists(EMPTY, {containers: [], volumes: [], networks: []}), EMPTY);
	});
});

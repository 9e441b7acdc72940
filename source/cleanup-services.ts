/**
 * Wires the cleanup adapter to the inventory store the cleanup, volumes and
 * networks panes share: one store per engine, made on first use, so leaving a
 * pane neither cancels a measurement nor loses a prune's result.
 */
import {containerLogSizes, executePlan, gatherInventory, listInventoryObjects} from './docker/cleanup.js';
import type {Engine} from './docker/engine.js';
import {describeEngineError} from './docker/errors.js';
import {InventoryStore} from './model/inventory-store.js';
import {DEFAULT_PROTECT_LABEL, parseProtectLabel, type ProtectLabel} from './model/prune-plan.js';

const stores = new WeakMap<Engine, InventoryStore>();

/** The protect label from the configuration; a bad one falls back to the default rather than to none. */
export function protectLabelOf(text: string | undefined): ProtectLabel {
	try {
		return text ? parseProtectLabel(text) : DEFAULT_PROTECT_LABEL;
	} catch {
		return DEFAULT_PROTECT_LABEL;
	}
}

export function inventoryStoreFor(engine: Engine, protect: ProtectLabel): InventoryStore {
	let store = stores.get(engine);
	if (!store) {
		store = new InventoryStore({
			load: signal => gatherInventory(engine, signal),
			logSizes: (ids, signal) => containerLogSizes(engine, ids, signal),
			execute: (plan, onProgress) => executePlan(engine, plan, {protect, onProgress}),
			describeError: error => describeEngineError(error, engine.endpoint),
			relist: signal => listInventoryObjects(engine, signal),
		});
		stores.set(engine, store);
	}
	return store;
}

/** The engine's store if a pane has made it: engine events go there (none before a pane shows the objects). */
export function existingInventoryStore(engine: Engine): InventoryStore | undefined {
	return stores.get(engine);
}

/** For component tests: a scripted store in place of the engine's. */
export function provideInventoryStore(engine: Engine, store: InventoryStore): void {
	stores.set(engine, store);
}

/** The shared inventory (objects with sizes) for the cleanup, volumes and networks panes. */
import {useEffect, useMemo, useRef, useState} from 'react';
import type {InventoryState, InventoryStore} from '../model/inventory-store.js';
import {type Inventory, type ProtectLabel, protectLabelOf} from '../model/prune-plan.js';
import {useServices} from '../ui/app-context.js';
import {useObservable} from './use-observable.js';

export function useInventory(isActive: boolean): {store: InventoryStore; state: InventoryState; protect: ProtectLabel; now: number} {
	const {ports, config} = useServices();
	const protect = protectLabelOf(config?.protectLabel);
	const store = ports.cleanup.inventory(protect);
	const state = useObservable(store);
	useEffect(() => {
		if (isActive) store.ensureLoaded();
	}, [isActive, store]);
	const now = useBusyClock(state.loadingSince !== undefined || state.running !== undefined, isActive);
	return {store, state, protect, now};
}

/** A measurement can take minutes: the elapsed time ticks while one runs, so the user sees it is alive. */
function useBusyClock(isBusy: boolean, isActive: boolean): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!isBusy || !isActive) return;
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [isBusy, isActive]);
	return now;
}

/** One engine's inventory: `name` is set with several engines (issue 14). */
export interface EngineInventory {
	name?: string;
	store: InventoryStore;
	state: InventoryState;
}

/**
 * The inventory of every engine for the Volumes and Networks panes (issue 14): with several engines one entry each,
 * in their order, each loaded when the pane is active and failing on its own; with one engine the app's only one.
 */
export function useInventories(isActive: boolean): {inventories: EngineInventory[]; protect: ProtectLabel; now: number} {
	const {ports, config, engines} = useServices();
	const protect = protectLabelOf(config?.protectLabel);
	const sources = useMemo(
		() => (engines ? engines.members.map(member => ({name: member.name, store: member.engine.cleanup.inventory(protect)})) : [{store: ports.cleanup.inventory(protect)}]),
		[engines, ports, protect],
	);
	const [, setVersion] = useState(0);
	useEffect(() => {
		const stops = sources.map(({store}) => store.subscribe(() => setVersion(version => version + 1)));
		return () => {
			for (const stop of stops) stop();
		};
	}, [sources]);
	useEffect(() => {
		if (isActive) for (const {store} of sources) store.ensureLoaded();
	}, [isActive, sources]);
	const inventories = sources.map(source => ({...source, state: source.store.get()}));
	const now = useBusyClock(
		inventories.some(({state}) => state.loadingSince !== undefined || state.running !== undefined),
		isActive,
	);
	return {inventories, protect, now};
}

/**
 * The rows of every engine's inventory in one list (issue 14), each tagged with its engine when there are several,
 * and what the title says: the first measurement still running, and each engine that failed by name.
 */
export function useInventoryRows<R extends {engine?: string}>(
	isActive: boolean,
	toRows: (inventory: Inventory | undefined) => R[],
): {rows: R[]; inventoryOf: (engine: string | undefined) => EngineInventory | undefined; refresh: () => void; protect: ProtectLabel; now: number; isLoaded: boolean; error?: string; notice?: string; loadingSince?: number} {
	const {inventories, protect, now} = useInventories(isActive);
	const last = useRef<{states: InventoryState[]; rows: R[]}>(undefined);
	const states = inventories.map(({state}) => state);
	if (!last.current || last.current.states.length !== states.length || last.current.states.some((state, index) => state !== states[index])) {
		const rows = inventories.flatMap(({name, state}) => toRows(state.inventory).map(row => (name === undefined ? row : {...row, engine: name})));
		last.current = {states, rows};
	}
	const failed = inventories.filter(({state}) => state.error);
	// Entries an engine's answers left out (no ID, a repeated ID: issue 17), per engine.
	const noticed = inventories.filter(({state}) => state.inventory?.notice);
	const loading = inventories.map(({state}) => state.loadingSince).filter((since): since is number => since !== undefined);
	return {
		rows: last.current.rows,
		inventoryOf: engine => inventories.find(({name}) => name === engine),
		refresh: () => {
			for (const {store} of inventories) store.refresh();
		},
		protect,
		now,
		isLoaded: inventories.some(({state}) => state.inventory !== undefined),
		...(failed.length > 0 ? {error: failed.map(({name, state}) => (name === undefined ? state.error : `${name}: ${state.error}`)).join(' · ')} : {}),
		...(noticed.length > 0 ? {notice: noticed.map(({name, state}) => (name === undefined ? state.inventory!.notice! : `${name}: ${state.inventory!.notice!}`)).join(' · ')} : {}),
		...(loading.length > 0 ? {loadingSince: Math.min(...loading)} : {}),
	};
}

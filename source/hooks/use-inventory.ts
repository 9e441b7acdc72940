/** The shared inventory (objects with sizes) for the cleanup, volumes and networks panes. */
import {useEffect, useState} from 'react';
import type {InventoryState, InventoryStore} from '../model/inventory-store.js';
import {type ProtectLabel, protectLabelOf} from '../model/prune-plan.js';
import {useServices} from '../ui/app-context.js';
import {useObservable} from './use-observable.js';

export function useInventory(isActive: boolean): {store: InventoryStore; state: InventoryState; protect: ProtectLabel; now: number} {
	const {ports, config} = useServices();
	const protect = protectLabelOf(config?.protectLabel);
	const store = ports.cleanup.inventory(protect);
	const state = useObservable(store);
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (isActive) store.ensureLoaded();
	}, [isActive, store]);
	// A measurement can take minutes: the elapsed time ticks so the user sees it is alive.
	const isBusy = state.loadingSince !== undefined || state.running !== undefined;
	useEffect(() => {
		if (!isBusy || !isActive) return;
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [isBusy, isActive]);
	return {store, state, protect, now};
}

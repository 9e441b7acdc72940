/**
 * State a pane keeps for the whole session (issue 19): switching panes unmounts the one left, and
 * its filter, sort and selection used to start over on return. A pane names each value it keeps
 * (a slot); the app holds one memory per session, so a context switch starts clean.
 */
import {createContext, type Dispatch, type SetStateAction, useCallback, useContext, useState} from 'react';

export interface PaneMemory {
	/** The pane the values belong to. */
	pane: string;
	values: Map<string, unknown>;
}

export const PaneMemoryContext = createContext<PaneMemory | undefined>(undefined);

/** useState whose value outlives the pane when `slot` is given and the app provides a memory. */
export function useRemembered<T>(slot: string | undefined, initial: T | (() => T)): [T, Dispatch<SetStateAction<T>>] {
	const memory = useContext(PaneMemoryContext);
	const key = memory && slot ? `${memory.pane}.${slot}` : undefined;
	const [value, setValue] = useState<T>(() => {
		if (key && memory!.values.has(key)) return memory!.values.get(key) as T;
		return typeof initial === 'function' ? (initial as () => T)() : initial;
	});
	const set = useCallback<Dispatch<SetStateAction<T>>>(
		action =>
			setValue(previous => {
				const next = typeof action === 'function' ? (action as (previous: T) => T)(previous) : action;
				if (key) memory!.values.set(key, next);
				return next;
			}),
		[key, memory],
	);
	return [value, set];
}

/**
 * An object that outlives the pane like a remembered value (issue 15: no module-level caches): the same
 * one on every mount within the session (an engine switch starts a new session). Without an app memory
 * (component tests) it lives as long as the mount.
 */
export function useSessionValue<T>(slot: string, create: () => T): T {
	const memory = useContext(PaneMemoryContext);
	const [own] = useState(() => (memory ? undefined : create()));
	if (!memory) return own!;
	const key = `${memory.pane}.${slot}`;
	if (!memory.values.has(key)) memory.values.set(key, create());
	return memory.values.get(key) as T;
}

/** A memo of the session keyed by objects that are replaced, never mutated, so it holds results of pure functions only. */
export function useSessionCache<K extends object, V>(slot: string): WeakMap<K, V> {
	return useSessionValue(slot, () => new WeakMap<K, V>());
}

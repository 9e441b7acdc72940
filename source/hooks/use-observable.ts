/** Reads an external store (source/model/observable.ts) with React's useSyncExternalStore. */
import {useSyncExternalStore} from 'react';
import type {ReadableStore} from '../model/observable.js';

export function useObservable<T>(store: ReadableStore<T>): T {
	return useSyncExternalStore(store.subscribe, store.get, store.get);
}

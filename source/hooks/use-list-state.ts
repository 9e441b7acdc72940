/**
 * Selection and scrolling for a list whose rows change under the cursor: the
 * selection follows the same row ID while rows are added, removed or re-sorted,
 * and falls back to the nearest position when its row disappears.
 */
import {useCallback, useMemo, useRef} from 'react';
import {useRemembered} from './use-remembered.js';

export interface ListState {
	selectedIndex: number;
	selectedKey: string | undefined;
	/** First visible row. */
	offset: number;
	moveBy: (delta: number) => void;
	moveTo: (index: number) => void;
	selectKey: (key: string) => void;
	/** The selected key as of the last move, even before React rendered it: for keys that arrive in one chunk. */
	currentKey: () => string | undefined;
	/**
	 * currentKey for a key that acts on the row (call it in a key handler, never in a render): that row is the
	 * selection from then on, so a re-sort the action causes moves the cursor with it, even when it was never moved.
	 */
	actedKey: () => string | undefined;
}

/** Keeps `offset` so that the selected row is visible, moving it as little as possible. */
export function scrollOffset(previousOffset: number, selectedIndex: number, visibleRows: number, rowCount: number): number {
	if (visibleRows <= 0 || rowCount === 0) return 0;
	let offset = previousOffset;
	if (selectedIndex < offset) offset = selectedIndex;
	if (selectedIndex >= offset + visibleRows) offset = selectedIndex - visibleRows + 1;
	return Math.max(0, Math.min(offset, Math.max(0, rowCount - visibleRows)));
}

/** `remember` names the selection in the pane's session memory, so it survives a pane switch (issue 19). */
export function useListState(keys: readonly string[], visibleRows: number, remember?: string): ListState {
	const [selectedKey, setSelectedKey] = useRemembered<string | undefined>(remember, undefined);
	const lastIndex = useRef(0);
	const lastOffset = useRef(0);

	const index = useMemo(() => {
		if (keys.length === 0) return 0;
		const found = selectedKey === undefined ? -1 : keys.indexOf(selectedKey);
		return found >= 0 ? found : Math.min(lastIndex.current, keys.length - 1);
	}, [keys, selectedKey]);
	lastIndex.current = index;
	const offset = scrollOffset(lastOffset.current, index, visibleRows, keys.length);
	lastOffset.current = offset;

	const keysRef = useRef(keys);
	keysRef.current = keys;
	const moveTo = useCallback((target: number) => {
		const current = keysRef.current;
		if (current.length === 0) return;
		const clamped = Math.max(0, Math.min(current.length - 1, target));
		lastIndex.current = clamped;
		setSelectedKey(current[clamped]);
	}, [setSelectedKey]);
	const moveBy = useCallback((delta: number) => moveTo(lastIndex.current + delta), [moveTo]);
	const selectKey = useCallback((key: string) => setSelectedKey(key), [setSelectedKey]);

	const currentKey = useCallback(() => keysRef.current[lastIndex.current], []);
	const actedKey = useCallback(() => {
		const key = keysRef.current[lastIndex.current];
		if (key !== undefined) setSelectedKey(key);
		return key;
	}, [setSelectedKey]);

	return {selectedIndex: index, selectedKey: keys[index], offset, moveBy, moveTo, selectKey, currentKey, actedKey};
}

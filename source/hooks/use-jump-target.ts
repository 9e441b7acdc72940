/** Lets a pane follow "jump to this object" requests from the command palette. */
import {useCallback, useEffect, useRef, useState} from 'react';
import {useServices} from '../ui/app-context.js';

/** `pane` undefined: the pane follows no jumps. */
export function useJumpTarget(pane: string | undefined, select: (key: string, label: string) => void): void {
	const {jumpTo} = useServices();
	useEffect(() => {
		const follow = () => {
			const target = jumpTo.get();
			if (pane === undefined || target?.pane !== pane) return;
			select(target.key, target.label ?? target.key);
			jumpTo.set(undefined);
		};
		follow();
		return jumpTo.subscribe(follow);
	}, [jumpTo, pane, select]);
}

/**
 * A list pane's side of the palette's jump: the cursor lands on the row chosen, and a kept filter that hides
 * that row is cleared, so the cursor never stays on another row of the filtered list (issues 19 and 20).
 */
export function useJumpToRow(pane: string | undefined, list: {selectKey: (key: string) => void; selectedKey: string | undefined}, keys: readonly string[], filter: {text: string; clear: () => void}): void {
	const {notify} = useServices();
	const {selectKey} = list;
	const {text, clear} = filter;
	// The row chosen, while the cursor is on it (or the list has not shown it yet).
	const pending = useRef<{key: string; label: string; isReached?: boolean}>(undefined);
	// Each jump renders once more, so the check below runs even when neither the rows nor the cursor changed:
	// a jump to an object already gone from the list on screen is told at once, not at the list's next change.
	const [jumps, setJumps] = useState(0);
	const select = useCallback(
		(key: string, label: string) => {
			if (text && !keys.includes(key)) clear();
			selectKey(key);
			pending.current = {key, label};
			setJumps(count => count + 1);
		},
		[text, keys, clear, selectKey],
	);
	useJumpTarget(pane, select);
	// Gone since the palette listed it (or not in the list as last read, or removed while the cursor was on it):
	// the cursor is on another row, and the pane says so, so a following key is not taken to act on what was
	// chosen (issue 20). Should it appear, the cursor goes to it, as the selection still names it.
	const {selectedKey} = list;
	useEffect(() => {
		const chosen = pending.current;
		if (!chosen) return;
		if (keys.includes(chosen.key)) {
			if (selectedKey === chosen.key) chosen.isReached = true;
			else if (chosen.isReached) pending.current = undefined; // the user moved on
			return;
		}
		// Under a filter the rows are not the whole list: the jump clears a filter that hides its row, and a pane
		// that opens with the jump still has the filtered rows in its first render (a false "not in this list"
		// after a right jump, issue 20). Only the whole list says the row is gone.
		if (text) return;
		if (keys.length > 0) {
			pending.current = undefined;
			notify(`${chosen.label} is not in this list as last read: the cursor is on another row`, 'error');
		}
	}, [keys, selectedKey, text, jumps, notify]);
}

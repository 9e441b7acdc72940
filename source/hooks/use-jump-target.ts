/** Lets a pane follow "jump to this object" requests from the command palette. */
import {useCallback, useEffect} from 'react';
import {useServices} from '../ui/app-context.js';

/** `pane` undefined: the pane follows no jumps. */
export function useJumpTarget(pane: string | undefined, select: (key: string) => void): void {
	const {jumpTo} = useServices();
	useEffect(() => {
		const follow = () => {
			const target = jumpTo.get();
			if (pane === undefined || target?.pane !== pane) return;
			select(target.key);
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
export function useJumpToRow(pane: string | undefined, list: {selectKey: (key: string) => void}, keys: readonly string[], filter: {text: string; clear: () => void}): void {
	const {selectKey} = list;
	const {text, clear} = filter;
	const select = useCallback(
		(key: string) => {
			if (text && !keys.includes(key)) clear();
			selectKey(key);
		},
		[text, keys, clear, selectKey],
	);
	useJumpTarget(pane, select);
}

/** Lets a pane follow "jump to this object" requests from the command palette. */
import {useEffect} from 'react';
import {useServices} from '../ui/app-context.js';

export function useJumpTarget(pane: string, select: (key: string) => void): void {
	const {jumpTo} = useServices();
	useEffect(() => {
		const follow = () => {
			const target = jumpTo.get();
			if (target?.pane !== pane) return;
			select(target.key);
			jumpTo.set(undefined);
		};
		follow();
		return jumpTo.subscribe(follow);
	}, [jumpTo, pane, select]);
}

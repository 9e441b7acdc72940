/** Tells other panes (logs) which container is selected and which are marked in the containers pane. */
import {useEffect} from 'react';
import {useServices} from '../ui/app-context.js';

export function usePublishSelection(id: string | undefined, marked: ReadonlySet<string>): void {
	const {selection} = useServices();
	useEffect(() => {
		const current = selection.get();
		const ids = [...marked];
		// A list left empty (its container removed, or filtered away) keeps the last one selected for the
		// other panes: the logs pane goes on saying what became of it instead of "no container selected".
		if (id === undefined && ids.length === 0 && current.id !== undefined) return;
		if (current.id === id && current.marked.length === ids.length && ids.every((markedId, index) => current.marked[index] === markedId)) return;
		selection.set({id, marked: ids});
	}, [selection, id, marked]);
}

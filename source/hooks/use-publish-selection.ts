/** Tells other panes (logs) which container is selected and which are marked in the containers pane. */
import {useEffect} from 'react';
import {useServices} from '../ui/app-context.js';

/** `engine`: with several engines, the one the container is on (the Logs and Stats panes follow it, issue 14). */
export function usePublishSelection(id: string | undefined, marked: ReadonlySet<string>, engine?: string): void {
	const {selection} = useServices();
	useEffect(() => {
		const current = selection.get();
		const ids = [...marked];
		// A list left empty (its container removed, or filtered away) keeps the last one selected for the
		// other panes: the logs pane goes on saying what became of it instead of "no container selected".
		// So does a container whose engine was dropped from the view (issue 14).
		if (id === undefined && ids.length === 0 && (current.id !== undefined || current.droppedEngine !== undefined)) return;
		if (current.id === id && current.engine === engine && current.marked.length === ids.length && ids.every((markedId, index) => current.marked[index] === markedId)) return;
		selection.set({id, marked: ids, ...(engine === undefined ? {} : {engine})});
	}, [selection, id, marked, engine]);
}

/** Tells other panes (logs) which container is selected and which are marked in the containers pane. */
import {useEffect} from 'react';
import {useServices} from '../ui/app-context.js';
import {useLatest} from './use-latest.js';

/** `engine`: with several engines, the one the container is on (the Logs and Stats panes follow it, issue 14). */
/** `markedOn`: with marks on more than one engine, each marked container with its engine (the Logs pane merges them). */
export function usePublishSelection(id: string | undefined, marked: ReadonlySet<string>, engine?: string, markedOn?: ReadonlyArray<{engine: string; id: string}>): void {
	const {selection} = useServices();
	// The marks across engines as one string, so a new array of the same marks publishes nothing.
	const markedOnKey = markedOn?.map(mark => `${mark.engine}\u0000${mark.id}`).join('\u0001') ?? '';
	// Read when the key changes: the effect runs for new marks, not for a new array of the same marks.
	const latestMarkedOn = useLatest(markedOn);
	useEffect(() => {
		const markedOn = latestMarkedOn.current;
		const current = selection.get();
		const ids = [...marked];
		const currentOn = current.markedOn?.map(mark => `${mark.engine}\u0000${mark.id}`).join('\u0001') ?? '';
		// A list left empty (its container removed, or filtered away) keeps the last one selected for the
		// other panes: the logs pane goes on saying what became of it instead of "no container selected".
		// So does a container whose engine was dropped from the view (issue 14).
		if (id === undefined && ids.length === 0 && (current.id !== undefined || current.droppedEngine !== undefined)) return;
		if (current.id === id && current.engine === engine && currentOn === markedOnKey && current.marked.length === ids.length && ids.every((markedId, index) => current.marked[index] === markedId)) return;
		selection.set({id, marked: ids, ...(engine === undefined ? {} : {engine}), ...(markedOn && markedOn.length > 0 ? {markedOn} : {})});
	}, [selection, id, marked, engine, markedOnKey, latestMarkedOn]);
}

/** Tells custom commands which object is selected in a pane (see model/custom-commands.ts). */
import {useEffect} from 'react';
import type {TargetObject} from '../model/custom-commands.js';
import {useServices} from '../ui/app-context.js';

export function usePublishTarget(pane: string, target: TargetObject | undefined): void {
	const {paneSelections} = useServices();
	const {kind, id, name, image} = target ?? {};
	useEffect(() => {
		const current = paneSelections.get()[pane];
		if (current?.id === id && current?.name === name && current?.image === image) return;
		paneSelections.update(all => ({...all, [pane]: id === undefined ? undefined : {kind: kind!, id, name: name!, image}}));
	}, [paneSelections, pane, kind, id, name, image]);
}

/** Tells custom commands which object is selected in a pane (see model/custom-commands.ts). */
import {useEffect} from 'react';
import type {TargetObject} from '../model/custom-commands.js';
import {useServices} from '../ui/app-context.js';

export function usePublishTarget(pane: string, target: TargetObject | undefined): void {
	const {paneSelections, engines} = useServices();
	const {kind, id, name, image} = target ?? {};
	// With several engines, the address of the row's engine (a member's name in `engine`), for `{engine}` (issue 14).
	const engine = target?.engine === undefined ? undefined : (engines?.memberOf(target.engine)?.engine.engine.url ?? target.engine);
	useEffect(() => {
		const current = paneSelections.get()[pane];
		if (current?.id === id && current?.name === name && current?.image === image && current?.engine === engine) return;
		paneSelections.update(all => ({...all, [pane]: id === undefined ? undefined : {kind: kind!, id, name: name!, image, ...(engine === undefined ? {} : {engine})}}));
	}, [paneSelections, pane, kind, id, name, image, engine]);
}

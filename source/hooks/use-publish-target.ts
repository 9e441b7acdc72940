/** Tells custom commands which object is selected in a pane (see model/custom-commands.ts). */
import {useEffect} from 'react';
import type {TargetObject} from '../model/custom-commands.js';
import {useServices} from '../ui/app-context.js';

export function usePublishTarget(pane: string, target: TargetObject | undefined): void {
	const {paneSelections, engines} = useServices();
	const {kind, id, name, image} = target ?? {};
	// With several engines, the address of the row's engine (a member's name in `engine`), for `{engine}` (issue 14).
	const member = target?.engine === undefined ? undefined : engines?.memberOf(target.engine);
	const engine = target?.engine === undefined ? undefined : (member?.engine.engine.url ?? target.engine);
	const engineName = member?.name;
	useEffect(() => {
		const current = paneSelections.get()[pane];
		if (current?.id === id && current?.name === name && current?.image === image && current?.engine === engine && current?.engineName === engineName) return;
		paneSelections.update(all => ({
			...all,
			[pane]: id === undefined ? undefined : {kind: kind!, id, name: name!, image, ...(engine === undefined ? {} : {engine}), ...(engineName === undefined ? {} : {engineName})},
		}));
	}, [paneSelections, pane, kind, id, name, image, engine, engineName]);
}

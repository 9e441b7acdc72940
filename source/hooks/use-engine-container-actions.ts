/**
 * Marks and actions over the containers of several engines (issue 14). Marks are row keys (engine + ID), held by the
 * pane, so moving the cursor to another engine's row keeps them. An action takes the marked rows the filter shows
 * (else the selected one), captured at the key press, and sends each engine its own share after one confirmation
 * naming how many go to each engine. Rows of an engine that does not answer are refused up front, before any dialog
 * or request, and their marks are kept.
 */
import {useCallback} from 'react';
import type {ContainerAction} from '../model/action-rules.js';
import {type EngineRow, engineRowKey, type MultiEngineView} from '../model/multi-engine.js';
import type {EnginePorts} from '../model/ports.js';
import {useServices} from '../ui/app-context.js';
import {scopedServices} from '../ui/engine-services.js';
import {type ContainerActions, type EngineGroup, isAnyDown, runContainerActionOnEngines, useMarkedActions} from './use-container-actions.js';

const rowKeyOf = (row: EngineRow) => row.key;

/**
 * @param all every engine's rows
 * @param shown the rows on screen, in order (after filter and sort)
 * @param currentKey the row key under the cursor, read at the key press (ListState.actedKey)
 * @param moveDown called after Space, so marking runs down the list
 */
export function useEngineContainerActions(
	engines: MultiEngineView<EnginePorts>,
	all: readonly EngineRow[],
	shown: readonly EngineRow[],
	currentKey: () => string | undefined,
	moveDown: () => void,
): ContainerActions {
	const services = useServices();
	const act = useCallback(
		async (action: ContainerAction, chosen: readonly EngineRow[], removeVolumes: boolean, leftOut: string) => {
			// An engine that does not answer gets nothing, not even a queued request: its rows are as last seen.
			if (isAnyDown(services, [...new Set(chosen.map(row => row.engine))], action)) return undefined;
			const groups: EngineGroup[] = engines.members.flatMap(member => {
				const own = chosen.filter(row => row.engine === member.name);
				return own.length > 0 ? [{engine: member.name, services: scopedServices(services, member), chosen: own}] : [];
			});
			const outcome = await runContainerActionOnEngines(services, action, groups, removeVolumes, leftOut);
			if (!outcome) return undefined;
			const done = new Set<string>();
			for (const [engine, {ids, failed}] of outcome) for (const id of ids) if (!failed.has(id)) done.add(engineRowKey(engine, id));
			return done;
		},
		[services, engines],
	);
	return useMarkedActions(all, shown, currentKey, rowKeyOf, moveDown, act);
}

/**
 * With several engines (issue 14), a part of the UI that acts on one engine sees the app's services with that
 * engine's ports, store and sync: actions, details, shells, logs and stats then go to the row's own engine
 * without knowing there are others. The confirmation names the engine (ui/engine-label.ts finds it by its ports).
 */
import React, {useEffect, useMemo} from 'react';
import {useCommands, type CommandHandlers} from '../../hooks/use-commands.js';
import {useContainerActions} from '../../hooks/use-container-actions.js';
import {useExecShell} from '../../hooks/use-exec-shell.js';
import {useObservable} from '../../hooks/use-observable.js';
import {usePublishSelection} from '../../hooks/use-publish-selection.js';
import {type EngineMember, type EngineRow, engineRowKey, matchingOnEngine} from '../../model/multi-engine.js';
import type {EnginePorts} from '../../model/ports.js';
import {AppContext, useServices} from '../app-context.js';
import {type Cell, type Column, withEngineCell, withEngineColumn} from '../format/columns.js';
import {useTheme} from '../../hooks/use-theme.js';

/** The app's services, but with the ports and sync of one member. */
export function EngineScope({member, children}: {member: EngineMember<EnginePorts>; children: React.ReactNode}) {
	const services = useServices();
	// A member with its images carries its runs and builds too (absent under --read-only): they go to its engine.
	const scoped = useMemo(
		() => ({...services, ports: member.engine, containers: member.store, sync: member.sync, ...(member.images ? {images: member.images, run: member.run, builds: member.builds} : {})}),
		[services, member],
	);
	return <AppContext.Provider value={scoped}>{children}</AppContext.Provider>;
}

/** A pane that shows the selected container (Logs, Stats) follows that container's engine. */
export function followingSelectedEngine<P extends object>(Pane: React.ComponentType<P>): React.ComponentType<P> {
	function FollowingSelectedEngine(props: P) {
		const {engines, selection, ports} = useServices();
		const {engine} = useObservable(selection);
		const member = engines && engine ? engines.memberOf(engine) : undefined;
		if (!member || member.engine === ports) return <Pane {...props} />;
		return (
			<EngineScope member={member}>
				<Pane key={member.name} {...props} />
			</EngineScope>
		);
	}
	return FollowingSelectedEngine;
}

export interface EngineRowKeysProps {
	member: EngineMember<EnginePorts>;
	/** The rows shown, of every engine. */
	rows: readonly EngineRow[];
	currentKey: () => string | undefined;
	/** currentKey for an action: that row becomes the selection (ListState.actedKey). */
	actedKey?: () => string | undefined;
	moveDown: () => void;
	isActive: boolean;
	onMarked: (keys: ReadonlySet<string>) => void;
	/** Also open a shell (`e`) in the selected container, and publish it for the Logs and Stats panes. */
	isFull?: boolean;
	/** More handlers of the containers scope (details). */
	extra?: CommandHandlers;
}

/**
 * The containers keys of a list of several engines' rows, rendered inside <EngineScope> of the selected row's engine:
 * marks and actions apply within that engine; moving to another engine's row starts afresh.
 */
export function EngineRowKeys({member, rows, currentKey, actedKey = currentKey, moveDown, isActive, onMarked, isFull = false, extra}: EngineRowKeysProps) {
	const {isReadOnly} = useServices();
	const own = useObservable(member.store);
	const shown = useMemo(() => rows.filter(row => row.engine === member.name), [rows, member]);
	const currentId = () => {
		const key = actedKey();
		const row = key ? rows.find(candidate => candidate.key === key) : undefined;
		return row?.engine === member.name ? row.id : undefined;
	};
	const actions = useContainerActions(own, shown, currentId, moveDown);
	useEffect(() => {
		onMarked(new Set([...actions.marked].map(id => engineRowKey(member.name, id))));
	}, [actions.marked, member, onMarked]);
	useEffect(() => () => onMarked(new Set()), [onMarked]);
	const key = currentKey();
	const selectedId = key ? rows.find(row => row.key === key && row.engine === member.name)?.id : undefined;
	return isFull ? <FullKeys selectedId={selectedId} marked={actions.marked} member={member} handlers={{...actions.handlers, ...extra}} isActive={isActive} isReadOnly={isReadOnly} /> : <Keys handlers={actions.handlers} isActive={isActive} isReadOnly={isReadOnly} />;
}

function Keys({handlers, isActive, isReadOnly}: {handlers: CommandHandlers; isActive: boolean; isReadOnly: boolean}) {
	useCommands(['containers'], handlers, {isActive, isReadOnly});
	return null;
}

function FullKeys({selectedId, marked, member, handlers, isActive, isReadOnly}: {selectedId: string | undefined; marked: ReadonlySet<string>; member: EngineMember<EnginePorts>; handlers: CommandHandlers; isActive: boolean; isReadOnly: boolean}) {
	usePublishSelection(selectedId, marked, member.name);
	const exec = useExecShell(selectedId);
	useCommands(['containers'], {...handlers, ...exec.handlers}, {isActive, isReadOnly});
	return null;
}

/**
 * A list pane's columns, cells and matcher over several engines' rows (issue 14): ENGINE first and `engine:NAME`
 * in the filter; with one engine, the pane's own, unchanged.
 */
export function useEngineList<T extends {engine?: string}>(
	columns: readonly Column[],
	cellsOf: (row: T) => readonly Cell[],
	matches: (row: T, filter: string) => boolean,
): {columns: readonly Column[]; cellsOf: (row: T) => readonly Cell[]; matches: (row: T, filter: string) => boolean} {
	const {engines} = useServices();
	const theme = useTheme();
	return useMemo(() => {
		// The row's own cells are made once per row object; so are they with the engine's before them.
		const made = new WeakMap<readonly Cell[], Cell[]>();
		const withEngine = (row: T) => {
			const own = cellsOf(row);
			let cells = made.get(own);
			if (!cells) {
				cells = withEngineCell(row.engine ?? '', own, theme.accent);
				made.set(own, cells);
			}
			return cells;
		};
		return engines
				? {
						columns: withEngineColumn(columns),
						cellsOf: withEngine,
						matches: matchingOnEngine(
							matches,
							engines.members.map(member => member.name),
						),
					}
				: {columns, cellsOf, matches};
	}, [engines, columns, cellsOf, matches, theme]);
}

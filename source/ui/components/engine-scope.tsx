/**
 * With several engines (issue 14), a part of the UI that acts on one engine sees the app's services with that
 * engine's ports, store and sync: actions, details, shells, logs and stats then go to the row's own engine
 * without knowing there are others. The confirmation names the engine (ui/engine-label.ts finds it by its ports).
 */
import React, {useMemo} from 'react';
import {useCommands, type CommandHandlers} from '../../hooks/use-commands.js';
import type {ContainerActions} from '../../hooks/use-container-actions.js';
import {useExecShell} from '../../hooks/use-exec-shell.js';
import {useObservable} from '../../hooks/use-observable.js';
import {usePublishSelection} from '../../hooks/use-publish-selection.js';
import {downEngines, engineDownRefusal, type EngineHealth, type EngineMember, type EngineRow, matchingOnEngine, unansweringNote} from '../../model/multi-engine.js';
import {Observable} from '../../model/observable.js';
import {COMMANDS, commandWord, type CommandId} from '../../keymap/keymap.js';
import type {EnginePorts} from '../../model/ports.js';
import {AppContext, type AppServices, useServices} from '../app-context.js';
import {scopedServices} from '../engine-services.js';
import {type Cell, type Column, lastSeenCells, withEngineCell, withEngineColumn} from '../format/columns.js';
import {useTheme} from '../../hooks/use-theme.js';

/** The app's services, but with the ports and sync of one member. */
export function EngineScope({member, children}: {member: EngineMember<EnginePorts>; children: React.ReactNode}) {
	const services = useServices();
	const scoped = useMemo(() => scopedServices(services, member), [services, member]);
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
	/** Marks (row keys, across engines) and the action keys: the pane's, so they outlive a move to another engine's row. */
	actions: ContainerActions;
	isActive: boolean;
	/** Also open a shell (`e`) in the selected container, and publish it for the Logs and Stats panes. */
	isFull?: boolean;
	/** More handlers of the containers scope (details). */
	extra?: CommandHandlers;
}

/**
 * The containers keys of a list of several engines' rows, rendered inside <EngineScope> of the selected row's engine:
 * a shell opens on that engine; marks and actions are the pane's, across engines (useEngineContainerActions).
 */
export function EngineRowKeys({member, rows, currentKey, actions, isActive, isFull = false, extra}: EngineRowKeysProps) {
	const {isReadOnly} = useServices();
	const key = currentKey();
	const selectedId = key ? rows.find(row => row.key === key && row.engine === member.name)?.id : undefined;
	// The Logs pane merges the marked containers of the selected row's engine.
	const ownMarks = useMemo(() => new Set(rows.filter(row => row.engine === member.name && actions.marked.has(row.key)).map(row => row.id)), [rows, member, actions.marked]);
	// Marks on more than one engine: the Logs pane merges them all, each on its own engine (issue 14).
	const markedOn = useMemo(() => {
		const marks = rows.filter(row => actions.marked.has(row.key)).map(row => ({engine: row.engine, id: row.id}));
		return new Set(marks.map(mark => mark.engine)).size > 1 ? marks : undefined;
	}, [rows, actions.marked]);
	return isFull ? <FullKeys selectedId={selectedId} marked={ownMarks} markedOn={markedOn} member={member} handlers={{...actions.handlers, ...extra}} isActive={isActive} isReadOnly={isReadOnly} /> : <Keys handlers={actions.handlers} isActive={isActive} isReadOnly={isReadOnly} />;
}

function Keys({handlers, isActive, isReadOnly}: {handlers: CommandHandlers; isActive: boolean; isReadOnly: boolean}) {
	useCommands(['containers'], handlers, {isActive, isReadOnly});
	return null;
}

function FullKeys({selectedId, marked, markedOn, member, handlers, isActive, isReadOnly}: {selectedId: string | undefined; marked: ReadonlySet<string>; markedOn: ReadonlyArray<{engine: string; id: string}> | undefined; member: EngineMember<EnginePorts>; handlers: CommandHandlers; isActive: boolean; isReadOnly: boolean}) {
	usePublishSelection(selectedId, marked, member.name, markedOn);
	const exec = useExecShell(selectedId);
	const services = useServices();
	// A shell on a down engine's row is refused up front too (issue 14); actions refuse on their own, marks and all.
	useCommands(['containers'], {...handlers, ...refusingOnDownEngine(services, exec.handlers, () => member.name)}, {isActive, isReadOnly});
	return null;
}

const NO_HEALTH = new Observable<readonly EngineHealth[]>([]);

/** The engines whose rows are as last seen (issue 14): they listed once and do not answer now. Empty with one engine. */
export function useDownEngines(): ReadonlySet<string> {
	const {engines} = useServices();
	const health = useObservable(engines?.health ?? NO_HEALTH);
	return useMemo(() => downEngines(health), [health]);
}

/**
 * What a list pane's title adds while engines do not answer (issue 14): rows as last seen for those it listed
 * (`isListed`), "nothing loaded from it yet" for one that went down before the pane listed it. Empty with one engine.
 */
export function useUnansweringNote(isListed: (engine: string) => boolean): string {
	const {engines} = useServices();
	const health = useObservable(engines?.health ?? NO_HEALTH);
	return unansweringNote(health, isListed);
}

/** What a pane's title adds while engines are down (issue 14): their rows are as last seen. */
export function lastSeenNote(down: ReadonlySet<string>): string {
	return down.size === 0 ? '' : ` · ${[...down].join(', ')} not answering: ${down.size === 1 ? 'its' : 'their'} rows as last seen`;
}

/**
 * A pane's handlers, where every key that changes an engine or writes a file (the keymap's flags) is refused up
 * front on a down engine's row (issue 14): one line naming the engine, nothing sent, nothing queued. `engineOf`
 * says, at the key press, which engine the key would act on.
 */
export function refusingOnDownEngine(services: Pick<AppServices, 'engines' | 'notify'>, handlers: CommandHandlers, engineOf: () => string | undefined): CommandHandlers {
	const {engines} = services;
	if (!engines) return handlers;
	const guarded: CommandHandlers = {...handlers};
	for (const [id, handler] of Object.entries(handlers) as Array<[CommandId, (key: string) => void]>) {
		const command = COMMANDS.find(candidate => candidate.id === id);
		if (!command || !(command.isMutating || command.writesFile)) continue;
		guarded[id] = key => {
			const engine = engineOf();
			if (engine !== undefined && downEngines(engines.health.get()).has(engine)) services.notify(engineDownRefusal(commandWord(command), [engine]), 'error');
			else handler(key);
		};
	}
	return guarded;
}

/**
 * A list pane's columns, cells and matcher over several engines' rows (issue 14): ENGINE first and `engine:NAME`
 * in the filter; with one engine, the pane's own, unchanged. A down engine's rows are dimmed, their ENGINE cell
 * marked `? NAME` (these lists have no state to say it in).
 */
export function useEngineList<T extends {engine?: string}>(
	columns: readonly Column[],
	cellsOf: (row: T) => readonly Cell[],
	matches: (row: T, filter: string) => boolean,
	/** The cell (after ENGINE) that says `? engine down` on a down engine's rows, for a list that has a state. */
	stateIndex?: number,
): {columns: readonly Column[]; cellsOf: (row: T) => readonly Cell[]; matches: (row: T, filter: string) => boolean} {
	const {engines} = useServices();
	const theme = useTheme();
	const down = useDownEngines();
	return useMemo(() => {
		// The row's own cells are made once per row object; so are they with the engine's before them.
		const made = new WeakMap<readonly Cell[], Cell[]>();
		const withEngine = (row: T) => {
			const own = cellsOf(row);
			let cells = made.get(own);
			if (!cells) {
				const engine = row.engine ?? '';
				cells = down.has(engine) ? lastSeenCells(withEngineCell(`? ${engine}`, own), theme.muted, stateIndex) : withEngineCell(engine, own, theme.accent);
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
	}, [engines, columns, cellsOf, matches, theme, down, stateIndex]);
}

/**
 * Several engines in one view (issue 7): every container of every engine given
 * with `-H a -H b` or `--all-contexts`, with an ENGINE column, and one status
 * line per engine, so a failed engine shows as failed beside the ones that work.
 * Actions (start, stop, ...) go to the engine of the selected row: they run
 * through the same hook as the containers pane, under that engine's services.
 * Render only.
 */
import {Box, Text} from 'ink';
import React, {useEffect, useMemo, useState} from 'react';
import type {Engine} from '../../docker/engine.js';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useContainerActions} from '../../hooks/use-container-actions.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {type EngineMember, type EngineRow, engineRowKey, type MultiEngineView} from '../../model/multi-engine.js';
import {AppContext, useServices} from '../app-context.js';
import {type Cell, type Column, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {containerCells, matchesFilter, sortContainers} from '../format/container-row.js';
import {theme} from '../theme.js';
import type {PaneProps} from './registry.js';
import {plural} from '../../model/plural.js';

const COLUMNS: readonly Column[] = [
	// PROJECT goes first at 80 columns, then IMAGE; STATUS stays longest (issue 18).
	{key: 'engine', title: 'ENGINE', grow: 2, minWidth: 10},
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'state', title: 'STATE', width: 14},
	{key: 'image', title: 'IMAGE', grow: 3, dropOrder: 2, minWidth: 12},
	{key: 'status', title: 'STATUS', grow: 3, dropOrder: 1, minWidth: 12},
	{key: 'project', title: 'PROJECT', grow: 2, dropOrder: 3},
];

const cellCache = new WeakMap<EngineRow, Cell[]>();
function cellsOf(row: EngineRow): Cell[] {
	let cells = cellCache.get(row);
	if (!cells) {
		const c = containerCells(row, 0);
		cells = [
			{text: row.engine, color: theme.accent},
			{text: c.name},
			{text: c.state, color: c.stateColor},
			{text: c.image},
			{text: c.status, color: theme.muted},
			{text: c.project},
		];
		cellCache.set(row, cells);
	}
	return cells;
}

const rowKey = (row: EngineRow) => row.key;

export function EnginesPane(props: PaneProps) {
	const {engines, engine} = useServices();
	if (!engines) {
		return (
			<Box flexDirection="column" width={props.width} height={props.height}>
				<Text bold>Engines 1</Text>
				<Text>{engine.endpoint.url}</Text>
				<Text color={theme.muted}>Start dockdash with -H ADDRESS -H ADDRESS, or --all-contexts, to see the containers of several engines here.</Text>
			</Box>
		);
	}
	return <MultiEngines {...props} engines={engines} />;
}

function MultiEngines({width, height, isActive, top, engines}: PaneProps & {engines: MultiEngineView<Engine>}) {
	const {isReadOnly} = useServices();
	const all = useObservable(engines);
	const health = useObservable(engines.health);
	const filterField = useTextField({isActive, remember: 'filter', isNewOnOpen: true});
	const filter = filterField.value;
	// Grouped by engine in the order given, by state within an engine as in the containers pane;
	// the filter matches what the containers pane matches, or the engine's name.
	const rows = useMemo(() => {
		const order = new Map(engines.members.map((member, index) => [member.name, index]));
		const matching = filter ? all.filter(row => row.engine.includes(filter) || matchesFilter(row, filter)) : all;
		return (sortContainers(matching, 'state') as EngineRow[]).sort((a, b) => order.get(a.engine)! - order.get(b.engine)!);
	}, [all, engines, filter]);
	const keys = useMemo(() => rows.map(rowKey), [rows]);
	const showsFilter = filterField.isOpen || filter !== '';
	const tableHeight = Math.max(1, height - 2 - health.length - (showsFilter ? 1 : 0));
	const list = useListState(keys, tableHeight, 'selected');
	// Rows start below the title line, one line per engine, and the column header.
	useListMouse(list, {firstRowY: top + 2 + health.length, visibleRows: tableHeight, rowCount: rows.length, isActive});
	const selected = rows.find(row => row.key === list.selectedKey);
	const member = selected ? engines.memberOf(selected.engine) : undefined;
	const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());

	useCommands(
		['list'],
		{...listMovement(list, tableHeight, rows.length), 'list.filter': filterField.open, 'list.clearFilter': () => filterField.setValue('')},
		{isActive, isReadOnly},
	);

	const up = health.filter(engine => engine.isLoaded && engine.status.isConnected).length;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				Engines {health.length} · {up} connected · {filter ? `${rows.length} of ${all.length}` : all.length} containers{marked.size > 0 ? ` · ${marked.size} marked` : ''}
			</Text>
			{health.map(engine => (
				<Text key={engine.name} wrap="truncate">
					{engine.status.isConnected ? (
						<Text color={theme.success}>● {engine.name}</Text>
					) : (
						<Text color={theme.danger}>○ {engine.name}</Text>
					)}
					{engine.isUnverifiedTls ? (
						<Text bold color={theme.danger}>
							{' TLS unverified'}
						</Text>
					) : null}
					{engine.status.isConnected || (engine.isLoaded && !engine.status.problem)
						? ` · ${plural(engine.count, 'container')}`
						: ` · failed: ${engine.status.problem ?? 'connecting…'}`}
				</Text>
			))}
			<Table
				columns={COLUMNS}
				rows={rows}
				rowKey={rowKey}
				cellsOf={cellsOf}
				selectedIndex={list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				markedKeys={marked}
				emptyText={health.every(engine => !engine.isLoaded) ? 'loading…' : filter ? `no container matches "${filter}"` : 'no containers'}
			/>
			{showsFilter ? <TextInput label="filter: " value={filter} isActive={filterField.isOpen} /> : null}
			{member ? (
				<EngineScope key={member.name} member={member}>
					<EngineActions
						member={member}
						rows={rows}
						currentKey={list.currentKey}
						moveDown={() => list.moveBy(1)}
						isActive={isActive}
						onMarked={setMarked}
					/>
				</EngineScope>
			) : null}
		</Box>
	);
}

/** The app's services, but with the engine and sync of one member: what the action hook acts on. */
function EngineScope({member, children}: {member: EngineMember<Engine>; children: React.ReactNode}) {
	const services = useServices();
	const scoped = useMemo(() => ({...services, engine: member.engine, containers: member.store, sync: member.sync}), [services, member]);
	return <AppContext.Provider value={scoped}>{children}</AppContext.Provider>;
}

interface EngineActionsProps {
	member: EngineMember<Engine>;
	rows: readonly EngineRow[];
	currentKey: () => string | undefined;
	moveDown: () => void;
	isActive: boolean;
	onMarked: (keys: ReadonlySet<string>) => void;
}

// Marks and actions apply within the selected row's engine; moving to another engine's row starts afresh.
function EngineActions({member, rows, currentKey, moveDown, isActive, onMarked}: EngineActionsProps) {
	const {isReadOnly} = useServices();
	const own = useObservable(member.store);
	const shown = useMemo(() => rows.filter(row => row.engine === member.name), [rows, member]);
	const currentId = () => {
		const key = currentKey();
		const row = key ? rows.find(candidate => candidate.key === key) : undefined;
		return row?.engine === member.name ? row.id : undefined;
	};
	const actions = useContainerActions(own, shown, currentId, moveDown);
	useEffect(() => {
		onMarked(new Set([...actions.marked].map(id => engineRowKey(member.name, id))));
	}, [actions.marked, member, onMarked]);
	useEffect(() => () => onMarked(new Set()), [onMarked]);
	useCommands(['containers'], actions.handlers, {isActive, isReadOnly});
	return null;
}

/** The containers pane: every container (`ps -a`), live, sortable and filterable. Render only. */
import {useCallback, useMemo, useState} from 'react';
import type {ContainerSummary} from '../../model/types.js';
import {useLayerSwitch} from '../../hooks/key-router.js';
import {useCommands} from '../../hooks/use-commands.js';
import {isAnyDown, useContainerActions} from '../../hooks/use-container-actions.js';
import {useEngineContainerActions} from '../../hooks/use-engine-container-actions.js';
import {useExecShell} from '../../hooks/use-exec-shell.js';
import {type ListSortSpec, useListPane} from '../../hooks/use-list-pane.js';
import {useNow} from '../../hooks/use-now.js';
import {useSessionCache} from '../../hooks/use-remembered.js';
import {usePublishSelection} from '../../hooks/use-publish-selection.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useServices} from '../app-context.js';
import {useContainerTransfers} from '../../hooks/use-container-transfers.js';
import {usePromptField} from '../../hooks/use-prompt-field.js';
import {TransferLine} from '../components/transfer-line.js';
import {ListPaneView} from '../components/list-pane.js';
import {type Cell, type Column, sortArrow} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {EngineRowKeys, EngineScope, lastSeenNote} from '../components/engine-scope.js';
import {downEngines, type EngineRow, matchingOnEngine, type MultiEngineView} from '../../model/multi-engine.js';
import type {EnginePorts} from '../../model/ports.js';
import {lastSeenCells, withEngineCell, withEngineColumn} from '../format/columns.js';
import {CONTAINER_COLUMNS, CONTAINER_SORT_KEYS, type ContainerSortKey, containerRowCells, isDescendingOrder, matchesFilter, sortContainers, statusNow} from '../format/container-row.js';
import {marksNote} from '../format/list-title.js';
import {TitleBar} from '../components/title-bar.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';
import {DetailsPane} from './details-pane.js';
import {FilesView} from './files-view.js';
import type {PaneProps} from './registry.js';

// Rows keep their object identity while unchanged (see ContainerStore), so
// their cells are computed once per change, not once per render; only the
// STATUS cell follows the clock (its age is moved on when drawn, issue 19).
// The cache is the session's (useSessionCache), whose theme does not change.
type CellCache = WeakMap<ContainerSummary, {status: string; cells: Cell[]}>;
function cellsAt(container: ContainerSummary, now: number, theme: Theme, cellCache: CellCache): Cell[] {
	const status = statusNow(container, now);
	let cached = cellCache.get(container);
	if (!cached || cached.status !== status) {
		cached = {status, cells: containerRowCells(container, status, theme)};
		cellCache.set(container, cached);
	}
	return cached.cells;
}

const rowKey = (container: ContainerSummary) => container.id;

type SortMemo = {sortKey: ContainerSortKey; isDescending: boolean; rows: ContainerSummary[]};

// Running first (by state); `created` reads newest first (isDescendingOrder).
const SORT_BASE = {keys: CONTAINER_SORT_KEYS, initial: 'state', isShownDescending: isDescendingOrder} as const;
const ENGINES_SORT: ListSortSpec<EngineRow, ContainerSortKey> = {...SORT_BASE, order: sortContainers};

/** The columns the config asks for, in its order; cells stay where cellsOf puts them. */
export function pickColumns(all: readonly Column[], keys: readonly string[] | undefined): readonly Column[] {
	if (!keys) return all;
	return keys.flatMap(key => {
		const index = all.findIndex(column => column.key === key);
		return index >= 0 ? [{...all[index]!, cellIndex: index}] : [];
	});
}

type Prompt = {kind: 'commit' | 'export'; id: string; name: string};

export function ContainersPane(props: PaneProps) {
	const {engines} = useServices();
	// Several engines (issue 14): every engine's containers, with an ENGINE column; one engine: no such column.
	return engines ? <EnginesContainersPane {...props} engines={engines} /> : <OneEngineContainersPane {...props} />;
}

function OneEngineContainersPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const {containers: store, isReadOnly, config} = useServices();
	const columns = useMemo(() => pickColumns(CONTAINER_COLUMNS, config.columns['containers']), [config]);
	const all = useObservable(store);
	// Tab through the panes remounts this one; with the list unchanged, coming back reuses the last
	// sort instead of sorting every container again (issue 8: no whole-list work on a key).
	// Keyed by the store's list (replaced, never mutated), so it is a memo of a pure function: another
	// engine's store has its own entry, and a list no longer referenced drops out.
	const lastSorted = useSessionCache<readonly ContainerSummary[], SortMemo>('sorted');
	const cellCache = useSessionCache<ContainerSummary, {status: string; cells: Cell[]}>('cells');
	const sort = useMemo<ListSortSpec<ContainerSummary, ContainerSortKey>>(
		() => ({
			...SORT_BASE,
			order: (list, sortKey, isDescending) => {
				const last = lastSorted.get(list);
				if (last && last.sortKey === sortKey && last.isDescending === isDescending) return last.rows;
				const sorted = sortContainers(list, sortKey, isDescending);
				lastSorted.set(list, {sortKey, isDescending, rows: sorted});
				return sorted;
			},
		}),
		[lastSorted],
	);

	const transfers = useContainerTransfers();
	// What the prompt is for is captured with the container when the key was pressed: the answer acts on that one.
	const {field: promptField, prompt, open: openPrompt} = usePromptField<Prompt>({
		isActive,
		onSubmit: (prompt, value) => {
			if (prompt.kind === 'commit') transfers.commit(prompt, value);
			else transfers.exportTo(prompt, value);
		},
	});
	const transferLines = transfers.state ? 1 : 0;
	// The filter's line is kept, open or not; a running transfer's line sits above it.
	const pane = useListPane({rows: all, rowKey, matches: matchesFilter, height, top, isActive, isFilterLineKept: true, linesBelow: transferLines, jumpPane: 'containers', sort});
	const {list} = pane;
	const rows = pane.shown;
	const filter = pane.filter.text;
	const actions = useContainerActions(all, rows, list.actedKey, () => list.moveBy(1));
	// The container whose details are open, captured at Enter: a re-sort does not change what is shown.
	const [details, setDetails] = useState<{id: string; name: string}>();
	// The container whose files are open (issue 13), captured at f like the details.
	const [files, setFiles] = useState<{id: string; name: string}>();
	// Keys read with the key that opens or closes them go to what it opened (see useLayerSwitch).
	const switching = useLayerSwitch(`${details?.id ?? ''}:${files?.id ?? ''}`);
	usePublishSelection(list.selectedKey, actions.marked);
	const exec = useExecShell(list.selectedKey);

	useCommands(
		['list', 'containers'],
		{
			...pane.handlers,
			...actions.handlers,
			'containers.details': () => {
				const selected = pane.current();
				if (selected) switching(() => setDetails({id: selected.id, name: selected.name}));
			},
			'containers.files': () => {
				const selected = pane.current();
				if (selected) switching(() => setFiles({id: selected.id, name: selected.name}));
			},
			...exec.handlers,
			'containers.commit': () => {
				const selected = pane.current();
				if (!selected) return;
				openPrompt({kind: 'commit', id: selected.id, name: selected.name}, '');
			},
			'containers.export': () => {
				const selected = pane.current();
				if (!selected) return;
				openPrompt({kind: 'export', id: selected.id, name: selected.name}, `${selected.name}.tar`);
			},
		},
		{isActive: isActive && !details && !files, isReadOnly},
	);

	const running = useMemo(() => all.filter(container => container.state === 'running').length, [all]);
	// Ages in the STATUS column count on by the second, as docker ps would show them now; read twice a second so a
	// shown second is at most half a second late.
	const now = useNow(500, isActive && !details && !files);
	const cellsOf = useCallback((container: ContainerSummary) => cellsAt(container, now, theme, cellCache), [now, theme, cellCache]);
	if (files) return <FilesView containerId={files.id} name={files.name} width={width} height={height} isActive={isActive} onClose={() => switching(() => setFiles(undefined))} />;
	if (details) return <DetailsPane containerId={details.id} name={details.name} width={width} height={height} isActive={isActive} onClose={() => switching(() => setDetails(undefined))} />;

	// Marked rows the filter hides are not acted on: the title says how many, before any key (issue 20).
	const title = `Containers ${pane.countText} · ${running} running${marksNote(actions.marked.size, pane.hiddenOf(actions.marked))}`;
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={columns}
			rowKey={rowKey}
			cellsOf={cellsOf}
			markedKeys={actions.marked}
			emptyText={!store.isLoaded ? 'loading…' : filter ? `no container matches "${filter}"` : 'no containers'}
			header={<ContainersTitle title={title} pane={pane} width={width} />}
			belowTable={transfers.state ? <TransferLine state={transfers.state} width={width} /> : null}
			fieldLine={
				promptField.isOpen ? (
					<TextInput
						label={prompt?.kind === 'commit' ? `commit ${prompt.name} as (REPOSITORY[:TAG] -m MESSAGE -a AUTHOR --no-pause): ` : `export ${prompt?.name ?? ''} to (FILE.tar): `}
						value={promptField.value}
						isSelected={promptField.isSelected}
						isActive
					/>
				) : undefined
			}
		/>
	);
}

/** The containers pane's title line: counts on the left, the sort on the right. */
function ContainersTitle({title, pane, width}: {title: string; pane: {sort: {key: ContainerSortKey; isShownDescending: boolean} | undefined}; width: number}) {
	const theme = useTheme();
	const sort = pane.sort!;
	return <TitleBar title={[{text: title}]} aside={`sort: ${sort.key} ${sortArrow(sort.isShownDescending)}`} asideColor={theme.muted} width={width} />;
}

type EngineCellCache = WeakMap<EngineRow, {cells: Cell[]; withEngine: Cell[]}>;
// The STATE cell's place among cellsAt's cells, after the ENGINE cell.
const ENGINE_STATE_CELL = 2;
function engineCellsAt(row: EngineRow, now: number, theme: Theme, cellCache: CellCache, engineCache: EngineCellCache): Cell[] {
	// A down engine's STATUS is as it was listed: its age does not move on, since nobody knows it is still up.
	const cells = cellsAt(row, row.isEngineDown ? (row.listedAt ?? now) : now, theme, cellCache);
	const cached = engineCache.get(row);
	if (cached && cached.cells === cells) return cached.withEngine;
	// A down engine's rows are as last seen: dimmed, and the state says why instead of "running" (issue 14).
	const withEngine = row.isEngineDown ? lastSeenCells([{text: row.engine}, ...cells], theme.muted, ENGINE_STATE_CELL) : withEngineCell(row.engine, cells, theme.accent);
	engineCache.set(row, {cells, withEngine});
	return withEngine;
}
const engineRowKeyOf = (row: EngineRow) => row.key;

/**
 * The containers of every engine of `-H a -H b` or `--all-contexts` (issue 14), with an ENGINE column, filtered
 * by `engine:NAME` as well as by text. What a key does goes to the selected row's engine: the keys of the
 * containers scope live in <EngineRowKeys> under that engine's <EngineScope>, and details open under it too.
 */
function EnginesContainersPane({width, height, isActive, top, engines}: PaneProps & {engines: MultiEngineView<EnginePorts>}) {
	const theme = useTheme();
	const cellCache = useSessionCache<ContainerSummary, {status: string; cells: Cell[]}>('cells');
	const engineCache = useSessionCache<EngineRow, {cells: Cell[]; withEngine: Cell[]}>('engine-cells');
	const services = useServices();
	const {isReadOnly, config} = services;
	const columns = useMemo(() => withEngineColumn(pickColumns(CONTAINER_COLUMNS, config.columns['containers'])), [config]);
	const all = useObservable(engines);
	const health = useObservable(engines.health);
	// `engine:NAME` in the filter keeps that engine's rows (issue 14).
	const matches = useMemo(() => matchingOnEngine<EngineRow>(matchesFilter, engines.members.map(member => member.name)), [engines]);
	const pane = useListPane({rows: all, rowKey: engineRowKeyOf, matches, height, top, isActive, isFilterLineKept: true, jumpPane: 'containers', sort: ENGINES_SORT});
	const {list} = pane;
	const rows = pane.shown;
	const filter = pane.filter.text;
	// Marks across engines, kept by the pane: moving to another engine's row keeps them (issue 14).
	const actions = useEngineContainerActions(engines, all, rows, list.actedKey, () => list.moveBy(1));
	const marked = actions.marked;
	// The container whose details or files (f) are open, captured with its engine at the key.
	const [details, setDetails] = useState<{id: string; name: string; engine: string; view: 'details' | 'files'}>();
	const switching = useLayerSwitch(details ? `${details.engine}:${details.id}:${details.view}` : '');
	const selected = rows[list.selectedIndex];
	const member = selected ? engines.memberOf(selected.engine) : undefined;

	useCommands(['list'], pane.handlers, {isActive: isActive && !details, isReadOnly});
	const now = useNow(500, isActive && !details);
	const cellsOf = useCallback((row: EngineRow) => engineCellsAt(row, now, theme, cellCache, engineCache), [now, theme, cellCache, engineCache]);
	const open = (view: 'details' | 'files') => {
		const row = rows.find(candidate => candidate.key === list.currentKey());
		// Files of a down engine's container would wait on an engine that does not answer: said at once (issue 14).
		if (row && view === 'files' && isAnyDown(services, [row.engine], 'files')) return;
		if (row) switching(() => setDetails({id: row.id, name: row.name, engine: row.engine, view}));
	};
	// The keys stay mounted while details are open (the second child either way), so marks survive them.
	const keysOfRow = member ? (
		<EngineScope key={member.name} member={member}>
			<EngineRowKeys
				member={member}
				rows={rows}
				currentKey={list.currentKey}
				actions={actions}
				isActive={isActive && !details}
				isFull
				extra={{
					'containers.details': () => open('details'),
					'containers.files': () => open('files'),
				}}
			/>
		</EngineScope>
	) : null;
	const detailsMember = details ? engines.memberOf(details.engine) : undefined;
	if (details && detailsMember) {
		return (
			<>
				<EngineScope member={detailsMember}>
					{details.view === 'files' ? (
						<FilesView containerId={details.id} name={details.name} width={width} height={height} isActive={isActive} onClose={() => switching(() => setDetails(undefined))} />
					) : (
						<DetailsPane containerId={details.id} name={details.name} width={width} height={height} isActive={isActive} onClose={() => switching(() => setDetails(undefined))} />
					)}
				</EngineScope>
				{keysOfRow}
			</>
		);
	}
	// A down engine's "running" is as last seen, not counted as running now.
	const running = all.filter(container => container.state === 'running' && !container.isEngineDown).length;
	const up = health.filter(engine => engine.status.isConnected).length;
	const title = `Containers ${pane.countText} · ${running} running · ${up} of ${health.length} engines${marksNote(marked.size, pane.hiddenOf(marked))}${lastSeenNote(downEngines(health))}`;
	return (
		<>
			<ListPaneView
				pane={pane}
				width={width}
				height={height}
				columns={columns}
				rowKey={engineRowKeyOf}
				cellsOf={cellsOf}
				markedKeys={marked}
				emptyText={health.every(engine => !engine.isLoaded) ? 'loading…' : filter ? `no container matches "${filter}"` : 'no containers'}
				header={<ContainersTitle title={title} pane={pane} width={width} />}
			/>
			{keysOfRow}
		</>
	);
}

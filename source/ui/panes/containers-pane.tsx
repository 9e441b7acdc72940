/** The containers pane: every container (`ps -a`), live, sortable and filterable. Render only. */
import {Box} from 'ink';
import {useCallback, useMemo, useState} from 'react';
import type {ContainerSummary} from '../../model/types.js';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useContainerActions} from '../../hooks/use-container-actions.js';
import {useExecShell} from '../../hooks/use-exec-shell.js';
import {useJumpToRow} from '../../hooks/use-jump-target.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useNow} from '../../hooks/use-now.js';
import {useRemembered} from '../../hooks/use-remembered.js';
import {usePublishSelection} from '../../hooks/use-publish-selection.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useServices} from '../app-context.js';
import {type Cell, type Column, sortArrow, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {CONTAINER_COLUMNS, CONTAINER_SORT_KEYS, type ContainerSortKey, containerCells, isDescendingOrder, matchesFilter, sortContainers, statusNow} from '../format/container-row.js';
import {TitleBar} from '../components/title-bar.js';
import {theme} from '../theme.js';
import {DetailsPane} from './details-pane.js';
import type {PaneProps} from './registry.js';

// Rows keep their object identity while unchanged (see ContainerStore), so
// their cells are computed once per change, not once per render; only the
// STATUS cell follows the clock (its age is moved on when drawn, issue 19).
const cellCache = new WeakMap<ContainerSummary, {status: string; cells: Cell[]}>();
function cellsAt(container: ContainerSummary, now: number): Cell[] {
	const status = statusNow(container, now);
	let cached = cellCache.get(container);
	if (!cached || cached.status !== status) {
		const c = containerCells(container, 0);
		cached = {
			status,
			cells: [
				{text: c.name},
				{text: c.state, color: c.stateColor},
				{text: c.image},
				{text: status, color: theme.muted},
				{text: c.ports},
				{text: c.health, color: c.health === 'unhealthy' ? theme.danger : c.health === 'healthy' ? theme.success : theme.warning},
				{text: c.project, color: theme.accent},
			],
		};
		cellCache.set(container, cached);
	}
	return cached.cells;
}

const rowKey = (container: ContainerSummary) => container.id;

// Tab through the panes remounts this one; with the list unchanged, coming back reuses the last
// sort instead of sorting every container again (issue 8: no whole-list work on a key).
// Keyed by the store's list (replaced, never mutated), so it is a memo of a pure function, not state: another
// engine's store has its own entry, and a list no longer referenced drops out.
const lastSorted = new WeakMap<readonly ContainerSummary[], {filter: string; sortKey: ContainerSortKey; isDescending: boolean; rows: ContainerSummary[]}>();

/** The columns the config asks for, in its order; cells stay where cellsOf puts them. */
export function pickColumns(all: readonly Column[], keys: readonly string[] | undefined): readonly Column[] {
	if (!keys) return all;
	return keys.flatMap(key => {
		const index = all.findIndex(column => column.key === key);
		return index >= 0 ? [{...all[index]!, cellIndex: index}] : [];
	});
}

export function ContainersPane({width, height, isActive, top}: PaneProps) {
	const {containers: store, isReadOnly, config} = useServices();
	const columns = useMemo(() => pickColumns(CONTAINER_COLUMNS, config.columns['containers']), [config]);
	const all = useObservable(store);
	const [sortKey, setSortKey] = useRemembered<ContainerSortKey>('sort', 'state');
	const [isDescending, setDescending] = useRemembered('descending', false);
	const filterField = useTextField({isActive, remember: 'filter', isNewOnOpen: true});
	const filter = filterField.value;

	const rows = useMemo(() => {
		const last = lastSorted.get(all);
		if (last && last.filter === filter && last.sortKey === sortKey && last.isDescending === isDescending) return last.rows;
		const matching = filter ? all.filter(container => matchesFilter(container, filter)) : all;
		const sorted = sortContainers(matching, sortKey, isDescending);
		lastSorted.set(all, {filter, sortKey, isDescending, rows: sorted});
		return sorted;
	}, [all, filter, sortKey, isDescending]);
	const keys = useMemo(() => rows.map(rowKey), [rows]);

	const tableHeight = Math.max(1, height - 3);
	const list = useListState(keys, tableHeight, 'selected');
	const {setValue: setFilter} = filterField;
	const clearFilter = useCallback(() => setFilter(''), [setFilter]);
	useJumpToRow('containers', list, keys, {text: filter, clear: clearFilter});
	// The table's rows start below the pane's title line and the column header.
	useListMouse(list, {firstRowY: top + 2, visibleRows: tableHeight, rowCount: rows.length, isActive});
	const actions = useContainerActions(all, rows, list.currentKey, () => list.moveBy(1));
	// The container whose details are open, captured at Enter: a re-sort does not change what is shown.
	const [details, setDetails] = useState<{id: string; name: string}>();
	usePublishSelection(list.selectedKey, actions.marked);
	const exec = useExecShell(list.selectedKey);

	useCommands(
		['list', 'containers'],
		{
			...listMovement(list, tableHeight, rows.length),
			'list.filter': filterField.open,
			'list.clearFilter': () => filterField.setValue(''),
			'list.sortNext': () => setSortKey(current => CONTAINER_SORT_KEYS[(CONTAINER_SORT_KEYS.indexOf(current) + 1) % CONTAINER_SORT_KEYS.length]!),
			'list.sortReverse': () => setDescending(current => !current),
			...actions.handlers,
			'containers.details': () => {
				const selected = rows.find(row => row.id === list.selectedKey);
				if (selected) setDetails({id: selected.id, name: selected.name});
			},
			...exec.handlers,
		},
		{isActive: isActive && !details, isReadOnly},
	);

	const running = useMemo(() => all.filter(container => container.state === 'running').length, [all]);
	// Ages in the STATUS column count on by the second, as docker ps would show them now; read twice a second so a
	// shown second is at most half a second late.
	const now = useNow(500, isActive && !details);
	const cellsOf = useCallback((container: ContainerSummary) => cellsAt(container, now), [now]);
	if (details) return <DetailsPane containerId={details.id} name={details.name} width={width} height={height} isActive={isActive} onClose={() => setDetails(undefined)} />;

	// Marked rows the filter hides are not acted on: the title says how many, before any key (issue 20).
	const hiddenMarks = filter ? [...actions.marked].filter(id => !keys.includes(id)).length : 0;
	const marks = actions.marked.size > 0 ? ` · ${actions.marked.size} marked${hiddenMarks > 0 ? ` (${hiddenMarks} hidden by the filter, left out)` : ''}` : '';
	const title = `Containers ${filter ? `${rows.length} of ${all.length}` : all.length} · ${running} running${marks}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<TitleBar title={[{text: title}]} aside={`sort: ${sortKey} ${sortArrow(isDescendingOrder(sortKey, isDescending))}`} asideColor={theme.muted} width={width} />
			<Table
				columns={columns}
				rows={rows}
				rowKey={rowKey}
				cellsOf={cellsOf}
				selectedIndex={list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				sortKey={sortKey === 'created' ? 'created' : sortKey}
				isSortDescending={isDescendingOrder(sortKey, isDescending)}
				markedKeys={actions.marked}
				emptyText={!store.isLoaded ? 'loading…' : filter ? `no container matches "${filter}"` : 'no containers'}
			/>
			{filterField.isOpen || filter ? <TextInput label="filter: " value={filter} isActive={filterField.isOpen} /> : null}
		</Box>
	);
}

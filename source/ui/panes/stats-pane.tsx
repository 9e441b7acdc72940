/**
 * The stats pane: a ctop-like overview of every running container (CPU, memory,
 * network and block I/O rates, PIDs), sortable and filterable, and a detail
 * view of one container with sparklines of the last minutes. Render only: the
 * collection lives in useContainerStats and runs only while this pane is shown.
 */
import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {listMovement} from '../../hooks/list-commands.js';
import {useContainerStats} from '../../hooks/use-container-stats.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useRemembered} from '../../hooks/use-remembered.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {ContainerStats, HistoryMetric} from '../../model/stats.js';
import {useServices} from '../app-context.js';
import {Sparkline} from '../components/sparkline.js';
import {type Cell, type Column, sortArrow, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {STATS_SORT_KEYS, type StatsRow, type StatsSortKey, formatPercent, formatRate, sortStatsRows, statsHistoryLine, statsRowCells} from '../format/stats-row.js';
import {fit} from '../format/text.js';
import {formatBinaryBytes, shortId} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

const COLUMNS: readonly Column[] = [
	// The name always shows; block I/O, then MEM %, then network, then PIDs give way (issue 18).
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'cpu', title: 'CPU %', width: 8, align: 'right'},
	{key: 'memory', title: 'MEM USAGE / LIMIT', width: 19, align: 'right'}, // 1.539GiB / 7.629GiB
	{key: 'memoryPercent', title: 'MEM %', width: 7, align: 'right', dropOrder: 3},
	{key: 'network', title: 'NET RX / TX /s', width: 17, align: 'right', dropOrder: 2},
	{key: 'block', title: 'BLOCK R / W /s', width: 17, align: 'right', dropOrder: 4},
	{key: 'pids', title: 'PIDS', width: 5, align: 'right', dropOrder: 1},
];

const rowKey = (row: StatsRow) => row.id;

// The store hands out a new point object per round. Cells are computed once per
// round and row, and a row whose text did not change keeps its old cells array,
// so its memoized Row does not re-render (most rows of idle containers). The caches are the pane's (issue 15).
interface CellCache {
	byPoint: WeakMap<object, Cell[]>;
	lastCells: Map<string, Cell[]>;
}
function cellsOf(row: StatsRow, theme: Theme, {byPoint: cellCache, lastCells}: CellCache): Cell[] {
	const cached = row.point ? cellCache.get(row.point) : undefined;
	if (cached) return cached;
	let cells = statsRowCells(row, theme);
	const previous = lastCells.get(row.id);
	if (previous && previous.every((cell, index) => cell.text === cells[index]!.text)) cells = previous;
	else lastCells.set(row.id, cells);
	if (lastCells.size > 4096) lastCells.clear();
	if (row.point) cellCache.set(row.point, cells);
	return cells;
}

const METHOD_TEXT: Record<string, string> = {cgroup: 'cgroup files', 'one-shot': 'one-shot API polls', stream: 'API streams'};

export function StatsPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const [cellCache] = useState<CellCache>(() => ({byPoint: new WeakMap(), lastCells: new Map()}));
	const rowCells = useCallback((row: StatsRow) => cellsOf(row, theme, cellCache), [theme, cellCache]);
	const {containers: containerStore, isReadOnly} = useServices();
	const all = useObservable(containerStore);
	const running = useMemo(() => all.filter(container => container.state === 'running'), [all]);
	const runningIds = useMemo(() => running.map(container => container.id), [running]);
	const {snapshot, methods, setVisible} = useContainerStats(runningIds);

	const [sortKey, setSortKey] = useRemembered<StatsSortKey>('sort', 'cpu');
	const [isDescending, setDescending] = useRemembered('descending', true);
	const [detailId, setDetailId] = useState<string>();
	const filterField = useTextField({isActive: isActive && !detailId, remember: 'filter', isNewOnOpen: true});
	const filter = filterField.value.toLowerCase();

	const rows = useMemo(() => {
		const matching = filter ? running.filter(container => container.name.toLowerCase().includes(filter) || container.image.toLowerCase().includes(filter)) : running;
		return sortStatsRows(
			matching.map(container => ({id: container.id, name: container.name, point: snapshot.get(container.id)?.latest})),
			sortKey,
			isDescending,
		);
	}, [running, filter, snapshot, sortKey, isDescending]);
	const keys = useMemo(() => rows.map(rowKey), [rows]);
	const tableHeight = Math.max(1, height - 3);
	const list = useListState(keys, tableHeight, 'selected');
	// Rows start below the title line and the column header.
	useListMouse(list, {firstRowY: top + 2, visibleRows: tableHeight, rowCount: rows.length, isActive: isActive && !detailId});
	const detail = detailId ? running.find(container => container.id === detailId) : undefined;
	// Through the engine, the rows on screen are asked for each second and the others less often (issue 16).
	const visibleIds = detail ? detail.id : keys.slice(list.offset, list.offset + tableHeight).join('\n');
	useEffect(() => setVisible(visibleIds ? visibleIds.split('\n') : []), [visibleIds, setVisible]);
	// The container under the history can stop or be removed while shown: say so instead of falling back to
	// the overview without a word (issue 6).
	const shownDetail = useRef<{id: string; name: string}>(undefined);
	if (detail) shownDetail.current = {id: detail.id, name: detail.name};
	const vanished = detailId && !detail && shownDetail.current?.id === detailId ? shownDetail.current : undefined;

	useCommands(
		detailId ? ['stats', 'list'] : ['list', 'stats'],
		{
			...listMovement(list, tableHeight, rows.length),
			// The filter field shows in the overview only: the history graphs do not offer it.
			...(detailId ? {} : {'list.filter': filterField.open, 'list.clearFilter': () => filterField.setValue('')}),
			'list.sortNext': () => setSortKey(current => STATS_SORT_KEYS[(STATS_SORT_KEYS.indexOf(current) + 1) % STATS_SORT_KEYS.length]!),
			'list.sortReverse': () => setDescending(current => !current),
			'stats.detail': () => setDetailId(list.selectedKey),
			'stats.back': () => setDetailId(undefined),
		},
		{isActive, isReadOnly},
	);

	const how = methods.size > 0 ? ` · read from ${[...methods].map(method => METHOD_TEXT[method] ?? method).join(' + ')}` : '';
	if (vanished) {
		const isStopped = all.some(container => container.id === vanished.id);
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={theme.warning} wrap="truncate-end">
					{`${vanished.name} (${vanished.id.slice(0, 12)}) ${isStopped ? 'stopped' : 'was removed'} while its history was shown. Esc goes back to the overview.`}
				</Text>
			</Box>
		);
	}
	if (detail) {
		return <StatsDetail name={detail.name} id={detail.id} image={detail.image} stats={snapshot.get(detail.id)} width={width} height={height} how={how} />;
	}
	const title = `Stats ${filter ? `${rows.length} of ${running.length}` : running.length} running${how}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<TitleBar title={[{text: title}]} aside={`sort: ${sortKey} ${sortArrow(isDescending)}`} asideColor={theme.muted} width={width} />
			<Table
				columns={COLUMNS}
				rows={rows}
				rowKey={rowKey}
				cellsOf={rowCells}
				selectedIndex={list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				sortKey={sortKey}
				isSortDescending={isDescending}
				emptyText={!containerStore.isLoaded ? 'loading…' : filter ? `no running container matches "${filter}"` : 'no running containers'}
			/>
			{filterField.isOpen || filter ? <TextInput label="filter: " value={filterField.value} isActive={filterField.isOpen} /> : null}
		</Box>
	);
}

interface GraphSpec {
	metric: HistoryMetric;
	label: string;
	format: (value: number | undefined) => string;
	/** A fixed top of the scale, so a flat line at 2 % does not fill the graph. */
	max?: (stats: ContainerStats) => number | undefined;
}

const GRAPHS: readonly GraphSpec[] = [
	{metric: 'cpuPercent', label: 'CPU', format: formatPercent, max: stats => Math.max(100, ...stats.history.values('cpuPercent').map(value => value ?? 0))},
	{metric: 'memoryUsed', label: 'MEM', format: value => formatBinaryBytes(value), max: stats => (stats.latest.memoryLimit > 0 ? stats.latest.memoryLimit : undefined)},
	{metric: 'networkRxRate', label: 'NET RX', format: formatRate},
	{metric: 'networkTxRate', label: 'NET TX', format: formatRate},
	{metric: 'blockReadRate', label: 'BLOCK R', format: formatRate},
	{metric: 'blockWriteRate', label: 'BLOCK W', format: formatRate},
];

interface StatsDetailProps {
	id: string;
	name: string;
	image: string;
	stats: ContainerStats | undefined;
	width: number;
	height: number;
	how: string;
}

function StatsDetail({id, name, image, stats, width, height, how}: StatsDetailProps) {
	const theme = useTheme();
	const labelWidth = 8;
	const valueWidth = 11;
	const graphWidth = Math.max(4, width - labelWidth - valueWidth - 4);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">{`Stats · ${name} (${shortId(id)}) · ${image}${how}`}</Text>
			<Text color={theme.muted} wrap="truncate">
				{statsHistoryLine(stats)}
			</Text>
			{GRAPHS.map(graph => {
				const values = stats?.history.values(graph.metric) ?? [];
				return (
					<Box key={graph.metric} marginTop={1}>
						<Text bold>{fit(graph.label, labelWidth)}</Text>
						<Text>{fit(graph.format(stats?.latest[graph.metric]), valueWidth, 'right')}  </Text>
						<Sparkline values={values} width={graphWidth} max={stats ? graph.max?.(stats) : undefined} color={theme.accent} />
					</Box>
				);
			})}
		</Box>
	);
}

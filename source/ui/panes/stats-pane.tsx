/**
 * The stats pane: a ctop-like overview of every running container (CPU, memory,
 * network and block I/O rates, PIDs), sortable and filterable, and a detail
 * view of one container with sparklines of the last minutes. Render only: the
 * collection lives in useContainerStats and runs only while this pane is shown.
 */
import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {useContainerStats} from '../../hooks/use-container-stats.js';
import {useLayerSwitch} from '../../hooks/key-router.js';
import {type CommandHandlers, useCommands} from '../../hooks/use-commands.js';
import {type ListSortSpec, useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import type {ContainerStats, HistoryMetric, StatsMethod} from '../../model/stats.js';
import type {StatsSnapshot} from '../../model/stats-store.js';
import {downEngines, type MultiEngineView, splitEngineFilter} from '../../model/multi-engine.js';
import type {EnginePorts} from '../../model/ports.js';
import {EngineScope, lastSeenNote, useEngineList} from '../components/engine-scope.js';
import {useServices} from '../app-context.js';
import {Sparkline} from '../components/sparkline.js';
import {ListPaneView} from '../components/list-pane.js';
import {type Cell, type Column, sortArrow} from '../components/table.js';
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

/** A running container of the pane: with several engines, its engine and whether that engine answers (issue 14). */
interface StatsSubject {
	key: string;
	id: string;
	name: string;
	image: string;
	engine?: string;
	isEngineDown?: boolean;
}

type SubjectRow = StatsRow & {key: string; image: string; engine?: string; isEngineDown?: boolean};
const rowKey = (row: SubjectRow) => row.key;

// Busiest first, as ctop and docker stats read.
const STATS_SORT: ListSortSpec<SubjectRow, StatsSortKey> = {keys: STATS_SORT_KEYS, initial: 'cpu', isInitiallyDescending: true, order: sortStatsRows};

// The store hands out a new point object per round. Cells are computed once per
// round and row, and a row whose text did not change keeps its old cells array,
// so its memoized Row does not re-render (most rows of idle containers). The caches are the pane's (issue 15).
interface CellCache {
	byPoint: WeakMap<object, Cell[]>;
	lastCells: Map<string, Cell[]>;
}
function cellsOf(row: SubjectRow, theme: Theme, {byPoint: cellCache, lastCells}: CellCache): Cell[] {
	const cached = row.point ? cellCache.get(row.point) : undefined;
	if (cached) return cached;
	let cells = statsRowCells(row, theme);
	const previous = lastCells.get(row.key);
	if (previous && previous.every((cell, index) => cell.text === cells[index]!.text)) cells = previous;
	else lastCells.set(row.key, cells);
	if (lastCells.size > 4096) lastCells.clear();
	if (row.point) cellCache.set(row.point, cells);
	return cells;
}

const METHOD_TEXT: Record<string, string> = {cgroup: 'cgroup files', 'one-shot': 'one-shot API polls', stream: 'API streams'};

/** With one engine, its running containers; with several (issue 14), every engine's, each read as its engine allows. */
export function StatsPane(props: PaneProps) {
	const {engines} = useServices();
	return engines ? <EnginesStatsPane {...props} engines={engines} /> : <OneEngineStatsPane {...props} />;
}

function OneEngineStatsPane(props: PaneProps) {
	const {containers: containerStore} = useServices();
	const all = useObservable(containerStore);
	const running = useMemo(() => all.filter(container => container.state === 'running').map(container => ({key: container.id, id: container.id, name: container.name, image: container.image})), [all]);
	const runningIds = useMemo(() => running.map(container => container.id), [running]);
	const {snapshot, methods, setVisible} = useContainerStats(runningIds);
	const statsOf = useCallback((subject: StatsSubject) => snapshot.get(subject.id), [snapshot]);
	const setVisibleKeys = useCallback((keys: readonly string[]) => setVisible(keys), [setVisible]);
	const isKnown = useCallback((key: string) => all.some(container => container.id === key), [all]);
	return <StatsList {...props} running={running} statsOf={statsOf} methods={methods} setVisible={setVisibleKeys} isKnown={isKnown} isLoaded={containerStore.isLoaded} />;
}

/** What one engine's collector last reported. */
interface EngineStats {
	snapshot: StatsSnapshot;
	methods: ReadonlySet<StatsMethod>;
	setVisible: (ids: readonly string[]) => void;
}

/**
 * Every engine's running containers (issue 14), each engine's figures read by a collector of its own (cgroup files
 * for a local engine, the API otherwise, as that engine allows). A down engine's collector stops; its rows stay, as
 * last seen, dimmed and marked, with the last figures read.
 */
function EnginesStatsPane({engines, ...props}: PaneProps & {engines: MultiEngineView<EnginePorts>}) {
	const all = useObservable(engines);
	const health = useObservable(engines.health);
	const down = useMemo(() => downEngines(health), [health]);
	const running = useMemo(
		() => all.filter(row => row.state === 'running').map(row => ({key: row.key, id: row.id, name: row.name, image: row.image, engine: row.engine, ...(row.isEngineDown || down.has(row.engine) ? {isEngineDown: true} : {})})),
		[all, down],
	);
	const [reports, setReports] = useState<ReadonlyMap<string, EngineStats>>(new Map());
	const onReport = useCallback((engine: string, report: EngineStats) => setReports(current => new Map(current).set(engine, report)), []);
	const statsOf = useCallback((subject: StatsSubject) => (subject.engine === undefined ? undefined : reports.get(subject.engine)?.snapshot.get(subject.id)), [reports]);
	const methods = useMemo(() => new Set([...reports].filter(([engine]) => !down.has(engine)).flatMap(([, report]) => [...report.methods])), [reports, down]);
	const setVisible = useCallback(
		(keys: readonly string[]) => {
			for (const [engine, report] of reports) report.setVisible(running.filter(row => row.engine === engine && keys.includes(row.key)).map(row => row.id));
		},
		[reports, running],
	);
	const isKnown = useCallback((key: string) => all.some(row => row.key === key), [all]);
	return (
		<>
			{engines.members.map(member =>
				down.has(member.name) ? null : (
					<EngineScope key={member.name} member={member}>
						<EngineStatsFeed engine={member.name} ids={running.filter(row => row.engine === member.name).map(row => row.id)} onReport={onReport} />
					</EngineScope>
				),
			)}
			<StatsList {...props} running={running} statsOf={statsOf} methods={methods} setVisible={setVisible} isKnown={isKnown} isLoaded={health.some(engine => engine.isLoaded)} downNote={lastSeenNote(down)} />
		</>
	);
}

/** One engine's collector, under its <EngineScope>: reports each round to the pane. Renders nothing. */
function EngineStatsFeed({engine, ids, onReport}: {engine: string; ids: readonly string[]; onReport: (engine: string, report: EngineStats) => void}) {
	const {snapshot, methods, setVisible} = useContainerStats(ids);
	useEffect(() => onReport(engine, {snapshot, methods, setVisible}), [engine, snapshot, methods, setVisible, onReport]);
	return null;
}

interface StatsListProps extends PaneProps {
	running: readonly StatsSubject[];
	statsOf: (subject: StatsSubject) => ContainerStats | undefined;
	methods: ReadonlySet<StatsMethod>;
	/** Row keys on screen: the collectors ask for these each second and the others less often (issue 16). */
	setVisible: (keys: readonly string[]) => void;
	/** Whether a row key still names a container (stopped, not removed). */
	isKnown: (key: string) => boolean;
	isLoaded: boolean;
	/** What the title adds while engines are down (issue 14). */
	downNote?: string;
}

function StatsList({width, height, isActive, top, running, statsOf, methods, setVisible, isKnown, isLoaded, downNote = ''}: StatsListProps) {
	const theme = useTheme();
	const {isReadOnly, engines} = useServices();
	const [cellCache] = useState<CellCache>(() => ({byPoint: new WeakMap(), lastCells: new Map()}));
	const ownCells = useCallback((row: SubjectRow) => cellsOf(row, theme, cellCache), [theme, cellCache]);
	const engineNames = useMemo(() => engines?.members.map(member => member.name) ?? [], [engines]);
	const [detailKey, setDetailKey] = useState<string>();
	// Keys read with the Enter that opens the history (or the Esc that closes it) go to what it shows (see useLayerSwitch).
	const switching = useLayerSwitch(detailKey ?? '');

	// statsOf changes with each collection round: the rows are made (and sorted) again then.
	const allRows = useMemo(
		() =>
			running.map((container): SubjectRow => ({key: container.key, id: container.id, name: container.name, image: container.image, point: statsOf(container)?.latest, ...(container.engine === undefined ? {} : {engine: container.engine}), ...(container.isEngineDown ? {isEngineDown: true} : {})})),
		[running, statsOf],
	);
	// The name or image holds the text (any case); `engine:NAME` keeps that engine's rows (issue 14).
	const ownMatches = useCallback(
		(row: SubjectRow, text: string) => {
			const {isEngineKept, rest} = splitEngineFilter(text.toLowerCase(), engineNames);
			return (row.engine === undefined || isEngineKept(row.engine)) && (!rest || row.name.toLowerCase().includes(rest) || row.image.toLowerCase().includes(rest));
		},
		[engineNames],
	);
	// With several engines, ENGINE first; a down engine's rows dimmed, `? NAME`, the CPU cell saying why (issue 14).
	const {columns, cellsOf: rowCells, matches} = useEngineList(COLUMNS, ownCells, ownMatches, STATS_DOWN_CELL);
	// The filter and the mouse are the overview's: the history graphs do not offer them.
	const pane = useListPane({rows: allRows, rowKey, matches, height, top, isActive: isActive && !detailKey, isFilterLineKept: true, sort: STATS_SORT});
	const {list, tableHeight} = pane;
	const rows = pane.shown;
	const filter = pane.filter.text.toLowerCase();
	const {key: sortKey, isDescending} = pane.sort!;
	const detail = detailKey ? running.find(container => container.key === detailKey) : undefined;
	// Through the engine, the rows on screen are asked for each second and the others less often (issue 16).
	const visibleKeys = detail ? detail.key : rows.slice(list.offset, list.offset + tableHeight).map(rowKey).join('\n');
	useEffect(() => setVisible(visibleKeys ? visibleKeys.split('\n') : []), [visibleKeys, setVisible]);
	// The container under the history can stop or be removed while shown: say so instead of falling back to
	// the overview without a word (issue 6).
	const shownDetail = useRef<{key: string; id: string; name: string}>(undefined);
	if (detail) shownDetail.current = {key: detail.key, id: detail.id, name: detail.name};
	const vanished = detailKey && !detail && shownDetail.current?.key === detailKey ? shownDetail.current : undefined;

	useCommands(
		detailKey ? ['stats', 'list'] : ['list', 'stats'],
		{
			// The filter field shows in the overview only: the history graphs do not offer it.
			...(detailKey ? overviewOnly(pane.handlers) : pane.handlers),
			'stats.detail': () => {
				if (list.selectedKey !== detailKey) switching(() => setDetailKey(list.selectedKey));
			},
			'stats.back': () => {
				if (detailKey !== undefined) switching(() => setDetailKey(undefined));
			},
		},
		{isActive, isReadOnly},
	);

	const how = methods.size > 0 ? ` · read from ${[...methods].map(method => METHOD_TEXT[method] ?? method).join(' + ')}` : '';
	if (vanished) {
		const isStopped = isKnown(vanished.key);
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={theme.warning} wrap="truncate-end">
					{`${vanished.name} (${vanished.id.slice(0, 12)}) ${isStopped ? 'stopped' : 'was removed'} while its history was shown. Esc goes back to the overview.`}
				</Text>
			</Box>
		);
	}
	if (detail) {
		const on = detail.engine === undefined ? '' : ` on ${detail.engine}${detail.isEngineDown ? ' (not answering: as last seen)' : ''}`;
		return <StatsDetail name={`${detail.name}${on}`} id={detail.id} image={detail.image} stats={statsOf(detail)} width={width} height={height} how={how} />;
	}
	// A down engine's rows are as last seen, not known to run (issue 14): not counted as running (the note says why they show).
	const isLive = (row: {isEngineDown?: boolean}) => !row.isEngineDown;
	const live = running.filter(isLive).length;
	const title = `Stats ${filter ? `${rows.filter(isLive).length} of ${live}` : live} running${how}${downNote}`;
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={columns}
			rowKey={rowKey}
			cellsOf={rowCells}
			emptyText={!isLoaded ? 'loading…' : filter ? `no running container matches "${filter}"` : 'no running containers'}
			header={<TitleBar title={[{text: title}]} aside={`sort: ${sortKey} ${sortArrow(isDescending)}`} asideColor={theme.muted} width={width} />}
		/>
	);
}

/** A list's keys without the filter's: the history view moves and sorts the list under it, but offers no filter. */
function overviewOnly(handlers: CommandHandlers): CommandHandlers {
	const {'list.filter': _filter, 'list.clearFilter': _clear, ...rest} = handlers;
	return rest;
}

// The CPU cell's place after the ENGINE cell: a down engine's row says there why its figures are old.
const STATS_DOWN_CELL = 2;

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

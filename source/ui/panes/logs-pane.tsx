/**
 * The logs pane: follows the container selected in the containers pane (or the
 * marked ones, merged; or the selected one's compose project). Render only: the
 * stream lives in useLogSession, the lines in a bounded ring, and the pane lays
 * out just the lines on screen, at most once per 50 ms batch.
 */
import {Box, Text} from 'ink';
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {DEFAULT_TAIL, type LogNotice, type LogTarget} from '../../model/log-types.js';
import type {ContainerSummary} from '../../model/types.js';
import {type EngineRow, engineRowKey, isNameOnOtherEngine} from '../../model/multi-engine.js';
import {Observable} from '../../model/observable.js';
import {LAYER, useMouse} from '../../hooks/key-router.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useLogSession} from '../../hooks/use-log-session.js';
import {useJumpTarget} from '../../hooks/use-jump-target.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useRemembered, useSessionCache, useSessionValue} from '../../hooks/use-remembered.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {LogBuffer, LogLine} from '../../model/log-buffer.js';
import {formatLogFile, logFileName, parseSince, parseTail} from '../../model/log-options.js';
import type {LogStoragePort} from '../../model/ports.js';
import {compileSearch, findMatch, matchRanges, SlicedMatchScan, TimeBudget} from '../../model/log-search.js';
import type {TextMatcher} from '../../model/safe-regex.js';
import {allLines, type LineList, onlyLines, scrollAnchor, type ViewAnchor, viewWindow} from '../../model/log-view.js';
import {type ContainerSelection, useServices} from '../app-context.js';
import {layoutLine, type LogRow, LogRowsView, rowCount, type RowLayout, type RowStartsMemo} from '../components/log-rows.js';
import type {WidthMemo} from '../format/log-line.js';
import {TextInput} from '../components/text-input.js';
import {TitleBar} from '../components/title-bar.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {plural} from '../../model/plural.js';

const WHEEL_LINES = 3;
/**
 * Time budgets of a search (issue 21): one render's highlights, one slice of the only-matching
 * scan (the rest goes on after the event loop has had its turn), the whole scan, and one n/N jump.
 */
const SEARCH_BUDGET_MS = {highlights: 100, scanSlice: 50, scan: 10_000, jump: 1000};


/** Which containers the pane follows, and under which names. */
export function logTargets(selection: ContainerSelection, all: readonly ContainerSummary[], isProject: boolean, isListed = all.length > 0): {targets: LogTarget[]; title: string; isGone?: boolean} {
	const byId = new Map(all.map(container => [container.id, container]));
	const selected = selection.id ? byId.get(selection.id) : undefined;
	if (isProject && selected?.composeProject) {
		const members = all.filter(container => container.composeProject === selected.composeProject).sort((a, b) => a.name.localeCompare(b.name));
		return {targets: members.map(container => ({id: container.id, source: container.composeService ?? container.name})), title: `project ${selected.composeProject}`};
	}
	const marked = selection.marked.map(id => byId.get(id)).filter((container): container is ContainerSummary => container !== undefined);
	if (marked.length > 1) return {targets: marked.map(container => ({id: container.id, source: container.name})), title: `${marked.length} marked containers`};
	const only = marked[0] ?? selected;
	if (only) return {targets: [{id: only.id}], title: only.name};
	// Gone once the list has been read without it: the last container on an engine can be removed too.
	return {targets: [], title: '', isGone: selection.id !== undefined && isListed};
}

/**
 * Marks on several engines (issue 14): every marked container, on its own engine, and a title naming each one's
 * engine. A name on more than one of them is prefixed with its engine on each line too. Undefined when the marks are
 * on one engine (the pane then follows that engine as before).
 */
export function engineMarkedTargets(selection: ContainerSelection, rows: readonly EngineRow[]): {targets: LogTarget[]; title: string; isGone?: boolean} | undefined {
	const marks = selection.markedOn;
	if (!marks || new Set(marks.map(mark => mark.engine)).size < 2) return undefined;
	const byKey = new Map(rows.map(row => [engineRowKey(row.engine, row.id), row]));
	const marked = marks.map(mark => byKey.get(engineRowKey(mark.engine, mark.id))).filter((row): row is EngineRow => row !== undefined);
	if (new Set(marked.map(row => row.engine)).size < 2) return undefined;
	const names = marked.map(row => row.name);
	const targets = marked.map((row, index) => ({id: row.id, engine: row.engine, sourceIndex: index, source: names.indexOf(row.name) === names.lastIndexOf(row.name) ? row.name : `${row.name}@${row.engine}`}));
	// "3 marked containers: web, db on a · web on b": each engine once, its containers before it.
	const engines = [...new Set(marked.map(row => row.engine))];
	const parts = engines.map(engine => `${marked.filter(row => row.engine === engine).map(row => row.name).join(', ')} on ${engine}`);
	return {targets, title: `${marked.length} marked containers: ${parts.join(' · ')}`};
}

/** A line's highlight ranges for one layout (isCut when the highlight budget ran out first), and its rows when all of it showed. */
type LineLayout = {key: string; ranges: Array<readonly [number, number]>; isCut: boolean; rows?: LogRow[]};

/** What is left of one render's time for finding highlights: only the matching is charged, not the layout. */
type HighlightAllowance = {leftMs: number};

/** Rows [fromRow, toRow) of a line: kept when the whole line shows, made afresh (a screenful) when part of a tall one does. */
function rowsOfLine(
	layoutCache: WeakMap<LogLine, LineLayout>,
	line: LogLine,
	layout: RowLayout,
	layoutKey: string,
	matcher: TextMatcher | undefined,
	allowance: HighlightAllowance,
	fromRow: number,
	toRow: number,
): {rows: LogRow[]; isCut: boolean} {
	let cached = layoutCache.get(line);
	if (cached?.key !== layoutKey) {
		// Once this render's allowance is spent, the remaining lines are drawn without highlights (and the bottom line says so).
		let ranges: Array<[number, number]> = [];
		let isCut = false;
		if (matcher) {
			if (allowance.leftMs <= 0) isCut = true;
			else {
				const started = performance.now();
				const budget = new TimeBudget(allowance.leftMs);
				ranges = matchRanges(line.text, matcher, budget);
				allowance.leftMs -= performance.now() - started;
				isCut = budget.isSpent;
			}
		}
		cached = {key: layoutKey, ranges, isCut};
		layoutCache.set(line, cached);
	}
	if (fromRow === 0 && toRow >= rowCount(line, layout)) return {rows: (cached.rows ??= layoutLine(line, layout, cached.ranges)), isCut: cached.isCut};
	return {rows: layoutLine(line, layout, cached.ranges, fromRow, toRow), isCut: cached.isCut};
}

async function saveLines(storage: LogStoragePort, buffer: LogBuffer, name: string, timestamps: boolean): Promise<string> {
	const now = Date.now();
	const text = formatLogFile(buffer.lines(), {title: name, savedAtMs: now, timestamps, droppedLines: buffer.evicted, capacity: buffer.capacity, maxChars: buffer.maxChars});
	return storage.save(logFileName(name, now), text);
}

const NO_ENGINE_ROWS = new Observable<readonly EngineRow[]>([]);

export function LogsPane({width, height, isActive}: PaneProps) {
	const theme = useTheme();
	const {containers: store, selection: selectionStore, notify, mouse, config, logStorage, engines} = useServices();
	const selection = useObservable(selectionStore);
	const all = useObservable(store);
	const [isProject, setProject] = useState(false);
	// The Compose pane's "logs" (issue 14): the stack's merged logs, from the container it selected.
	const followProject = useCallback((key: string) => setProject(key === 'project'), []);
	useJumpTarget('logs', followProject);
	// With several engines, a container or project whose name another engine has too is named with its engine (issue 14).
	const engineRows = useObservable(engines ?? NO_ENGINE_ROWS);
	const acrossEngines = useMemo(() => (engines && !isProject ? engineMarkedTargets(selection, engineRows) : undefined), [engines, isProject, selection, engineRows]);
	const {targets, title: subject, isGone} = useMemo(() => acrossEngines ?? logTargets(selection, all, isProject, store.isLoaded), [acrossEngines, selection, all, isProject, store]);
	const title = useMemo(() => {
		const engine = selection.engine;
		if (!engines || engine === undefined || targets.length === 0 || acrossEngines) return subject;
		const project = isProject ? all.find(container => container.id === selection.id)?.composeProject : undefined;
		// Several marked containers: the title names none of them.
		if (project === undefined && targets.length > 1) return subject;
		return isNameOnOtherEngine(engineRows, engine, project === undefined ? {name: subject} : {project}) ? `${subject} on ${engine}` : subject;
	}, [engines, engineRows, selection, all, isProject, targets, subject, acrossEngines]);
	const {capacity, maxChars} = logStorage;
	// Settings survive switching panes (the pane unmounts, and its stream stops, while hidden): the session's
	// pane memory keeps them, not module state (issue 15).
	const [tail, setTail] = useRemembered('tail', config.logs.tail ?? DEFAULT_TAIL);
	const [since, setSince] = useRemembered<number | undefined>('since', undefined);
	const [showTimestamps, setTimestamps] = useRemembered('timestamps', false);
	const [isWrapped, setWrapped] = useRemembered('wrap', false);
	// Colour is on unless logs.colors says otherwise: only plain SGR passes, as style spans (model/log-colors.ts).
	const [showColors, setColors] = useRemembered('colors', config.logs.colors ?? true);
	const session = useLogSession(targets, {tail, since, capacity, maxChars});
	const {buffer, version} = session;

	const [anchor, setAnchor] = useState<ViewAnchor | undefined>(undefined);
	const [isRegex, setRegex] = useState(false);
	const [isCaseSensitive, setCaseSensitive] = useState(false);
	const [isOnlyMatching, setOnlyMatching] = useState(false);
	const [currentMatch, setCurrentMatch] = useState<number | undefined>(undefined);
	const [isSelecting, setSelecting] = useState(false);
	const searchField = useTextField({isActive, onSubmit: value => jumpToMatch(-1, true, value)});
	const tailField = useTextField({
		isActive,
		onSubmit: value => {
			const parsed = parseTail(value, capacity);
			if ('error' in parsed) return notify(parsed.error, 'error');
			if (parsed.note) notify(parsed.note, 'info');
			setTail(parsed.tail);
			setAnchor(undefined);
		},
	});
	const sinceField = useTextField({
		isActive,
		onSubmit: value => {
			const parsed = parseSince(value, Date.now());
			if ('error' in parsed) return notify(parsed.error, 'error');
			setSince(parsed.since);
			setAnchor(undefined);
		},
	});

	// A new target starts at the end again.
	const targetsKey = targets.map(target => target.id).join(',');
	useEffect(() => {
		setAnchor(undefined);
		setCurrentMatch(undefined);
		setSelecting(false);
	}, [targetsKey]);

	const search = useMemo(() => compileSearch({text: searchField.value, isRegex, isCaseSensitive}), [searchField.value, isRegex, isCaseSensitive]);
	const pattern = search?.matcher;
	// The only-matching scan runs in slices: each render scans for a slice of time, and a tick brings the next.
	// One scan per ring: a new buffer (new stream) starts the scan over.
	const {scan} = useMemo(() => ({buffer, scan: new SlicedMatchScan({sliceMs: SEARCH_BUDGET_MS.scanSlice, capMs: SEARCH_BUDGET_MS.scan})}), [buffer]);
	const [scanTick, setScanTick] = useState(0);
	const list: LineList = useMemo(
		// Read at a version of the ring (it is mutable; the version says when it changed) and, filtered, at a slice of the scan.
		() => (isOnlyMatching && pattern ? onlyLines(scan.update(buffer, pattern), {version, slice: scanTick}) : allLines(buffer, {version})),
		[buffer, version, isOnlyMatching, pattern, scan, scanTick],
	);
	const isScanning = Boolean(isOnlyMatching && pattern && scan.isScanning);
	const isScanStopped = Boolean(isOnlyMatching && pattern && scan.isStopped);
	useEffect(() => {
		if (!isScanning) return;
		const next = setTimeout(() => setScanTick(tick => tick + 1), 0);
		return () => clearTimeout(next);
	}, [isScanning, scanTick, version]);

	const sourceWidth = targets.length > 1 || targets.some(target => target.source) ? Math.min(20, Math.max(4, ...targets.map(target => (target.source ?? '').length))) : 0;
	const widths = useSessionValue('widths', (): WidthMemo => new Map());
	// The session's memos of line layouts (issue 15: kept with the pane's session, not in module state).
	const rowStarts: RowStartsMemo = useSessionCache('rowStarts');
	const lineLayouts = useSessionCache<LogLine, LineLayout>('lineLayouts');
	const layout: RowLayout = useMemo(
		() => ({width, showTimestamps, isWrapped, sourceWidth, showColors, widths, rowStarts}),
		[width, showTimestamps, isWrapped, sourceWidth, showColors, widths, rowStarts],
	);
	const layoutKey = `${width}|${showTimestamps}|${isWrapped}|${sourceWidth}|${showColors}|${pattern?.key ?? ''}`;
	const bottomHeight = 1;
	const viewHeight = Math.max(1, height - 1 - bottomHeight);

	const rowsOf = (seq: number) => {
		const line = buffer.at(seq);
		return line ? rowCount(line, layout) : 1;
	};
	// By rows, not lines: a wrapped line taller than the view scrolls through, and following shows the end of the last.
	const window = viewWindow(list, viewHeight, anchor, rowsOf);
	let rows: LogRow[] = [];
	const allowance = {leftMs: SEARCH_BUDGET_MS.highlights};
	let isHighlightCut = false;
	for (const {seq, fromRow, toRow} of window.lines) {
		const line = buffer.at(seq);
		if (!line) continue;
		const laid = rowsOfLine(lineLayouts, line, layout, layoutKey, pattern, allowance, fromRow, toRow);
		rows = rows.concat(laid.rows);
		isHighlightCut ||= laid.isCut;
	}

	// Select mode holds the screen still, so the terminal's selection is not moved by new lines.
	const frozen = useRef<LogRow[]>([]);
	if (!isSelecting) frozen.current = rows;
	const shownRows = isSelecting ? frozen.current : rows;

	const latest = useRef({list, window, viewHeight, rowsOf});
	latest.current = {list, window, viewHeight, rowsOf};

	function jumpToMatch(direction: 1 | -1, fromEnd = false, text = searchField.value): void {
		// The field's text as submitted: the render with it may not have happened yet.
		const query = compileSearch({text, isRegex, isCaseSensitive});
		const active = query?.matcher;
		if (!active) {
			if (query?.error) notify(query.error, 'error');
			return;
		}
		const from = fromEnd ? buffer.end : currentMatch ?? (direction === 1 ? latest.current.window.seqs[0] ?? buffer.start : latest.current.window.seqs.at(-1) ?? buffer.end);
		const budget = new TimeBudget(SEARCH_BUDGET_MS.jump);
		const seq = findMatch(buffer, from, direction, active, budget);
		if (seq === undefined) {
			notify(budget.isSpent ? `search stopped after ${SEARCH_BUDGET_MS.jump / 1000} s without a match: the pattern is too slow for these lines; simplify it` : `no line matches "${text}"`, budget.isSpent ? 'error' : 'info');
			return;
		}
		setCurrentMatch(seq);
		const {list: currentList, viewHeight: h} = latest.current;
		const index = currentList.indexAtOrAfter(seq);
		setAnchor({seq: currentList.seqAt(Math.max(0, Math.min(currentList.count - 1, index - Math.floor(h / 3)))), row: 0});
	}

	const scroll = (delta: number) => {
		const {list: current, window: shown, viewHeight: h, rowsOf: rowsOfNow} = latest.current;
		setAnchor(scrollAnchor(current, shown, delta, h, rowsOfNow));
	};

	useCommands(
		['logs'],
		{
			'logs.up': () => scroll(-1),
			'logs.down': () => scroll(1),
			'logs.pageUp': () => scroll(-Math.max(1, viewHeight - 1)),
			'logs.pageDown': () => scroll(Math.max(1, viewHeight - 1)),
			'logs.top': () => setAnchor(list.count > 0 ? {seq: list.seqAt(0), row: 0} : undefined),
			'logs.end': () => setAnchor(undefined),
			'logs.follow': () =>
				setAnchor(current => {
					if (current !== undefined) return undefined;
					const shown = latest.current.window;
					return {seq: shown.seqs[0] ?? buffer.end, row: shown.firstRow};
				}),
			'logs.search': searchField.open,
			'logs.nextMatch': () => jumpToMatch(1),
			'logs.previousMatch': () => jumpToMatch(-1),
			'logs.onlyMatching': () => {
				if (!pattern) return notify('search first (/), then o shows only the matching lines', 'info');
				setOnlyMatching(current => !current);
				setAnchor(undefined);
			},
			'logs.regex': () => setRegex(current => !current),
			'logs.caseSensitive': () => setCaseSensitive(current => !current),
			'logs.clearSearch': () => {
				if (isSelecting) return setSelecting(false);
				searchField.setValue('');
				setOnlyMatching(false);
				setCurrentMatch(undefined);
			},
			'logs.timestamps': () => setTimestamps(current => !current),
			'logs.wrap': () => setWrapped(current => !current),
			'logs.colors': () => setColors(current => !current),
			'logs.tail': tailField.open,
			'logs.since': sinceField.open,
			'logs.project': () => {
				const selected = selection.id ? store.getById(selection.id) : undefined;
				if (!isProject && !selected?.composeProject) return notify('the selected container belongs to no compose project', 'info');
				setProject(current => !current);
			},
			'logs.save': () => {
				if (buffer.size === 0) return notify('no lines to save', 'info');
				void saveLines(logStorage, buffer, title || 'logs', showTimestamps).then(
					file => {
						const cut = buffer.lines().filter(line => line.droppedChars).length;
						notify(`saved ${plural(buffer.size, 'line')} to ${file}${cut > 0 ? ` (${cut} cut at the budget: see its header)` : ''}`, 'success');
					},
					(error: Error) => notify(`could not save the logs: ${error.message.split('\n')[0]}`, 'error'),
				);
			},
			'logs.select': () => setSelecting(current => !current),
			'logs.clear': () => {
				buffer.clear();
				setCurrentMatch(undefined);
			},
		},
		{isActive},
	);

	// Select mode hands the mouse back to the terminal, so it can select text; leaving it takes it back.
	useEffect(() => (isSelecting ? mouse.suspend() : undefined), [isSelecting, mouse]);
	useMouse(
		LAYER.pane,
		event => {
			if (event.kind === 'wheelUp') scroll(-WHEEL_LINES);
			else if (event.kind === 'wheelDown') scroll(WHEEL_LINES);
			else return false;
			return true;
		},
		isActive && !isSelecting,
	);

	const notices = [...session.notices.values()];
	const problem = notices.find(notice => notice.kind === 'removed' || notice.kind === 'unreadable' || notice.kind === 'error');
	const allExited = notices.filter((notice): notice is Extract<LogNotice, {kind: 'exited'}> => notice.kind === 'exited');
	const exited = allExited[0];
	// Merged, an exit stays in the header: in a flood its note in the log is pushed out of the ring in moments.
	const exitedNote =
		targets.length > 1 && allExited.length > 0
			? ` · ${allExited
					.slice(0, 2)
					.map(notice => `${notice.source ?? notice.id.slice(0, 12)} exited (${notice.exitCode})`)
					.join(', ')}${allExited.length > 2 ? ` and ${allExited.length - 2} more` : ''}`
			: '';
	const state = problem
		? ''
		: exited && targets.length === 1
			? `exited (${exited.exitCode})`
			: (anchor === undefined ? 'following' : `paused${window.below > 0 ? ` · ${plural(window.below, 'line')} below` : ''}`) + exitedNote;
	const flags = [
		`tail ${tail}`,
		since === undefined ? '' : `since ${new Date(since * 1000).toISOString().replace('.000Z', 'Z')}`,
		`${buffer.size}/${capacity} lines`,
		isWrapped ? 'wrap' : '',
		showTimestamps ? 'time' : '',
	].filter(Boolean);

	let bottom: React.ReactNode;
	if (searchField.isOpen) bottom = <TextInput label={`search${isRegex ? ' (regex)' : ''}${isCaseSensitive ? ' (case)' : ''}: `} value={searchField.value} isSelected={searchField.isSelected} isActive />;
	else if (tailField.isOpen) bottom = <TextInput label="tail (lines): " value={tailField.value} isSelected={tailField.isSelected} isActive />;
	else if (sinceField.isOpen) bottom = <TextInput label="since (10m, 2h, 1d, 2026-11-23T01:00:00Z; empty for all): " value={sinceField.value} isSelected={sinceField.isSelected} isActive />;
	else if (isSelecting) bottom = <Text color={theme.warning}>select mode: select with the mouse and copy; the view holds still. v or Esc to leave</Text>;
	else if (search?.error) bottom = <Text color={theme.danger}>{search.error}</Text>;
	else if (searchField.value)
		bottom = (
			<Text wrap="truncate">
				<Text color={theme.accent}>{isRegex ? 'regex' : 'search'}: </Text>
				{searchField.value}
				<Text color={theme.muted}>{`  ${isOnlyMatching ? `only matching: ${plural(list.count, 'line')}${isScanning ? `, searching ${scan.remaining} more…` : ''}` : ''}${isCaseSensitive ? '  case-sensitive' : ''}`}</Text>
				{isScanStopped || isHighlightCut ? (
					<Text color={theme.danger}>
						{isScanStopped
							? `  search stopped after ${SEARCH_BUDGET_MS.scan / 1000} s, ${scan.remaining} lines unsearched: simplify the pattern`
							: `  highlighting stopped after ${SEARCH_BUDGET_MS.highlights} ms on screen: simplify the pattern`}
					</Text>
				) : null}
				<Text color={theme.muted}>  n/N next/previous · o only matching · Esc clear</Text>
			</Text>
		);
	else bottom = <Text> </Text>;

	let body: React.ReactNode;
	if (targets.length === 0 && selection.droppedEngine !== undefined)
		body = <Text color={theme.warning}>{`The selected container's engine ${selection.droppedEngine} was dropped from the view (nothing on it changed): choose another container in the containers pane.`}</Text>;
	else if (targets.length === 0 && isGone) body = <Text color={theme.warning}>The selected container is gone (removed): choose another in the containers pane.</Text>;
	else if (targets.length === 0) body = <Text color={theme.muted}>No container selected: choose one in the containers pane (mark several with Space to merge them).</Text>;
	else if (problem && buffer.size === 0) body = <Text color={theme.danger}>{'message' in problem ? problem.message : ''}</Text>;
	else if (buffer.size === 0) body = <Text color={theme.muted}>{session.notices.size === 0 ? 'reading logs…' : 'no log lines yet'}</Text>;
	else body = <LogRowsView rows={shownRows} layout={layout} currentMatch={currentMatch} isPlain={isSelecting} height={viewHeight} />;

	return (
		<Box flexDirection="column" width={width} height={height}>
			{isSelecting ? null : (
				<TitleBar
					title={[{text: `Logs ${title ? `· ${title}` : ''} `}, ...(state ? [{text: `· ${state}`, color: anchor === undefined && !exited ? theme.success : theme.warning}] : [])]}
					aside={flags.join(' · ')}
					asideColor={theme.muted}
					width={width}
				/>
			)}
			<Box height={isSelecting ? viewHeight + 1 : viewHeight} flexDirection="column">
				{body}
			</Box>
			{bottom}
		</Box>
	);
}

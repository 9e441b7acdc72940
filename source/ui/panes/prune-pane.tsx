/**
 * The cleanup pane: disk usage (measured in the background), the kinds to
 * prune with their filters, and the exact plan: every object that would go,
 * its size and the total. "d" asks, naming exactly those objects, and removes
 * exactly that list (hooks/use-prune-run.ts, source/docker/cleanup.ts). Render
 * and keys.
 */
import {Text} from 'ink';
import {useCallback, useMemo, useRef} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useInventory} from '../../hooks/use-inventory.js';
import {usePruneRun} from '../../hooks/use-prune-run.js';
import {matchesText} from '../../hooks/use-list-filter.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useRemembered} from '../../hooks/use-remembered.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {CommandId} from '../../keymap/keymap.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {planBytesByType, sortUsageItems, summarizeUsage, type UsageItem, type UsageSort, usageItems} from '../../model/disk-usage.js';
import {
	computePrunePlan,
	type LabelFilter,
	parseLabelFilter,
	parseUntil,
	type Inventory,
	type PlanItem,
	type PruneKind,
	type PrunePlan,
	type ProtectLabel,
} from '../../model/prune-plan.js';
import {useServices} from '../app-context.js';
import {SummaryTable, summaryHeight} from '../components/summary-table.js';
import {ListPaneView} from '../components/list-pane.js';
import {TextInput} from '../components/text-input.js';
import {displayName, formatReclaimed, PLAN_COLUMNS, planCells, planTotal, USAGE_COLUMNS, usageCells} from '../format/prune-row.js';
import {formatAge, formatBytes} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import {packItems} from '../format/text.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

// Each toggle names its key from the keymap, so the line cannot drift from the key that does it (issue 22).
const KIND_TOGGLES: ReadonlyArray<{kind: PruneKind; command: CommandId; label: string}> = [
	{kind: 'containers', command: 'prune.containers', label: 'stopped containers'},
	{kind: 'dangling', command: 'prune.dangling', label: 'dangling images'},
	{kind: 'images', command: 'prune.images', label: 'all unused images'},
	{kind: 'volumes', command: 'prune.volumes', label: 'volumes'},
	{kind: 'networks', command: 'prune.networks', label: 'networks'},
	{kind: 'buildCache', command: 'prune.buildCache', label: 'build cache'},
];

/** What the user chose on screen; the plan is a pure function of it and the measurement. */
interface Choices {
	kinds: ReadonlySet<PruneKind>;
	volumeScope: 'anonymous' | 'all';
	until: {text: string; value?: number};
	labels: {text: string; value: LabelFilter[]};
}

function planOf(inventory: Inventory | undefined, choices: Choices, protect: ProtectLabel, namedVolumesHint: string): PrunePlan | undefined {
	if (!inventory) return undefined;
	return computePrunePlan(inventory, {
		kinds: choices.kinds,
		volumeScope: choices.volumeScope,
		until: choices.until.value,
		labels: choices.labels.value,
		protect,
		namedVolumesHint,
	});
}

/** A row of the pane's table: an object of the plan, or (the disk usage view) a measured object. */
type CleanupRow = PlanItem | UsageItem;
const isPlanItem = (row: CleanupRow): row is PlanItem => 'labels' in row;
const rowKey = (item: CleanupRow) => `${item.kind}:${item.id}`;
/** What the filter matches: the plan's own note too. The plan is narrowed by it (narrowPlan), so d removes what shows. */
const matchesRow = (item: CleanupRow, filter: string) => matchesText(filter, item.kind, item.name, item.id, isPlanItem(item) ? item.note : undefined);

function parseLabels(text: string): LabelFilter[] {
	return text.split(/\s+/).filter(Boolean).map(parseLabelFilter);
}

const NO_ROWS: readonly PlanItem[] = [];

export function PrunePane({width, height, isActive, top}: PaneProps) {
	const keymap = useKeymap();
	const keyOf = (id: CommandId) => keymap.keyOf(id);
	const theme = useTheme();
	const {notify, isReadOnly} = useServices();
	const {store, state, protect, now} = useInventory(isActive);
	const remove = usePruneRun(store);
	const planRowCells = useRowCells('plan', planCells);
	// One formatter per second of "now", so rows stay memoized between ticks.
	const second = Math.floor(now / 1000);
	const usageRowCells = useCallback((item: UsageItem) => usageCells(item, second, theme), [second, theme]);
	// The plan's kinds and filters, the view and its sort are kept for the session, as in every pane (issue 19).
	const [choices, setChoicesState] = useRemembered<Choices>('choices', () => ({
		kinds: new Set<PruneKind>(['containers', 'dangling']),
		volumeScope: 'anonymous',
		until: {text: ''},
		labels: {text: '', value: []},
	}));
	// The choices as of the last key, ahead of the render: in a burst ("I d") the "d" comes before React
	// has drawn the toggle, and the dialog must show the plan for the toggles as they now are (issue 22).
	const latest = useRef(choices);
	const choose = (change: (current: Choices) => Choices) => {
		latest.current = change(latest.current);
		setChoicesState(latest.current);
	};
	const {kinds, volumeScope, until, labels} = choices;
	const [view, setView] = useRemembered<'plan' | 'usage'>('view', 'plan');
	const [usageSort, setUsageSort] = useRemembered<UsageSort>('sort', 'size');
	const untilField = useTextField({
		isActive,
		onSubmit: text => {
			try {
				const value = text.trim() ? parseUntil(text, Date.now() / 1000) : undefined;
				choose(current => ({...current, until: {text, value}}));
			} catch (error) {
				notify((error as Error).message, 'error');
			}
		},
	});
	const labelField = useTextField({
		isActive,
		onSubmit: text => {
			try {
				const value = parseLabels(text);
				choose(current => ({...current, labels: {text, value}}));
			} catch (error) {
				notify((error as Error).message, 'error');
			}
		},
	});

	const {inventory} = state;
	const namedVolumesKey = keyOf('prune.namedVolumes');
	const fullPlan = useMemo(() => planOf(inventory, choices, protect, namedVolumesKey), [inventory, choices, protect, namedVolumesKey]);
	const usage = useMemo(() => (inventory ? summarizeUsage(inventory, state.logSizes, protect) : []), [inventory, state.logSizes, protect]);
	const items = useMemo(() => (inventory ? sortUsageItems(usageItems(inventory, state.logSizes), usageSort) : []), [inventory, state.logSizes, usageSort]);

	// The usage summary is a bordered table: its rows, the heading, two borders and the heading's rule.
	const unsupportedLines = [...Object.values(inventory?.unsupported ?? {}), inventory?.notice].filter((line): line is string => Boolean(line));
	const headerLinesOf = (isBorderless: boolean) => (usage.length > 0 ? summaryHeight(usage.length, isBorderless) : 1) + unsupportedLines.length;
	// The kinds and the options wrap, whole items per line, rather than cut (issue 18).
	const kindItems = KIND_TOGGLES.map(
		toggleDef =>
			`${keyOf(toggleDef.command)} [${kinds.has(toggleDef.kind) ? 'x' : ' '}] ${toggleDef.label}${toggleDef.kind === 'volumes' ? (volumeScope === 'all' ? ' (named AND anonymous)' : ` (anonymous only; ${keyOf('prune.namedVolumes')}: named too)`) : ''}`,
	);
	const kindLines = packItems(kindItems, width);
	const optionItems = [
		`${keyOf('prune.until')} until: ${until.text || '–'}`,
		`${keyOf('prune.labels')} labels: ${labels.text || '–'}`,
		`protected: ${protect.key}=${protect.value}`,
		`${keyOf('prune.view')}: ${view === 'plan' ? 'show disk usage by object' : 'show the plan'}`,
	];
	const optionLines = packItems(optionItems, width, 3);
	// Below the table: the plan line, the plan's notes (the filter keeps them), the last prune's outcome, the open
	// fields (each when shown).
	const outcome = state.lastOutcome;
	const belowLinesWith = (filterLines: number) => 1 + (fullPlan && fullPlan.notes.length > 0 ? 1 : 0) + (outcome ? 1 : 0) + filterLines + (untilField.isOpen ? 1 : 0) + (labelField.isOpen ? 1 : 0);
	const rowsWith = (isBorderless: boolean, filterLines: number) => height - 2 - headerLinesOf(isBorderless) - kindLines.length - optionLines.length - belowLinesWith(filterLines);
	// A short terminal (80×24) drops the summary's borders before the list shrinks under five rows (issue 20: it showed one).
	const layoutWith = (filterLines: number) => {
		const isSummaryBorderless = rowsWith(false, filterLines) < 5;
		return {isSummaryBorderless, rowSpace: Math.max(1, rowsWith(isSummaryBorderless, filterLines))};
	};
	// More rows than fit: the last line says how many are not on screen, as the confirmation does (issue 18).
	const isCutWith = (count: number, rowSpace: number) => view === 'plan' && count > rowSpace && rowSpace > 1;
	const tableHeightFor = (count: number, filterLines: number) => {
		const {rowSpace} = layoutWith(filterLines);
		return isCutWith(count, rowSpace) ? rowSpace - 1 : rowSpace;
	};
	const allRows: readonly CleanupRow[] = view === 'plan' ? (fullPlan?.remove ?? NO_ROWS) : items;
	// The rows are not clickable here, as before the generic list (issue 15): the mouse stays off.
	const pane = useListPane<CleanupRow>({rows: allRows, rowKey, matches: matchesRow, height, top, isActive, tableHeightFor, isMouseActive: false});
	const {filter} = pane;
	// The filter narrows the plan itself: d removes exactly the rows shown.
	const plan = useMemo(() => (fullPlan && filter.text ? narrowPlan(fullPlan, filter.text) : fullPlan), [fullPlan, filter.text]);
	const {isSummaryBorderless, rowSpace} = layoutWith(filter.isShown ? 1 : 0);
	const shownCount = pane.shown.length;
	const isCut = isCutWith(shownCount, rowSpace);
	const {tableHeight} = pane;

	const toggle = (kind: PruneKind) =>
		choose(current => {
			const next = new Set(current.kinds);
			if (next.has(kind)) next.delete(kind);
			else next.add(kind);
			return {...current, kinds: next};
		});

	const run = async () => {
		// The plan for the choices as of the last key and the measurement as it is now: the same plan the
		// pane draws once React catches up, so what the user confirms is what gets removed.
		const current = store.get();
		const full = planOf(current.inventory, latest.current, protect, namedVolumesKey);
		const filterText = filter.current();
		const chosen = full && filterText ? narrowPlan(full, filterText) : full;
		if (!chosen || current.running) return;
		await remove(chosen);
	};

	useCommands(
		['prune', 'list'],
		{
			...pane.handlers,
			'list.sortNext': () => setUsageSort(current => (current === 'size' ? 'age' : 'size')),
			'prune.containers': () => toggle('containers'),
			'prune.dangling': () => toggle('dangling'),
			'prune.images': () => toggle('images'),
			'prune.volumes': () => toggle('volumes'),
			'prune.namedVolumes': () =>
				choose(current => ({...current, volumeScope: current.volumeScope === 'all' ? 'anonymous' : 'all', kinds: new Set([...current.kinds, 'volumes'])})),
			'prune.networks': () => toggle('networks'),
			'prune.buildCache': () => toggle('buildCache'),
			'prune.until': untilField.open,
			'prune.labels': labelField.open,
			'prune.view': () => setView(current => (current === 'plan' ? 'usage' : 'plan')),
			'prune.remeasure': () => store.refresh(),
			'prune.run': () => void run(),
		},
		{isActive, isReadOnly},
	);

	const measuring = state.loadingSince !== undefined ? `measuring disk usage… ${formatAge((now - state.loadingSince) / 1000)} (you can leave this pane; it goes on)` : undefined;
	const measured = state.loadedAt ? `measured ${formatAge(Math.max(0, now - state.loadedAt) / 1000)} ago · ${keyOf('prune.remeasure')} measures again` : '';
	const planBytes = plan ? planBytesByType(plan, state.logSizes) : new Map<string, number>();
	const usageRows = usage.map(row => ({
		TYPE: row.type,
		TOTAL: String(row.count),
		ACTIVE: String(row.active),
		SIZE: formatBytes(row.size),
		RECLAIMABLE: formatBytes(row.reclaimable),
		'THIS PLAN': formatBytes(planBytes.get(row.type) ?? 0),
	}));
	const running = state.running ? `removing ${state.running.done}/${state.running.total}…` : undefined;

	const planRowsCells = useCallback((row: CleanupRow) => (isPlanItem(row) ? planRowCells(row) : []), [planRowCells]);
	const usageRowsCells = useCallback((row: CleanupRow) => (isPlanItem(row) ? [] : usageRowCells(row)), [usageRowCells]);
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			{...(view === 'plan'
				? {columns: PLAN_COLUMNS, cellsOf: planRowsCells, emptyText: !inventory ? 'waiting for the measurement…' : 'nothing to remove with these choices'}
				: {columns: USAGE_COLUMNS, cellsOf: usageRowsCells, sortKey: usageSort === 'size' ? 'size' : 'created', isSortDescending: usageSort === 'size', emptyText: !inventory ? 'waiting for the measurement…' : 'nothing measured'})}
			rowKey={rowKey}
			header={
				<>
					<TitleBar title={[{text: 'Cleanup'}]} aside={state.error ? `✗ ${state.error}` : measuring ? `⟳ ${measuring}` : measured} asideColor={state.error ? theme.danger : theme.muted} width={width} />
					{usageRows.length > 0 ? <SummaryTable rows={usageRows} isBorderless={isSummaryBorderless} /> : <Text color={theme.muted}>{measuring ? '…' : 'no measurement yet'}</Text>}
					{unsupportedLines.map(line => (
						<Text key={line} color={theme.muted} wrap="truncate">
							{line}
						</Text>
					))}
					{kindLines.map(line => (
						<Text key={line[0]} wrap="truncate">
							{line.map((index, at) => (
								<Text key={index} color={kinds.has(KIND_TOGGLES[index]!.kind) ? theme.accent : theme.muted}>
									{`${at > 0 ? '  ' : ''}${kindItems[index]}`}
								</Text>
							))}
						</Text>
					))}
					{optionLines.map(line => (
						<Text key={line[0]} color={theme.muted} wrap="truncate">
							{line.map(index => optionItems[index]).join('   ')}
						</Text>
					))}
				</>
			}
			belowTable={
				<>
					{isCut ? (
						<Text color={theme.muted} wrap="truncate">
							{`  … ${shownCount - tableHeight} more not shown here (↑↓ scroll); ${keyOf('prune.run')} removes all ${shownCount}`}
						</Text>
					) : null}
					<Text bold wrap="truncate">
						{running
							? `⟳ ${running}`
							: plan
								? `Plan: ${planTotal(plan)}${filter.text && fullPlan ? ` (filter "${filter.text}"; ${fullPlan.remove.length} without it)` : ''} · ${plan.kept.length} kept${isReadOnly ? ' · read-only: nothing can be removed' : ` · ${keyOf('prune.run')} removes exactly these`}`
								: ''}
					</Text>
					{plan && plan.notes.length > 0 ? (
						<Text color={theme.muted} wrap="truncate">
							{plan.notes.join(' · ')}
						</Text>
					) : null}
					{outcome ? (
						<Text color={outcome.failed.length > 0 ? theme.danger : theme.success} wrap="truncate">
							{`last prune: removed ${outcome.removed.length}, kept ${outcome.skipped.length}, failed ${outcome.failed.length}; ${formatReclaimed(outcome)}` +
								[...outcome.skipped, ...outcome.failed].slice(0, 3).map(entry => ` · ${displayName(entry.item)}: ${entry.reason}`).join('')}
						</Text>
					) : null}
				</>
			}
			footer={
				<>
					{untilField.isOpen ? <TextInput label="created before (90m, 1h30m, 7d, 2026-01-31, a Unix time): " value={untilField.value} isSelected={untilField.isSelected} isActive /> : null}
					{labelField.isOpen ? <TextInput label="labels (label=K[=V] label!=K): " value={labelField.value} isSelected={labelField.isSelected} isActive /> : null}
				</>
			}
		/>
	);
}

/** The plan with only the objects that match the filter: what the pane shows, and what d removes. */
function narrowPlan(plan: PrunePlan, filter: string): PrunePlan {
	const remove = plan.remove.filter(item => matchesRow(item, filter));
	return {
		...plan,
		remove,
		totalBytes: remove.reduce((sum, item) => sum + (item.size ?? 0), 0),
		isTotalPartial: remove.some(item => item.size === undefined),
	};
}


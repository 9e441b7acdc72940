/**
 * The layer explorer: for the image chosen in the images pane, the history
 * steps beside the layers they made, the selected layer's files as a
 * collapsible tree (its own changes, or the image as seen at that layer), and
 * what the image wastes. The export streams from the engine with progress;
 * Esc cancels it; an unreadable archive is an error state, not an exit.
 * Render only: reading and analysis are source/docker/image-archive.ts and
 * source/model/layers (through services.images.loadLayers).
 */
import {Box, Text} from 'ink';
import {useMemo, useRef, useState} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {type Load, useLayerLoad} from '../../hooks/use-layer-load.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {type LoadedLayers, nextPlatform} from '../../model/image-store.js';
import {filterTree, imageTreeAt, layerChangesTree} from '../../model/layers/analysis.js';
import type {ChangeStatus, TreeNode} from '../../model/layers/file-tree.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import {Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {TreeRows} from '../components/tree-rows.js';
import {flattenTree, STEP_COLUMNS, stepRows, stepTableCells, type TreeRow, treeRowSize, treeRowText} from '../format/layer-rows.js';
import {percent, progressBar} from '../format/progress.js';
import {fit, joinWhole, wrapWords} from '../format/text.js';
import {formatBytes, shortId} from '../format/units.js';
import type {Theme} from '../theme.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useRemembered} from '../../hooks/use-remembered.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {plural} from '../../model/plural.js';

type Mode = 'changes' | 'image';

const treeKey = (row: TreeRow) => row.node.path;
const everyRow = () => true;

const statusColor = (theme: Theme): Record<ChangeStatus, string | undefined> => ({added: theme.success, modified: theme.warning, removed: theme.danger, unchanged: undefined});

function allDirectories(root: TreeNode): Set<string> {
	const out = new Set<string>();
	const visit = (node: TreeNode) => {
		for (const child of node.children) {
			if (child.kind === 'directory' || child.children.length > 0) {
				out.add(child.path);
				visit(child);
			}
		}
	};
	visit(root);
	return out;
}

function LoadingView({load}: {load: Load}) {
	const theme = useTheme();
	if (load.status === 'loading') {
		const progress = load.progress;
		if (!progress || progress.phase === 'preparing') {
			return <Text wrap="truncate" color={theme.warning}>⇣ the engine is preparing the export… · Esc cancels</Text>;
		}
		const fraction = progress.expectedBytes ? progress.bytesRead / progress.expectedBytes : 0;
		return (
			<Text wrap="truncate" color={theme.warning}>
				⇣ reading: {progressBar(fraction, 20)} {percent(fraction)} · {formatBytes(progress.bytesRead)}
				{progress.expectedBytes ? ` of ~${formatBytes(progress.expectedBytes)}` : ''} · {plural(progress.layersRead, 'layer')} read · Esc cancels
			</Text>
		);
	}
	if (load.status === 'error') return <Text wrap="truncate" color={theme.danger}>✗ {load.message} · R tries again</Text>;
	if (load.status === 'cancelled') return <Text color={theme.muted}>cancelled · R reads the image again</Text>;
	return null;
}

function EfficiencyPanel({data, reference, width, height}: {data: LoadedLayers; reference: string; width: number; height: number}) {
	const theme = useTheme();
	const {efficiency, advice} = data.analysis;
	const lines: Array<{text: string; color?: string; bold?: boolean; isWrapped?: boolean}> = [
		{text: `Efficiency ${(efficiency.score * 100).toFixed(1)}%`, bold: true, color: efficiency.score < 0.9 ? theme.warning : theme.success},
		{text: `wasted ${formatBytes(efficiency.wastedBytes)} of the ${formatBytes(efficiency.totalBytes)} the layers ship; ${formatBytes(efficiency.finalBytes)} is visible in the image`},
		{text: efficiency.topWasted.length > 0 ? 'Top wasted paths (added → replaced by):' : 'No wasted bytes.', bold: true},
	];
	for (const wasted of efficiency.topWasted) {
		const first = wasted.occurrences[0];
		const where = first ? ` L${first.addedBy}→L${first.replacedBy} ${first.how}` : '';
		lines.push({text: `${fit(formatBytes(wasted.wastedBytes), 7, 'right')} /${wasted.displayPath}${where}`});
	}
	if (advice.length > 0) lines.push({text: 'Advice:', bold: true});
	for (const item of advice) lines.push({text: `• ${item.message}`, color: theme.warning, isWrapped: true});
	// Advice is sentences: wrapped here, row by row, so what does not fit is said, not silently cut (issue 19).
	const rows = lines.flatMap(line => (line.isWrapped ? wrapWords(line.text, Math.max(10, width - 1)).map(text => ({...line, text})) : [line]));
	const shown = rows.length > height ? [...rows.slice(0, Math.max(0, height - 1)), {text: `… ${plural(rows.length - height + 1, 'more line')}: dockdash layers ${reference} prints it all`, color: theme.muted}] : rows;
	return (
		<Box flexDirection="column" width={width} height={height} paddingLeft={1} overflow="hidden">
			{shown.map((line, index) => (
				<Text key={index} wrap="truncate" bold={line.bold} color={line.color}>
					{line.text}
				</Text>
			))}
		</Box>
	);
}

/** Rows the efficiency panel needs at this width: the sums, the wasted paths and the advice wrapped. */
function efficiencyPanelRows(data: LoadedLayers, width: number): number {
	const {efficiency, advice} = data.analysis;
	return 3 + efficiency.topWasted.length + (advice.length > 0 ? 1 : 0) + advice.reduce((sum, item) => sum + wrapWords(`• ${item.message}`, Math.max(10, width - 1)).length, 0);
}

export function LayersPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const stepRowCells = useRowCells('steps', stepTableCells);
	const {images, isReadOnly} = useServices();
	// The platform chosen with p, per image, for the session: the engine's own choice until then.
	const [chosenPlatforms, setChosenPlatforms] = useRemembered<ReadonlyMap<string, string>>('platforms', () => new Map());
	const target = useObservable(images.explore);
	const [reloads, setReloads] = useState(0);
	const [platform, setPlatform] = useState<string | undefined>(() => (target ? chosenPlatforms.get(target.id) : undefined));
	// A new image starts with the platform chosen for it before, or the engine's.
	const [platformOf, setPlatformOf] = useState(target?.id);
	if (platformOf !== target?.id) {
		setPlatformOf(target?.id);
		setPlatform(target ? chosenPlatforms.get(target.id) : undefined);
	}
	const {load, cancel} = useLayerLoad(target, platform, reloads);
	const [focus, setFocusState] = useState<'steps' | 'tree'>('steps');
	// Read by the key handlers, so a key right after "l" already moves in the tree, before React renders.
	const focusRef = useRef<'steps' | 'tree'>('steps');
	const setFocus = (next: 'steps' | 'tree') => {
		focusRef.current = next;
		setFocusState(next);
	};
	const [mode, setMode] = useState<Mode>('changes');
	const [expansion, setExpansion] = useState<{view: string; isAll: boolean; open: ReadonlySet<string>}>({view: '', isAll: true, open: new Set()});
	const filterField = useTextField({isActive});
	const filter = filterField.value;

	const data = load.status === 'ready' ? load.data : undefined;
	const steps = useMemo(() => (data ? stepRows(data.analysis) : []), [data]);
	const stepKeys = useMemo(() => steps.map(step => step.key), [steps]);
	const stepsHeight = Math.max(2, Math.min(steps.length, Math.floor((height - 4) * 0.35)));
	const stepList = useListState(stepKeys, stepsHeight);
	const step = steps[stepList.selectedIndex];
	const layerIndex = step?.layerIndex;

	const layerTree = useMemo(() => {
		if (!data || layerIndex === undefined) return undefined;
		return mode === 'changes' ? layerChangesTree(data.layers, layerIndex) : imageTreeAt(data.layers, layerIndex);
	}, [data, layerIndex, mode]);
	const shownTree = useMemo(() => (layerTree && filter ? filterTree(layerTree, filter) : layerTree), [layerTree, filter]);
	// A new layer or view starts open in "changes" (only what changed) and closed in "image" (everything).
	const view = `${target?.id}:${platform}:${layerIndex}:${mode}`;
	const {isAll: isAllExpanded, open: expanded} = expansion.view === view ? expansion : {isAll: mode === 'changes', open: new Set<string>()};
	const setExpanded = (isAll: boolean, open: ReadonlySet<string>) => setExpansion({view, isAll, open});
	const treeRows = useMemo(() => (shownTree ? flattenTree(shownTree, expanded, isAllExpanded || Boolean(filter)) : []), [shownTree, expanded, isAllExpanded, filter]);

	const isWide = width >= 120;
	const inputLines = filterField.isOpen || filter ? 1 : 0;
	// Below the tree on a narrow terminal: as tall as the panel needs, up to a third of the pane.
	const belowPanel = !isWide && data ? Math.max(5, Math.min(efficiencyPanelRows(data, width), Math.floor(height / 3))) : 0;
	const treeHeight = Math.max(1, height - 1 - (stepsHeight + 1) - 1 - inputLines - belowPanel);
	const panelWidth = isWide ? Math.min(60, Math.floor(width * 0.38)) : width;
	const treeWidth = isWide ? width - panelWidth : width;
	// The tree is the pane's list (the steps above it are a second one, as the Swarm pane's tasks are); its path
	// filter is the pane's own, applied to the tree before it is flattened, so every row it gets shows. No mouse yet.
	const tree = useListPane({rows: treeRows, rowKey: treeKey, matches: everyRow, height, top, isActive, tableHeightFor: () => treeHeight, isMouseActive: false, hasFilter: false, isSelectionKept: false});
	const treeList = tree.list;

	const toggleDirectory = () => {
		const row = treeRows[treeList.selectedIndex];
		if (!row?.isDirectory || !shownTree) return;
		const open = isAllExpanded || filter ? allDirectories(shownTree) : new Set(expanded);
		if (row.isExpanded) open.delete(row.node.path);
		else open.add(row.node.path);
		setExpanded(false, open);
	};
	const isTree = () => focusRef.current === 'tree';
	const active = () => (isTree() ? treeList : stepList);
	const pageRows = () => (isTree() ? treeHeight : stepsHeight);

	useCommands(
		['layers', 'list'],
		{
			'list.up': () => active().moveBy(-1),
			'list.down': () => active().moveBy(1),
			'list.pageUp': () => active().moveBy(-pageRows()),
			'list.pageDown': () => active().moveBy(pageRows()),
			'list.first': () => active().moveTo(0),
			'list.last': () => active().moveTo((isTree() ? treeRows.length : steps.length) - 1),
			'list.filter': filterField.open,
			'layers.focusSteps': () => setFocus('steps'),
			'layers.focusTree': () => setFocus('tree'),
			'layers.toggle': () => (isTree() ? toggleDirectory() : setFocus('tree')),
			'layers.mode': () => setMode(current => (current === 'changes' ? 'image' : 'changes')),
			'layers.expandAll': () => setExpanded(true, new Set()),
			'layers.collapseAll': () => setExpanded(false, new Set()),
			'layers.cancel': () => {
				if (load.status === 'loading') cancel();
				else filterField.setValue('');
			},
			'layers.reload': () => setReloads(count => count + 1),
			'layers.platform': () => {
				const next = nextPlatform(data?.platforms, data?.platform ?? platform);
				if (!target || next === undefined) return;
				setChosenPlatforms(chosen => new Map(chosen).set(target.id, next));
				setPlatform(next);
			},
		},
		// With no image chosen there is no list: the pane binds (and so offers) none of its keys.
		{isActive: isActive && target !== undefined, isReadOnly},
	);

	if (!target) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text bold>Layers</Text>
				<Text color={theme.muted}>Choose an image in the Images pane and press Enter to explore its layers.</Text>
			</Box>
		);
	}
	const reference = `${target.ref} (${shortId(target.id)})`;
	const efficiency = data?.analysis.efficiency;
	// A multi-platform image names the platform shown and how many there are (p reads the next).
	const platforms = data?.platforms ?? [];
	const shownPlatform = data?.platform ?? platform;
	let platformText = '';
	if (platforms.length > 1 && shownPlatform) platformText = ` · ${shownPlatform} (${platforms.indexOf(shownPlatform) + 1} of ${platforms.length} platforms, p next)`;
	else if (!data && platform) platformText = ` · ${platform}`;
	// The figures after the name drop whole, last first, rather than be cut (issue 18).
	const title = joinWhole(
		[
			`Layers of ${reference}${platformText}`,
			...(data ? [plural(data.layers.length, 'layer'), plural(data.analysis.steps.length, 'step')] : []),
			...(efficiency ? [`efficiency ${(efficiency.score * 100).toFixed(1)}%`, `wasted ${formatBytes(efficiency.wastedBytes)}`] : []),
		],
		width,
	);
	const modeText = mode === 'changes' ? "this layer's changes" : 'the image at this layer';
	let treeTitle = '';
	if (data && step) {
		treeTitle =
			layerIndex === undefined
				? `step ${steps.indexOf(step)} is metadata only (#(nop)): it adds no files`
				: joinWhole([`layer ${layerIndex} · ${modeText}`, ...(shownTree ? [`${shownTree.fileCount} files`, formatBytes(shownTree.totalSize)] : []), '+ added  ~ modified  − removed'], width);
	}
	return (
		<ListPaneView
			pane={tree}
			width={width}
			height={height}
			header={
				<Text bold wrap="truncate">
					{title}
				</Text>
			}
			body={
				!data ? (
					<LoadingView load={load} />
				) : (
					<>
						<Table
							columns={STEP_COLUMNS}
							rows={steps}
							rowKey={row => row.key}
							cellsOf={stepRowCells}
							selectedIndex={stepList.selectedIndex}
							offset={stepList.offset}
							height={stepsHeight}
							width={width}
							emptyText="the image has no history"
						/>
						<Text bold color={focus === 'tree' ? theme.accent : undefined} wrap="truncate">
							{treeTitle}
						</Text>
						<Box>
							<Box width={treeWidth} flexDirection="column">
								{layerIndex !== undefined && treeRows.length === 0 ? (
									<Text color={theme.muted}>{filter ? `no path matches "${filter}"` : 'this layer changes no files'}</Text>
								) : (
									<Box flexDirection="column" height={treeHeight}>
										<TreeRows
											rows={treeRows}
											selectedIndex={treeList.selectedIndex}
											offset={treeList.offset}
											height={treeHeight}
											width={treeWidth}
											textOf={treeRowText}
											sizeOf={treeRowSize}
											colorOf={row => statusColor(theme)[row.node.status]}
											isSelectionInverse={focus === 'tree'}
										/>
									</Box>
								)}
							</Box>
							{isWide ? <EfficiencyPanel data={data} reference={target.ref} width={panelWidth} height={treeHeight} /> : null}
						</Box>
						{belowPanel > 0 ? <EfficiencyPanel data={data} reference={target.ref} width={width} height={belowPanel} /> : null}
					</>
				)
			}
			fieldLine={filterField.isOpen || filter ? <TextInput label="path filter: " value={filter} isSelected={filterField.isSelected} isActive={filterField.isOpen} /> : null}
		/>
	);
}

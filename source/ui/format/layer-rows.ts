/**
 * The layer explorer's rows, with no UI: history steps beside the layers they
 * made, and a file tree flattened to the rows a collapsible view shows. Every
 * change is a text marker first (+ added, ~ modified, − removed) and a colour
 * second.
 */
import type {ImageAnalysis, LayerSummary} from '../../model/layers/analysis.js';
import type {ChangeStatus, TreeNode} from '../../model/layers/file-tree.js';
import {formatAge, formatBytes} from './units.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';

export interface StepRow {
	key: string;
	/** The layer this row shows, absent for a metadata-only step. */
	layerIndex?: number;
	layer?: LayerSummary;
	instruction: string;
	created?: number;
	isMetadataOnly: boolean;
}

/** History steps in order, each beside the layer it made; layers no step claims are appended. */
export function stepRows(analysis: ImageAnalysis): StepRow[] {
	const rows: StepRow[] = analysis.steps.map(step => ({
		key: `s${step.index}`,
		layerIndex: step.layerIndex,
		layer: step.layerIndex === undefined ? undefined : analysis.layers[step.layerIndex],
		instruction: step.instruction || step.createdBy || '(no instruction recorded)',
		created: step.created,
		isMetadataOnly: step.isMetadataOnly,
	}));
	const claimed = new Set(rows.flatMap(row => (row.layerIndex === undefined ? [] : [row.layerIndex])));
	for (const layer of analysis.layers) {
		if (!claimed.has(layer.index)) rows.push({key: `l${layer.index}`, layerIndex: layer.index, layer, instruction: layer.instruction || '(no history entry)', isMetadataOnly: false});
	}
	return rows;
}

export interface StepCells {
	layer: string;
	size: string;
	changes: string;
	wasted: string;
	age: string;
	instruction: string;
}

export function stepCells(row: StepRow, nowSeconds: number): StepCells {
	const layer = row.layer;
	return {
		layer: row.layerIndex === undefined ? '·' : String(row.layerIndex),
		size: layer ? formatBytes(layer.bytes) : '',
		changes: layer ? `+${layer.added} ~${layer.modified} −${layer.removed}` : 'no files',
		wasted: layer && layer.wastedBytes > 0 ? formatBytes(layer.wastedBytes) : '',
		age: row.created === undefined ? '' : formatAge(nowSeconds - row.created),
		instruction: row.isMetadataOnly ? `${row.instruction}  (#(nop) metadata)` : row.instruction,
	};
}

export const STATUS_MARK: Record<ChangeStatus, string> = {added: '+', modified: '~', removed: '−', unchanged: ' '};

export interface TreeRow {
	node: TreeNode;
	depth: number;
	isDirectory: boolean;
	isExpanded: boolean;
}

/**
 * The rows of a tree with some directories expanded (by raw path); with
 * `expandAll` every directory is open (a filtered tree is small and the
 * matches are what the user wants to see). The root itself is not a row.
 */
export function flattenTree(root: TreeNode, expanded: ReadonlySet<string>, expandAll = false): TreeRow[] {
	const rows: TreeRow[] = [];
	const visit = (node: TreeNode, depth: number) => {
		for (const child of node.children) {
			// A file that replaced a directory holds that directory's removed entries: it folds like one.
			const isDirectory = child.kind === 'directory' || child.children.length > 0;
			const isExpanded = isDirectory && (expandAll || expanded.has(child.path));
			rows.push({node: child, depth, isDirectory, isExpanded});
			if (isExpanded) visit(child, depth + 1);
		}
	};
	visit(root, 0);
	return rows;
}

/** One tree row as text: indent, fold arrow, change marker, name, link target. */
export function treeRowText(row: TreeRow): string {
	const node = row.node;
	const fold = row.isDirectory ? (row.isExpanded ? '▾' : '▸') : ' ';
	const suffix = node.kind === 'directory' ? '/' : '';
	const link = node.displayLinkTarget !== undefined ? (node.kind === 'hardlink' ? ` ⇒ ${node.displayLinkTarget}` : ` → ${node.displayLinkTarget}`) : '';
	const device = node.device ? ` (${node.kind} ${node.device.major},${node.device.minor})` : '';
	const was = node.replacedKind ? ` (was a ${node.replacedKind}: type changed)` : '';
	return `${'  '.repeat(row.depth)}${fold} ${STATUS_MARK[node.status]} ${node.displayName}${suffix}${link}${device}${was}`;
}

/** The size a row shows: rolled up for directories, what was removed for a removed entry. */
export function treeRowSize(row: TreeRow): string {
	const node = row.node;
	if (node.status === 'removed') return node.size > 0 ? `−${formatBytes(node.size)}` : '';
	return formatBytes(row.isDirectory ? node.totalSize : node.size);
}

export const STEP_COLUMNS: readonly Column[] = [
	{key: 'layer', title: 'L', width: 3, align: 'right'},
	{key: 'size', title: 'SIZE', width: 7, align: 'right'},
	{key: 'changes', title: 'CHANGES', width: 18},
	{key: 'wasted', title: 'WASTED', width: 7, align: 'right'},
	{key: 'age', title: 'CREATED', width: 7, align: 'right'},
	{key: 'instruction', title: 'INSTRUCTION (history)', grow: 1, isIdentity: true},
];

/** A history step's cells, coloured: a step that made no layer (metadata only) is muted. */
export function stepTableCells(row: StepRow, theme: Theme, nowSeconds = Date.now() / 1000): Cell[] {
	const c = stepCells(row, nowSeconds);
	const muted = row.isMetadataOnly ? theme.muted : undefined;
	return [
		{text: c.layer, color: muted},
		{text: c.size},
		{text: c.changes, color: muted},
		{text: c.wasted, color: theme.warning},
		{text: c.age, color: theme.muted},
		{text: c.instruction, color: muted},
	];
}

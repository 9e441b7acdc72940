/** Pure formatters for prune plans and results, shared by the cleanup pane and `dockdash prune`. */
import type {KeptItem, ObjectKind, PlanItem, PrunePlan} from '../../model/prune-plan.js';
import {fit, widthOf} from './text.js';
import {formatAge, formatBytes, shortId} from './units.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';
import type {UsageItem} from '../../model/disk-usage.js';
import {plural} from '../../model/plural.js';

export const KIND_LABELS: Record<ObjectKind, string> = {
	container: 'container',
	image: 'image',
	volume: 'volume',
	network: 'network',
	buildCache: 'build cache',
};

/** The ID as a user recognises it: short for hex IDs, the name itself for named volumes. */
export function displayId(item: Pick<PlanItem, 'kind' | 'id'>): string {
	if (item.kind === 'volume') return /^[0-9a-f]{64}$/.test(item.id) ? shortId(item.id) : '';
	return shortId(item.id);
}

/** Anonymous volumes are named by 64 hex digits; the short ID column shows those already. */
export function displayName(item: Pick<PlanItem, 'kind' | 'name'>): string {
	return item.kind === 'volume' && /^[0-9a-f]{64}$/.test(item.name) ? '(anonymous)' : item.name;
}

export function planItemCells(item: PlanItem): {kind: string; name: string; id: string; size: string; note: string} {
	return {
		kind: KIND_LABELS[item.kind],
		name: displayName(item),
		id: displayId(item),
		size: item.kind === 'network' ? '' : formatBytes(item.size),
		note: item.note ?? '',
	};
}

export function keptItemCells(item: KeptItem): {kind: string; name: string; id: string; reason: string} {
	return {kind: KIND_LABELS[item.kind], name: displayName(item), id: displayId(item), reason: item.reason};
}

/** "7 objects, 1.2GB freed" (with "at least" when some sizes are unknown). */
export function planTotal(plan: Pick<PrunePlan, 'remove' | 'totalBytes' | 'isTotalPartial'>): string {
	const count = plural(plan.remove.length, 'object');
	return `${count}, ${plan.isTotalPartial ? 'at least ' : ''}${formatBytes(plan.totalBytes)} freed`;
}

/**
 * "reclaimed 2.1MB", and when the figure is the preview's rather than the
 * engine's word (removing a container, image or volume answers no size),
 * says so: never a silent 0B for bytes that were freed (issue 21, Podman).
 */
export function formatReclaimed(outcome: {reclaimedBytes: number; estimatedBytes?: number}): string {
	const isEstimate = (outcome.estimatedBytes ?? 0) > 0;
	return `reclaimed ${formatBytes(outcome.reclaimedBytes)}${isEstimate ? " (estimated from the preview's sizes)" : ''}`;
}

/** Plain columns for a terminal or a file: widths from the content, never wider than needed. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned: ReadonlySet<number> = new Set()): string {
	const widths = header.map((title, index) => Math.max(widthOf(title), ...rows.map(row => widthOf(row[index] ?? ''))));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, index) => fit(cell, widths[index]!, rightAligned.has(index) ? 'right' : 'left'))
			.join('  ')
			.trimEnd();
	return [line(header), ...rows.map(line)].join('\n');
}

export const PLAN_COLUMNS: readonly Column[] = [
	{key: 'kind', title: 'KIND', width: 11},
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'id', title: 'ID', width: 12},
	{key: 'size', title: 'SIZE', width: 8, align: 'right'},
	{key: 'note', title: 'NOTE', grow: 2, dropOrder: 1},
];

export const USAGE_COLUMNS: readonly Column[] = [
	{key: 'kind', title: 'KIND', width: 11},
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'id', title: 'ID', width: 12},
	{key: 'size', title: 'SIZE', width: 8, align: 'right'},
	{key: 'created', title: 'AGE', width: 6, align: 'right'},
];

/** A planned removal's cells, coloured. */
export const planCells = (item: PlanItem, theme: Theme): Cell[] => {
	const cells = planItemCells(item);
	return [{text: cells.kind}, {text: cells.name}, {text: cells.id, color: theme.muted}, {text: cells.size}, {text: cells.note, color: theme.muted}];
};
/** A measured object's cells in the usage view; `second` is now, in seconds. */
export function usageCells(item: UsageItem, second: number, theme: Theme): Cell[] {
	return [
		{text: item.kind},
		{text: item.name},
		{text: item.kind === 'volume' && !/^[0-9a-f]{64}$/.test(item.id) ? '' : shortId(item.id), color: theme.muted},
		{text: formatBytes(item.size)},
		{text: item.created ? formatAge(second - item.created) : '–', color: theme.muted},
	];
}

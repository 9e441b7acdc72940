/** Pure formatters for the stats pane: a container's figures → cells, and the sort orders. Unit-tested. */
import type {ContainerStats, StatsPoint} from '../../model/stats.js';
import type {Theme} from '../theme.js';
import type {Cell} from './columns.js';
import {formatBinaryBytes, formatBytes} from './units.js';

/** A percentage as `docker stats` prints it (2 decimals); '–' while unknown, never NaN. */
export function formatPercent(value: number | undefined): string {
	return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}%`;
}

/** Bytes per second in the CLI's decimal units; '–' until there are two samples. */
export function formatRate(bytesPerSecond: number | undefined): string {
	return bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) ? '–' : `${formatBytes(bytesPerSecond)}/s`;
}

/** A rate without its "/s", for table cells whose header says "/s" once. */
function compactRate(bytesPerSecond: number | undefined): string {
	return bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) ? '–' : formatBytes(bytesPerSecond);
}

export interface StatsCells {
	cpu: string;
	memory: string;
	memoryPercent: string;
	network: string;
	block: string;
	pids: string;
}

/** The cells of one container's row (rates per second); every cell is '–' before the first sample. */
export function statsCells(point: StatsPoint | undefined): StatsCells {
	if (!point) return {cpu: '–', memory: '–', memoryPercent: '–', network: '–', block: '–', pids: '–'};
	return {
		cpu: formatPercent(point.cpuPercent),
		// Memory in MiB/GiB as docker stats shows it; network and block I/O in kB/MB, as it shows those.
		memory: `${formatBinaryBytes(point.memoryUsed)} / ${formatBinaryBytes(point.memoryLimit)}`,
		memoryPercent: formatPercent(point.memoryPercent),
		network: `${compactRate(point.networkRxRate)} / ${compactRate(point.networkTxRate)}`,
		block: `${compactRate(point.blockReadRate)} / ${compactRate(point.blockWriteRate)}`,
		pids: String(point.pids),
	};
}

/** The cells of one row of the Stats pane, in its columns' order: name, CPU, memory, MEM %, network, block I/O, PIDs. */
export function statsRowCells(row: StatsRow, theme: Theme): Cell[] {
	const c = statsCells(row.point);
	return [{text: row.name}, {text: c.cpu}, {text: c.memory}, {text: c.memoryPercent}, {text: c.network, color: theme.muted}, {text: c.block, color: theme.muted}, {text: c.pids}];
}

/** The line under the title of one container's history: how much history, the memory and PIDs now, and the way back. */
export function statsHistoryLine(stats: ContainerStats | undefined): string {
	if (!stats) return 'waiting for the first sample… · Esc: back';
	const memory = `${formatBinaryBytes(stats.latest.memoryUsed)} / ${formatBinaryBytes(stats.latest.memoryLimit)} (${formatPercent(stats.latest.memoryPercent)})`;
	return `last ${stats.history.size} of up to ${stats.history.capacity} samples, one a second · memory ${memory} · ${stats.latest.pids} PIDs · Esc: back`;
}

export const STATS_SORT_KEYS = ['cpu', 'memory', 'name', 'network', 'block', 'pids'] as const;
export type StatsSortKey = (typeof STATS_SORT_KEYS)[number];

export interface StatsRow {
	id: string;
	name: string;
	point?: StatsPoint;
}

const sortValue: Record<Exclude<StatsSortKey, 'name'>, (point: StatsPoint) => number | undefined> = {
	cpu: point => point.cpuPercent,
	memory: point => point.memoryUsed,
	network: point => (point.networkRxRate === undefined ? undefined : point.networkRxRate + (point.networkTxRate ?? 0)),
	block: point => (point.blockReadRate === undefined ? undefined : point.blockReadRate + (point.blockWriteRate ?? 0)),
	pids: point => point.pids,
};

/**
 * Sorts rows by a figure. Rows with no figure yet go last in either direction,
 * so the busiest containers are on top from the second sample on; ties by name keep the order still.
 */
/** Sorts a copy; ties fall back to the name, then the ID. The rows keep their own type (a pane's rows carry more). */
export function sortStatsRows<R extends StatsRow>(rows: readonly R[], key: StatsSortKey, isDescending: boolean): R[] {
	const byName = (a: StatsRow, b: StatsRow) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
	if (key === 'name') return [...rows].sort((a, b) => (isDescending ? -byName(a, b) : byName(a, b)));
	const pick = sortValue[key];
	return [...rows].sort((a, b) => {
		const x = a.point ? pick(a.point) : undefined;
		const y = b.point ? pick(b.point) : undefined;
		if (x === undefined || y === undefined) return x === y ? byName(a, b) : x === undefined ? 1 : -1;
		return (isDescending ? y - x : x - y) || byName(a, b);
	});
}

/**
 * Container stats maths, with the docker CLI's formulas
 * (cli/command/container/stats_helpers.go), so dockdash and `docker stats`
 * agree on the same container. Plain TypeScript: samples in, figures out.
 *
 * A sample holds cumulative counters (CPU nanoseconds, bytes read so far); every
 * figure the UI shows is a difference between two samples. With one sample
 * there is no difference yet, so the figure is `undefined` (shown as '–'),
 * never NaN and never a since-boot average disguised as a current value.
 */

/** One reading of a container's counters, whatever source it came from (API or cgroup files). */
export interface StatsSample {
	/** When the counters were read, ms since the epoch. */
	readAt: number;
	/** Cumulative CPU time used by the container, ns. */
	cpuTotalNs: number;
	/** Cumulative CPU time of the whole host (all CPUs), ns; undefined when the source does not give it. */
	systemCpuNs?: number;
	onlineCpus: number;
	/**
	 * The engine's own previous CPU reading (`precpu_stats`) when it sent a
	 * usable one. One-shot polls and the first sample of a stream leave it empty.
	 */
	previousCpu?: {cpuTotalNs: number; systemCpuNs: number};
	/** Memory in use without the inactive page cache (see {@link memoryUsedBytes}). */
	memoryUsed: number;
	memoryLimit: number;
	networkRx: number;
	networkTx: number;
	blockRead: number;
	blockWrite: number;
	pids: number;
}

/** What the stats pane shows for one container at one moment. Undefined means "not known yet". */
export interface StatsPoint {
	at: number;
	cpuPercent?: number;
	memoryUsed: number;
	memoryLimit: number;
	memoryPercent?: number;
	networkRxRate?: number;
	networkTxRate?: number;
	blockReadRate?: number;
	blockWriteRate?: number;
	pids: number;
}

/**
 * Memory as `docker stats` counts it: usage minus the inactive file cache,
 * `total_inactive_file` on cgroup v1 and `inactive_file` on cgroup v2, each
 * only when it is below the usage.
 */
export function memoryUsedBytes(usage: number, stats: Readonly<Record<string, number>> | undefined): number {
	const v1 = stats?.['total_inactive_file'];
	if (v1 !== undefined) {
		if (v1 < usage) return usage - v1;
	} else {
		const v2 = stats?.['inactive_file'];
		if (v2 !== undefined && v2 < usage) return usage - v2;
	}
	return usage;
}

/**
 * CPU % from a pair of readings: the container's CPU delta over the host's
 * delta, times the online CPUs. A delta ≤ 0 (the same reading twice, or a
 * counter that restarted with the container) gives 0, as in the docker CLI.
 */
export function cpuPercent(previous: {cpuTotalNs: number; systemCpuNs: number}, current: {cpuTotalNs: number; systemCpuNs: number}, onlineCpus: number): number {
	const cpuDelta = current.cpuTotalNs - previous.cpuTotalNs;
	const systemDelta = current.systemCpuNs - previous.systemCpuNs;
	if (!(cpuDelta > 0) || !(systemDelta > 0) || !(onlineCpus > 0)) return 0;
	return (cpuDelta / systemDelta) * onlineCpus * 100;
}

/** A counter's growth per second; a counter that went down (container restarted) counts as 0. */
export function ratePerSecond(previous: number, current: number, elapsedMs: number): number | undefined {
	if (!(elapsedMs > 0)) return undefined;
	const delta = current - previous;
	return delta > 0 ? (delta * 1000) / elapsedMs : 0;
}

/** Memory % of the limit; undefined without a limit. */
export function memoryPercent(used: number, limit: number): number | undefined {
	return limit > 0 ? (used / limit) * 100 : undefined;
}

function cpuOf(previous: StatsSample | undefined, current: StatsSample): number | undefined {
	// The engine's own pair is the docker CLI's exact input; prefer it.
	if (current.previousCpu && current.systemCpuNs !== undefined) {
		return cpuPercent(current.previousCpu, {cpuTotalNs: current.cpuTotalNs, systemCpuNs: current.systemCpuNs}, current.onlineCpus);
	}
	if (!previous || previous.systemCpuNs === undefined || current.systemCpuNs === undefined) return undefined;
	return cpuPercent({cpuTotalNs: previous.cpuTotalNs, systemCpuNs: previous.systemCpuNs}, {cpuTotalNs: current.cpuTotalNs, systemCpuNs: current.systemCpuNs}, current.onlineCpus);
}

/** Figures from the latest sample and the one before it (undefined for the first sample). */
export function deriveStats(previous: StatsSample | undefined, current: StatsSample): StatsPoint {
	const elapsed = previous ? current.readAt - previous.readAt : 0;
	const rate = (pick: (sample: StatsSample) => number) => (previous ? ratePerSecond(pick(previous), pick(current), elapsed) : undefined);
	return {
		at: current.readAt,
		cpuPercent: cpuOf(previous, current),
		memoryUsed: current.memoryUsed,
		memoryLimit: current.memoryLimit,
		memoryPercent: memoryPercent(current.memoryUsed, current.memoryLimit),
		networkRxRate: rate(sample => sample.networkRx),
		networkTxRate: rate(sample => sample.networkTx),
		blockReadRate: rate(sample => sample.blockRead),
		blockWriteRate: rate(sample => sample.blockWrite),
		pids: current.pids,
	};
}

/** The series kept for the sparklines. */
export const HISTORY_METRICS = ['cpuPercent', 'memoryUsed', 'networkRxRate', 'networkTxRate', 'blockReadRate', 'blockWriteRate'] as const;
export type HistoryMetric = (typeof HISTORY_METRICS)[number];

/**
 * The last `capacity` points of one container, one ring per metric. Memory is
 * fixed whatever the run time: a ring of numbers per metric, overwritten in place.
 * Unknown values (the first sample's rates) are stored as NaN and read back as undefined.
 */
export class StatsHistory {
	readonly capacity: number;
	private readonly rings: Record<HistoryMetric, Float64Array>;
	private next = 0;
	private count = 0;

	constructor(capacity: number) {
		this.capacity = Math.max(1, Math.floor(capacity));
		this.rings = Object.fromEntries(HISTORY_METRICS.map(metric => [metric, new Float64Array(this.capacity)])) as Record<HistoryMetric, Float64Array>;
	}

	get size(): number {
		return this.count;
	}

	push(point: StatsPoint): void {
		for (const metric of HISTORY_METRICS) this.rings[metric][this.next] = point[metric] ?? Number.NaN;
		this.next = (this.next + 1) % this.capacity;
		this.count = Math.min(this.count + 1, this.capacity);
	}

	/** The stored values of one metric, oldest first; unknown ones are undefined. */
	values(metric: HistoryMetric): Array<number | undefined> {
		const ring = this.rings[metric];
		const out: Array<number | undefined> = [];
		const start = (this.next - this.count + this.capacity) % this.capacity;
		for (let index = 0; index < this.count; index++) {
			const value = ring[(start + index) % this.capacity]!;
			out.push(Number.isNaN(value) ? undefined : value);
		}
		return out;
	}
}

/** What the store keeps per container. A new object per update, so memoized rows see the change. */
export interface ContainerStats {
	id: string;
	latest: StatsPoint;
	sample: StatsSample;
	history: StatsHistory;
}

/** Default history: three minutes at one sample a second. */
export const DEFAULT_HISTORY_POINTS = 180;

const MiB = 1024 * 1024;

/**
 * Why a sample read from cgroup files cannot be trusted, judged against the engine's own
 * one-shot sample of the same container taken just before it; undefined when they agree.
 * Counters only grow, so the files' CPU time is at least the engine's and ahead of it by no
 * more than the time between the two readings (plus the engine's own sampling delay) on
 * every CPU. Memory and PIDs move, so they only need to be near. A cgroup of the wrong
 * container or a parent cgroup fails these by far more than the margins.
 */
export function disagreementWithEngine(engine: StatsSample, files: StatsSample, options: {elapsedMs: number; hostMemoryBytes: number}): string | undefined {
	const cpuAheadNs = files.cpuTotalNs - engine.cpuTotalNs;
	const cpuBudgetNs = (options.elapsedMs + 1500) * 1e6 * Math.max(files.onlineCpus, engine.onlineCpus);
	if (cpuAheadNs < -10e6 || cpuAheadNs > cpuBudgetNs) return `CPU time ${files.cpuTotalNs} ns in the files, ${engine.cpuTotalNs} ns from the engine`;
	const limit = (sample: StatsSample) => Math.min(sample.memoryLimit, options.hostMemoryBytes);
	if (Math.abs(limit(files) - limit(engine)) > 0.01 * limit(engine) + MiB) return `memory limit ${limit(files)} in the files, ${limit(engine)} from the engine`;
	if (Math.abs(files.memoryUsed - engine.memoryUsed) > Math.max(16 * MiB, 0.1 * engine.memoryUsed)) return `memory ${files.memoryUsed} in the files, ${engine.memoryUsed} from the engine`;
	if (Math.abs(files.pids - engine.pids) > Math.max(3, 0.2 * engine.pids)) return `${files.pids} processes in the files, ${engine.pids} from the engine`;
	return undefined;
}

/** How stats are read: cgroup files on the engine host, one-shot requests, or the engine's stream (issue 4). */
export type StatsMethod = 'cgroup' | 'one-shot' | 'stream';

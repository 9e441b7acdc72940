/**
 * Stats collection for many containers at once, cheaply.
 *
 * `docker stats` opens one long-lived stream per container; at 200 containers
 * that is 200 streams, and the engine samples every one of them each second.
 * dockdash instead polls in rounds, one round per interval, with no round
 * overlapping the last, and reads each container by the cheapest way open:
 *
 *  - `cgroup`: when the engine is on this host (a unix socket) and cgroup v1
 *    files for the container are readable, the counters are read straight from
 *    /sys/fs/cgroup and /proc, the same files the engine reads. The engine does
 *    no work at all.
 *  - `one-shot`: otherwise a single `GET /containers/ID/stats?stream=false&one-shot=true`
 *    (API ≥ 1.41) per container and round, 4 in flight: the engine's cost is set
 *    by the requests in flight (measured: 8 in flight cost dockerd + containerd
 *    2.2 points of a core, 4 cost 1.2, within the 1.5-point budget), and a round
 *    over many containers takes longer instead (each answer waits for the
 *    engine's next 1 s tick on Docker 20.10).
 *  - `stream`: one stream per container, kept only for comparison in bench/stats.mjs.
 *
 * The choice is measured in bench/README.md ("Stats collection").
 *
 * Stats carry numbers only: no engine string is passed on, so nothing here
 * needs the sanitizer.
 */
import {closeSync, openSync, readFileSync, readSync, readlinkSync} from 'node:fs';
import os from 'node:os';
import type {Readable} from 'node:stream';
import {type StatsSample, memoryUsedBytes} from '../model/stats.js';
import type {Engine} from './engine.js';

export type StatsMethod = 'cgroup' | 'one-shot' | 'stream';

/** The parts of the engine's stats JSON that dockdash reads. */
export interface EngineStatsJson {
	read?: string;
	cpu_stats?: {cpu_usage?: {total_usage?: number; percpu_usage?: number[]}; system_cpu_usage?: number; online_cpus?: number};
	precpu_stats?: {cpu_usage?: {total_usage?: number}; system_cpu_usage?: number};
	memory_stats?: {usage?: number; limit?: number; stats?: Record<string, number>};
	networks?: Record<string, {rx_bytes?: number; tx_bytes?: number}>;
	blkio_stats?: {io_service_bytes_recursive?: Array<{op?: string; value?: number}> | null};
	pids_stats?: {current?: number};
}

// The engine sends Go's zero time for a container that is not running.
const ZERO_TIME = /^0001-01-01/;

/** Turns the engine's stats JSON into a sample; undefined when the container is not running. */
export function parseEngineStats(json: EngineStatsJson): StatsSample | undefined {
	if (!json.read || ZERO_TIME.test(json.read)) return undefined;
	const readAt = Date.parse(json.read);
	if (!Number.isFinite(readAt)) return undefined;
	const cpu = json.cpu_stats ?? {};
	const precpu = json.precpu_stats;
	let blockRead = 0;
	let blockWrite = 0;
	// As the docker CLI: ops are "Read"/"Write" (v1) or "read"/"write" (v2); "Total", "Sync"… are skipped.
	for (const entry of json.blkio_stats?.io_service_bytes_recursive ?? []) {
		const op = entry.op?.[0];
		if (op === 'r' || op === 'R') blockRead += entry.value ?? 0;
		else if (op === 'w' || op === 'W') blockWrite += entry.value ?? 0;
	}
	let networkRx = 0;
	let networkTx = 0;
	for (const network of Object.values(json.networks ?? {})) {
		networkRx += network.rx_bytes ?? 0;
		networkTx += network.tx_bytes ?? 0;
	}
	const memory = json.memory_stats ?? {};
	return {
		readAt,
		cpuTotalNs: cpu.cpu_usage?.total_usage ?? 0,
		systemCpuNs: cpu.system_cpu_usage || undefined,
		onlineCpus: cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1,
		previousCpu: precpu?.system_cpu_usage ? {cpuTotalNs: precpu.cpu_usage?.total_usage ?? 0, systemCpuNs: precpu.system_cpu_usage} : undefined,
		memoryUsed: memoryUsedBytes(memory.usage ?? 0, memory.stats),
		memoryLimit: memory.limit ?? 0,
		networkRx,
		networkTx,
		blockRead,
		blockWrite,
		pids: json.pids_stats?.current ?? 0,
	};
}

/** Where to find cgroup v1 and /proc; tests point these elsewhere. */
export interface HostPaths {
	cgroupRoot: string;
	procRoot: string;
}

const DEFAULT_PATHS: HostPaths = {cgroupRoot: '/sys/fs/cgroup', procRoot: '/proc'};

// Linux reports /proc/stat in USER_HZ, which is 100 on every architecture the engine runs on.
const NS_PER_TICK = 1e9 / 100;

const MAX_KEPT_FILES = 768;

function readText(file: string): string {
	return readFileSync(file, 'latin1');
}

function readNumber(file: string): number {
	return Number(readText(file).trim());
}

/** Host CPU time as the engine computes `system_cpu_usage`: the first seven fields of /proc/stat's cpu line. */
export function parseProcStatCpu(text: string): number | undefined {
	const line = text.slice(0, text.indexOf('\n'));
	if (!line.startsWith('cpu ')) return undefined;
	const fields = line.trim().split(/\s+/).slice(1, 8).map(Number);
	if (fields.length < 7 || fields.some(value => !Number.isFinite(value))) return undefined;
	return fields.reduce((sum, value) => sum + value, 0) * NS_PER_TICK;
}

/** Sums the Read and Write lines of blkio.throttle.io_service_bytes ("8:0 Read 4096"). */
export function parseBlkioServiceBytes(text: string): {read: number; write: number} {
	let read = 0;
	let write = 0;
	for (const line of text.split('\n')) {
		const [, op, value] = line.trim().split(/\s+/);
		if (op === 'Read') read += Number(value) || 0;
		else if (op === 'Write') write += Number(value) || 0;
	}
	return {read, write};
}

/** Rx and tx bytes of /proc/PID/net/dev, loopback left out as the engine does. */
export function parseNetDev(text: string): {rx: number; tx: number} {
	let rx = 0;
	let tx = 0;
	for (const line of text.split('\n').slice(2)) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		if (line.slice(0, colon).trim() === 'lo') continue;
		const fields = line.slice(colon + 1).trim().split(/\s+/);
		rx += Number(fields[0]) || 0;
		tx += Number(fields[8]) || 0;
	}
	return {rx, tx};
}

/** The value of one key of memory.stat. */
export function memoryStatValue(text: string, key: string): number | undefined {
	const match = new RegExp(`(?:^|\\n)${key} (\\d+)`).exec(text);
	return match ? Number(match[1]) : undefined;
}

interface CgroupHandle {
	/** Path of the container's cgroup below each controller, such as "docker/ID". */
	relative: string;
	/** A process of the container, for its network namespace; undefined when it shares the host's. */
	pid?: number;
}

/**
 * Reads containers' counters from cgroup v1 files and /proc on this host.
 * Every method throws when a file is missing; the collector then falls back to the API.
 */
export class CgroupReader {
	private readonly paths: HostPaths;
	private readonly hostNetNs: string | undefined;
	private readonly hostMemory = os.totalmem();
	readonly onlineCpus: number;

	constructor(paths: Partial<HostPaths> = {}) {
		this.paths = {...DEFAULT_PATHS, ...paths};
		this.onlineCpus = os.availableParallelism?.() ?? os.cpus().length;
		try {
			this.hostNetNs = readlinkSync(`${this.paths.procRoot}/1/ns/net`);
		} catch {
			this.hostNetNs = undefined;
		}
	}

	/** True on a cgroup v1 host whose files dockdash can read. */
	isAvailable(): boolean {
		try {
			readNumber(`${this.paths.cgroupRoot}/cpuacct/cpuacct.usage`);
			return this.systemCpuNs() !== undefined;
		} catch {
			return false;
		}
	}

	/** Finds a container's cgroup under the usual parents (cgroupfs "docker/", systemd "system.slice/"), or the given one. */
	find(id: string, cgroupParent?: string): CgroupHandle | undefined {
		const candidates = cgroupParent ? [`${cgroupParent.replace(/^\/+|\/+$/g, '')}/${id}`] : [`docker/${id}`, `system.slice/docker-${id}.scope`];
		for (const relative of candidates) {
			try {
				readNumber(`${this.paths.cgroupRoot}/cpuacct/${relative}/cpuacct.usage`);
			} catch {
				continue;
			}
			return {relative, pid: this.containerPid(relative)};
		}
		return undefined;
	}

	private containerPid(relative: string): number | undefined {
		try {
			const pid = Number.parseInt(readText(`${this.paths.cgroupRoot}/pids/${relative}/cgroup.procs`), 10);
			if (!Number.isFinite(pid)) return undefined;
			// Host networking: the engine reports no network figures, and the host's would be wrong here.
			if (this.hostNetNs && readlinkSync(`${this.paths.procRoot}/${pid}/ns/net`) === this.hostNetNs) return undefined;
			return pid;
		} catch {
			return undefined;
		}
	}

	systemCpuNs(): number | undefined {
		return parseProcStatCpu(this.readKept(`${this.paths.procRoot}/stat`));
	}

	// Counter files are re-read every second: keeping them open and reading at
	// offset 0 (which makes the kernel regenerate the text) saves the open, fstat
	// and close of each read, the larger part of the collector's CPU.
	private readonly kept = new Map<string, number>();
	private readonly buffer = Buffer.allocUnsafe(64 * 1024);

	private readKept(file: string): string {
		let fd = this.kept.get(file);
		if (fd === undefined) {
			// Stay well below a 1,024 descriptor limit; beyond this, files are opened per read.
			if (this.kept.size >= MAX_KEPT_FILES) return readText(file);
			fd = openSync(file, 'r');
			this.kept.set(file, fd);
		}
		try {
			const length = readSync(fd, this.buffer, 0, this.buffer.length, 0);
			return length < this.buffer.length ? this.buffer.toString('latin1', 0, length) : readText(file);
		} catch (error) {
			// A removed cgroup answers ENODEV: forget the descriptor and let the caller fall back.
			this.closeKept(file);
			throw error;
		}
	}

	private closeKept(file: string): void {
		const fd = this.kept.get(file);
		if (fd === undefined) return;
		this.kept.delete(file);
		try {
			closeSync(fd);
		} catch {
			// Already closed or gone: nothing to release.
		}
	}

	/** Closes the files kept open for one container (it stopped or left the view). */
	forget(handle: CgroupHandle): void {
		for (const file of [...this.kept.keys()]) {
			if (file.includes(`/${handle.relative}/`) || (handle.pid !== undefined && file.startsWith(`${this.paths.procRoot}/${handle.pid}/`))) this.closeKept(file);
		}
	}

	/** Closes every file kept open. */
	close(): void {
		for (const file of [...this.kept.keys()]) this.closeKept(file);
	}

	private readNumberKept(file: string): number {
		return Number(this.readKept(file).trim());
	}

	/** One sample; `systemCpuNs` is read once per round by the caller and shared. */
	read(handle: CgroupHandle, systemCpuNs: number, readAt: number): StatsSample {
		const base = this.paths.cgroupRoot;
		const {relative} = handle;
		const usage = this.readNumberKept(`${base}/memory/${relative}/memory.usage_in_bytes`);
		const inactive = memoryStatValue(this.readKept(`${base}/memory/${relative}/memory.stat`), 'total_inactive_file');
		const limit = this.readNumberKept(`${base}/memory/${relative}/memory.limit_in_bytes`);
		const block = parseBlkioServiceBytes(this.readKept(`${base}/blkio/${relative}/blkio.throttle.io_service_bytes`));
		let network = {rx: 0, tx: 0};
		if (handle.pid !== undefined) {
			try {
				network = parseNetDev(this.readKept(`${this.paths.procRoot}/${handle.pid}/net/dev`));
			} catch {
				// The first process exited; look for another next round.
				handle.pid = this.containerPid(relative);
			}
		}
		return {
			readAt,
			cpuTotalNs: this.readNumberKept(`${base}/cpuacct/${relative}/cpuacct.usage`),
			systemCpuNs,
			onlineCpus: this.onlineCpus,
			memoryUsed: memoryUsedBytes(usage, inactive === undefined ? undefined : {total_inactive_file: inactive}),
			// The engine caps an unlimited cgroup's limit (2^63 rounded to pages) to the host's memory.
			memoryLimit: Math.min(limit, this.hostMemory),
			networkRx: network.rx,
			networkTx: network.tx,
			blockRead: block.read,
			blockWrite: block.write,
			pids: this.readNumberKept(`${base}/pids/${relative}/pids.current`),
		};
	}
}

export interface StatsCollectorOptions {
	/** One round per interval; default 1 s, like `docker stats`. */
	intervalMs?: number;
	/** 'auto' reads cgroup files where it can and asks the engine (one-shot) for the rest. */
	method?: 'auto' | StatsMethod;
	/** One-shot requests in flight at once (default 4, see the top of this file). */
	concurrency?: number;
	/** Called once per round with every sample of that round. */
	onSamples: (samples: Map<string, StatsSample>) => void;
	/** One line per failing container, at most once per container until it recovers. */
	onError?: (id: string, error: unknown) => void;
	hostPaths?: Partial<HostPaths>;
}

/**
 * Collects stats for a set of running containers in rounds. Set the targets
 * with {@link setTargets}; {@link stop} aborts every request and stream.
 */
export class StatsCollector {
	private readonly engine: Engine;
	private readonly options: Required<Pick<StatsCollectorOptions, 'intervalMs' | 'method' | 'concurrency'>> & StatsCollectorOptions;
	private targets: string[] = [];
	private readonly abort = new AbortController();
	private timer: NodeJS.Timeout | undefined;
	private isRoundRunning = false;
	private readonly cgroup: CgroupReader | undefined;
	private readonly handles = new Map<string, CgroupHandle | null>();
	private readonly streams = new Map<string, AbortController>();
	private readonly streamed = new Map<string, StatsSample>();
	private readonly failing = new Set<string>();
	private isStopped = false;

	constructor(engine: Engine, options: StatsCollectorOptions) {
		this.engine = engine;
		this.options = {...options, intervalMs: options.intervalMs ?? 1000, method: options.method ?? 'auto', concurrency: options.concurrency ?? 4};
		const wantsCgroup = this.options.method === 'cgroup' || (this.options.method === 'auto' && engine.endpoint.transport === 'unix');
		const reader = wantsCgroup ? new CgroupReader(options.hostPaths) : undefined;
		this.cgroup = reader?.isAvailable() ? reader : undefined;
	}

	/** How a container is being read right now (for the pane's footer and the tests). */
	methodOf(id: string): StatsMethod | undefined {
		if (!this.targets.includes(id)) return undefined;
		if (this.options.method === 'stream') return 'stream';
		return this.handles.get(id) ? 'cgroup' : 'one-shot';
	}

	/** The containers to collect (running ones). Streams of containers no longer listed end. */
	setTargets(ids: readonly string[]): void {
		this.targets = [...ids];
		const wanted = new Set(ids);
		for (const [id, handle] of this.handles) {
			if (wanted.has(id)) continue;
			if (handle) this.cgroup?.forget(handle);
			this.handles.delete(id);
		}
		for (const [id, controller] of this.streams) {
			if (!wanted.has(id)) {
				controller.abort();
				this.streams.delete(id);
				this.streamed.delete(id);
			}
		}
		if (this.options.method === 'stream') for (const id of ids) if (!this.streams.has(id)) this.openStream(id);
	}

	start(): void {
		if (this.timer || this.isStopped) return;
		void this.round();
		this.timer = setInterval(() => void this.round(), this.options.intervalMs);
	}

	stop(): void {
		this.isStopped = true;
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.abort.abort();
		this.streams.clear();
		this.cgroup?.close();
	}

	private async round(): Promise<void> {
		// A round still waiting on a slow engine makes the next one redundant: skip it.
		if (this.isRoundRunning || this.isStopped) return;
		this.isRoundRunning = true;
		try {
			const samples = new Map<string, StatsSample>();
			if (this.options.method === 'stream') {
				for (const [id, sample] of this.streamed) samples.set(id, sample);
				this.streamed.clear();
			} else {
				const viaEngine = this.readCgroups(this.targets, samples);
				if (viaEngine.length > 0) {
					// A one-shot round over many containers outlasts the interval (each answer
					// waits for the engine's next 1 s tick): hand over what has arrived once
					// per interval, so the first rows show in a second, not at the round's end.
					this.flush(samples);
					const timer = setInterval(() => this.flush(samples), this.options.intervalMs);
					try {
						await this.pollOneShot(viaEngine, samples);
					} finally {
						clearInterval(timer);
					}
				}
			}
			this.flush(samples);
		} finally {
			this.isRoundRunning = false;
		}
	}

	private flush(samples: Map<string, StatsSample>): void {
		if (this.isStopped || samples.size === 0) return;
		this.options.onSamples(new Map(samples));
		samples.clear();
	}

	/** Reads what it can from cgroup files; returns the IDs left for the engine. */
	private readCgroups(ids: readonly string[], samples: Map<string, StatsSample>): string[] {
		if (!this.cgroup || this.options.method === 'one-shot') return [...ids];
		let systemCpuNs: number | undefined;
		try {
			systemCpuNs = this.cgroup.systemCpuNs();
		} catch {
			systemCpuNs = undefined;
		}
		if (systemCpuNs === undefined) return [...ids];
		const readAt = Date.now();
		const rest: string[] = [];
		for (const id of ids) {
			let handle = this.handles.get(id);
			if (handle === undefined) {
				handle = this.cgroup.find(id) ?? null;
				this.handles.set(id, handle);
			}
			if (!handle) {
				rest.push(id);
				continue;
			}
			try {
				samples.set(id, this.cgroup.read(handle, systemCpuNs, readAt));
				this.failing.delete(id);
			} catch {
				// The cgroup went away (container stopped or restarted with a new one): look again next round.
				this.cgroup.forget(handle);
				this.handles.delete(id);
			}
		}
		return rest;
	}

	private async pollOneShot(ids: readonly string[], samples: Map<string, StatsSample>): Promise<void> {
		let next = 0;
		const worker = async () => {
			while (next < ids.length && !this.isStopped) {
				const id = ids[next++]!;
				try {
					const json = await this.engine.oneShot(
						'container stats',
						signal => this.engine.docker.getContainer(id).stats({stream: false, 'one-shot': true, abortSignal: signal} as object) as unknown as Promise<EngineStatsJson>,
						this.abort.signal,
					);
					const sample = parseEngineStats(json);
					if (sample) samples.set(id, sample);
					this.failing.delete(id);
				} catch (error) {
					this.reportError(id, error);
				}
			}
		};
		await Promise.all(Array.from({length: Math.min(this.options.concurrency, ids.length)}, worker));
	}

	private openStream(id: string): void {
		const controller = new AbortController();
		this.streams.set(id, controller);
		const signal = AbortSignal.any([controller.signal, this.abort.signal]);
		void (this.engine.docker.getContainer(id).stats({stream: true, abortSignal: signal} as object) as unknown as Promise<Readable>)
			.then(stream => {
				let pending = '';
				stream.setEncoding('utf8');
				stream.on('data', (chunk: string) => {
					pending += chunk;
					let newline = pending.indexOf('\n');
					while (newline !== -1) {
						const line = pending.slice(0, newline);
						pending = pending.slice(newline + 1);
						try {
							const sample = line.trim() ? parseEngineStats(JSON.parse(line) as EngineStatsJson) : undefined;
							if (sample) this.streamed.set(id, sample);
						} catch {
							// A torn or non-JSON line: the next one a second later replaces it.
						}
						newline = pending.indexOf('\n');
					}
				});
				stream.on('error', () => undefined);
				signal.addEventListener('abort', () => stream.destroy(), {once: true});
			})
			.catch(error => {
				if (!signal.aborted) this.reportError(id, error);
			});
	}

	private reportError(id: string, error: unknown): void {
		if (this.isStopped || this.failing.has(id)) return;
		this.failing.add(id);
		this.options.onError?.(id, error);
	}
}

/**
 * Stats collection for many containers at once, cheaply.
 *
 * `docker stats` opens one long-lived stream per container; at 200 containers
 * that is 200 streams, and the engine samples every one of them each second.
 * dockdash instead polls in rounds, one round per interval, with no round
 * overlapping the last, and reads each container by the cheapest way open:
 *
 *  - `cgroup`: when the engine is on this host (a unix socket) and the
 *    container's cgroup files are readable (cgroup v1 or v2), the counters are
 *    read straight from /sys/fs/cgroup and /proc, the same files the engine
 *    reads. The engine does no work at all. Files are trusted only after one
 *    sample of them agreed with the engine's own one-shot answer (see
 *    {@link StatsCollector}), so a layout never seen before costs speed, never
 *    correctness.
 *  - `one-shot`: otherwise a single `GET /containers/ID/stats?stream=false&one-shot=true`
 *    (API ≥ 1.41) per container and round, 4 in flight: the engine's cost is set
 *    by the requests in flight (measured: 8 in flight cost dockerd + containerd
 *    2.2 points of a core, 4 cost 1.2, within the 1.5-point budget), and a round
 *    over many containers takes longer instead (each answer waits for the
 *    engine's next 1 s tick on Docker 20.10). Fewer are in flight while the engine answers fast (Docker 28:
 *    ~10 ms), the containers not on screen (after their first two rounds) are asked for once every 5
 *    rounds, and each request is one GET on a keep-alive connection (stats-request.ts, issue 16).
 *  - `stream`, for the rows on screen among those read through the engine (when the pane says which they
 *    are, over a socket of dockdash's own: not ssh): one stream each, as `docker stats` opens, closed when
 *    the row leaves the screen. Measured on Docker 28.5 over tcp (issue 16, bench/README.md): dockerd and
 *    containerd spend ~0.19 points of a core per one-shot answer and ~0.08 per streamed sample, so a row
 *    fresh every second costs the engine less than half as much streamed; dockdash's own CPU fell from 3.1 to
 *    0.95 % of a core at 44 rows. With every row (method `stream`) it is kept for comparison in bench/stats.mjs.
 *
 * The choice is measured in bench/README.md ("Stats collection").
 *
 * Stats carry numbers only: no engine string is passed on, so nothing here
 * needs the sanitizer.
 */
import {closeSync, openSync, readFileSync, readSync, readlinkSync} from 'node:fs';
import os from 'node:os';
import type {Readable} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {LineSplitter} from '../model/line-splitter.js';
import {type StatsSample, disagreementWithEngine, memoryUsedBytes} from '../model/stats.js';
import type {Engine} from './engine.js';
import {EngineTimeoutError} from './errors.js';
import type {StatsMethod} from '../model/stats.js';
import {rawStreamGet} from './raw-stream.js';
import {createStatsRequest, type StatsRequest} from './stats-request.js';

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

/** Sums rbytes and wbytes of every device in a cgroup v2 io.stat ("254:0 rbytes=1 wbytes=2 rios=…"). */
export function parseIoStat(text: string): {read: number; write: number} {
	let read = 0;
	let write = 0;
	for (const match of text.matchAll(/\b([rw])bytes=(\d+)/g)) {
		if (match[1] === 'r') read += Number(match[2]);
		else write += Number(match[2]);
	}
	return {read, write};
}

/** CPU time in ns from a cgroup v2 cpu.stat (its usage_usec line); undefined when the line is missing. */
export function parseCpuStatUsageNs(text: string): number | undefined {
	const match = /(?:^|\n)usage_usec (\d+)/.exec(text);
	return match ? Number(match[1]) * 1000 : undefined;
}

/** A cgroup v2 memory.max: bytes, or Infinity for "max". */
export function parseMemoryMax(text: string): number {
	const value = text.trim();
	return value === 'max' ? Number.POSITIVE_INFINITY : Number(value);
}

/**
 * The cgroup path of a process from /proc/PID/cgroup, relative to the hierarchy's root:
 * the "0::" line on cgroup v2, the line naming cpuacct on v1. Undefined when neither is there.
 */
export function parseProcCgroup(text: string, version: CgroupVersion): string | undefined {
	for (const line of text.split('\n')) {
		const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
		if (path === undefined) continue;
		const isMatch = version === 2 ? controllers === '' : controllers!.split(',').includes('cpuacct');
		if (isMatch) return path.replace(/^\/+|\/+$/g, '') || undefined;
	}
	return undefined;
}

const memoryStatPatterns = new Map<string, RegExp>();

/** The value of one key of memory.stat. */
export function memoryStatValue(text: string, key: string): number | undefined {
	// One pattern per key, made once: this runs for every container every second.
	let pattern = memoryStatPatterns.get(key);
	if (!pattern) memoryStatPatterns.set(key, (pattern = new RegExp(`(?:^|\\n)${key} (\\d+)`)));
	const match = pattern.exec(text);
	return match ? Number(match[1]) : undefined;
}

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d;

/**
 * `Number(text.trim())` of the latin1 text in `bytes[0, length)`, read from the bytes: a counter file holds one
 * number, and making a string of it each second for each container is most of what the collector allocates
 * (issue 16). Anything but plain digits (or more than 15 of them, beyond exact doubles) goes through Number.
 */
export function parseDecimalBytes(bytes: Uint8Array, length: number): number {
	let start = 0;
	let end = length;
	while (start < end && isSpace(bytes[start]!)) start++;
	while (end > start && isSpace(bytes[end - 1]!)) end--;
	if (end - start > 15) return Number(Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1', start, end));
	let value = 0;
	for (let index = start; index < end; index++) {
		const digit = bytes[index]! - 0x30;
		if (digit < 0 || digit > 9) return Number(Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1', start, end));
		value = value * 10 + digit;
	}
	return value;
}

/** Which cgroup hierarchy the host mounts at /sys/fs/cgroup: v1 (one tree per controller) or the unified v2 tree. */
export type CgroupVersion = 1 | 2;

/** The counter files of one container's cgroup (v1: one per controller's tree; v2: one directory). */
interface CgroupFiles {
	cpu: string;
	memoryStat: string;
	memory: string;
	limit: string;
	block: string;
	pids: string;
}

export interface CgroupHandle {
	/** Path of the container's cgroup below the hierarchy's root (below each controller on v1), such as "docker/ID". */
	relative: string;
	/** A process of the container, for its network namespace; undefined when it shares the host's. */
	pid?: number;
}

/** Where a container's cgroup is usually found: the cgroupfs driver's "docker/ID" and the systemd driver's scope. */
function usualPlaces(id: string): string[] {
	return [`docker/${id}`, `system.slice/docker-${id}.scope`];
}

/**
 * The shape of a container's cgroup path with its ID taken out, such as "docker/{id}":
 * containers of one shape are read the same way, so one that agreed with the engine vouches for the others.
 */
export function cgroupLayoutOf(relative: string, id: string): string {
	return relative.split(id).join('{id}');
}

/**
 * Reads containers' counters from cgroup files (v1 or v2) and /proc on this host.
 * Every method throws when a file is missing; the collector then falls back to the API.
 */
export class CgroupReader {
	private readonly paths: HostPaths;
	private readonly hostNetNs: string | undefined;
	private readonly hostMemory = os.totalmem();
	readonly onlineCpus: number;
	/** The hierarchy found at cgroupRoot; undefined when there is none dockdash can read. */
	readonly version: CgroupVersion | undefined;

	/** Counter files kept open at most; the others are opened per read. */
	private readonly maxKeptFiles: number;

	constructor(paths: Partial<HostPaths> = {}, options: {maxKeptFiles?: number} = {}) {
		this.paths = {...DEFAULT_PATHS, ...paths};
		this.maxKeptFiles = options.maxKeptFiles ?? MAX_KEPT_FILES;
		this.onlineCpus = os.availableParallelism?.() ?? os.cpus().length;
		try {
			this.hostNetNs = readlinkSync(`${this.paths.procRoot}/1/ns/net`);
		} catch {
			this.hostNetNs = undefined;
		}
		this.version = this.detectVersion();
	}

	private detectVersion(): CgroupVersion | undefined {
		// The unified hierarchy has cgroup.controllers at its root; a v1 host (or a hybrid
		// one, whose v2 tree sits at unified/ and has no controllers) has a cpuacct tree.
		try {
			if (readText(`${this.paths.cgroupRoot}/cgroup.controllers`).split(/\s+/).includes('cpu')) return 2;
		} catch {
			// Not v2: try v1.
		}
		try {
			readNumber(`${this.paths.cgroupRoot}/cpuacct/cpuacct.usage`);
			return 1;
		} catch {
			return undefined;
		}
	}

	/** True on a host whose cgroup files (v1 or v2) dockdash can read. */
	isAvailable(): boolean {
		try {
			return this.version !== undefined && this.systemCpuNs() !== undefined;
		} catch {
			return false;
		}
	}

	/** The file whose presence says a cgroup exists and can be read. */
	private probeFile(relative: string): string {
		return this.version === 2 ? `${this.paths.cgroupRoot}/${relative}/cpu.stat` : `${this.paths.cgroupRoot}/cpuacct/${relative}/cpuacct.usage`;
	}

	/**
	 * Finds a container's cgroup: below the given parent, in the usual places, or (for any
	 * other layout: rootless Docker's user slice, a custom --cgroup-parent) through
	 * /proc/PID/cgroup of the container's main process, when its PID is given.
	 */
	find(id: string, options: {cgroupParent?: string; pid?: number} = {}): CgroupHandle | undefined {
		const candidates = options.cgroupParent ? [`${options.cgroupParent.replace(/^\/+|\/+$/g, '')}/${id}`] : usualPlaces(id);
		if (options.pid !== undefined && this.version !== undefined) {
			try {
				const fromProc = parseProcCgroup(readText(`${this.paths.procRoot}/${options.pid}/cgroup`), this.version);
				if (fromProc) candidates.push(fromProc);
			} catch {
				// The process is gone: only the usual places are left.
			}
		}
		for (const relative of candidates) {
			try {
				readText(this.probeFile(relative));
			} catch {
				continue;
			}
			return {relative, pid: this.containerPid(relative)};
		}
		return undefined;
	}

	private containerPid(relative: string): number | undefined {
		try {
			const procs = this.version === 2 ? `${this.paths.cgroupRoot}/${relative}/cgroup.procs` : `${this.paths.cgroupRoot}/pids/${relative}/cgroup.procs`;
			const pid = Number.parseInt(readText(procs), 10);
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
		const length = this.readKeptBytes(file);
		return length < this.buffer.length ? this.buffer.toString('latin1', 0, length) : readText(file);
	}

	/** Reads a file into the read buffer (kept open, or opened for the read); the bytes read (the buffer's length: more to read). */
	private readKeptBytes(file: string): number {
		let fd = this.kept.get(file);
		if (fd === undefined) {
			// Stay well below a 1,024 descriptor limit; beyond this, files are opened per read.
			if (this.kept.size >= this.maxKeptFiles) return this.readOnce(file);
			fd = openSync(file, 'r');
			this.kept.set(file, fd);
		}
		try {
			return readSync(fd, this.buffer, 0, this.buffer.length, 0);
		} catch (error) {
			// A removed cgroup answers ENODEV: forget the descriptor and let the caller fall back.
			this.closeKept(file);
			throw error;
		}
	}

	/**
	 * Opens, reads and closes a file through the one read buffer. readFileSync allocates a 64 KiB buffer per read
	 * (or two) for these files, which report a size of 0: at 200 containers, ~630 files a second beyond the kept ones
	 * made ~80 MB a second of garbage buffers, ~25 MB of them waiting for the collector at any time (issue 16).
	 */
	private readOnce(file: string): number {
		const fd = openSync(file, 'r');
		try {
			return readSync(fd, this.buffer, 0, this.buffer.length, 0);
		} finally {
			closeSync(fd);
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
		this.filesOfCgroup.delete(handle.relative);
		for (const file of [...this.kept.keys()]) {
			if (file.includes(`/${handle.relative}/`) || (handle.pid !== undefined && file.startsWith(`${this.paths.procRoot}/${handle.pid}/`))) this.closeKept(file);
		}
	}

	/** Closes every file kept open. */
	close(): void {
		for (const file of [...this.kept.keys()]) this.closeKept(file);
	}

	private readNumberKept(file: string): number {
		const length = this.readKeptBytes(file);
		return length < this.buffer.length ? parseDecimalBytes(this.buffer, length) : Number(readText(file).trim());
	}

	/** One sample; `systemCpuNs` is read once per round by the caller and shared. */
	read(handle: CgroupHandle, systemCpuNs: number, readAt: number): StatsSample {
		const counters = this.version === 2 ? this.readV2(handle.relative) : this.readV1(handle.relative);
		let network = {rx: 0, tx: 0};
		if (handle.pid !== undefined) {
			try {
				network = parseNetDev(this.readKept(`${this.paths.procRoot}/${handle.pid}/net/dev`));
			} catch {
				// The first process exited; look for another next round.
				handle.pid = this.containerPid(handle.relative);
			}
		}
		return {
			readAt,
			cpuTotalNs: counters.cpuTotalNs,
			systemCpuNs,
			onlineCpus: this.onlineCpus,
			memoryUsed: counters.memoryUsed,
			// The engine caps an unlimited cgroup's limit (2^63 rounded to pages on v1, "max" on v2) to the host's memory.
			memoryLimit: Math.min(counters.memoryLimit, this.hostMemory),
			networkRx: network.rx,
			networkTx: network.tx,
			blockRead: counters.block.read,
			blockWrite: counters.block.write,
			pids: counters.pids,
		};
	}

	// Each container's file names, made once rather than every second (issue 16).
	private readonly filesOfCgroup = new Map<string, CgroupFiles>();

	private filesOf(relative: string): CgroupFiles {
		let files = this.filesOfCgroup.get(relative);
		if (!files) {
			const base = this.paths.cgroupRoot;
			const dir = `${base}/${relative}`;
			files =
				this.version === 2
					? {cpu: `${dir}/cpu.stat`, memoryStat: `${dir}/memory.stat`, memory: `${dir}/memory.current`, limit: `${dir}/memory.max`, block: `${dir}/io.stat`, pids: `${dir}/pids.current`}
					: {
							cpu: `${base}/cpuacct/${relative}/cpuacct.usage`,
							memoryStat: `${base}/memory/${relative}/memory.stat`,
							memory: `${base}/memory/${relative}/memory.usage_in_bytes`,
							limit: `${base}/memory/${relative}/memory.limit_in_bytes`,
							block: `${base}/blkio/${relative}/blkio.throttle.io_service_bytes`,
							pids: `${base}/pids/${relative}/pids.current`,
						};
			this.filesOfCgroup.set(relative, files);
		}
		return files;
	}

	private readV1(relative: string) {
		const files = this.filesOf(relative);
		const usage = this.readNumberKept(files.memory);
		const inactive = memoryStatValue(this.readKept(files.memoryStat), 'total_inactive_file');
		return {
			cpuTotalNs: this.readNumberKept(files.cpu),
			memoryUsed: memoryUsedBytes(usage, inactive === undefined ? undefined : {total_inactive_file: inactive}),
			memoryLimit: this.readNumberKept(files.limit),
			block: parseBlkioServiceBytes(this.readKept(files.block)),
			pids: this.readNumberKept(files.pids),
		};
	}

	// The docker CLI's v2 figures: CPU from cpu.stat's usage_usec, memory as memory.current
	// less inactive_file, the limit from memory.max, block I/O from io.stat.
	private readV2(relative: string) {
		const files = this.filesOf(relative);
		const cpuTotalNs = parseCpuStatUsageNs(this.readKept(files.cpu));
		if (cpuTotalNs === undefined) throw new Error(`${files.cpu} has no usage_usec`);
		const inactive = memoryStatValue(this.readKept(files.memoryStat), 'inactive_file');
		return {
			cpuTotalNs,
			memoryUsed: memoryUsedBytes(this.readNumberKept(files.memory), inactive === undefined ? undefined : {inactive_file: inactive}),
			memoryLimit: parseMemoryMax(this.readKept(files.limit)),
			block: parseIoStat(this.readKept(files.block)),
			pids: this.readNumberKept(files.pids),
		};
	}
}

export interface StatsCollectorOptions {
	/** One round per interval; default 1 s, like `docker stats`. */
	intervalMs?: number;
	/** 'auto' reads cgroup files where it can and asks the engine (one-shot) for the rest. */
	method?: 'auto' | StatsMethod;
	/** One-shot requests in flight at most (default 4, see the top of this file); fewer while the engine answers fast. */
	concurrency?: number;
	/** Containers not visible are asked for through the engine once every this many rounds (default 5). */
	backgroundRounds?: number;
	/**
	 * At most this many of them per round (default 6): each one-shot answer costs dockerd and containerd ~0.2 points
	 * of a core on Docker 28 (bench/README.md), so with many containers off screen they are refreshed less often
	 * (200 running: every ~26 s) instead of costing the engine more.
	 */
	maxHiddenPerRound?: number;
	/** Called once per round with every sample of that round. */
	onSamples: (samples: Map<string, StatsSample>) => void;
	/** One line per failing container, at most once per container until it recovers. */
	onError?: (id: string, error: unknown) => void;
	/** A container whose cgroup files disagreed with the engine, and why; it is read through the engine from then on. */
	onCgroupMismatch?: (id: string, reason: string) => void;
	hostPaths?: Partial<HostPaths>;
}

/** A stream of a row on screen that has sent no sample for this long is reported and opened anew (the engine sends one a second). */
const SILENT_STREAM_MS = 10_000;
/** How long the stream of a row that left the screen stays open (see streamLeft). */
const STREAM_LINGER_MS = 5000;

/**
 * Collects stats for a set of running containers in rounds. Set the targets
 * with {@link setTargets}; {@link stop} aborts every request and stream.
 *
 * Cgroup files are read for a container only once its layout (its cgroup path
 * with the ID taken out, "docker/{id}") is trusted: the first container of a
 * layout is checked against the engine's one-shot answer, and until then it is
 * read through the engine. Every container is then checked once in the
 * background, one request at a time; one whose files disagree is read through
 * the engine from then on.
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
	/** When each stream of a visible row was opened or last gave a sample (Date.now()): a silent one is reopened. */
	private readonly streamHeard = new Map<string, number>();
	/** When a streamed row left the screen: its stream stays open a while, so rows trading places at the screen's edge (sorted by CPU) do not reopen streams every second. */
	private readonly streamLeft = new Map<string, number>();
	private readonly failing = new Set<string>();
	private isStopped = false;
	/** Layouts checked against the engine: true once one container agreed, false when the first check failed. */
	private readonly layoutTrust = new Map<string, boolean>();
	private readonly checked = new Set<string>();
	private readonly checkQueue = new Set<string>();
	private isChecking = false;
	/** The container whose check is in flight: its sample comes from the check, not from a round's request too. */
	private checkingId: string | undefined;
	/** The rows on screen, asked for each round; undefined: all of them are. */
	private visible: ReadonlySet<string> | undefined;
	/** The round in which each container hidden from view was last asked for through the engine. */
	private readonly askedRound = new Map<string, number>();
	/** How many times each hidden container was asked for: the first two rounds ask for all, so every row has figures (CPU % takes two). */
	private readonly askedTimes = new Map<string, number>();
	private roundNumber = 0;
	/** A running mean of how long the engine takes to answer one stats request, in ms. */
	private latencyMs = 100;
	private readonly request: StatsRequest | undefined;

	constructor(engine: Engine, options: StatsCollectorOptions) {
		this.engine = engine;
		this.options = {...options, intervalMs: options.intervalMs ?? 1000, method: options.method ?? 'auto', concurrency: options.concurrency ?? 4};
		const wantsCgroup = this.options.method === 'cgroup' || (this.options.method === 'auto' && engine.endpoint.transport === 'unix');
		const reader = wantsCgroup ? new CgroupReader(options.hostPaths) : undefined;
		this.cgroup = reader?.isAvailable() ? reader : undefined;
		this.request = createStatsRequest(engine.endpoint, {
			timeoutMs: engine.requestTimeoutMs,
			tlsAgent: (engine.docker as unknown as {modem?: {agent?: import('node:https').Agent}}).modem?.agent,
			maxSockets: this.options.concurrency,
		});
	}

	/**
	 * The containers whose rows are on screen: through the engine they are asked for every round, the others
	 * once every `backgroundRounds` rounds (issue 16). Undefined (the default) treats every target as visible.
	 */
	setVisible(ids: readonly string[] | undefined): void {
		this.visible = ids ? new Set(ids) : undefined;
	}

	/** How a container is being read right now (for the pane's footer and the tests). */
	methodOf(id: string): StatsMethod | undefined {
		if (!this.targets.includes(id)) return undefined;
		if (this.options.method === 'stream' || this.streams.has(id)) return 'stream';
		return this.isTrusted(id) ? 'cgroup' : 'one-shot';
	}

	/** The containers to collect (running ones). Streams of containers no longer listed end. */
	setTargets(ids: readonly string[]): void {
		this.targets = [...ids];
		const wanted = new Set(ids);
		for (const [id, handle] of this.handles) {
			if (wanted.has(id)) continue;
			if (handle) this.cgroup?.forget(handle);
			this.handles.delete(id);
			this.checked.delete(id);
			this.checkQueue.delete(id);
		}
		for (const id of this.askedRound.keys()) if (!wanted.has(id)) this.askedRound.delete(id);
		for (const id of this.askedTimes.keys()) if (!wanted.has(id)) this.askedTimes.delete(id);
		for (const id of this.streams.keys()) if (!wanted.has(id)) this.closeStream(id);
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
				const viaEngine = this.streamVisible(this.dueThroughEngine(this.readCgroups(this.targets, samples)), samples);
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

	/**
	 * Of the containers read through the engine, those to ask for this round: every visible one, first, and
	 * of the others the longest unasked, so that each is asked once every `backgroundRounds` rounds.
	 */
	private dueThroughEngine(ids: readonly string[]): string[] {
		const visible = this.visible;
		const round = this.roundNumber++;
		if (!visible) return [...ids];
		const every = this.options.backgroundRounds ?? 5;
		const shown = ids.filter(id => visible.has(id));
		const asked = (id: string) => this.askedRound.get(id) ?? Number.NEGATIVE_INFINITY;
		// Spread over the rounds: at most a share of the hidden ones each round, the longest unasked first.
		const hidden = ids.filter(id => !visible.has(id));
		const isNew = (id: string) => (this.askedTimes.get(id) ?? 0) < 2;
		const due = hidden.filter(id => !isNew(id) && round - asked(id) >= every).sort((a, b) => asked(a) - asked(b));
		const share = Math.min(Math.ceil(hidden.length / every), this.options.maxHiddenPerRound ?? 6);
		const now = [...hidden.filter(isNew), ...due.slice(0, share)];
		for (const id of now) {
			this.askedRound.set(id, round);
			this.askedTimes.set(id, (this.askedTimes.get(id) ?? 0) + 1);
		}
		return [...shown, ...now];
	}

	/**
	 * Of the containers due through the engine, the rows on screen get a stream each (opened here, closed when the
	 * row leaves the screen or its cgroup files are trusted) and their latest streamed sample goes into this round;
	 * returns the rest, for one-shot requests. Every container is polled when the pane has not said which rows
	 * are on screen, or when the endpoint needs dockerode (ssh: a connection per stream).
	 */
	private streamVisible(due: readonly string[], samples: Map<string, StatsSample>): string[] {
		const visible = this.visible;
		const canStream = visible !== undefined && this.request !== undefined && this.options.method !== 'stream';
		const now = Date.now();
		const shown = new Set(canStream ? due.filter(id => visible.has(id) && id !== this.checkingId) : []);
		const wanted = new Set(shown);
		const targets = new Set(this.targets);
		for (const id of this.streams.keys()) {
			if (shown.has(id)) {
				this.streamLeft.delete(id);
				continue;
			}
			const left = this.streamLeft.get(id) ?? now;
			this.streamLeft.set(id, left);
			if (canStream && targets.has(id) && !this.isTrusted(id) && id !== this.checkingId && now - left < STREAM_LINGER_MS) wanted.add(id);
			else this.closeStream(id);
		}
		if (wanted.size === 0) return [...due];
		for (const id of wanted) {
			const heard = this.streamHeard.get(id);
			// A stream that went quiet (the engine stopped sending, a proxy holds it): reported, then opened anew.
			if (heard !== undefined && now - heard > SILENT_STREAM_MS) {
				this.reportError(id, new EngineTimeoutError(`container stats: the engine's stream sent nothing for ${Math.round(SILENT_STREAM_MS / 1000)} s`));
				this.closeStream(id);
			}
			if (!this.streams.has(id) && shown.has(id)) this.openStream(id);
			const sample = this.streamed.get(id);
			if (sample) samples.set(id, sample);
			this.streamed.delete(id);
		}
		return due.filter(id => !wanted.has(id));
	}

	private closeStream(id: string): void {
		this.streams.get(id)?.abort();
		this.streams.delete(id);
		this.streamed.delete(id);
		this.streamHeard.delete(id);
		this.streamLeft.delete(id);
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
			if (!this.checked.has(id)) this.scheduleCheck(id);
			if (!handle || !this.isTrusted(id)) {
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
				this.checked.delete(id);
			}
		}
		return rest;
	}

	private isTrusted(id: string): boolean {
		const handle = this.handles.get(id);
		return Boolean(handle && this.layoutTrust.get(cgroupLayoutOf(handle.relative, id)));
	}

	private scheduleCheck(id: string): void {
		this.checkQueue.add(id);
		if (this.isChecking) return;
		this.isChecking = true;
		void this.runChecks().finally(() => {
			this.isChecking = false;
		});
	}

	// One request at a time, beside the rounds and never holding them up.
	private async runChecks(): Promise<void> {
		for (const id of this.checkQueue) {
			this.checkQueue.delete(id);
			if (this.isStopped) return;
			if (!this.targets.includes(id) || this.checked.has(id)) continue;
			this.checkingId = id;
			try {
				await this.check(id);
			} catch {
				// The engine did not answer (container stopped, engine busy): try again in a later round.
				continue;
			} finally {
				this.checkingId = undefined;
			}
		}
	}

	/** Compares one sample of a container's files with the engine's own; a container whose files disagree is read through the engine. */
	private async check(id: string): Promise<void> {
		const cgroup = this.cgroup!;
		let handle = this.handles.get(id);
		if (!handle) {
			// Not in the usual places: the container's main process tells where its cgroup is
			// (rootless Docker's user slice, a --cgroup-parent of the user's choosing).
			const info = (await this.engine.oneShot('container inspect', s => this.engine.docker.getContainer(id).inspect({abortSignal: s} as object), this.abort.signal)) as {State?: {Pid?: number}};
			const pid = info.State?.Pid;
			handle = pid ? cgroup.find(id, {pid}) : undefined;
			this.handles.set(id, handle ?? null);
			if (!handle) {
				this.checked.add(id);
				return;
			}
		}
		const startedAt = Date.now();
		const json = await this.engine.oneShot(
			'container stats',
			signal => this.engine.docker.getContainer(id).stats({stream: false, 'one-shot': true, abortSignal: signal} as object) as unknown as Promise<EngineStatsJson>,
			this.abort.signal,
		);
		const fromEngine = parseEngineStats(json);
		const systemCpuNs = cgroup.systemCpuNs();
		if (!fromEngine || systemCpuNs === undefined || this.handles.get(id) !== handle) return;
		const fromFiles = cgroup.read(handle, systemCpuNs, Date.now());
		const reason = disagreementWithEngine(fromEngine, fromFiles, {elapsedMs: Date.now() - startedAt, hostMemoryBytes: os.totalmem()});
		const layout = cgroupLayoutOf(handle.relative, id);
		this.checked.add(id);
		if (reason === undefined) {
			if (!this.layoutTrust.has(layout)) this.layoutTrust.set(layout, true);
		} else {
			if (!this.layoutTrust.has(layout)) this.layoutTrust.set(layout, false);
			cgroup.forget(handle);
			this.handles.set(id, null);
			this.options.onCgroupMismatch?.(id, `${handle.relative}: ${reason}`);
		}
		// The engine's sample is this round's figure for the container (the round did not ask for it).
		if (!this.isStopped && this.targets.includes(id)) this.options.onSamples(new Map([[id, fromEngine]]));
	}

	private async pollOneShot(ids: readonly string[], samples: Map<string, StatsSample>): Promise<void> {
		let next = 0;
		const worker = async () => {
			while (next < ids.length && !this.isStopped) {
				const id = ids[next++]!;
				// Its layout was vouched for while this round ran (its files are read from the next
				// round on), or its check is asking the engine right now.
				if (this.isTrusted(id) || id === this.checkingId) continue;
				const startedAt = Date.now();
				try {
					const json = this.request
						? await this.request(id, this.abort.signal)
						: await this.engine.oneShot(
								'container stats',
								signal => this.engine.docker.getContainer(id).stats({stream: false, 'one-shot': true, abortSignal: signal} as object) as unknown as Promise<EngineStatsJson>,
								this.abort.signal,
							);
					this.latencyMs += (Date.now() - startedAt - this.latencyMs) / 8;
					const sample = parseEngineStats(json as EngineStatsJson);
					if (sample) samples.set(id, sample);
					this.failing.delete(id);
				} catch (error) {
					this.reportError(id, error);
				}
			}
		};
		// As many in flight as it takes to finish within half an interval at the engine's pace, at most the
		// configured number: Docker 28 answers in ~10 ms (one at a time suffices), Docker 20.10 waits for its
		// collector's next tick (up to a second) and gets them all.
		const wanted = Math.ceil((ids.length * this.latencyMs) / (this.options.intervalMs / 2));
		const inFlight = Math.max(1, Math.min(this.options.concurrency, wanted, ids.length));
		await Promise.all(Array.from({length: inFlight}, worker));
	}

	private openStream(id: string): void {
		const controller = new AbortController();
		this.streams.set(id, controller);
		this.streamHeard.set(id, Date.now());
		const signal = AbortSignal.any([controller.signal, this.abort.signal]);
		const path = `/containers/${encodeURIComponent(id)}/stats?stream=true`;
		// Over dockdash's own socket where the endpoint allows it (one stream costs one connection and a byte
		// scan per sample), through dockerode otherwise.
		const opened = rawStreamGet(this.engine.endpoint, path, signal) ?? (this.engine.docker.getContainer(id).stats({stream: true, abortSignal: signal} as object) as unknown as Promise<Readable>);
		void (opened as Promise<NodeJS.EventEmitter & {destroy: () => void}>)
			.then(stream => {
				// A stats line is a few KiB; a longer one is garbage and is dropped, not held (issue 17).
				const lines = new LineSplitter(256 * 1024);
				const decoder = new StringDecoder('utf8');
				stream.on('data', (chunk: Buffer | string) => {
					for (const line of lines.push(typeof chunk === 'string' ? chunk : decoder.write(chunk))) {
						try {
							const sample = line.trim() ? parseEngineStats(JSON.parse(line) as EngineStatsJson) : undefined;
							if (sample && this.streams.get(id) === controller) {
								this.streamed.set(id, sample);
								this.streamHeard.set(id, Date.now());
								this.failing.delete(id);
							}
						} catch {
							// A torn or non-JSON line: the next one a second later replaces it.
						}
					}
				});
				stream.on('error', () => undefined);
				// The engine ended it (the container stopped): the next round opens another if the row is still wanted.
				const ended = () => {
					if (this.streams.get(id) === controller) this.closeStream(id);
				};
				stream.on('end', ended);
				stream.on('close', ended);
				if (signal.aborted) stream.destroy();
				else signal.addEventListener('abort', () => stream.destroy(), {once: true});
			})
			.catch(error => {
				if (this.streams.get(id) === controller) this.closeStream(id);
				if (!signal.aborted) this.reportError(id, error);
			});
	}

	private reportError(id: string, error: unknown): void {
		if (this.isStopped || this.failing.has(id)) return;
		this.failing.add(id);
		this.options.onError?.(id, error);
	}
}

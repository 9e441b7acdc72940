/**
 * Follows container logs, always with a tail and always read as a stream (a
 * container may have written gigabytes; docker-modem would hold a whole
 * non-follow body in memory). Merged containers first read their backlog with
 * a request that ends, then follow from just after its last line, so the
 * backlogs can be put in time order. The framing comes from `Config.Tty`
 * (inspect), never from the bytes.
 *
 * One follower stays with its container: when the container stops it reports
 * the exit code and waits for it to start again (engine events), then attaches
 * again from where the previous run ended. A removed container or a logging
 * driver that cannot be read (`--log-driver none` answers 501) ends the
 * follower with a message.
 */
import type {Readable} from 'node:stream';
import {type DecodedLine, LogDecoder} from '../model/log-decoder.js';
import {BacklogMerger} from '../model/log-merge.js';
import type {RawLogLine} from '../model/log-line.js';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {describeEngineError, engineStatus} from './errors.js';
import {rawStreamGet} from './raw-stream.js';
import {DEFAULT_TAIL, type LogNotice, type LogSink, type LogTarget} from '../model/log-types.js';

// Lines that may come between the end of a backlog read and the start of the follow: a flood writes thousands.
const GAP_TAIL = 10_000;

export interface FollowLogsOptions {
	signal: AbortSignal;
	/** Last N lines to start from. Default 1,000. */
	tail?: number;
	/** Only lines since this time: unix seconds (may be fractional). */
	since?: number;
	/** Ask the engine for timestamps (parsed off each line). */
	timestamps?: boolean;
	partialDelayMs?: number;
	/** Characters a line keeps (the rest is counted, not kept): the ring's budget. Default 32 Mi. */
	maxLineLength?: number;
	/** Resolves when the container runs again. Default: waits for its `start` event. */
	whenRunning?: (id: string, signal: AbortSignal) => Promise<void>;
	/** Pause before attaching again after an engine error, or to a container whose stream ended while it still runs. */
	retryMs?: number;
	/**
	 * Read the backlog first, on its own (a request that ends), then follow from just after its last line; called
	 * once when the backlog has been delivered, or when the follower ends or fails before that. For merging several
	 * containers' backlogs in time order (model/log-merge.ts).
	 */
	onBacklogEnd?: () => void;
}

type InspectInfo = {Config?: {Tty?: boolean}; State?: {Running?: boolean; ExitCode?: number; OOMKilled?: boolean; FinishedAt?: string; StartedAt?: string}};

/** RFC 3339 with nanoseconds → the engine's `since` form, "seconds.nanoseconds". */
export function toSinceParameter(timestamp: string): string | undefined {
	const match = /^(.+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
	if (!match) return undefined;
	const seconds = Date.parse(`${match[1]}${match[3]}`);
	if (Number.isNaN(seconds) || seconds <= 0) return undefined;
	const nanos = (match[2] ?? '').padEnd(9, '0').slice(0, 9);
	return `${Math.floor(seconds / 1000)}.${nanos}`;
}

/** The next nanosecond after a timestamp, so attaching again repeats no line. */
function justAfter(timestamp: string): string | undefined {
	const since = toSinceParameter(timestamp);
	if (!since) return undefined;
	const [seconds, nanos] = since.split('.') as [string, string];
	const next = BigInt(seconds) * 1_000_000_000n + BigInt(nanos) + 1n;
	return `${next / 1_000_000_000n}.${(next % 1_000_000_000n).toString().padStart(9, '0')}`;
}

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, {once: true});
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
	});

/** What a logs body gives: payload buffers, then an end, an error or a close. */
type LogStreamBody = Pick<Readable, 'on' | 'destroy'>;

/**
 * Opens the logs body: over a socket of our own where the endpoint allows it (the engine's one-chunk-per-message
 * flood then costs a byte scan instead of a JavaScript call per line, issue 8), through dockerode otherwise (ssh).
 */
async function openLogStream(
	engine: Engine,
	id: string,
	request: {tail: number; since?: string; timestamps: boolean; signal: AbortSignal; isBacklog?: boolean},
): Promise<LogStreamBody> {
	const query = new URLSearchParams({follow: String(!request.isBacklog), stdout: 'true', stderr: 'true', tail: String(request.tail)});
	// An absent since must stay absent: "since=" is refused by Podman (issue 7).
	if (request.since !== undefined) query.set('since', request.since);
	query.set('timestamps', String(request.timestamps));
	const path = `/containers/${encodeURIComponent(id)}/logs?${query}`;
	const raw = rawStreamGet(engine.endpoint, path, request.signal);
	if (raw) return (await raw) as unknown as LogStreamBody;
	// Through the modem as a stream, follow or not: dockerode's container.logs() would hold a whole backlog in memory.
	const modem = (engine.docker as unknown as {modem: Modem}).modem;
	return new Promise<LogStreamBody>((resolve, reject) => {
		modem.dial({path, method: 'GET', isStream: true, abortSignal: request.signal, statusCodes: {200: true, 404: 'no such container', 500: 'server error', 501: 'not implemented'}}, (error, data) =>
			error ? reject(error) : resolve(data as LogStreamBody),
		);
	});
}

type Modem = {dial: (options: object, callback: (error: unknown, data?: unknown) => void) => void};

/** Feeds a logs body to the decoder until it ends; the decoder is not ended (a follow may go on with it). */
function pump(stream: LogStreamBody, decoder: LogDecoder, signal: AbortSignal): Promise<void> {
	return new Promise<void>(resolve => {
		let isDone = false;
		const done = () => {
			if (isDone) return;
			isDone = true;
			signal.removeEventListener('abort', abort);
			resolve();
		};
		const abort = () => {
			decoder.dispose();
			stream.destroy();
			done();
		};
		stream.on('data', (chunk: Buffer) => decoder.push(chunk));
		stream.on('end', done);
		stream.on('error', done);
		stream.on('close', done);
		signal.addEventListener('abort', abort, {once: true});
	});
}

/** Waits for the container's next `start` event (or its removal). */
export async function waitForStartEvent(engine: Engine, id: string, signal: AbortSignal, isRunningNow: () => Promise<boolean>): Promise<void> {
	const local = new AbortController();
	const stop = () => local.abort();
	signal.addEventListener('abort', stop, {once: true});
	try {
		const stream = (await engine.docker.getEvents({
			filters: {type: ['container'], container: [id], event: ['start', 'destroy']},
			abortSignal: local.signal,
		} as object)) as unknown as Readable;
		await new Promise<void>(resolve => {
			const finish = () => {
				stream.destroy();
				resolve();
			};
			stream.on('data', finish);
			stream.on('error', finish);
			stream.on('end', finish);
			stream.on('close', finish);
			local.signal.addEventListener('abort', finish, {once: true});
			// Subscribed first, asked second: a start in between is not missed.
			void isRunningNow().then(running => running && finish(), finish);
		});
	} catch {
		// The events stream could not be opened: poll instead, slowly.
		await sleep(2000, signal);
	} finally {
		signal.removeEventListener('abort', stop);
		local.abort();
	}
}

/**
 * Follows one container's logs until the signal aborts or the container is
 * gone. Never throws: every ending is a notice; engine errors are retried.
 */
export async function followLogs(engine: Engine, target: LogTarget, sink: LogSink, options: FollowLogsOptions): Promise<void> {
	// The backlog's end is told exactly once, whichever way the follower goes: a merge waits for every follower's.
	let isBacklogPending = options.onBacklogEnd !== undefined;
	const onBacklogEnd = () => {
		if (!isBacklogPending) return;
		isBacklogPending = false;
		options.onBacklogEnd!();
	};
	try {
		await followUntilGone(engine, target, sink, isBacklogPending ? {...options, onBacklogEnd} : options);
	} finally {
		onBacklogEnd();
	}
}

async function followUntilGone(engine: Engine, target: LogTarget, sink: LogSink, options: FollowLogsOptions): Promise<void> {
	const {signal} = options;
	const {id, source, sourceIndex} = target;
	let tail = options.tail ?? DEFAULT_TAIL;
	let since: string | undefined = options.since === undefined ? undefined : String(options.since);
	let lastTimestamp: string | undefined;
	const container = engine.docker.getContainer(id);
	const inspect = async (): Promise<InspectInfo | 'removed'> => {
		try {
			return (await engine.oneShot('inspect container', s => container.inspect({abortSignal: s} as object) as Promise<InspectInfo>, signal)) as InspectInfo;
		} catch (error) {
			if (engineStatus(error) === 404) return 'removed';
			throw error;
		}
	};
	const removed = () => sink.onNotice({kind: 'removed', id, source, message: `container ${source ?? id.slice(0, 12)} was removed`});
	const whenRunning =
		options.whenRunning ??
		((_: string, s: AbortSignal) =>
			waitForStartEvent(engine, id, s, async () => {
				const info = await inspect().catch(() => undefined);
				return info === 'removed' || Boolean(info?.State?.Running);
			}));

	// Only the first attach reads a backlog of its own; a merge waits for nobody who cannot be reached.
	let isBacklogDue = options.onBacklogEnd !== undefined;
	const backlogDone = () => {
		isBacklogDue = false;
		options.onBacklogEnd?.();
	};

	// The engine may be restarting or the network down: say so once, then try again every 2 s.
	let lastError: string | undefined;
	const failed = async (error: unknown) => {
		backlogDone();
		const message = describeEngineError(error, engine.endpoint);
		if (message !== lastError) sink.onNotice({kind: 'error', id, source, message: `${message}; trying again`});
		lastError = message;
		await sleep(options.retryMs ?? 2000, signal);
	};

	while (!signal.aborted) {
		let info: InspectInfo | 'removed';
		try {
			info = await inspect();
		} catch (error) {
			if (signal.aborted) return;
			await failed(error);
			continue;
		}
		if (info === 'removed') return removed();
		const isTty = Boolean(info.Config?.Tty);
		const wasRunning = Boolean(info.State?.Running);
		const isBacklog = isBacklogDue;
		let stream: LogStreamBody;
		try {
			stream = await openLogStream(engine, id, {tail, since, timestamps: Boolean(options.timestamps), signal, isBacklog});
		} catch (error) {
			if (signal.aborted) return;
			const status = engineStatus(error);
			if (status === 404) return removed();
			if (status === 501) {
				sink.onNotice({kind: 'unreadable', id, source, message: `${describeEngineError(error)} (the container's logging driver keeps no logs dockdash can read)`});
				return;
			}
			await failed(error);
			continue;
		}
		lastError = undefined;
		sink.onNotice({kind: 'attached', id, source, isTty, isRunning: wasRunning});
		// One key string per stream, made once: a key built per line costs a concatenation and a hash per line.
		const keys = {stdout: `${id}:stdout`, stderr: `${id}:stderr`};
		const decoder = new LogDecoder({
			isTty,
			timestamps: options.timestamps,
			partialDelayMs: options.partialDelayMs,
			maxLineLength: options.maxLineLength,
			// Parsed always; the pane decides whether to show the colours (a key and logs.colors).
			colors: true,
			// Lines are made safe when the pane reads them (model/log-line.ts): a flood pays only for what is shown.
			isLazy: true,
			onLines: (lines: DecodedLine[]) => {
				// The decoder's objects go on as they are, completed in place: no copy per line.
				const out = lines as RawLogLine[];
				for (let i = 0; i < out.length; i++) {
					const line = out[i]!;
					line.key = keys[line.stream];
					if (line.timestamp !== undefined) {
						lastTimestamp = line.timestamp;
						line.timestamp = sanitize(line.timestamp);
					}
					if (source !== undefined) line.source = source;
					if (sourceIndex !== undefined) line.sourceIndex = sourceIndex;
				}
				sink.onLines(out);
			},
		});
		await pump(stream, decoder, signal);
		if (signal.aborted) return;
		if (isBacklog) {
			// The backlog is in (a request that ends): follow from just after its last line, with the same decoder so a
			// line the backlog ended inside goes on. The tail only bounds what came in between, read from the end.
			backlogDone();
			if (lastTimestamp) {
				since = justAfter(lastTimestamp) ?? since;
				tail = Math.max(tail, GAP_TAIL);
			}
			try {
				stream = await openLogStream(engine, id, {tail, since, timestamps: Boolean(options.timestamps), signal});
			} catch (error) {
				decoder.end();
				if (signal.aborted) return;
				if (engineStatus(error) === 404) return removed();
				await failed(error);
				continue;
			}
			await pump(stream, decoder, signal);
			if (signal.aborted) return;
		}
		decoder.end();

		// The stream ended: the container stopped, or the engine let go of the stream.
		let after: InspectInfo | 'removed';
		try {
			after = await inspect();
		} catch (error) {
			if (signal.aborted) return;
			since = (lastTimestamp && justAfter(lastTimestamp)) ?? since;
			await failed(error);
			continue;
		}
		if (after === 'removed') return removed();
		tail = options.tail ?? DEFAULT_TAIL;
		if (after.State?.Running) {
			// Still running: attach again from the last line seen, after a pause so a flapping stream cannot spin.
			since = (lastTimestamp && justAfter(lastTimestamp)) ?? String(Math.floor(Date.now() / 1000));
			await sleep(options.retryMs ?? 1000, signal);
			continue;
		}
		// A container that never ran has the zero time as FinishedAt, and no exit code worth showing.
		const finished = after.State?.FinishedAt ? toSinceParameter(after.State.FinishedAt) : undefined;
		if (finished) {
			const exited: Extract<LogNotice, {kind: 'exited'}> = {kind: 'exited', id, source, exitCode: after.State?.ExitCode ?? 0};
			if (after.State?.OOMKilled) exited.isOomKilled = true;
			sink.onNotice(exited);
		} else {
			sink.onNotice({kind: 'waiting', id, source});
		}
		await whenRunning(id, signal);
		if (signal.aborted) return;
		// Only what the next run writes: everything up to the stop was shown already.
		since = (lastTimestamp && justAfter(lastTimestamp)) ?? finished ?? String(Math.floor(Date.now() / 1000));
		// Never spin on a container that flips faster than we can attach.
		await sleep(200, signal);
	}
}

/**
 * Follows several containers into one sink; each line carries its container's name. Each one's backlog is read on its
 * own and the backlogs are handed on merged by the engine's timestamps (ask for them), then live lines as they come.
 */
export async function followManyLogs(engine: Engine, targets: readonly LogTarget[], sink: LogSink, options: FollowLogsOptions): Promise<void> {
	if (targets.length < 2) {
		if (targets.length === 0) options.onBacklogEnd?.();
		await Promise.all(targets.map((target, index) => followLogs(engine, {sourceIndex: index, ...target}, sink, options)));
		return;
	}
	// Their backlogs in time order, then live lines as they come (issue 21); told on (options.onBacklogEnd) once merged.
	const merger = new BacklogMerger<LogNotice>(targets.length, sink, options.onBacklogEnd);
	await Promise.all(
		targets.map((target, index) =>
			followLogs(engine, {sourceIndex: index, ...target}, merger.sinkFor(index), {...options, timestamps: true, onBacklogEnd: () => merger.backlogEnded(index)}),
		),
	);
}

/** A container's last lines, read once (no follow), sanitized: "why did it stop" in its details (issue 14). */
export async function lastLogLines(engine: Engine, id: string, isTty: boolean, count: number, signal: AbortSignal): Promise<DecodedLine[]> {
	const lines: DecodedLine[] = [];
	const decoder = new LogDecoder({isTty, partialDelayMs: 0, maxLineLength: 2000, onLines: batch => lines.push(...batch)});
	const stream = await openLogStream(engine, id, {tail: count, timestamps: false, signal, isBacklog: true});
	await pump(stream, decoder, signal);
	decoder.end();
	return lines.filter(line => !line.replacesPartial).slice(-count);
}

/**
 * The one door to the Docker Engine. Only files in source/docker import
 * dockerode; the UI and the model see the types in ./types.ts, already
 * sanitized.
 *
 * Safety is enforced here, not only in the UI: in read-only mode the request
 * layer itself refuses every method but GET and HEAD, so no POST, PUT or DELETE
 * can reach the engine whatever a pane or a bug asks for.
 */
import {readFileSync} from 'node:fs';
import https from 'node:https';
import type {Readable} from 'node:stream';
import Docker from 'dockerode';
import {deadline, whenAborted} from './deadline.js';
import {type AnswerRecord, answerList, bounded, boundedAttributes, boundedRecord, count, describeLeftOut, entriesWithIds, eventTimeNano, list, record, text} from './engine-answer.js';
import {readContainerState} from '../model/container-state.js';
import {LineSplitter} from '../model/line-splitter.js';
import {sanitize, sanitizeRecord} from '../model/sanitize.js';
import type {EngineEndpoint} from '../model/endpoint-types.js';
import {EngineTimeoutError, RefusedError, tagRequest} from './errors.js';
import {createSshAgent} from './ssh-transport.js';
import type {ContainerList, ContainerSummary, EngineEvent, EngineProduct, EngineVersion, HealthState, PortMapping} from '../model/types.js';

export interface EngineOptions {
	/** Refuse every mutating request at the transport. */
	readOnly?: boolean;
	/** Timeout for one-shot requests in ms; streams are never cut by it. */
	requestTimeoutMs?: number;
}

type DialOptions = {method?: string; path?: string};
type Modem = {dial: (options: DialOptions, callback: (error: unknown, data?: unknown) => void) => void};

const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** The variables docker-modem reads by itself when a client is made (see {@link withoutModemEnvironment}). */
const MODEM_ENVIRONMENT = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_PATH_PREFIX', 'DOCKER_CLIENT_TIMEOUT'] as const;

/**
 * Makes a client with the modem blind to the environment. docker-modem reads DOCKER_HOST itself, and a tcp:// or
 * ssh:// one there wins over the socketPath it is given: with DOCKER_HOST=tcp://A, `-H unix:///B` (or a context,
 * or a second engine of the Engines pane) talked to A while the screen named B, and an action went to A (found
 * against a tcp engine, issue 12). It also reads DOCKER_CERT_PATH's files and throws on a DOCKER_HOST it cannot
 * parse. The endpoint is already chosen, from the same variables, the docker CLI's way (endpoint.ts).
 */
function withoutModemEnvironment<T>(build: () => T): T {
	const saved = MODEM_ENVIRONMENT.map(key => [key, process.env[key]] as const);
	for (const key of MODEM_ENVIRONMENT) delete process.env[key];
	try {
		return build();
	} finally {
		for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
	}
}

function buildClient(endpoint: EngineEndpoint): Docker {
	return withoutModemEnvironment(() => buildClientFor(endpoint));
}

function buildClientFor(endpoint: EngineEndpoint): Docker {
	switch (endpoint.transport) {
		case 'unix':
			return new Docker({socketPath: endpoint.socketPath});
		case 'tcp': {
			if (!endpoint.tls) return new Docker({host: endpoint.host, port: endpoint.port, protocol: 'http'});
			const read = (file?: string) => (file ? readFileSync(file) : undefined);
			const agent = new https.Agent({
				ca: read(endpoint.tls.ca),
				cert: read(endpoint.tls.cert),
				key: read(endpoint.tls.key),
				rejectUnauthorized: endpoint.tls.verify,
				keepAlive: true,
			});
			return new Docker({host: endpoint.host, port: endpoint.port, protocol: 'https', agent} as Docker.DockerOptions);
		}
		case 'ssh':
			// The host and port here only fill the HTTP request line; the agent dials through ssh.
			return new Docker({host: 'docker', port: 80, protocol: 'http', agent: createSshAgent(endpoint)} as Docker.DockerOptions);
	}
}

/**
 * Podman's compatible service says who it is in the version answer: Platform.Name
 * is the OS ("linux/amd64/debian-12") but the first component is "Podman Engine".
 * Exported for unit tests.
 */
export function productOf(raw: {Platform?: {Name?: string}; Components?: Array<{Name?: string}> | null}): EngineProduct {
	const names = [raw.Platform?.Name ?? '', ...(raw.Components ?? []).map(component => component.Name ?? '')];
	return names.some(name => /podman/i.test(name)) ? 'Podman' : 'Docker';
}

function parseHealth(status: string): HealthState | undefined {
	if (status.includes('(healthy)')) return 'healthy';
	if (status.includes('(unhealthy)')) return 'unhealthy';
	if (status.includes('(health: starting)')) return 'starting';
	return undefined;
}

/**
 * Maps the engine's list entry to dockdash's sanitized summary. Every field is read as untrusted (issue 17): one of
 * the wrong type reads as absent. The caller has checked that `raw.Id` is a string. Exported for unit tests.
 */
export function toContainerSummary(raw: Docker.ContainerInfo | AnswerRecord, listedAt = Date.now()): ContainerSummary {
	const entry = raw as AnswerRecord;
	const id = text(entry['Id']) ?? '';
	const labels = boundedRecord(record(entry['Labels']));
	const rawStatus = bounded(text(entry['Status']) ?? '');
	const status = sanitize(rawStatus);
	const {state, stateAnswer} = readContainerState(entry['State']);
	const exit = /^Exited \((-?\d+)\)/.exec(rawStatus);
	const ports: PortMapping[] = list(entry['Ports']).flatMap(port => {
		if (port === null || typeof port !== 'object') return [];
		const p = port as AnswerRecord;
		const containerPort = count(p['PrivatePort']);
		if (containerPort === undefined) return [];
		return [{hostIp: text(p['IP']) ? sanitize(text(p['IP'])!) : undefined, hostPort: count(p['PublicPort']) || undefined, containerPort, protocol: sanitize(text(p['Type']) ?? 'tcp')}];
	});
	const firstName = bounded(text(list(entry['Names'])[0]) ?? id.slice(0, 12));
	return {
		id,
		name: sanitize(firstName.replace(/^\//, '')),
		image: sanitize(bounded(text(entry['Image']) ?? '')),
		imageId: text(entry['ImageID']) ?? '',
		command: sanitize(bounded(text(entry['Command']) ?? '')),
		state,
		...(stateAnswer === undefined ? {} : {stateAnswer}),
		status,
		listedAt,
		exitCode: exit ? Number(exit[1]) : undefined,
		health: parseHealth(rawStatus),
		created: count(entry['Created']) ?? 0,
		ports,
		composeProject: labels['com.docker.compose.project'] ? sanitize(bounded(labels['com.docker.compose.project'])) : undefined,
		composeService: labels['com.docker.compose.service'] ? sanitize(bounded(labels['com.docker.compose.service'])) : undefined,
		labels: sanitizeRecord(labels),
	};
}

/** Labels of the wrong shape (not an object, or a value that is not a string); absent or null labels are none. */
function hasLabelsNotText(labels: unknown): boolean {
	if (labels === undefined || labels === null) return false;
	if (typeof labels !== 'object' || Array.isArray(labels)) return true;
	return Object.values(labels).some(value => typeof value !== 'string');
}

/** The most events of a past window kept: the Events pane keeps 5,000 in all. */
const MAX_HISTORY_EVENTS = 5000;

// The longest event line kept while waiting for its newline (events are well under 64 KiB, even with many labels):
// a "line" that never ends is garbage, and must not grow without bound (issue 17).
const MAX_EVENT_LINE = 1024 * 1024;

function toEngineEvent(raw: Record<string, unknown>): EngineEvent | undefined {
	const actorValue = raw['Actor'];
	const actor: AnswerRecord = actorValue !== null && typeof actorValue === 'object' ? (actorValue as AnswerRecord) : {};
	const type = text(raw['Type']) ?? '';
	const action = text(raw['Action']) ?? text(raw['status']) ?? '';
	const id = text(actor['ID']) ?? text(raw['id']) ?? '';
	if (!type || !action) return undefined;
	// Garbage attributes and huge maps are bounded and counted (issue 17); a time that is none is 0, never a NaN date.
	const {attributes, leftOut} = boundedAttributes(actor['Attributes']);
	return {
		type: sanitize(bounded(type)),
		action: sanitize(bounded(action)),
		id: bounded(id),
		timeNano: eventTimeNano(raw['timeNano'], raw['time']),
		attributes: sanitizeRecord(attributes),
		...(leftOut > 0 ? {attributesLeftOut: leftOut} : {}),
	};
}

export interface EventStreamHandlers {
	onEvent: (event: EngineEvent) => void;
	/** The stream ended or failed; the caller decides when to reconnect. */
	onClose: (error?: unknown) => void;
}

/** The engine adapter. Construct it with {@link createEngine}. */
export class Engine {
	readonly endpoint: EngineEndpoint;
	readonly isReadOnly: boolean;
	private readonly client: Docker;
	/** How long one request may take (--request-timeout). */
	readonly requestTimeoutMs: number;
	private productAnswer: Promise<EngineProduct> | undefined;

	constructor(endpoint: EngineEndpoint, client: Docker, options: EngineOptions = {}) {
		this.endpoint = endpoint;
		this.client = client;
		this.isReadOnly = Boolean(options.readOnly);
		this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
		if (this.isReadOnly) this.guardTransport();
	}

	/** The raw dockerode client, for the other adapter files in source/docker only. */
	get docker(): Docker {
		return this.client;
	}

	// Wraps the modem so every request goes past one check. This is the last
	// place a request passes before the socket, so nothing above can bypass it.
	private guardTransport(): void {
		const modem = (this.client as unknown as {modem: Modem}).modem;
		const dial = modem.dial.bind(modem);
		modem.dial = (options, callback) => {
			const method = (options.method ?? 'GET').toUpperCase();
			if (!READ_METHODS.has(method)) {
				callback(new RefusedError(`read-only mode: refused ${method} ${options.path ?? ''}`.trim()));
				return;
			}
			dial(options, callback);
		};
	}

	/**
	 * Closes the connections this client keeps (its TLS or ssh agent's sockets) once nothing will be sent through it:
	 * an engine dropped from the view at run time (issue 14). Streams are ended by their own abort signals first.
	 * A unix socket or plain tcp client shares Node's global agent, whose idle sockets close by themselves.
	 */
	close(): void {
		(this.client as unknown as {modem: {agent?: {destroy?: () => void}}}).modem.agent?.destroy?.();
	}

	/** Throws a {@link RefusedError} in read-only mode; call before anything that changes state. */
	assertWritable(what: string): void {
		if (this.isReadOnly) throw new RefusedError(`read-only mode: ${what} is not allowed (started with --read-only)`);
	}

	/**
	 * An abort signal for one-shot calls: the caller's, plus the request timeout. The timeout fires even when nothing
	 * else holds the signal (see deadline.ts); its timer ends by itself after `ms`.
	 */
	timeoutSignal(signal?: AbortSignal, ms = this.requestTimeoutMs): AbortSignal {
		return deadline(ms, signal).signal;
	}

	/** Runs a one-shot request with the timeout, turning a timeout into a clear error. */
	async oneShot<T>(what: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
		const limit = deadline(this.requestTimeoutMs, signal);
		try {
			// Raced against the signal itself: a transport that ignores the abort once the answer has begun (a
			// connection reset mid-body, a Content-Length never met) must not hold the caller for ever (issue 17).
			const request = run(limit.signal);
			request.catch(() => undefined);
			return await Promise.race([request, whenAborted(limit.signal)]);
		} catch (error) {
			if (limit.hasExpired) {
				throw new EngineTimeoutError(`${what}: no answer from ${this.endpoint.url} within ${Math.round(this.requestTimeoutMs / 1000)} s`);
			}
			// /version is how an address shows it is an engine at all: its failure speaks of the address (issue 20).
			if (what !== 'version') tagRequest(error, what);
			throw error;
		} finally {
			limit.dispose();
		}
	}

	async version(signal?: AbortSignal): Promise<EngineVersion> {
		const raw = await this.oneShot('version', s => (this.client.version as (options: object) => Promise<Docker.DockerVersion>)({abortSignal: s}), signal);
		// An HTTP server that is not an engine can answer 200 with a page: the modem hands back its bytes (issue 20).
		if (!raw || typeof raw !== 'object' || Buffer.isBuffer(raw) || (raw.ApiVersion === undefined && raw.Version === undefined)) {
			const text = Buffer.isBuffer(raw) ? raw.toString('utf8').trim() : typeof raw === 'string' ? (raw as string).trim() : '';
			const what = /^<(!doctype|html|head|body|\?xml)/i.test(text) ? 'an HTML page' : text === '' ? 'an empty body' : 'something that is not JSON of a Docker Engine';
			throw new Error(`answered /version with ${what}: not a Docker Engine API; check the address and port (--host, DOCKER_HOST or the context)`);
		}
		return {
			product: productOf(raw),
			version: sanitize(raw.Version ?? '?'),
			apiVersion: sanitize(raw.ApiVersion ?? '?'),
			os: sanitize(raw.Os ?? ''),
			arch: sanitize(raw.Arch ?? ''),
			kernelVersion: raw.KernelVersion ? sanitize(raw.KernelVersion) : undefined,
		};
	}

	/**
	 * Docker or Podman, asked once per adapter (the version answer says), for the
	 * features Podman's compatible API lacks. A failed ask is asked again next time.
	 */
	async product(signal?: AbortSignal): Promise<EngineProduct> {
		this.productAnswer ??= this.version(signal).then(
			version => version.product,
			error => {
				this.productAnswer = undefined;
				throw error;
			},
		);
		return this.productAnswer;
	}

	/**
	 * `docker ps -a`, or only the given IDs. Entries dockdash cannot act on (no ID, a repeated ID) are left out and
	 * named in the list's `notice`; an answer that is not a list is an {@link EngineAnswerError}.
	 */
	async listContainers(options: {ids?: string[]; signal?: AbortSignal} = {}): Promise<ContainerList> {
		// No filters key at all when unfiltered: the modem would send "filters=", which Podman refuses (issue 7).
		const filters = options.ids ? {filters: {id: options.ids}} : {};
		const raw: unknown = await this.oneShot(
			'list containers',
			s => this.client.listContainers({all: true, ...filters, abortSignal: s} as Docker.ContainerListOptions),
			options.signal,
		);
		const listedAt = Date.now();
		const {entries, leftOut} = entriesWithIds(answerList('list containers', raw), 'Id');
		const summaries: ContainerList = entries.map(entry => toContainerSummary(entry, listedAt));
		// Labels that are not text read as none, which takes a container out of its Compose project: said, not silent.
		const oddLabels = entries.filter(entry => hasLabelsNotText(entry['Labels'])).length;
		const labelsLine = oddLabels > 0 ? `labels of ${oddLabels === 1 ? '1 entry are' : `${oddLabels} entries are`} not text (read as none)` : undefined;
		const leftOutLine = describeLeftOut('list containers', leftOut);
		const notice = leftOutLine && labelsLine ? `${leftOutLine}; ${labelsLine}` : (leftOutLine ?? (labelsLine && `list containers: ${labelsLine}`));
		if (notice) summaries.notice = notice;
		return summaries;
	}

	/** The events of a past window, [since, until] in Unix seconds, as the engine kept them (it keeps the last 1,000 or so). */
	eventsBetween(since: number, until: number, signal: AbortSignal): Promise<EngineEvent[] & {notice?: string}> {
		// Bounded in time and count (issue 17): a real engine ends the window's stream at once; one that never does (a
		// hostile or broken peer) would leave the Events pane "reading the last hour…" for ever, one that sends
		// millions of events would fill memory. What came is kept, newest last, and the cut is said.
		const stop = new AbortController();
		const timer = setTimeout(() => stop.abort(), this.requestTimeoutMs);
		const onAbort = () => stop.abort();
		signal.addEventListener('abort', onAbort, {once: true});
		return new Promise<EngineEvent[] & {notice?: string}>((resolve, reject) => {
			let events: EngineEvent[] = [];
			let dropped = 0;
			const onEvent = (event: EngineEvent) => {
				events.push(event);
				if (events.length >= 2 * MAX_HISTORY_EVENTS) {
					dropped += events.length - MAX_HISTORY_EVENTS;
					events = events.slice(-MAX_HISTORY_EVENTS);
				}
			};
			const onClose = (error?: unknown) => {
				clearTimeout(timer);
				signal.removeEventListener('abort', onAbort);
				const isCut = stop.signal.aborted && !signal.aborted;
				if (error && !isCut) return reject(error);
				if (events.length > MAX_HISTORY_EVENTS) dropped += events.splice(0, events.length - MAX_HISTORY_EVENTS).length;
				const notes = [
					...(isCut ? [`the engine did not end its answer within ${this.requestTimeoutMs / 1000} s (${events.length} events came)`] : []),
					...(dropped > 0 ? [`${dropped} older events left out`] : []),
				];
				resolve(notes.length > 0 ? Object.assign(events, {notice: notes.join('; ')}) : events);
			};
			void this.streamEvents({onEvent, onClose}, {signal: stop.signal, since, until});
		});
	}

	/**
	 * Follows the engine's event stream. Events are parsed line by line as they
	 * arrive and handed over at once; the reader never waits on the UI, so the
	 * engine never sees dockdash as a slow reader.
	 */
	async streamEvents(handlers: EventStreamHandlers, options: {signal: AbortSignal; since?: number; until?: number}): Promise<void> {
		let stream: Readable;
		try {
			stream = (await this.client.getEvents({
				since: options.since,
				// With until, the engine sends the events of that past window and ends the stream (the Events pane's history).
				...(options.until === undefined ? {} : {until: options.until}),
				abortSignal: options.signal,
			} as object)) as unknown as Readable;
		} catch (error) {
			handlers.onClose(error);
			return;
		}
		const lines = new LineSplitter(MAX_EVENT_LINE);
		let closed = false;
		const close = (error?: unknown) => {
			if (closed) return;
			closed = true;
			handlers.onClose(error);
		};
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => {
			for (const raw of lines.push(chunk)) {
				const line = raw.trim();
				if (!line) continue;
				try {
					const parsed: unknown = JSON.parse(line);
					const event = parsed !== null && typeof parsed === 'object' ? toEngineEvent(parsed as Record<string, unknown>) : undefined;
					if (event) handlers.onEvent(event);
				} catch {
					// A line that is not JSON is not an event; the periodic relist covers anything missed.
				}
			}
		});
		stream.on('error', error => close(options.signal.aborted ? undefined : error));
		stream.on('end', () => close());
		stream.on('close', () => close());
		options.signal.addEventListener('abort', () => stream.destroy(), {once: true});
	}
}

/** Builds the engine adapter for an endpoint. The only place a dockerode client is made. */
export function createEngine(endpoint: EngineEndpoint, options: EngineOptions = {}): Engine {
	return new Engine(endpoint, buildClient(endpoint), options);
}

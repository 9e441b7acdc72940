/**
 * Docker Swarm, when the engine is a manager (issue 7): services with their
 * replicas running/desired, tasks with state and error, nodes; scaling a
 * service and draining or activating a node. Every string is sanitized here.
 */
import type {Readable} from 'node:stream';
import {setTimeout as delay} from 'node:timers/promises';
import type {StyleSpan} from '../model/log-colors.js';
import type {LogLineInput} from '../model/log-buffer.js';
import {type DecodedLine, LogDecoder} from '../model/log-decoder.js';
import {parseLogDetails} from '../model/swarm-actions.js';
import {compareTimestamps} from '../model/swarm-tasks.js';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {describeEngineError, EngineAnswerError, engineStatus, isUnsupportedAnswer, unsupportedLine} from './errors.js';
import {type FollowLogsOptions, toSinceParameter} from './logs.js';
import {DEFAULT_TAIL, type LogSink, type LogTarget} from '../model/log-types.js';
import {UserFacingError} from '../model/ports.js';
import type {NodeAvailability, SwarmList, SwarmNode, SwarmRole, SwarmService, SwarmStatus, SwarmTask} from '../model/swarm-types.js';
import {answerList, answerRecord, count, describeLeftOut, entriesWithIds, list} from './engine-answer.js';

type Raw = Record<string, any>;

/**
 * A swarm list answer read as untrusted (issue 17): not a list is an error naming the request; entries without an
 * ID, repeated or not objects are left out and counted in the list's `notice`.
 */
function swarmList<T>(what: string, raw: unknown, toEntry: (entry: Raw) => T, whyNotWhole?: (entry: Raw) => string | undefined): SwarmList<T> {
	const {entries, leftOut} = entriesWithIds(answerList(what, raw), 'ID');
	const whole = entries.filter(entry => {
		const why = whyNotWhole?.(entry as Raw);
		if (why) leftOut.set(why, (leftOut.get(why) ?? 0) + 1);
		return !why;
	});
	const out: SwarmList<T> = whole.map(entry => toEntry(entry as Raw));
	const notice = describeLeftOut(what, leftOut);
	if (notice) out.notice = notice;
	return out;
}

const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A service without a spec naming it would be a row of nothing (issue 17: it showed as a blank "unknown 0/0"). */
const serviceNotWhole = (entry: Raw): string | undefined => (isObject(entry['Spec']) && typeof entry['Spec']['Name'] === 'string' && entry['Spec']['Name'] !== '' ? undefined : 'no name');

/** A list sorted in place, keeping its notice. */
const sorted = <T>(items: SwarmList<T>, compare: (a: T, b: T) => number): SwarmList<T> => items.sort(compare);

// A field of the wrong type reads as absent (issue 17): an image of 7 is no image, not "7".
const text = (value: unknown) => sanitize(typeof value === 'string' ? value : '');

/** Whether the engine is in a swarm and may be asked about services (only managers answer). */
export async function swarmRole(engine: Engine, signal?: AbortSignal): Promise<SwarmRole> {
	const info = (await engine.oneShot('engine info', s => (engine.docker.info as (options: object) => Promise<Raw>)({abortSignal: s}), signal)) as Raw;
	const swarm = (info['Swarm'] ?? {}) as Raw;
	if (swarm['LocalNodeState'] !== 'active') return 'none';
	return swarm['ControlAvailable'] ? 'manager' : 'worker';
}

/**
 * The role, or why there is none: Podman's compatible API answers /info with an
 * inactive swarm, but /swarm, /services and /nodes are 404 there (Podman 4.3,
 * issue 7), so "not part of a swarm" would suggest a `docker swarm init` that cannot work.
 */
export async function swarmStatus(engine: Engine, signal?: AbortSignal): Promise<SwarmStatus> {
	const product = await engine.product(signal);
	if (product === 'Podman') return {role: 'none', unsupported: unsupportedLine('Swarm', product)};
	try {
		return {role: await swarmRole(engine, signal)};
	} catch (error) {
		if (isUnsupportedAnswer(error)) return {role: 'none', unsupported: unsupportedLine('Swarm', product)};
		throw error;
	}
}

function modeOf(spec: Raw): string {
	const mode = (spec['Mode'] ?? {}) as Raw;
	if (mode['Replicated']) return 'replicated';
	if (mode['Global']) return 'global';
	if (mode['ReplicatedJob']) return 'replicated-job';
	if (mode['GlobalJob']) return 'global-job';
	return 'unknown';
}

/** Maps the engine's service to dockdash's; exported for unit tests. */
export function toSwarmService(raw: Raw): SwarmService {
	const spec = (raw['Spec'] ?? {}) as Raw;
	const image = text(spec['TaskTemplate']?.['ContainerSpec']?.['Image']).replace(/@sha256:[0-9a-f]+$/, '');
	// A field of the wrong type reads as absent (issue 17), never as "[object Object]" or NaN.
	const ports = (list(raw['Endpoint']?.['Ports']) as Raw[])
		.filter(port => port !== null && typeof port === 'object')
		.map(port => `${count(port['PublishedPort']) ?? ''}:${count(port['TargetPort']) ?? ''}/${text(port['Protocol'] ?? 'tcp')}`);
	const status = (raw['ServiceStatus'] ?? {}) as Raw;
	const update = raw['UpdateStatus'] as Raw | undefined;
	return {
		id: text(raw['ID']),
		name: text(spec['Name']),
		mode: modeOf(spec),
		running: count(status['RunningTasks']) ?? 0,
		desired: count(status['DesiredTasks']) ?? count(spec['Mode']?.['Replicated']?.['Replicas']) ?? 0,
		...(spec['Mode']?.['Replicated'] ? {replicas: count(spec['Mode']['Replicated']['Replicas']) ?? 1} : {}),
		image,
		ports,
		updateState: update?.['State'] ? text(update['State']) : undefined,
		updateMessage: update?.['Message'] ? text(update['Message']) : undefined,
	};
}

export async function listServices(engine: Engine, signal?: AbortSignal): Promise<SwarmList<SwarmService>> {
	// status=true (API 1.41) makes the engine count running and desired tasks for us.
	const raw: unknown = await engine.oneShot('list services', s => engine.docker.listServices({status: true, abortSignal: s} as object), signal);
	return sorted(swarmList('list services', raw, toSwarmService, serviceNotWhole), (a, b) => a.name.localeCompare(b.name));
}

function toSwarmTask(task: Raw): SwarmTask {
	const status = (task['Status'] ?? {}) as Raw;
	return {
		id: text(task['ID']),
		serviceId: text(task['ServiceID']),
		slot: typeof task['Slot'] === 'number' ? task['Slot'] : undefined,
		nodeId: text(task['NodeID']),
		desiredState: text(task['DesiredState']),
		state: text(status['State']),
		error: status['Err'] ? text(status['Err']) : undefined,
		message: text(status['Message']),
		updatedAt: text(task['UpdatedAt']),
		createdAt: text(task['CreatedAt']),
		stateSince: text(status['Timestamp']),
	};
}

/** Every task of a service the engine keeps, history included (as `docker service ps` lists them). */
export async function listTasks(engine: Engine, serviceId: string, signal?: AbortSignal): Promise<SwarmList<SwarmTask>> {
	const raw: unknown = await engine.oneShot('list tasks', s => engine.docker.listTasks({filters: {service: [serviceId]}, abortSignal: s} as object), signal);
	return sorted(swarmList('list tasks', raw, toSwarmTask), (a, b) => (a.slot ?? 0) - (b.slot ?? 0) || compareTimestamps(b.createdAt, a.createdAt));
}

/** The tasks the swarm wants running on a node now (desired state running): what draining it stops. */
export async function listNodeTasks(engine: Engine, nodeId: string, signal?: AbortSignal): Promise<SwarmTask[]> {
	const raw: unknown = await engine.oneShot('list tasks', s => engine.docker.listTasks({filters: {node: [nodeId], 'desired-state': ['running']}, abortSignal: s} as object), signal);
	return swarmList('list tasks', raw, toSwarmTask);
}

/** Tasks the swarm wants running that wait for a node (pending): what activating a node may start at once. */
export async function listWaitingTasks(engine: Engine, signal?: AbortSignal): Promise<SwarmTask[]> {
	// Unfiltered: a task waiting for a node wants "ready", not "running" (Docker 20.10), so a desired-state filter misses it.
	const raw: unknown = await engine.oneShot('list tasks', s => engine.docker.listTasks({abortSignal: s} as object), signal);
	return swarmList('list tasks', raw, toSwarmTask).filter(task => task.state === 'pending' && /^(running|ready)$/.test(task.desiredState));
}

export async function listNodes(engine: Engine, signal?: AbortSignal): Promise<SwarmList<SwarmNode>> {
	const raw: unknown = await engine.oneShot('list nodes', s => engine.docker.listNodes({abortSignal: s} as object), signal);
	return swarmList('list nodes', raw, (node): SwarmNode => ({
		id: text(node['ID']),
		hostname: text(node['Description']?.['Hostname']),
		role: text(node['Spec']?.['Role']),
		availability: text(node['Spec']?.['Availability']),
		status: text(node['Status']?.['State']),
		engineVersion: text(node['Description']?.['Engine']?.['EngineVersion']),
		// Only true is the leader: a Leader of "no" is not (issue 17).
		isLeader: node['ManagerStatus']?.['Leader'] === true,
		version: count(node['Version']?.['Index']) ?? 0,
	}));
}

/**
 * An inspect answer that is about the object asked for, with a spec object, or an {@link EngineAnswerError}: its spec
 * is sent back with one field changed, so another object's (or half a one) would overwrite this one (issue 17).
 */
function ownAnswer(what: string, kind: string, id: string, answer: unknown): Raw {
	const raw = answerRecord(what, answer);
	const answered = typeof raw['ID'] === 'string' ? raw['ID'] : '';
	if (answered !== id && !(id.length >= 12 && answered.startsWith(id))) {
		throw new EngineAnswerError(`${what}: the engine answered for ${answered ? `another ${kind} (${sanitize(answered.slice(0, 12))})` : `no ${kind} ID`}, not ${sanitize(id.slice(0, 12))}: nothing changed`);
	}
	if (!isObject(raw['Spec'])) throw new EngineAnswerError(`${what}: the engine's answer has no spec for ${kind} ${sanitize(id.slice(0, 12))}: nothing changed`);
	return raw;
}

/** A scale refused because the service changed since the user chose the count: nothing was changed. */
export class StaleScaleError extends UserFacingError {
	override name = 'StaleScaleError';
}

/**
 * Sets a replicated service's replica count. With `expectedReplicas` (what the
 * user saw when asked), a service whose count changed meanwhile is left alone.
 */
export async function scaleService(engine: Engine, serviceId: string, replicas: number, expectedReplicas?: number): Promise<void> {
	engine.assertWritable('scaling a service');
	if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a whole number of 0 or more, not ${replicas}`);
	const service = engine.docker.getService(serviceId);
	// The spec sent back is the one read here: it must be this service's, whole (issue 17).
	const raw = ownAnswer('inspect service', 'service', serviceId, await engine.oneShot('inspect service', s => service.inspect({abortSignal: s} as object)));
	const spec = raw['Spec'] as Raw;
	if (!spec?.['Mode']?.['Replicated']) throw new RangeError(`${text(spec?.['Name'])} is a ${modeOf(spec ?? {})} service: only replicated services scale`);
	const asked = isObject(spec['Mode']['Replicated']) ? spec['Mode']['Replicated']['Replicas'] : undefined;
	if (asked !== undefined && count(asked) === undefined) throw new EngineAnswerError(`inspect service: the engine's replica count for ${text(spec['Name'])} is not a number: nothing changed`);
	const now = count(asked) ?? 1;
	if (expectedReplicas !== undefined && now !== expectedReplicas) {
		throw new StaleScaleError(`${text(spec['Name'])} now asks for ${now} replicas, not the ${expectedReplicas} you saw: nothing changed; look again and scale it anew`);
	}
	const next = {...spec, Mode: {Replicated: {Replicas: replicas}}};
	// The version makes the engine refuse the change if someone else updated the service meanwhile.
	await engine.oneShot('scale service', s => service.update({...next, version: raw['Version']?.['Index'], abortSignal: s}));
}

/** Drains, pauses or activates a node. */
export async function setNodeAvailability(engine: Engine, nodeId: string, availability: NodeAvailability): Promise<void> {
	engine.assertWritable(`setting a node to ${availability}`);
	const node = engine.docker.getNode(nodeId);
	const raw = ownAnswer('inspect node', 'node', nodeId, await engine.oneShot('inspect node', s => node.inspect({abortSignal: s} as object)));
	await engine.oneShot('update node', s => node.update({...(raw['Spec'] as Raw), Availability: availability, version: raw['Version']?.['Index'], abortSignal: s} as object));
}

/**
 * Names the tasks of one service's log lines "service.slot@hostname". The node
 * comes from each line's details (a task just created has no node yet in the
 * task list); slots and hostnames are asked for again, at most every 2 s, when
 * a line names a task or node not known yet.
 */
class TaskNames {
	private readonly slots = new Map<string, string>();
	private readonly hosts = new Map<string, string>();
	private readonly indexes = new Map<string, number>();
	private lastLookup = 0;
	private lookup: Promise<void> | undefined;

	constructor(
		private readonly engine: Engine,
		private readonly service: {id: string; name: string},
		private readonly signal: AbortSignal,
	) {}

	async refresh(): Promise<void> {
		this.lastLookup = Date.now();
		try {
			const [tasks, nodes] = await Promise.all([listTasks(this.engine, this.service.id, this.signal), listNodes(this.engine, this.signal)]);
			for (const node of nodes) this.hosts.set(node.id, node.hostname);
			for (const task of tasks) this.slots.set(task.id, task.slot === undefined ? task.id.slice(0, 6) : String(task.slot));
		} catch {
			// Lines keep their short IDs until the next lookup.
		}
	}

	/** The prefix and a stable colour index for a task's line; short IDs for what is not known yet. */
	of(taskId = '?', nodeId = '?'): {name: string; index: number} {
		const slot = this.slots.get(taskId);
		const host = this.hosts.get(nodeId);
		if ((!slot || !host) && !this.lookup && Date.now() - this.lastLookup > 2000) this.lookup = this.refresh().finally(() => (this.lookup = undefined));
		let index = this.indexes.get(taskId);
		if (index === undefined) this.indexes.set(taskId, (index = this.indexes.size));
		return {name: `${this.service.name}.${slot ?? taskId.slice(0, 10)}@${host ?? nodeId.slice(0, 10)}`, index};
	}
}

/** `since` for attaching again: one nanosecond after the last line seen, so no line repeats. */
function sinceAfter(timestamp: string | undefined): string | undefined {
	const [seconds, nanos] = (timestamp ? toSinceParameter(timestamp) : undefined)?.split('.') ?? [];
	if (seconds === undefined || nanos === undefined) return undefined;
	const total = BigInt(seconds + nanos) + 1n;
	return `${total / 1_000_000_000n}.${String(total % 1_000_000_000n).padStart(9, '0')}`;
}

const shiftSpans = (styles: StyleSpan[] | undefined, by: number) =>
	by === 0 || !styles ? styles : styles.filter(span => span.end > by).map(span => ({...span, start: Math.max(0, span.start - by), end: span.end - by}));

/**
 * Follows a service's logs (`/services/{id}/logs`, every task merged), each
 * line named by its task and node from the engine's `details`. Same contract
 * as followManyLogs, so the logs session and ring take it as they are: each
 * target is a service (id and name), lines are sanitized by the decoder, and
 * every ending is a notice, never a throw. Engine errors are retried.
 */
export async function followServiceLogs(engine: Engine, targets: readonly LogTarget[], sink: LogSink, options: FollowLogsOptions): Promise<void> {
	await Promise.all(targets.map(target => followOneService(engine, target, sink, options)));
}

async function followOneService(engine: Engine, target: LogTarget, sink: LogSink, options: FollowLogsOptions): Promise<void> {
	const {signal} = options;
	const id = target.id;
	const name = target.source ?? id.slice(0, 12);
	const service = engine.docker.getService(id);
	const names = new TaskNames(engine, {id, name}, signal);
	let tail = options.tail ?? DEFAULT_TAIL;
	let since = options.since === undefined ? undefined : String(options.since);
	let lastTimestamp: string | undefined;
	let lastError: string | undefined;
	const pause = (ms: number) => delay(ms, undefined, {signal}).catch(() => undefined);
	const ended = (error: unknown): boolean => {
		if (signal.aborted) return true;
		const status = engineStatus(error);
		if (status === 404) sink.onNotice({kind: 'removed', id, message: `service ${name} was removed`});
		else if (status === 501) sink.onNotice({kind: 'unreadable', id, message: `${describeEngineError(error)} (the service's logging driver keeps no logs dockdash can read)`});
		else {
			const message = describeEngineError(error, engine.endpoint);
			if (message !== lastError) sink.onNotice({kind: 'error', id, message: `${message}; trying again`});
			lastError = message;
			return false;
		}
		return true;
	};
	while (!signal.aborted) {
		let stream: Readable;
		let isTty: boolean;
		try {
			const raw = (await engine.oneShot('inspect service', s => service.inspect({abortSignal: s} as object), signal)) as Raw;
			// A TTY service's output is raw; anything else is framed (as for containers, told by the spec, never guessed).
			isTty = Boolean(raw['Spec']?.['TaskTemplate']?.['ContainerSpec']?.['TTY']);
			await names.refresh();
			stream = (await service.logs({follow: true, stdout: true, stderr: true, details: true, timestamps: true, tail, ...(since === undefined ? {} : {since}), abortSignal: signal} as object)) as unknown as Readable;
		} catch (error) {
			if (ended(error)) return;
			await pause(options.retryMs ?? 2000);
			continue;
		}
		lastError = undefined;
		sink.onNotice({kind: 'attached', id, isTty, isRunning: true});
		const decoder = new LogDecoder({
			isTty,
			timestamps: true,
			colors: true,
			partialDelayMs: options.partialDelayMs,
			maxLineLength: options.maxLineLength,
			onLines: (lines: DecodedLine[]) =>
				sink.onLines(
					lines.map(line => {
						const details = parseLogDetails(line.text);
						const task = names.of(details.taskId, details.nodeId);
						if (line.timestamp !== undefined) lastTimestamp = line.timestamp;
						const input: LogLineInput = {stream: line.stream, text: line.text.slice(details.offset), key: `${details.taskId ?? ''}:${line.stream}`, source: task.name, sourceIndex: task.index};
						if (line.timestamp !== undefined) input.timestamp = sanitize(line.timestamp);
						if (line.isPartial) input.isPartial = true;
						if (line.replacesPartial) input.replacesPartial = true;
						const styles = shiftSpans(line.styles, details.offset);
						if (styles?.length) input.styles = styles;
						return input;
					}),
				),
		});
		const stop = () => stream.destroy();
		signal.addEventListener('abort', stop, {once: true});
		try {
			for await (const chunk of stream) decoder.push(chunk as Buffer);
		} catch {
			// Destroyed on abort, or the connection dropped: attach again below.
		} finally {
			signal.removeEventListener('abort', stop);
			if (signal.aborted) decoder.dispose();
			else decoder.end();
		}
		if (signal.aborted) return;
		// The engine ended the stream (it restarted, or the service changed): go on after the last line seen.
		since = sinceAfter(lastTimestamp) ?? since ?? String(Math.floor(Date.now() / 1000));
		tail = options.tail ?? DEFAULT_TAIL;
		await pause(options.retryMs ?? 1000);
	}
}

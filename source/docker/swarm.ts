/**
 * Docker Swarm, when the engine is a manager (issue 7): services with their
 * replicas running/desired, tasks with state and error, nodes; scaling a
 * service and draining or activating a node. Every string is sanitized here.
 */
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';

export type SwarmRole = 'manager' | 'worker' | 'none';

export interface SwarmService {
	id: string;
	name: string;
	/** replicated, global, replicated-job or global-job. */
	mode: string;
	running: number;
	desired: number;
	image: string;
	/** Published ports as published:target/protocol. */
	ports: string[];
	/** The state of the last update (updating, completed, paused, rollback_…), if there was one. */
	updateState?: string;
	updateMessage?: string;
}

export interface SwarmTask {
	id: string;
	serviceId: string;
	slot?: number;
	nodeId: string;
	desiredState: string;
	state: string;
	/** Why the task failed, as the engine says it. */
	error?: string;
	message: string;
	updatedAt: string;
}

export interface SwarmNode {
	id: string;
	hostname: string;
	role: string;
	availability: string;
	status: string;
	engineVersion: string;
	isLeader: boolean;
	/** The version the engine needs back on an update, so a stale change is refused. */
	version: number;
}

export type NodeAvailability = 'active' | 'pause' | 'drain';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const text = (value: unknown) => sanitize(typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** Whether the engine is in a swarm and may be asked about services (only managers answer). */
export async function swarmRole(engine: Engine, signal?: AbortSignal): Promise<SwarmRole> {
	const info = (await engine.oneShot('engine info', s => (engine.docker.info as (options: object) => Promise<Raw>)({abortSignal: s}), signal)) as Raw;
	const swarm = (info['Swarm'] ?? {}) as Raw;
	if (swarm['LocalNodeState'] !== 'active') return 'none';
	return swarm['ControlAvailable'] ? 'manager' : 'worker';
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
	const ports = ((raw['Endpoint']?.['Ports'] ?? []) as Raw[]).map(port => `${port['PublishedPort'] ?? ''}:${port['TargetPort']}/${text(port['Protocol'] ?? 'tcp')}`);
	const status = (raw['ServiceStatus'] ?? {}) as Raw;
	const update = raw['UpdateStatus'] as Raw | undefined;
	return {
		id: text(raw['ID']),
		name: text(spec['Name']),
		mode: modeOf(spec),
		running: Number(status['RunningTasks'] ?? 0),
		desired: Number(status['DesiredTasks'] ?? spec['Mode']?.['Replicated']?.['Replicas'] ?? 0),
		image,
		ports,
		updateState: update?.['State'] ? text(update['State']) : undefined,
		updateMessage: update?.['Message'] ? text(update['Message']) : undefined,
	};
}

export async function listServices(engine: Engine, signal?: AbortSignal): Promise<SwarmService[]> {
	// status=true (API 1.41) makes the engine count running and desired tasks for us.
	const raw = await engine.oneShot('list services', s => engine.docker.listServices({status: true, abortSignal: s} as object), signal);
	return (raw as Raw[]).map(toSwarmService).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listTasks(engine: Engine, serviceId: string, signal?: AbortSignal): Promise<SwarmTask[]> {
	const raw = await engine.oneShot('list tasks', s => engine.docker.listTasks({filters: {service: [serviceId]}, abortSignal: s} as object), signal);
	return (raw as Raw[])
		.map(task => {
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
			};
		})
		.sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || b.updatedAt.localeCompare(a.updatedAt));
}

export async function listNodes(engine: Engine, signal?: AbortSignal): Promise<SwarmNode[]> {
	const raw = await engine.oneShot('list nodes', s => engine.docker.listNodes({abortSignal: s} as object), signal);
	return (raw as Raw[]).map(node => ({
		id: text(node['ID']),
		hostname: text(node['Description']?.['Hostname']),
		role: text(node['Spec']?.['Role']),
		availability: text(node['Spec']?.['Availability']),
		status: text(node['Status']?.['State']),
		engineVersion: text(node['Description']?.['Engine']?.['EngineVersion']),
		isLeader: Boolean(node['ManagerStatus']?.['Leader']),
		version: Number(node['Version']?.['Index'] ?? 0),
	}));
}

/** Sets a replicated service's replica count. */
export async function scaleService(engine: Engine, serviceId: string, replicas: number): Promise<void> {
	engine.assertWritable('scaling a service');
	if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a whole number of 0 or more, not ${replicas}`);
	const service = engine.docker.getService(serviceId);
	const raw = (await engine.oneShot('inspect service', s => service.inspect({abortSignal: s} as object))) as Raw;
	const spec = raw['Spec'] as Raw;
	if (!spec?.['Mode']?.['Replicated']) throw new RangeError(`${text(spec?.['Name'])} is a ${modeOf(spec ?? {})} service: only replicated services scale`);
	const next = {...spec, Mode: {Replicated: {Replicas: replicas}}};
	// The version makes the engine refuse the change if someone else updated the service meanwhile.
	await engine.oneShot('scale service', s => service.update({...next, version: raw['Version']?.['Index'], abortSignal: s} as object));
}

/** Drains, pauses or activates a node. */
export async function setNodeAvailability(engine: Engine, nodeId: string, availability: NodeAvailability): Promise<void> {
	engine.assertWritable(`setting a node to ${availability}`);
	const node = engine.docker.getNode(nodeId);
	const raw = (await engine.oneShot('inspect node', s => node.inspect({abortSignal: s} as object))) as Raw;
	await engine.oneShot('update node', s => node.update({...(raw['Spec'] as Raw), Availability: availability, version: raw['Version']?.['Index'], abortSignal: s} as object));
}

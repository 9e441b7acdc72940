/**
 * Swarm objects as dockdash shows them (issue 7): services, tasks and nodes,
 * sanitized by the adapter (source/docker/swarm.ts) before anything sees them.
 */

export type SwarmRole = 'manager' | 'worker' | 'none';

export interface SwarmService {
	id: string;
	name: string;
	/** replicated, global, replicated-job or global-job. */
	mode: string;
	running: number;
	desired: number;
	/** The replica count in a replicated service's spec (what scaling changes). */
	replicas?: number;
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
	/** When the engine made the task: `docker service ps` lists a slot's tasks newest first by it. */
	createdAt: string;
	/** When the task entered its current state ("Failed 4 seconds ago"). */
	stateSince: string;
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

/** The Swarm pane's reading of the engine: its role, or the one line saying the engine has no Swarm at all. */
export interface SwarmStatus {
	role: SwarmRole;
	/** Set when the engine has no Swarm API (Podman): shown muted, not as an error. */
	unsupported?: string;
}


/** A swarm list; `notice` counts entries the engine sent that could not be shown whole (no ID, a repeated ID: issue 17). */
export type SwarmList<T> = T[] & {notice?: string};

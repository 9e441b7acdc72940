/**
 * The Swarm pane's actions as plain data (issue 7): the replica count a user
 * typed, the question asked before a node is drained or activated, and the
 * task/node context the engine puts in front of each service log line.
 */
import type {ConfirmRequest} from './confirmations.js';

/** The replica count typed in the scale prompt, or why it is not one. */
export function parseReplicas(value: string): {replicas: number} | {error: string} {
	const trimmed = value.trim();
	if (!/^\d+$/.test(trimmed)) return {error: `"${trimmed}" is not a number of replicas: type a whole number, 0 or more`};
	const replicas = Number(trimmed);
	// The engine keeps replicas as a uint64; beyond a safe integer JSON would round it.
	if (!Number.isSafeInteger(replicas)) return {error: `${trimmed} replicas is more than dockdash can send`};
	return {replicas};
}

/** A node as the dialog names it, captured when the key was pressed. */
export interface NodeTarget {
	id: string;
	hostname: string;
	role: string;
	availability: string;
	status: string;
}

export type NodeChange = 'drain' | 'active';

/** What the swarm looks like around the node, read when the key was pressed: the dialog tells what a drain does with it. */
export interface NodeSurroundings {
	/** The service of each task that should be running on the node now (desired state running). */
	taskServices: readonly string[];
	/** Other nodes that are active and ready, so could take the tasks. */
	otherReadyNodes: number;
	/** The service of each task that waits for a node (pending): activating may start them here. */
	waitingServices?: readonly string[];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "dd-api, dd-web and 3 more": a few names, then how many others. */
function someNames(names: readonly string[], shown = 4): string {
	if (names.length <= shown) return names.join(', ');
	return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/**
 * The confirmation for draining or activating one node; names it by hostname
 * and short ID, and for a drain says plainly that every task on it stops and
 * whether any other node can take them (issue 21).
 */
export function nodeChangeRequest(node: NodeTarget, change: NodeChange, around?: NodeSurroundings, engine?: string): ConfirmRequest {
	const verb = change === 'drain' ? 'drain' : 'activate';
	const notes: string[] = [];
	if (change === 'drain') {
		const tasks = around?.taskServices ?? [];
		const services = [...new Set(tasks)].sort();
		if (!around) notes.push(`every task on ${node.hostname} stops`);
		else if (tasks.length === 0) notes.push(`no task runs on ${node.hostname} now; while drained, none will be placed on it`);
		else notes.push(`every task on ${node.hostname} stops: ${plural(tasks.length, 'task')} of ${plural(services.length, 'service')} (${someNames(services)})`);
		if (around && around.otherReadyNodes === 0) {
			notes.push(
				tasks.length > 0
					? `no other node can take them (${node.hostname} is the only active node): they have nowhere to go, and those services are down until a node is active again`
					: `${node.hostname} is the only active node: every service's new tasks will wait, pending, until a node is active again`,
			);
		} else if (around) notes.push(`the swarm starts them again on the other ${plural(around.otherReadyNodes, 'active node')}`);
		else notes.push('they move to other nodes; with no other node they wait, pending');
		if (node.role === 'manager') notes.push('a drained manager still manages the swarm');
	} else {
		const waiting = around?.waitingServices ?? [];
		if (waiting.length > 0) {
			const services = [...new Set(waiting)].sort();
			notes.push(`${plural(waiting.length, 'pending task')} of ${plural(services.length, 'service')} (${someNames(services)}) wait for a node: they may start on ${node.hostname} at once`);
		}
		notes.push('new tasks may be placed on it again; running ones are not moved back');
	}
	return {
		title: `${verb === 'drain' ? 'Drain' : 'Activate'} node ${node.hostname} (${node.id.slice(0, 12)})?`,
		...(engine ? {engine} : {}),
		targets: [{label: node.hostname, id: node.id.slice(0, 12), detail: `${node.role} · now ${node.availability} · ${node.status}`}],
		notes,
		verb,
		isDangerous: true,
	};
}

/** A replicated service as the scale dialog names it, captured when the key was pressed. */
export interface ScaleTarget {
	id: string;
	name: string;
	/** The replica count the service's spec asked for then. */
	replicas: number;
	running: number;
}

/** Scaling up by this many tasks or more, to more than twice the count, asks too: a typo (30 for 3) starts them all at once. */
export const LARGE_SCALE_UP = 10;

/**
 * The confirmation for scaling a service, or undefined when none is needed:
 * scaling to 0, or down by more than half, stops tasks as surely as stopping
 * containers does, so it asks first, naming the service, the engine and
 * from → to (issue 21). So does a large jump up (see LARGE_SCALE_UP). Other
 * changes do not ask.
 */
export function scaleRequest(service: ScaleTarget, to: number, engine?: string): ConfirmRequest | undefined {
	const from = service.replicas;
	const isDown = (to === 0 && from > 0) || to < from / 2;
	const isLargeUp = to - from >= LARGE_SCALE_UP && to > from * 2;
	if (!isDown && !isLargeUp) return undefined;
	const change = Math.abs(from - to);
	return {
		title: `Scale ${service.name} (${service.id.slice(0, 12)}) from ${from} to ${to} ${to === 1 ? 'replica' : 'replicas'}?`,
		...(engine ? {engine} : {}),
		targets: [{label: service.name, id: service.id.slice(0, 12), detail: `replicated · ${service.running}/${from} running now`}],
		notes: [
			isLargeUp
				? `${plural(change, 'new task')} of ${service.name} start at once, ${to} in all: check the count (${from} now)`
				: to === 0
					? `every task of ${service.name} stops: the service stays defined but runs nothing until it is scaled up again`
					: `${plural(change, 'task')} of ${service.name} stop${change === 1 ? 's' : ''}; ${to} keep${to === 1 ? 's' : ''} running`,
		],
		verb: `scale to ${to}`,
		// Stopping tasks is dangerous; starting many is a question, not a danger.
		isDangerous: isDown,
	};
}

/** The engine's `details` field of a service log line: "key=value,…" (values query-escaped), then a space. */
export interface LogDetails {
	taskId?: string;
	nodeId?: string;
	/** Where the message starts in the line. */
	offset: number;
}

const DETAILS = /^((?:[\w.-]+=[^\s,]*)(?:,[\w.-]+=[^\s,]*)*) /;

/** Splits the details the engine writes before each service log line (`details=true`); offset 0 when there are none. */
export function parseLogDetails(text: string): LogDetails {
	const match = DETAILS.exec(text);
	if (!match) return {offset: 0};
	const details: LogDetails = {offset: match[0].length};
	for (const pair of match[1]!.split(',')) {
		const equals = pair.indexOf('=');
		const key = pair.slice(0, equals);
		let value = pair.slice(equals + 1);
		try {
			value = decodeURIComponent(value.replace(/\+/g, ' '));
		} catch {
			// Left as the engine wrote it.
		}
		if (key === 'com.docker.swarm.task.id') details.taskId = value;
		else if (key === 'com.docker.swarm.node.id') details.nodeId = value;
	}
	return details;
}

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

/** The confirmation for draining or activating one node; names it by hostname and short ID. */
export function nodeChangeRequest(node: NodeTarget, change: NodeChange): ConfirmRequest {
	const verb = change === 'drain' ? 'drain' : 'activate';
	const notes =
		change === 'drain'
			? ['its tasks stop here and move to other nodes; with no other node they wait', 'a drained manager still manages the swarm']
			: ['new tasks may be placed on it again; running ones are not moved back'];
	return {
		title: `${verb === 'drain' ? 'Drain' : 'Activate'} node ${node.hostname} (${node.id.slice(0, 12)})?`,
		targets: [{label: node.hostname, id: node.id.slice(0, 12), detail: `${node.role} · now ${node.availability} · ${node.status}`}],
		notes,
		verb,
		isDangerous: true,
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

/**
 * The Swarm pane's changes to the engine (issue 15: the pane binds keys, this
 * acts): scale a replicated service and drain or activate a node, each over the
 * SwarmPort, confirmed through the app's confirmations when it stops work, with
 * one line of outcome. The target is captured by the caller at the key press;
 * `onChanged` runs after the engine accepted a change, so the pane reads it again.
 */
import {UserFacingError} from '../model/ports.js';
import {type NodeChange, type NodeSurroundings, nodeChangeRequest, parseReplicas, type ScaleTarget, scaleRequest} from '../model/swarm-actions.js';
import type {SwarmNode, SwarmService} from '../model/swarm-types.js';
import {useServices} from '../ui/app-context.js';
import {engineLabel} from '../ui/engine-label.js';

export interface SwarmActions {
	/** Scale the service captured at the key press to the count typed. */
	scale: (service: ScaleTarget, value: string) => Promise<void>;
	/** Drain or activate `node`; `nodes` and `services` are the swarm as shown, to name what stops or may start. */
	changeNode: (node: SwarmNode, change: NodeChange, nodes: readonly SwarmNode[], services: readonly SwarmService[]) => Promise<void>;
}

export function useSwarmActions(onChanged: () => void): SwarmActions {
	const services = useServices();
	const {ports, notify, confirmations} = services;

	const scale = async (service: ScaleTarget, value: string) => {
		const parsed = parseReplicas(value);
		if ('error' in parsed) return notify(parsed.error, 'error');
		const to = parsed.replicas;
		if (to === service.replicas) return notify(`${service.name} already asks for ${to} ${to === 1 ? 'replica' : 'replicas'}: nothing changed`, 'info');
		const request = scaleRequest(service, to, engineLabel(services));
		if (request && !(await confirmations.ask(request))) return notify(`scaling ${service.name} cancelled: it still asks for ${service.replicas}`, 'info');
		notify(`scaling ${service.name} from ${service.replicas} to ${to}…`, 'progress');
		try {
			await ports.swarm.scale(service.id, to, service.replicas);
			notify(`scaled ${service.name} to ${to} replicas`, 'success');
			onChanged();
		} catch (error) {
			notify(error instanceof UserFacingError ? error.message : `could not scale ${service.name}: ${ports.describeError(error)}`, 'error');
		}
	};

	const changeNode = async (node: SwarmNode, change: NodeChange, nodes: readonly SwarmNode[], known: readonly SwarmService[]) => {
		// Captured now: the dialog and the request name this node, whatever the list shows by the answer.
		const target = {id: node.id, hostname: node.hostname, role: node.role, availability: node.availability, status: node.status};
		if (target.availability === change) return notify(`node ${target.hostname} is already ${change}`, 'info');
		const names = new Map(known.map(service => [service.id, service.name]));
		const nameOf = (serviceId: string) => names.get(serviceId) ?? serviceId.slice(0, 12);
		// What a drain stops (or an activation may start), read now; if the engine cannot say, the dialog still says every task stops.
		let around: NodeSurroundings | undefined;
		if (change === 'drain') {
			try {
				const tasks = await ports.swarm.nodeTasks(target.id);
				around = {
					taskServices: tasks.map(task => nameOf(task.serviceId)),
					otherReadyNodes: nodes.filter(other => other.id !== target.id && other.availability === 'active' && other.status === 'ready').length,
				};
			} catch (error) {
				notify(`could not list the tasks on ${target.hostname}: ${ports.describeError(error)}`, 'error');
			}
		} else {
			// What activating may start at once: the tasks that wait for a node. Not knowing it leaves the note out.
			const waiting = await ports.swarm.waitingTasks().catch(() => []);
			around = {taskServices: [], otherReadyNodes: 0, waitingServices: waiting.map(task => nameOf(task.serviceId))};
		}
		const request = nodeChangeRequest(target, change, around, engineLabel(services));
		if (!(await confirmations.ask(request))) return notify(`${request.verb} cancelled`, 'info');
		notify(`${change === 'drain' ? 'draining' : 'activating'} node ${target.hostname}…`, 'progress');
		try {
			await ports.swarm.setAvailability(target.id, change);
			notify(`node ${target.hostname} (${target.id.slice(0, 12)}) is now ${change}`, 'success');
			onChanged();
		} catch (error) {
			notify(`could not ${request.verb} node ${target.hostname}: ${ports.describeError(error)}`, 'error');
		}
	};

	return {scale, changeNode};
}

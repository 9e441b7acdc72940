/**
 * Which container actions the engine accepts in which state, as a pure table.
 * Checked against Docker 20.10 (API 1.41) by test/docker/container-actions.test.ts:
 * a paused container can be stopped, killed and restarted (the engine thaws it
 * first); restarting a created or exited one starts it; removing a paused or
 * running one needs force; `unpause`, `pause` and `kill` on a stopped one fail
 * with 409; a dead container can only be removed (the daemon refuses to start
 * a container marked dead or being removed). The restarting state is too
 * short-lived to test reliably: by hand with the docker CLI, kill and restart
 * worked on it and rm needed force. A state the engine named that dockdash does
 * not know (`unknown`, issue 17) does not judge for the engine: every action is
 * offered and asks as it always does, the engine refuses what does not apply,
 * and a remove is sent without force, so nothing is killed on a guess.
 */
import type {ContainerState} from './types.js';

export type ContainerAction = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove';

export const CONTAINER_ACTIONS: readonly ContainerAction[] = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'remove'];

const ALLOWED: Record<ContainerState, readonly ContainerAction[]> = {
	created: ['start', 'restart', 'remove'],
	running: ['stop', 'restart', 'kill', 'pause', 'remove'],
	paused: ['unpause', 'stop', 'restart', 'kill', 'remove'],
	restarting: ['stop', 'restart', 'kill', 'remove'],
	exited: ['start', 'restart', 'remove'],
	dead: ['remove'],
	removing: [],
	unknown: CONTAINER_ACTIONS,
};

/** What each action needs, said the way the status line says it. */
const NEEDS: Record<ContainerAction, string> = {
	start: 'a created or exited container',
	stop: 'a running, paused or restarting container',
	restart: 'a container that is not dead or being removed',
	kill: 'a running, paused or restarting container',
	pause: 'a running container',
	unpause: 'a paused container',
	remove: 'any container not already being removed',
};

/** The actions the engine accepts for a container in this state. */
export function allowedActions(state: ContainerState): readonly ContainerAction[] {
	return ALLOWED[state];
}

export function isActionAllowed(action: ContainerAction, state: ContainerState): boolean {
	return ALLOWED[state].includes(action);
}

/** Removing a container in these states only works with force, which kills it first. */
export function removeNeedsForce(state: ContainerState): boolean {
	return state === 'running' || state === 'paused' || state === 'restarting';
}

/**
 * The targets a confirmed action is sent for: exactly the confirmed containers, by ID. For a remove, force only for
 * those shown running, paused or restarting: one stopped at the preview and started since is refused, not killed.
 */
export function confirmedTargets(confirmed: ReadonlyArray<{id: string; state: ContainerState}>): Array<{id: string; force: boolean}> {
	return confirmed.map(target => ({id: target.id, force: removeNeedsForce(target.state)}));
}

export interface ActionPlan<T> {
	/** The targets the action will run on. */
	eligible: T[];
	/** The targets left out, each with its state. */
	skipped: T[];
}

/** Splits targets into those the action applies to and those it does not. */
export function planAction<T extends {state: ContainerState}>(action: ContainerAction, targets: readonly T[]): ActionPlan<T> {
	const eligible: T[] = [];
	const skipped: T[] = [];
	for (const target of targets) (isActionAllowed(action, target.state) ? eligible : skipped).push(target);
	return {eligible, skipped};
}

/** One line explaining why nothing (or not everything) was acted on. */
export function whyNot<T extends {state: ContainerState; name: string}>(action: ContainerAction, skipped: readonly T[]): string {
	if (skipped.length === 0) return '';
	if (skipped.length === 1) return `${skipped[0]!.name} is ${skipped[0]!.state}: ${action} needs ${NEEDS[action]}`;
	const states = [...new Set(skipped.map(target => target.state))].join('/');
	return `${skipped.length} containers are ${states}: ${action} needs ${NEEDS[action]}`;
}

/** One container an action is sent to. */
export interface ActionTarget {
	id: string;
	/** remove only: the container was running when the user chose it, so kill it first. */
	force?: boolean;
}

/** What the engine answered for one container of an action. */
export interface ActionResult {
	id: string;
	isOk: boolean;
	/** Set when the engine had nothing to do (already started or stopped). */
	note?: string;
	/** One sanitized line, set when the action failed. */
	error?: string;
}

/** Status-line and dialog texts for container actions; pure, unit-tested in test/ui/action-messages.test.ts. */
import type {ActionResult} from '../../model/action-rules.js';
import type {ContainerAction} from '../../model/action-rules.js';
import {shortId} from './units.js';

/** The past tense, for results. */
const DONE: Record<ContainerAction, string> = {
	start: 'started',
	stop: 'stopped',
	restart: 'restarted',
	kill: 'killed',
	pause: 'paused',
	unpause: 'unpaused',
	remove: 'removed',
};

/** The -ing form, for progress. */
const DOING: Record<ContainerAction, string> = {
	start: 'starting',
	stop: 'stopping',
	restart: 'restarting',
	kill: 'killing',
	pause: 'pausing',
	unpause: 'unpausing',
	remove: 'removing',
};

export interface NamedTarget {
	id: string;
	name: string;
}

/** "web (0123456789ab)" for one container, "3 containers" for more. */
export function describeTargets(targets: readonly NamedTarget[]): string {
	if (targets.length === 1) return `${targets[0]!.name} (${shortId(targets[0]!.id)})`;
	return `${targets.length} containers`;
}

export function progressText(action: ContainerAction, targets: readonly NamedTarget[]): string {
	return `${DOING[action]} ${describeTargets(targets)}…`;
}

/** The dialog's title: "Stop web (0123456789ab)?" or "Remove 3 containers?". */
export function confirmTitle(action: ContainerAction, targets: readonly NamedTarget[], withVolumes = false): string {
	const verb = action[0]!.toUpperCase() + action.slice(1);
	return `${verb} ${describeTargets(targets)}${withVolumes ? ' and their anonymous volumes' : ''}?`;
}

/**
 * One line for the outcome: what worked, then the first failure with the
 * engine's own words, then how many were skipped for their state.
 */
export function resultText(action: ContainerAction, targets: readonly NamedTarget[], results: readonly ActionResult[], skippedWhy = ''): string {
	const nameOf = new Map(targets.map(target => [target.id, target.name]));
	const ok = results.filter(result => result.isOk);
	const failed = results.filter(result => !result.isOk);
	const parts: string[] = [];
	if (failed.length === 0) {
		const note = ok.length === 1 && ok[0]!.note ? ` (${ok[0]!.note})` : '';
		parts.push(`${DONE[action]} ${describeTargets(targets.filter(target => ok.some(result => result.id === target.id)))}${note}`);
	} else {
		if (ok.length > 0) parts.push(`${DONE[action]} ${ok.length} of ${results.length}`);
		const first = failed[0]!;
		const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed)` : '';
		parts.push(`${action} failed for ${nameOf.get(first.id) ?? shortId(first.id)}: ${first.error ?? 'unknown error'}${more}`);
	}
	if (skippedWhy) parts.push(`skipped: ${skippedWhy}`);
	return parts.join(' · ');
}

/**
 * Marks and actions for the containers pane. An action applies to every marked
 * container (else the selected one). The targets are captured, with the state
 * the user saw, when the key is pressed: the dialog names exactly those, and
 * the engine is asked about exactly those IDs, whatever the list looks like
 * by the time the user answers.
 */
import {useCallback, useMemo, useRef, useState} from 'react';
import type {ContainerSummary} from '../model/types.js';
import {COMMANDS} from '../keymap/keymap.js';
import {type ContainerAction, planAction, removeNeedsForce, confirmedTargets, whyNot} from '../model/action-rules.js';
import {type AppServices, useServices} from '../ui/app-context.js';
import {engineLabel} from '../ui/engine-label.js';
import {confirmTitle, progressText, resultText} from '../ui/format/action-messages.js';
import {shortId} from '../ui/format/units.js';
import {plural} from '../model/plural.js';
import type {CommandHandlers} from './use-commands.js';

export interface ContainerActions {
	/** Marked IDs that still exist. */
	marked: ReadonlySet<string>;
	/** Handlers for the containers scope's mark and action commands. */
	handlers: CommandHandlers;
}

const COMMAND_OF: Record<ContainerAction, string> = {
	start: 'containers.start',
	stop: 'containers.stop',
	restart: 'containers.restart',
	kill: 'containers.kill',
	pause: 'containers.pause',
	unpause: 'containers.unpause',
	remove: 'containers.remove',
};

function isDangerous(commandId: string): boolean {
	return Boolean(COMMANDS.find(command => command.id === commandId)?.isDangerous);
}

/**
 * Plans, confirms (when the command is dangerous), runs and reports one action
 * on containers captured at the key press. Also used by the Compose pane for a
 * whole project or service. Resolves with what ran, or undefined when nothing did.
 */
export async function runContainerAction(
	services: AppServices,
	action: ContainerAction,
	chosen: readonly ContainerSummary[],
	removeVolumes = false,
	/** What was marked but is left out (hidden by the filter): said in the dialog and in the result. */
	leftOut = '',
): Promise<{ids: string[]; failed: Set<string>} | undefined> {
	const plan = planAction(action, chosen.map(({id, name, state}) => ({id, name, state})));
	const why = whyNot(action, plan.skipped);
	const withLeftOut = (text: string) => (leftOut ? `${text} · ${leftOut}` : text);
	if (plan.eligible.length === 0) {
		services.notify(withLeftOut(why), 'error');
		return undefined;
	}
	const commandId = removeVolumes ? 'containers.removeWithVolumes' : COMMAND_OF[action];
	if (isDangerous(commandId)) {
		const notes: string[] = [];
		if (action === 'remove' && plan.eligible.some(target => removeNeedsForce(target.state))) notes.push('running containers are killed first (force)');
		if (action === 'remove') notes.push(removeVolumes ? 'their anonymous volumes are removed too; named volumes stay' : 'anonymous volumes are kept (D removes them too)');
		if (action === 'stop' || action === 'restart') notes.push('processes get SIGTERM, then SIGKILL after the stop timeout');
		if (why) notes.push(`not included: ${why}`);
		if (leftOut) notes.push(leftOut);
		const isYes = await services.confirmations.ask({
			title: confirmTitle(action, plan.eligible, removeVolumes),
			targets: plan.eligible.map(target => ({label: target.name, id: shortId(target.id), detail: target.state})),
			notes,
			verb: action,
			isDangerous: true,
			// With several engines, the one these containers are on (the Engines pane scopes services to the row's engine).
			...(services.engines ? {engine: engineLabel(services)} : {}),
		});
		if (!isYes) {
			services.notify(`${action} cancelled`, 'info');
			return undefined;
		}
	}
	const ids = plan.eligible.map(target => target.id);
	services.notify(progressText(action, plan.eligible), 'progress');
	const results = await services.ports.containers.apply(
		action,
		confirmedTargets(plan.eligible),
		{removeVolumes},
	);
	const failed = new Set(results.filter(result => !result.isOk).map(result => result.id));
	services.notify(withLeftOut(resultText(action, plan.eligible, results, why)), failed.size > 0 ? 'error' : 'success');
	services.sync.touch(ids);
	return {ids, failed};
}

/**
 * @param all every container in the store
 * @param shown the rows on screen, in order (after filter and sort)
 * @param currentId the row under the cursor, read at the key press (see ListState.currentKey)
 * @param moveDown called after Space, so marking runs down the list
 */
export function useContainerActions(all: readonly ContainerSummary[], shown: readonly ContainerSummary[], currentId: () => string | undefined, moveDown: () => void): ContainerActions {
	const services = useServices();
	const [rawMarks, setRawMarks] = useState<ReadonlySet<string>>(new Set());
	// Keys of one chunk ("  " or "**") run before React renders again: they must see each other's marks.
	const marksRef = useRef<ReadonlySet<string>>(rawMarks);
	const setMarks = useCallback((next: ReadonlySet<string>) => {
		marksRef.current = next;
		setRawMarks(next);
	}, []);
	// Marks of containers that vanished drop out, so an action never names a ghost.
	const marked = useMemo(() => {
		const ids = new Set(all.map(container => container.id));
		return new Set([...rawMarks].filter(id => ids.has(id)));
	}, [all, rawMarks]);
	const latest = useRef({all, shown, currentId});
	latest.current = {all, shown, currentId};

	const run = useCallback(
		async (action: ContainerAction, removeVolumes = false) => {
			const {all: now, shown: rows, currentId: current} = latest.current;
			const marks = marksRef.current;
			const selected = current();
			// Marks act on what the user sees: a marked row the filter hides is left out, and the dialog and the
			// result say how many (issue 20: marked rows out of sight were removed with the ones on screen).
			const onScreen = new Set(rows.map(row => row.id));
			const markedNow = now.filter(container => marks.has(container.id));
			const hidden = markedNow.filter(container => !onScreen.has(container.id)).length;
			const leftOut = hidden > 0 ? `${plural(hidden, 'marked container')} hidden by the filter ${hidden === 1 ? 'is' : 'are'} not included` : '';
			// Captured now, with the state the user saw: nothing below reads the live list again.
			const chosen = markedNow.length > 0 ? markedNow.filter(container => onScreen.has(container.id)) : now.filter(container => container.id === selected);
			if (chosen.length === 0) {
				services.notify(hidden > 0 ? `nothing to ${action}: ${leftOut} (Esc clears the filter)` : `nothing to ${action}: no container selected`, 'info');
				return;
			}
			const outcome = await runContainerAction(services, action, chosen, removeVolumes, leftOut);
			if (!outcome) return;
			const {ids, failed} = outcome;
			// Failed ones stay marked, so a retry needs one key.
			setMarks(new Set([...marksRef.current].filter(id => !ids.includes(id) || failed.has(id))));
		},
		[services, setMarks],
	);

	const handlers = useMemo<CommandHandlers>(
		() => ({
			'containers.mark': () => {
				const id = latest.current.currentId();
				if (!id) return;
				const next = new Set(marksRef.current);
				if (next.has(id)) next.delete(id);
				else next.add(id);
				setMarks(next);
				moveDown();
			},
			'containers.markAll': () => {
				// One key both ways: with marks it clears them (the quick way out), without it marks what is shown.
				const {all: now, shown: rows} = latest.current;
				const live = [...marksRef.current].filter(id => now.some(container => container.id === id));
				setMarks(live.length > 0 ? new Set() : new Set(rows.map(row => row.id)));
			},
			'containers.start': () => void run('start'),
			'containers.stop': () => void run('stop'),
			'containers.restart': () => void run('restart'),
			'containers.kill': () => void run('kill'),
			'containers.pause': () => void run('pause'),
			'containers.unpause': () => void run('unpause'),
			'containers.remove': () => void run('remove'),
			'containers.removeWithVolumes': () => void run('remove', true),
		}),
		[run, moveDown, setMarks],
	);

	return {marked, handlers};
}

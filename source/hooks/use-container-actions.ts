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
import {downEngines, engineDownRefusal} from '../model/multi-engine.js';
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

/** The dialog's lines under the targets: what else the action does, and what it leaves out. */
function actionNotes(action: ContainerAction, eligible: ReadonlyArray<{state: ContainerSummary['state']}>, removeVolumes: boolean, why: string, leftOut: string): string[] {
	const notes: string[] = [];
	if (action === 'remove' && eligible.some(target => removeNeedsForce(target.state))) notes.push('running containers are killed first (force)');
	// Issue 17: dockdash does not guess for the engine, and never kills on a guess.
	if (eligible.some(target => target.state === 'unknown')) notes.push(`state unknown: sent as asked, the engine refuses what its real state does not allow${action === 'remove' ? ' (no force: a running one is not killed)' : ''}`);
	if (action === 'remove') notes.push(removeVolumes ? 'their anonymous volumes are removed too; named volumes stay' : 'anonymous volumes are kept (D removes them too)');
	if (action === 'stop' || action === 'restart') notes.push('processes get SIGTERM, then SIGKILL after the stop timeout');
	if (why) notes.push(`not included: ${why}`);
	if (leftOut) notes.push(leftOut);
	return notes;
}

/** Whether any of these engines does not answer now; if so, says so in one line (issue 14), and nothing is to be sent. */
export function isAnyDown(services: Pick<AppServices, 'engines' | 'notify'>, engines: readonly string[], action: string): boolean {
	if (!services.engines) return false;
	const down = downEngines(services.engines.health.get());
	const refused = engines.filter(engine => down.has(engine));
	if (refused.length > 0) services.notify(engineDownRefusal(action, refused), 'error');
	return refused.length > 0;
}

/** The containers of one engine an action takes, with the app's services scoped to that engine. */
export interface EngineGroup {
	engine: string;
	services: AppServices;
	chosen: readonly ContainerSummary[];
}

/**
 * One action on containers of several engines (issue 14: marks crossing engines): one confirmation that names how
 * many on each engine, then each engine's share sent to that engine, at once. One engine's share goes through
 * {@link runContainerAction} as before. Resolves with what ran per engine, or undefined when nothing did.
 */
export async function runContainerActionOnEngines(
	services: AppServices,
	action: ContainerAction,
	groups: readonly EngineGroup[],
	removeVolumes = false,
	leftOut = '',
): Promise<Map<string, {ids: string[]; failed: Set<string>}> | undefined> {
	if (groups.length === 1) {
		const outcome = await runContainerAction(groups[0]!.services, action, groups[0]!.chosen, removeVolumes, leftOut);
		return outcome && new Map([[groups[0]!.engine, outcome]]);
	}
	const plans = groups.map(group => ({group, plan: planAction(action, group.chosen.map(({id, name, state}) => ({id, name, state})))}));
	const eligible = plans.flatMap(({plan}) => plan.eligible);
	const why = whyNot(action, plans.flatMap(({plan}) => plan.skipped));
	const withLeftOut = (text: string) => (leftOut ? `${text} · ${leftOut}` : text);
	if (eligible.length === 0) {
		services.notify(withLeftOut(why), 'error');
		return undefined;
	}
	const acting = plans.filter(({plan}) => plan.eligible.length > 0);
	const perEngine = acting.map(({group, plan}) => `${group.engine} (${plan.eligible.length})`).join(' and ');
	const commandId = removeVolumes ? 'containers.removeWithVolumes' : COMMAND_OF[action];
	if (isDangerous(commandId)) {
		const isYes = await services.confirmations.ask({
			title: confirmTitle(action, eligible, removeVolumes),
			targets: acting.flatMap(({group, plan}) => plan.eligible.map(target => ({label: target.name, id: shortId(target.id), detail: `${target.state} · on ${group.engine}`}))),
			notes: actionNotes(action, eligible, removeVolumes, why, leftOut),
			verb: action,
			isDangerous: true,
			engine: perEngine,
		});
		if (!isYes) {
			services.notify(`${action} cancelled`, 'info');
			return undefined;
		}
	}
	// An engine that stopped answering while the dialog was open gets nothing either.
	if (isAnyDown(services, acting.map(({group}) => group.engine), action)) return undefined;
	services.notify(`${progressText(action, eligible)} on ${perEngine}`, 'progress');
	const outcomes = await Promise.all(
		acting.map(async ({group, plan}) => {
			const results = await group.services.ports.containers.apply(
				action,
				plan.eligible.map(target => ({id: target.id, force: removeNeedsForce(target.state)})),
				{removeVolumes},
			);
			const ids = plan.eligible.map(target => target.id);
			group.services.sync.touch(ids);
			return {engine: group.engine, ids, results};
		}),
	);
	const results = outcomes.flatMap(outcome => outcome.results);
	const isFailed = results.some(result => !result.isOk);
	services.notify(withLeftOut(`${resultText(action, eligible, results, why)} on ${perEngine}`), isFailed ? 'error' : 'success');
	return new Map(outcomes.map(({engine, ids, results: own}) => [engine, {ids, failed: new Set(own.filter(result => !result.isOk).map(result => result.id))}]));
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
	// With several engines, one that does not answer gets nothing (issue 14): refused before any dialog or request.
	const member = services.engines?.members.find(candidate => candidate.engine === services.ports);
	const isDown = () => member !== undefined && isAnyDown(services, [member.name], action);
	if (isDown()) return undefined;
	const plan = planAction(action, chosen.map(({id, name, state}) => ({id, name, state})));
	const why = whyNot(action, plan.skipped);
	const withLeftOut = (text: string) => (leftOut ? `${text} · ${leftOut}` : text);
	if (plan.eligible.length === 0) {
		services.notify(withLeftOut(why), 'error');
		return undefined;
	}
	const commandId = removeVolumes ? 'containers.removeWithVolumes' : COMMAND_OF[action];
	if (isDangerous(commandId)) {
		const isYes = await services.confirmations.ask({
			title: confirmTitle(action, plan.eligible, removeVolumes),
			targets: plan.eligible.map(target => ({label: target.name, id: shortId(target.id), detail: target.state})),
			notes: actionNotes(action, plan.eligible, removeVolumes, why, leftOut),
			verb: action,
			isDangerous: true,
			// With several engines, the one these containers are on (the Engines pane scopes services to the row's engine).
			...(services.engines ? {engine: engineLabel(services)} : {}),
		});
		if (!isYes) {
			services.notify(`${action} cancelled`, 'info');
			return undefined;
		}
		// ...and one that stopped answering while the dialog was open.
		if (isDown()) return undefined;
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
	const act = useCallback(
		async (action: ContainerAction, chosen: readonly ContainerSummary[], removeVolumes: boolean, leftOut: string) => {
			const outcome = await runContainerAction(services, action, chosen, removeVolumes, leftOut);
			return outcome && new Set(outcome.ids.filter(id => !outcome.failed.has(id)));
		},
		[services],
	);
	return useMarkedActions(all, shown, currentId, containerId, moveDown, act);
}

const containerId = (container: ContainerSummary) => container.id;

/**
 * Marks (by `keyOf`) and the action keys over a list of containers: what an action takes is captured at the key
 * press (the marked rows the filter shows, else the selected one) and handed to `act`, which resolves with the keys
 * acted on (their marks drop; failed ones stay marked, so a retry needs one key) or undefined when nothing ran.
 */
export function useMarkedActions<R extends ContainerSummary>(
	all: readonly R[],
	shown: readonly R[],
	currentKey: () => string | undefined,
	keyOf: (row: R) => string,
	moveDown: () => void,
	act: (action: ContainerAction, chosen: readonly R[], removeVolumes: boolean, leftOut: string) => Promise<ReadonlySet<string> | undefined>,
): ContainerActions {
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
		const keys = new Set(all.map(keyOf));
		return new Set([...rawMarks].filter(key => keys.has(key)));
	}, [all, rawMarks, keyOf]);
	const latest = useRef({all, shown, currentKey, keyOf, act});
	latest.current = {all, shown, currentKey, keyOf, act};

	const run = useCallback(
		async (action: ContainerAction, removeVolumes = false) => {
			const {all: now, shown: rows, currentKey: current, keyOf: key, act: send} = latest.current;
			const marks = marksRef.current;
			const selected = current();
			// Marks act on what the user sees: a marked row the filter hides is left out, and the dialog and the
			// result say how many (issue 20: marked rows out of sight were removed with the ones on screen).
			const onScreen = new Set(rows.map(key));
			const markedNow = now.filter(row => marks.has(key(row)));
			const hidden = markedNow.filter(row => !onScreen.has(key(row))).length;
			const leftOut = hidden > 0 ? `${plural(hidden, 'marked container')} hidden by the filter ${hidden === 1 ? 'is' : 'are'} not included` : '';
			// Captured now, with the state the user saw: nothing below reads the live list again.
			const chosen = markedNow.length > 0 ? markedNow.filter(row => onScreen.has(key(row))) : now.filter(row => key(row) === selected);
			if (chosen.length === 0) {
				services.notify(hidden > 0 ? `nothing to ${action}: ${leftOut} (Esc clears the filter)` : `nothing to ${action}: no container selected`, 'info');
				return;
			}
			const done = await send(action, chosen, removeVolumes, leftOut);
			if (done) setMarks(new Set([...marksRef.current].filter(marked => !done.has(marked))));
		},
		[services, setMarks],
	);

	const handlers = useMemo<CommandHandlers>(
		() => ({
			'containers.mark': () => {
				const key = latest.current.currentKey();
				if (!key) return;
				const next = new Set(marksRef.current);
				if (next.has(key)) next.delete(key);
				else next.add(key);
				setMarks(next);
				moveDown();
			},
			'containers.markAll': () => {
				// One key both ways: with marks it clears them (the quick way out), without it marks what is shown.
				const {all: now, shown: rows, keyOf: key} = latest.current;
				const keys = new Set(now.map(key));
				const live = [...marksRef.current].filter(marked => keys.has(marked));
				setMarks(live.length > 0 ? new Set() : new Set(rows.map(key)));
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

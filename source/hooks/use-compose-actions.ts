/**
 * The Compose pane's stacks and actions (issues 7, 14): every engine's stack rows, and an action on the row under the
 * cursor run by the real `docker compose` of the row's engine, destructive ones asked first naming what they remove
 * (a `down --volumes` lists the volumes as the engine has them now). The pane renders and binds keys.
 */
import {useEffect, useMemo, useRef, useState} from 'react';
import type {ContainerAction} from '../model/action-rules.js';
import {COMPOSE_ACTION_WORDS, type ComposeAction, downVolumesNotes, type ListedVolume, type StackInfo, type StackRow, stackRows} from '../model/compose.js';
import type {ContainerStore} from '../model/container-store.js';
import {type EngineMember, onEngineKey} from '../model/multi-engine.js';
import {Observable} from '../model/observable.js';
import {plural} from '../model/plural.js';
import type {EnginePorts} from '../model/ports.js';
import type {StackStore} from '../model/stack-store.js';
import {type AppServices, useServices} from '../ui/app-context.js';
import {shortId} from '../ui/format/units.js';
import {runContainerAction} from './use-container-actions.js';

const NO_STACKS = new Observable<ReadonlyMap<string, StackInfo>>(new Map());

// What the engine does for a project whose containers compose does not know (only the project label).
const DIRECT: Partial<Record<ComposeAction, readonly [ContainerAction, boolean]>> = {
	start: ['start', false],
	stop: ['stop', false],
	restart: ['restart', false],
	down: ['remove', false],
	downVolumes: ['remove', true],
};

/** One engine's stacks: its containers and its StackStore; `member` with several engines (issue 14). */
export interface EngineStacks {
	member?: EngineMember<EnginePorts>;
	containers: ContainerStore;
	compose?: StackStore;
}

/**
 * Every engine's stack rows (one engine: the app's own), each row with its engine and its key after the engine's name,
 * so a project of one name on two engines is two projects. Projects seen in an engine's labels join its StackStore.
 */
export function useEngineStacks(collapsed: ReadonlySet<string>): {rows: readonly StackRow[]; parts: readonly EngineStacks[]} {
	const services = useServices();
	const {engines} = services;
	const parts = useMemo<readonly EngineStacks[]>(
		() => (engines ? engines.members.map(member => ({member, containers: member.store, compose: member.compose})) : [{containers: services.containers, compose: services.compose}]),
		[engines, services.containers, services.compose],
	);
	const [, setVersion] = useState(0);
	useEffect(() => {
		const bump = () => setVersion(version => version + 1);
		const note = (part: EngineStacks) => () => {
			part.compose?.noteContainers(part.containers.get());
			bump();
		};
		const stops = parts.flatMap(part => [part.containers.subscribe(note(part)), ...(part.compose ? [part.compose.subscribe(bump)] : [])]);
		for (const part of parts) part.compose?.noteContainers(part.containers.get());
		return () => {
			for (const stop of stops) stop();
		};
	}, [parts]);
	const states = [collapsed, ...parts.flatMap(part => [part.containers.get(), part.compose?.get()])];
	const last = useRef<{states: readonly unknown[]; rows: readonly StackRow[]}>(undefined);
	if (!last.current || last.current.states.length !== states.length || last.current.states.some((state, index) => state !== states[index])) {
		const rows = parts.flatMap(({member, containers, compose}) => {
			const engine = member?.name;
			const stacks = compose?.get() ?? NO_STACKS.get();
			const own = new Set([...collapsed].flatMap(key => (engine === undefined ? [key] : key.startsWith(onEngineKey(engine, '')) ? [key.slice(engine.length + 1)] : [])));
			const made = stackRows(containers.get(), stacks, own);
			return engine === undefined ? made : made.map(row => ({...row, engine, key: onEngineKey(engine, row.key)}));
		});
		last.current = {states, rows};
	}
	return {rows: last.current.rows, parts};
}

/** The engine's stacks a row is on (the app's own with one engine). */
export function stacksOn(parts: readonly EngineStacks[], engine: string | undefined): EngineStacks {
	return parts.find(part => part.member?.name === engine) ?? parts[0]!;
}

/** The engine's volumes now, undefined when it does not list them (the dialog says so). */
async function listedVolumes(services: AppServices): Promise<readonly ListedVolume[] | undefined> {
	try {
		return (await services.ports.objects.list()).volumes;
	} catch {
		return undefined;
	}
}

/** Runs a compose action on the row under the cursor as of the key press; `onStarted` once its command runs. */
export function useComposeActions(parts: readonly EngineStacks[], current: () => StackRow | undefined, onStarted: () => void): (action: ComposeAction, verb: string | undefined) => Promise<void> {
	const services = useServices();
	// The app's services as the row's engine's (its ports, store, confirmations naming it).
	const scopedServices = (engine: string | undefined): AppServices => {
		const member = stacksOn(parts, engine).member;
		return member ? {...services, ports: member.engine, containers: member.store, sync: member.sync} : services;
	};
	return async (action: ComposeAction, verb: string | undefined) => {
		const row = current();
		const words = COMPOSE_ACTION_WORDS[action].join(' ');
		if (!row) return services.notify(`nothing to ${words}: no project selected`, 'info');
		// The row's engine: its compose CLI, its ports, and the confirmation naming it (issue 14).
		const store = stacksOn(parts, row.engine).compose;
		const on = scopedServices(row.engine);
		if (!store) return services.notify('compose stacks are not available here', 'error');
		const service = row.kind === 'service' ? row.service : undefined;
		const what = service ? `${service} of ${row.project}` : row.project;
		const stack = store.get().get(row.project);
		// Containers that only carry the project label (not made by compose, which marks its own with
		// com.docker.compose.oneoff) are invisible to `docker compose`: it would do nothing and exit 0.
		// The engine acts on them directly instead, as before issue 14.
		const isComposeMade = row.containers.some(container => container.labels['com.docker.compose.oneoff'] !== undefined);
		// A "(no service)" row holds containers without a service label (a broken or hostile engine, issue 17): compose
		// given no service acts on every service of the project, more than the row shows. The engine acts on its own.
		const isUnnamedService = row.kind === 'service' && !row.service;
		if (isUnnamedService || (!stack?.definition && row.containers.length > 0 && !isComposeMade)) {
			const direct = DIRECT[action];
			if (!direct && isUnnamedService) return services.notify(`${words} needs a compose service: the containers of this row have no com.docker.compose.service label`, 'error');
			if (!direct) return services.notify(`${words} needs ${row.project}'s compose file, and its containers were not made by docker compose`, 'error');
			void runContainerAction(on, direct[0], row.containers, direct[1]);
			return;
		}
		if (row.containers.length === 0 && (action === 'start' || action === 'stop' || action === 'restart')) {
			return services.notify(`${what} has no containers: nothing to ${action} (u brings it up)`, 'info');
		}
		if (verb) {
			// With the file: its volumes, or on a service's row those that service mounts (compose removes no other).
			const declared = stack?.definition ? (service ? (row.definition?.volumes ?? []) : stack.definition.volumes) : undefined;
			const volumes = action === 'downVolumes' ? downVolumesNotes(await listedVolumes(on), row.project, declared, service) : [];
			const notes = [
				`runs: ${store.port.command.join(' ')} ${words}${service ? ` ${service}` : ''} (project ${row.project})`,
				...(action === 'down' ? ['removes the containers and the stack’s networks; volumes stay'] : []),
				...volumes,
			];
			const isYes = await services.confirmations.ask({
				title: `${verb === 'down' ? 'Take down' : verb === 'stop' ? 'Stop' : 'Restart'} ${what}${row.containers.length > 0 ? ` (${plural(row.containers.length, 'container')})` : ''}?`,
				targets: row.containers.map(container => ({label: container.name, id: shortId(container.id), detail: container.state})),
				notes,
				verb,
				isDangerous: true,
				...(row.engine === undefined ? {} : {engine: row.engine}),
			});
			if (!isYes) return services.notify(`${words} ${what}: cancelled`, 'info');
		}
		const started = await store.start(row.project, action, service);
		if ('problem' in started) return services.notify(started.problem, 'error');
		onStarted();
		services.notify(`${words} ${what}${row.engine === undefined ? '' : ` on ${row.engine}`}…`, 'progress');
	};
}

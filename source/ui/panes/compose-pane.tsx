/**
 * Compose stacks (issues 7 and 14): every project that has containers (by their
 * com.docker.compose.* labels) or a compose file (-f, --project-directory, the
 * current directory's, or the file its containers name), each with its services:
 * the image the file asks for, their containers' states and health, and the
 * services defined but not running. The keys run the real `docker compose` on
 * the selected project or service, its output streamed below; destructive ones
 * ask first. Render only.
 */
import {Text} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import type {ContainerAction} from '../../model/action-rules.js';
import {runContainerAction} from '../../hooks/use-container-actions.js';
import {type CommandHandlers, useCommands} from '../../hooks/use-commands.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {BackgroundRunView} from '../../model/background-run-state.js';
import {COMPOSE_ACTION_WORDS, type ComposeAction, type StackInfo, type StackRow, stackRows} from '../../model/compose.js';
import {Observable} from '../../model/observable.js';
import type {ContainerStore} from '../../model/container-store.js';
import {type EngineHealth, type EngineMember, onEngineKey} from '../../model/multi-engine.js';
import type {EnginePorts} from '../../model/ports.js';
import type {StackStore} from '../../model/stack-store.js';
import {lastSeenNote, refusingOnDownEngine, useDownEngines, useEngineList} from '../components/engine-scope.js';
import {plural} from '../../model/plural.js';
import {type AppServices, useServices} from '../app-context.js';
import {CommandOutput, runStatusText} from '../components/command-output.js';
import {ListPaneView} from '../components/list-pane.js';
import type {Cell} from '../components/table.js';
import {matchesStackRow, STACK_COLUMNS, stackCells} from '../format/stack-row.js';
import {TextInput} from '../components/text-input.js';
import {shortId} from '../format/units.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

const NO_STACKS = new Observable<ReadonlyMap<string, StackInfo>>(new Map());
const NO_RUN = new Observable<BackgroundRunView | undefined>(undefined);
const NO_HEALTH = new Observable<readonly EngineHealth[]>([]);
/** The STATES cell of a stack row with the ENGINE cell before it. */
const STACK_STATES_CELL = 1 + STACK_COLUMNS.findIndex(column => column.key === 'states');

const rowKey = (row: StackRow) => row.key;
// Actions and the words of their dialogs; those with a verb ask first.
const ACTIONS: ReadonlyArray<{id: string; action: ComposeAction; verb?: string}> = [
	{id: 'compose.up', action: 'up'},
	{id: 'compose.upBuild', action: 'upBuild'},
	{id: 'compose.down', action: 'down', verb: 'down'},
	{id: 'compose.downVolumes', action: 'downVolumes', verb: 'down'},
	{id: 'compose.start', action: 'start'},
	{id: 'compose.stop', action: 'stop', verb: 'stop'},
	{id: 'compose.restart', action: 'restart', verb: 'restart'},
	{id: 'compose.pull', action: 'pull'},
	{id: 'compose.build', action: 'build'},
];

// What the engine does for a project whose containers compose does not know (only the project label).
const DIRECT: Partial<Record<ComposeAction, readonly [ContainerAction, boolean]>> = {
	start: ['start', false],
	stop: ['stop', false],
	restart: ['restart', false],
	down: ['remove', false],
	downVolumes: ['remove', true],
};

/** One engine's stacks: its containers and its StackStore; `member` with several engines (issue 14). */
interface EngineStacks {
	member?: EngineMember<EnginePorts>;
	containers: ContainerStore;
	compose?: StackStore;
}

/**
 * Every engine's stack rows (one engine: the app's own), each row with its engine and its key after the engine's name,
 * so a project of one name on two engines is two projects. Projects seen in an engine's labels join its StackStore.
 */
function useEngineStacks(collapsed: ReadonlySet<string>): {rows: readonly StackRow[]; parts: readonly EngineStacks[]} {
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

/**
 * The notes of a `down --volumes` dialog: the volumes it removes with their data, by name. With the file, compose
 * removes the volumes it declares (not external ones); without it, every volume labelled with the project. Both as the
 * engine has them now; the declared ones it does not have are said as such.
 */
async function volumesNote(services: AppServices, project: string, declared: readonly string[] | undefined, service?: string): Promise<string[]> {
	let existing: readonly {name: string; labels: Record<string, string>}[] | undefined;
	try {
		existing = (await services.ports.objects.list()).volumes;
	} catch {
		existing = undefined;
	}
	const anonymous = 'and the anonymous volumes of these containers';
	if (declared) {
		if (declared.length === 0) return [service ? `${service} mounts none of the file's volumes` : 'the file declares no volumes', anonymous];
		const names = new Set(existing?.map(volume => volume.name));
		const there = existing ? declared.filter(name => names.has(name)) : declared;
		const absent = existing ? declared.filter(name => !names.has(name)) : [];
		return [
			there.length > 0 ? `and REMOVES these volumes with their data: ${there.join(', ')}` : 'none of the volumes the file declares exists',
			...(absent.length > 0 ? [`(declared, not created: ${absent.join(', ')})`] : []),
			anonymous,
		];
	}
	if (!existing) return [`and REMOVES every volume labelled with project ${project} (the engine did not list them)`, anonymous];
	// Sorted: the engine's order differs by store (the containerd store listed _older before _data), the dialog's must not.
	const labelled = existing.filter(volume => volume.labels['com.docker.compose.project'] === project).map(volume => volume.name).sort();
	return [labelled.length > 0 ? `and REMOVES these volumes with their data (labelled with the project; no file to narrow it): ${labelled.join(', ')}` : `no volume is labelled with project ${project}`, anonymous];
}

export function ComposePane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const lastRun = useObservable(services.compose?.lastRun ?? NO_RUN);
	// With several engines the header says how many answer: a down engine's stacks show as last listed.
	const health = useObservable(services.engines?.health ?? NO_HEALTH);
	const down = useDownEngines();
	const [isOutputOpen, setOutputOpen] = useState(false);
	// Projects collapsed, by name (after their engine's with several engines).
	const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
	const {rows: allRows, parts} = useEngineStacks(collapsed);
	// The engine's stacks a row is on, and the app's services as that engine's (its ports, store, confirmations naming it).
	const partOf = (engine: string | undefined) => parts.find(part => part.member?.name === engine) ?? parts[0]!;
	const scopedServices = (engine: string | undefined): AppServices => {
		const member = partOf(engine).member;
		return member ? {...services, ports: member.engine, containers: member.store, sync: member.sync} : services;
	};
	// The stack whose profiles the field edits, captured when f was pressed.
	const profilesFor = useRef<{project: string; engine?: string} | undefined>(undefined);
	const profilesField = useTextField({
		isActive,
		onSubmit: value => {
			const target = profilesFor.current;
			const store = target && partOf(target.engine).compose;
			if (!target || !store) return;
			const profiles = value.split(/[\s,]+/).filter(profile => profile !== '');
			store.setProfiles(target.project, profiles);
			const on = target.engine === undefined ? '' : ` on ${target.engine}`;
			services.notify(profiles.length > 0 ? `${target.project}${on}: profiles ${profiles.join(' ')}` : `${target.project}${on}: no profiles`, 'info');
		},
	});
	// Cells depend on the row and on which projects are collapsed: one cache per collapsed set.
	const theme = useTheme();
	const cells = useMemo(() => {
		const byRow = new WeakMap<StackRow, Cell[]>();
		return (row: StackRow) => {
			let cached = byRow.get(row);
			if (!cached) byRow.set(row, (cached = stackCells(row, collapsed, theme)));
			return cached;
		};
	}, [collapsed, theme]);
	// With several engines: the ENGINE column first, and engine:NAME in the filter.
	// A down engine's stacks read `? engine down` in STATES: their counts are as last seen (issue 14).
	const listed = useEngineList(STACK_COLUMNS, cells, matchesStackRow, STACK_STATES_CELL);
	const outputHeight = lastRun && isOutputOpen ? Math.max(5, Math.floor(height / 2)) : 0;
	// The filter's line stays, and the command's output takes the bottom half when open.
	const pane = useListPane({rows: allRows, rowKey, matches: listed.matches, height: height - outputHeight, top, isActive, isFilterLineKept: true});
	const {list, filter: listFilter} = pane;
	const filter = listFilter.text;
	const rows = pane.shown;
	// The row under the cursor at the key press, with the containers it held then.
	const current = pane.current;

	// Tells the status line how the command ended.
	useEffect(() => {
		if (!lastRun) return;
		let wasRunning = lastRun.get().status === 'running';
		return lastRun.subscribe(() => {
			const state = lastRun.get();
			if (!wasRunning || state.status === 'running') return;
			wasRunning = false;
			const {text} = runStatusText(state, theme);
			services.notify(`${lastRun.title}: ${text.replace(/^[✓✗■⟳] /, '')}`, state.status === 'exited' && state.exitCode === 0 ? 'success' : 'error');
		});
	}, [lastRun, services, theme]);

	const act = async (action: ComposeAction, verb: string | undefined) => {
		const row = current();
		const words = COMPOSE_ACTION_WORDS[action].join(' ');
		if (!row) return services.notify(`nothing to ${words}: no project selected`, 'info');
		// The row's engine: its compose CLI, its ports, and the confirmation naming it (issue 14).
		const store = partOf(row.engine).compose;
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
			const volumes = action === 'downVolumes' ? await volumesNote(on, row.project, declared, service) : [];
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
		setOutputOpen(true);
		services.notify(`${words} ${what}${row.engine === undefined ? '' : ` on ${row.engine}`}…`, 'progress');
	};

	// With no project on screen the project keys would do nothing, and `o` nothing before a command ran: they are
	// not bound then, so neither the hint bar nor help offers them (issue 20).
	const keysThatAct = (handlers: CommandHandlers): CommandHandlers =>
		Object.fromEntries(Object.entries(handlers).filter(([id]) => (id === 'compose.output' ? lastRun !== undefined : id.startsWith('list.') || rows.length > 0)));
	useCommands(
		['list', 'compose'],
		keysThatAct({
			...pane.handlers,
			'list.clearFilter': () => {
				if (isOutputOpen) return setOutputOpen(false);
				listFilter.field.setValue('');
			},
			'compose.toggle': () => {
				const row = current();
				if (!row) return;
				const project = onEngineKey(row.engine, row.project);
				setCollapsed(before => {
					const next = new Set(before);
					if (next.has(project)) next.delete(project);
					else next.add(project);
					return next;
				});
				list.selectKey(onEngineKey(row.engine, `p\u0000${row.project}`));
			},
			// On a down engine's row every compose action is refused up front, no compose process started (issue 14);
			// c stays: it stops a local compose process, which may be the one waiting on that engine.
			...refusingOnDownEngine(services, Object.fromEntries(ACTIONS.map(({id, action, verb}) => [id, () => void act(action, verb)])), () => current()?.engine),
			'compose.profiles': () => {
				const row = current();
				if (!row) return;
				const stack = partOf(row.engine).compose?.get().get(row.project);
				if (!stack?.definition) return services.notify(`${row.project}: profiles need its compose file (${stack?.problem ?? 'not known'})`, 'info');
				profilesFor.current = {project: row.project, ...(row.engine === undefined ? {} : {engine: row.engine})};
				profilesField.open();
				profilesField.setValue(stack.profiles.join(' '));
			},
			'compose.cancel': () => {
				const row = current();
				if (!row) return;
				const on = row.engine === undefined ? '' : ` on ${row.engine}`;
				const stopped = partOf(row.engine).compose?.cancel(row.project);
				services.notify(stopped ? `${stopped}: stopping` : `no compose command is running on ${row.project}${on}`, 'info');
			},
			'compose.output': () => {
				if (!lastRun) return services.notify('no compose command has run yet', 'info');
				setOutputOpen(open => !open);
			},
			'compose.logs': () => {
				const row = current();
				const member = row?.containers[0];
				if (!row || !member) return services.notify(`${row?.project ?? 'this stack'} has no containers: up first`, 'info');
				services.selection.set({id: member.id, marked: [], ...(row.engine === undefined ? {} : {engine: row.engine})});
				services.jumpTo.set({pane: 'logs', key: 'project'});
			},
		}),
		{isActive, isReadOnly: services.isReadOnly},
	);

	const projects = rows.filter(group => group.kind === 'project').length;
	const profilesTarget = profilesFor.current;
	const profilesStack = profilesTarget && partOf(profilesTarget.engine).compose?.get().get(profilesTarget.project);
	const profilesOf = profilesTarget ? `${profilesTarget.project}${profilesTarget.engine === undefined ? '' : ` on ${profilesTarget.engine}`}` : '';
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={listed.columns}
			rowKey={rowKey}
			cellsOf={listed.cellsOf}
			emptyText={
				!parts.some(part => part.containers.isLoaded) ? 'loading…' : filter ? `no project matches "${filter}"` : 'no Compose projects: none of the containers has com.docker.compose labels, and no compose file was given (-f) or found here'
			}
			header={
				<Text bold wrap="truncate">
					Compose {projects} {projects === 1 ? 'project' : 'projects'}
					{health.length > 0 ? ` · ${health.filter(engine => engine.status.isConnected).length} of ${health.length} engines` : ''}
					{lastSeenNote(down)} · Enter opens or closes a project · keys act on the whole selected project or service
				</Text>
			}
			fieldLine={
				profilesField.isOpen ? (
					<TextInput label={`profiles of ${profilesOf} (${profilesStack?.definition?.profiles.join(', ') || 'none defined'}; * for all): `} value={profilesField.value} isActive />
				) : undefined
			}
			footer={lastRun && isOutputOpen ? <CommandOutput run={lastRun} height={outputHeight} onClose={() => setOutputOpen(false)} isModal={false} /> : null}
		/>
	);
}

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
import {plural} from '../../model/plural.js';
import {useServices} from '../app-context.js';
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

export function ComposePane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const all = useObservable(services.containers);
	const stacks = useObservable(services.compose ?? NO_STACKS);
	const lastRun = useObservable(services.compose?.lastRun ?? NO_RUN);
	const [isOutputOpen, setOutputOpen] = useState(false);
	const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
	// The project whose profiles the field edits, captured when f was pressed.
	const profilesFor = useRef<string | undefined>(undefined);
	const profilesField = useTextField({
		isActive,
		onSubmit: value => {
			const project = profilesFor.current;
			if (!project || !services.compose) return;
			const profiles = value.split(/[\s,]+/).filter(profile => profile !== '');
			services.compose.setProfiles(project, profiles);
			services.notify(profiles.length > 0 ? `${project}: profiles ${profiles.join(' ')}` : `${project}: no profiles`, 'info');
		},
	});
	useEffect(() => services.compose?.noteContainers(all), [services.compose, all]);
	const allRows = useMemo(() => stackRows(all, stacks, collapsed), [all, stacks, collapsed]);
	const outputHeight = lastRun && isOutputOpen ? Math.max(5, Math.floor(height / 2)) : 0;
	// The filter's line stays, and the command's output takes the bottom half when open.
	const pane = useListPane({rows: allRows, rowKey, matches: matchesStackRow, height: height - outputHeight, top, isActive, isFilterLineKept: true});
	const {list, filter: listFilter} = pane;
	const filter = listFilter.text;
	const rows = pane.shown;
	// The row under the cursor at the key press, with the containers it held then.
	const current = pane.current;
	// Cells depend on the row and on which projects are collapsed: one cache per collapsed set.
	const cellCache = useMemo(() => ({collapsed, byRow: new WeakMap<StackRow, Cell[]>()}), [collapsed]);
	const theme = useTheme();
	const cells = (row: StackRow) => {
		let cached = cellCache.byRow.get(row);
		if (!cached) cellCache.byRow.set(row, (cached = stackCells(row, cellCache.collapsed, theme)));
		return cached;
	};

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
		const store = services.compose;
		const words = COMPOSE_ACTION_WORDS[action].join(' ');
		if (!row) return services.notify(`nothing to ${words}: no project selected`, 'info');
		if (!store) return services.notify('compose stacks are not available here', 'error');
		const service = row.kind === 'service' ? row.service : undefined;
		const what = service ? `${service} of ${row.project}` : row.project;
		const stack = stacks.get(row.project);
		// Containers that only carry the project label (not made by compose, which marks its own with
		// com.docker.compose.oneoff) are invisible to `docker compose`: it would do nothing and exit 0.
		// The engine acts on them directly instead, as before issue 14.
		const isComposeMade = row.containers.some(container => container.labels['com.docker.compose.oneoff'] !== undefined);
		if (!stack?.definition && row.containers.length > 0 && !isComposeMade) {
			const direct = DIRECT[action];
			if (!direct) return services.notify(`${words} needs ${row.project}'s compose file, and its containers were not made by docker compose`, 'error');
			void runContainerAction(services, direct[0], row.containers, direct[1]);
			return;
		}
		if (row.containers.length === 0 && (action === 'start' || action === 'stop' || action === 'restart')) {
			return services.notify(`${what} has no containers: nothing to ${action} (u brings it up)`, 'info');
		}
		if (verb) {
			const isVolumes = action === 'downVolumes';
			const volumes = isVolumes ? (row.stack ?? stacks.get(row.project))?.definition?.volumes ?? [] : [];
			const notes = [
				`runs: ${store.port.command.join(' ')} ${words}${service ? ` ${service}` : ''} (project ${row.project})`,
				...(action === 'down' ? ['removes the containers and the stack’s networks; volumes stay'] : []),
				...(isVolumes ? [volumes.length > 0 ? `and REMOVES these volumes with their data: ${volumes.join(', ')}` : 'the file declares no volumes', 'and the anonymous volumes of these containers'] : []),
			];
			const isYes = await services.confirmations.ask({
				title: `${verb === 'down' ? 'Take down' : verb === 'stop' ? 'Stop' : 'Restart'} ${what}${row.containers.length > 0 ? ` (${plural(row.containers.length, 'container')})` : ''}?`,
				targets: row.containers.map(container => ({label: container.name, id: shortId(container.id), detail: container.state})),
				notes,
				verb,
				isDangerous: true,
			});
			if (!isYes) return services.notify(`${words} ${what}: cancelled`, 'info');
		}
		const started = await store.start(row.project, action, service);
		if ('problem' in started) return services.notify(started.problem, 'error');
		setOutputOpen(true);
		services.notify(`${words} ${what}…`, 'progress');
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
				setCollapsed(before => {
					const next = new Set(before);
					if (next.has(row.project)) next.delete(row.project);
					else next.add(row.project);
					return next;
				});
				list.selectKey(`p\u0000${row.project}`);
			},
			...Object.fromEntries(ACTIONS.map(({id, action, verb}) => [id, () => void act(action, verb)])),
			'compose.profiles': () => {
				const row = current();
				if (!row) return;
				const stack = stacks.get(row.project);
				if (!stack?.definition) return services.notify(`${row.project}: profiles need its compose file (${stack?.problem ?? 'not known'})`, 'info');
				profilesFor.current = row.project;
				profilesField.open();
				profilesField.setValue(stack.profiles.join(' '));
			},
			'compose.output': () => {
				if (!lastRun) return services.notify('no compose command has run yet', 'info');
				setOutputOpen(open => !open);
			},
			'compose.logs': () => {
				const row = current();
				const member = row?.containers[0];
				if (!row || !member) return services.notify(`${row?.project ?? 'this stack'} has no containers: up first`, 'info');
				services.selection.set({id: member.id, marked: []});
				services.jumpTo.set({pane: 'logs', key: 'project'});
			},
		}),
		{isActive, isReadOnly: services.isReadOnly},
	);

	const projects = rows.filter(group => group.kind === 'project').length;
	const profilesStack = profilesFor.current ? stacks.get(profilesFor.current) : undefined;
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={STACK_COLUMNS}
			rowKey={rowKey}
			cellsOf={cells}
			emptyText={
				!services.containers.isLoaded ? 'loading…' : filter ? `no project matches "${filter}"` : 'no Compose projects: none of the containers has com.docker.compose labels, and no compose file was given (-f) or found here'
			}
			header={
				<Text bold wrap="truncate">
					Compose {projects} {projects === 1 ? 'project' : 'projects'} · Enter opens or closes a project · keys act on the whole selected project or service
				</Text>
			}
			fieldLine={
				profilesField.isOpen ? (
					<TextInput label={`profiles of ${profilesFor.current ?? ''} (${profilesStack?.definition?.profiles.join(', ') || 'none defined'}; * for all): `} value={profilesField.value} isActive />
				) : undefined
			}
			footer={lastRun && isOutputOpen ? <CommandOutput run={lastRun} height={outputHeight} onClose={() => setOutputOpen(false)} isModal={false} /> : null}
		/>
	);
}

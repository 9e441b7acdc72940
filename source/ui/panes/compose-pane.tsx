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
import {stacksOn, useComposeActions, useEngineStacks} from '../../hooks/use-compose-actions.js';
import {type CommandHandlers, useCommands} from '../../hooks/use-commands.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {BackgroundRunView} from '../../model/background-run-state.js';
import type {ComposeAction, StackRow} from '../../model/compose.js';
import {Observable} from '../../model/observable.js';
import {type EngineHealth, onEngineKey} from '../../model/multi-engine.js';
import {lastSeenNote, refusingOnDownEngine, useDownEngines, useEngineList} from '../components/engine-scope.js';
import {useServices} from '../app-context.js';
import {CommandOutput, runStatusText} from '../components/command-output.js';
import {ListPaneView} from '../components/list-pane.js';
import type {Cell} from '../components/table.js';
import {matchesStackRow, STACK_COLUMNS, stackCells} from '../format/stack-row.js';
import {TextInput} from '../components/text-input.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

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
	const partOf = (engine: string | undefined) => stacksOn(parts, engine);
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
	const act = useComposeActions(parts, current, () => setOutputOpen(true));

	// Tells the status line how the command ended.
	useEffect(() => {
		if (!lastRun) return;
		let wasRunning = lastRun.get().status === 'running';
		return lastRun.subscribe(() => {
			const state = lastRun.get();
			if (!wasRunning || state.status === 'running') return;
			wasRunning = false;
			const {text} = runStatusText(state, theme);
			services.notify(`${lastRun.title}: ${text.replace(/^[\u2713\u2717\u25a0\u27f3] /, '')}`, state.status === 'exited' && state.exitCode === 0 ? 'success' : 'error');
		});
	}, [lastRun, services, theme]);

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

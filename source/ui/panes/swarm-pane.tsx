/**
 * Swarm (issues 7, 21): when the engine is a swarm manager, its services
 * (mode, replicas running/desired, image, ports, update state), every task of
 * the selected service as `docker service ps` lists them (history included,
 * counted by state, scrollable), and the nodes. Polled every 2 s while the
 * pane is shown (hooks/use-swarm.ts); on any other engine it says why it is empty.
 * The cursor is on the services, the tasks (t) or the nodes (n), and the keys
 * bound (and offered in the hint bar) follow it: scale the selected service
 * (a prompt for the count; to 0 or down by more than half asks first), follow
 * its logs (service-logs.tsx), filter and sort the services; drain or activate
 * the selected node, confirmed naming the node and what stops. Every target is
 * captured at the key press. The mutating keys are absent under --read-only.
 * Render only.
 */
import {Box, Text} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import type {SwarmNode, SwarmService, SwarmTask} from '../../model/swarm-types.js';
import {useLayerSwitch} from '../../hooks/key-router.js';
import {type CommandHandlers, useCommands} from '../../hooks/use-commands.js';
import type {CommandId} from '../../keymap/keymap.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useSwarmActions} from '../../hooks/use-swarm-actions.js';
import {useSwarmTasks, useSwarmView} from '../../hooks/use-swarm.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {NodeChange, ScaleTarget} from '../../model/swarm-actions.js';
import {orderTasks, type TaskRow, taskCounts} from '../../model/swarm-tasks.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import {Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {engineLabel} from '../engine-label.js';
import {widthOf} from '../format/text.js';
import {matchesService, SERVICE_COLUMNS, SERVICE_SORT_KEYS, type ServiceSortKey, serviceCells, sortServices} from '../format/service-row.js';
import {TASK_COLUMNS, taskCells} from '../format/task-row.js';
import {ServiceLogs} from './service-logs.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

const NODE_LINES_MAX = 4;

type Focus = 'services' | 'tasks' | 'nodes';

const serviceKey = (service: SwarmService) => service.id;
const nodeKey = (node: SwarmNode) => node.id;
/** The tasks and nodes have no filter of their own: every row shows. */
const everyRow = () => true;

/** The selected task whole: its full ID, the engine's error and message. */
const taskDetail = (task: SwarmTask) => `task ${task.id}${task.error ? ` · error: ${task.error}` : ''}${task.message ? ` · ${task.message}` : ''}`;

/** Why `r` does not scale this service, in one line. */
function unscalable(service: SwarmService): string {
	const why = service.mode === 'global' ? 'it runs one task on every eligible node and cannot be scaled' : service.mode.endsWith('-job') ? 'a job runs its tasks to completion and is not scaled here' : 'dockdash cannot tell how it scales';
	return `${service.name} is a ${service.mode} service: ${why} (only replicated services scale)`;
}
const taskKey = (row: TaskRow<SwarmTask>) => row.task.id;

/** The tasks counted by state, or only how many when that does not fit whole after the heading (issue 18: no cut figure). */
function tasksFigure(heading: string, tasks: readonly SwarmTask[], width: number): string {
	const counted = `tasks ${taskCounts(tasks)}`;
	return widthOf(`${heading} · ${counted}`) <= width ? counted : `tasks ${tasks.length}`;
}

/** "rows 3–10 of 14": which rows of a longer list are on screen; nothing when all are. */
function shownRange(offset: number, visible: number, total: number): string {
	if (total <= visible) return '';
	return ` · rows ${offset + 1}–${Math.min(total, offset + visible)} of ${total}`;
}

/**
 * One node: host name, role, availability and status always; its ID and engine version only when they fit whole,
 * the version dropped first (issue 18: never a cut number).
 */
function NodeLine({node, width, isSelected}: {node: SwarmNode; width: number; isSelected: boolean}) {
	const theme = useTheme();
	const head = `${isSelected ? '›' : ' '} ${node.hostname}  `;
	const role = `${node.role}${node.isLeader ? ' (leader)' : ''}  `;
	const status = `  ${node.status}`;
	const id = `${node.id.slice(0, 12)}  `;
	const engine = `  engine ${node.engineVersion}`;
	const core = widthOf(head + role + node.availability + status);
	const showId = core + widthOf(id) <= width;
	const showEngine = showId && core + widthOf(id) + widthOf(engine) <= width;
	return (
		<Text wrap="truncate" inverse={isSelected}>
			{`${head}${showId ? id : ''}${role}`}
			<Text color={node.availability === 'active' ? theme.success : theme.warning}>{node.availability}</Text>
			{`${status}${showEngine ? engine : ''}`}
		</Text>
	);
}

export function SwarmPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const services = useServices();
	const {isReadOnly, notify} = services;
	// Bumped after an action, so the change shows without waiting for the next poll.
	const [generation, setGeneration] = useState(0);
	const view = useSwarmView(isActive, generation);
	const actions = useSwarmActions(() => setGeneration(current => current + 1));
	const [focus, setFocusState] = useState<Focus>('services');
	// Read by the handlers: a key that arrives in the same chunk as t or n goes where the cursor now is.
	const focusRef = useRef<Focus>('services');
	const setFocus = (next: Focus) => {
		focusRef.current = next;
		setFocusState(next);
	};
	const [sortKey, setSortKey] = useState<ServiceSortKey>('name');
	const [isDescending, setDescending] = useState(false);
	// The service whose logs are open, captured at the key press.
	const [logsOf, setLogsOf] = useState<{id: string; name: string}>();
	// Keys read with the l that opens a service's logs (or the Esc that closes them) go to what it shows (see useLayerSwitch).
	const switching = useLayerSwitch(logsOf?.id ?? '');

	const sortedServices = useMemo(() => sortServices(view.services, sortKey, isDescending), [view.services, sortKey, isDescending]);
	const nodeLines = Math.min(view.nodes.length, NODE_LINES_MAX);
	// Title, the two table headers, the tasks and nodes headings, and the prompt line.
	const available = Math.max(2, height - 6 - nodeLines);
	// The services take what they need up to half; every other line goes to the tasks.
	const pane = useListPane({
		rows: sortedServices,
		rowKey: serviceKey,
		matches: matchesService,
		height,
		top,
		isActive,
		tableHeightFor: count => Math.max(1, Math.min(Math.max(1, count), Math.ceil(available / 2))),
		isMouseActive: isActive && focus === 'services' && !logsOf,
	});
	const {list, tableHeight, filter: filterField} = pane;
	const shownServices = pane.shown;
	const filter = filterField.text;
	// The tasks and nodes are lists of their own, moved only with the cursor on them: no filter, mouse or kept selection.
	const nodes = useListPane({rows: view.nodes, rowKey: nodeKey, matches: everyRow, height, top, isActive, tableHeightFor: () => nodeLines, isMouseActive: false, hasFilter: false, isSelectionKept: false});
	const nodeList = nodes.list;
	const selected = pane.selected;
	const selectedId = selected?.id;
	// The tasks and the service they are of: another service's tasks are never shown under this one's name.
	const tasksOf = useSwarmTasks(isActive, selectedId, view);
	const taskRows = useMemo(() => (tasksOf?.tasks && tasksOf.serviceId === selectedId ? orderTasks(tasksOf.tasks) : []), [tasksOf, selectedId]);
	// With the cursor on the tasks, lines under them show the selected task whole (a long error is cut in its row):
	// as many as the longest needs, up to 4, leaving the list at least 3 rows.
	const detailLines =
		focus === 'tasks' ? Math.max(0, Math.min(4, available - tableHeight - 3, Math.max(1, ...taskRows.map(row => Math.ceil(widthOf(taskDetail(row.task)) / Math.max(1, width)))))) : 0;
	const taskLines = Math.max(1, available - tableHeight - detailLines);
	const tasks = useListPane({rows: taskRows, rowKey: taskKey, matches: everyRow, height, top, isActive, tableHeightFor: () => taskLines, isMouseActive: false, hasFilter: false, isSelectionKept: false});
	const taskList = tasks.list;
	const hostnames = useMemo(() => new Map(view.nodes.map(node => [node.id, node.hostname])), [view.nodes]);
	const latestView = useRef(view);
	latestView.current = view;
	// The service under the cursor now; undefined, with a line saying so, while a filter typed in the same chunk has not
	// been drawn yet (the cursor would land on a row the user has not seen: "/web" Enter r must not scale the old row).
	const serviceAtCursor = (key: string) => {
		if (filterField.current() !== filter) {
			notify(`the list is still changing under the cursor: press ${key} again`, 'info');
			return undefined;
		}
		const service = pane.current();
		if (!service) notify('no service selected', 'info');
		return service;
	};

	// The service is captured when the scale key is pressed: the count applies to it, whatever is selected by Enter.
	const scaleTarget = useRef<ScaleTarget | undefined>(undefined);
	const scaleField = useTextField({
		isActive,
		onSubmit: value => {
			const service = scaleTarget.current;
			scaleTarget.current = undefined;
			if (service) void actions.scale(service, value);
		},
	});

	const changeNode = (change: NodeChange) => {
		const node = nodes.current();
		if (!node) return notify('no node selected', 'info');
		const {nodes: all, services: known} = latestView.current;
		void actions.changeNode(node, change, all, known);
	};

	// Another service's tasks start from their top: keyed on the selected service's ID (moveTo keeps its identity).
	const moveTaskTo = taskList.moveTo;
	useEffect(() => {
		moveTaskTo(0);
	}, [selectedId, moveTaskTo]);

	// The movement keys of the list the cursor is on now (read from the ref, so "t" and "j" typed together scroll the tasks).
	const movementIn = (where: Focus) => (where === 'tasks' ? tasks.movement : where === 'nodes' ? nodes.movement : pane.movement);
	const movement: CommandHandlers = Object.fromEntries((Object.keys(movementIn('services')) as CommandId[]).map(id => [id, (key: string) => movementIn(focusRef.current)[id]?.(key)]));
	// A command that acts on what is under the cursor, run only where the cursor is now (read from the ref, so a
	// key typed in the same chunk as t or n goes to the new place), else one line saying where it works.
	const at = (where: readonly Focus[], run: () => void, elsewhere: string) => () =>
		where.includes(focusRef.current) ? run() : notify(elsewhere, 'info');
	const onServices = 'the cursor is on the nodes: n moves it back to the services';
	const serviceKeys: CommandHandlers = {
		'list.filter': at(['services'], filterField.field.open, 'the filter is for the services: t or n moves the cursor back to them'),
		'list.clearFilter': () => filterField.field.setValue(''),
		'list.sortNext': at(['services'], () => setSortKey(current => SERVICE_SORT_KEYS[(SERVICE_SORT_KEYS.indexOf(current) + 1) % SERVICE_SORT_KEYS.length]!), 'sorting is for the services: t or n moves the cursor back to them'),
		'list.sortReverse': at(['services'], () => setDescending(current => !current), 'sorting is for the services: t or n moves the cursor back to them'),
		'swarm.logs': at(
			['services', 'tasks'],
			() => {
				const service = serviceAtCursor('l');
				if (service) switching(() => setLogsOf({id: service.id, name: service.name}));
			},
			onServices,
		),
		'swarm.scale': at(
			['services', 'tasks'],
			() => {
				const service = serviceAtCursor('r');
				if (!service) return;
				if (service.mode !== 'replicated' || service.replicas === undefined) {
					return notify(unscalable(service), 'error');
				}
				scaleTarget.current = {id: service.id, name: service.name, replicas: service.replicas, running: service.running};
				scaleField.setValue('');
				scaleField.open();
			},
			onServices,
		),
	};
	const onNodes = 'D and A act on the node under the cursor: n moves the cursor to the nodes';
	const nodeKeysBound: CommandHandlers = {
		'swarm.drain': at(['nodes'], () => changeNode('drain'), onNodes),
		'swarm.activate': at(['nodes'], () => changeNode('active'), onNodes),
	};
	// Only a manager has services, tasks and nodes to act on: on an engine known to be none the pane binds, and
	// offers, nothing (while loading, or when the engine does not answer, its keys stay).
	const isManager = view.role === undefined || view.role === 'manager';
	useCommands(
		['list', 'swarm'],
		isManager
			? {
					...movement,
					'swarm.tasks': () => setFocus(focusRef.current === 'tasks' ? 'services' : 'tasks'),
					'swarm.nodes': () => setFocus(focusRef.current === 'nodes' ? 'services' : 'nodes'),
					// What applies where the cursor is (the hint bar and help offer exactly these); each still checks
					// the cursor's place when it runs, for a key typed in the same chunk as t or n.
					...(focus === 'nodes'
						? {...nodeKeysBound, 'list.clearFilter': serviceKeys['list.clearFilter']}
						: focus === 'tasks'
							? {'swarm.logs': serviceKeys['swarm.logs'], 'swarm.scale': serviceKeys['swarm.scale'], 'list.clearFilter': serviceKeys['list.clearFilter']}
							: serviceKeys),
				}
			: {},
		{isActive: isActive && !logsOf, isReadOnly},
	);

	if (logsOf) return <ServiceLogs service={logsOf} width={width} height={height} isActive={isActive} onClose={() => switching(() => setLogsOf(undefined))} />;

	// With several engines, which one this pane shows (the app's own): the others' swarms are not here.
	const onEngine = services.engines ? ` of ${engineLabel(services)}` : '';
	if (view.role && view.role !== 'manager') {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text bold>Swarm{onEngine}</Text>
				<Text color={theme.muted}>
					{view.unsupported ?? (view.role === 'worker' ? 'this engine is a swarm worker: services, tasks and nodes are only shown by a manager' : 'this engine is not part of a swarm')}
				</Text>
			</Box>
		);
	}
	const now = Date.now();
	const selectedTask = taskRows.find(row => row.task.id === taskList.selectedKey)?.task;
	const allTasks = tasksOf && tasksOf.serviceId === selectedId ? tasksOf.tasks : undefined;
	const tasksProblem = tasksOf && tasksOf.serviceId === selectedId ? tasksOf.problem : undefined;
	const cursorNote = (where: Focus, key: string) => (focus === where ? ` · cursor here; ${key} back to the services` : ` · ${key} to move the cursor here`);
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={SERVICE_COLUMNS}
			rowKey={serviceKey}
			cellsOf={row => serviceCells(row, theme)}
			isSelectionHidden={focus === 'nodes'}
			sortKey={sortKey}
			isSortDescending={isDescending}
			emptyText={!view.role ? 'loading…' : filter ? `no service matches "${filter}"` : 'no services'}
			header={
				<Text bold wrap="truncate">
					Swarm{onEngine ? `${onEngine} ·` : ''} {view.services.length} services · {view.nodes.length} nodes
					{filter ? <Text color={theme.muted}> · {shownServices.length} match "{filter}"</Text> : null}
					{shownRange(list.offset, tableHeight, shownServices.length) ? <Text color={theme.muted}>{shownRange(list.offset, tableHeight, shownServices.length)}</Text> : null}
					{view.problem ? <Text color={theme.danger}> · {view.problem}</Text> : null}
					{!view.problem && (view.notice ?? allTasks?.notice) ? (
						<Text color={theme.warning}> · engine answer: {[view.notice, allTasks?.notice].filter(Boolean).join('; ')}</Text>
					) : null}
				</Text>
			}
			footer={
				<>
					<Text bold wrap="truncate">
						{selected ? `Tasks of ${selected.name}` : 'Tasks'}
						{allTasks ? ` · ${tasksFigure(selected ? `Tasks of ${selected.name}` : 'Tasks', allTasks, width)}` : null}
						<Text color={theme.muted}>
							{shownRange(taskList.offset, taskLines, taskRows.length)}
							{selected ? cursorNote('tasks', 't') : ''}
						</Text>
					</Text>
					<Table
						columns={TASK_COLUMNS}
						rows={taskRows}
						rowKey={taskKey}
						cellsOf={row => taskCells(row, selected?.name ?? '', hostnames, now, theme)}
						selectedIndex={focus === 'tasks' ? taskList.selectedIndex : -1}
						offset={taskList.offset}
						height={taskLines}
						width={width}
						emptyText={!selected ? 'no service selected' : tasksProblem ? `✗ ${tasksProblem}` : allTasks ? 'no tasks' : 'loading…'}
					/>
					{detailLines > 0 ? (
						<Box height={detailLines} overflow="hidden">
							<Text wrap="wrap" color={selectedTask?.error ? theme.danger : theme.muted}>
								{selectedTask ? taskDetail(selectedTask) : ' '}
							</Text>
						</Box>
					) : null}
					<Text bold wrap="truncate">
						Nodes
						<Text color={theme.muted}>
							{shownRange(nodeList.offset, nodeLines, view.nodes.length)}
							{cursorNote('nodes', 'n')}
						</Text>
					</Text>
					{view.nodes.slice(nodeList.offset, nodeList.offset + nodeLines).map(node => (
						<NodeLine key={node.id} node={node} width={width} isSelected={focus === 'nodes' && node.id === nodeList.selectedKey} />
					))}
				</>
			}
			isFieldLineLast
			fieldLine={
				scaleField.isOpen ? (
					<TextInput label={`replicas of ${scaleTarget.current?.name ?? ''} (now ${scaleTarget.current?.replicas ?? '?'}): `} value={scaleField.value} isSelected={scaleField.isSelected} isActive />
				) : filterField.isShown ? (
					<TextInput label="filter: " value={filter} isSelected={filterField.field.isSelected} isActive={filterField.field.isOpen} />
				) : (
					<Text> </Text>
				)
			}
		/>
	);
}

/**
 * Swarm (issue 7): when the engine is a swarm manager, its services (mode,
 * replicas running/desired, image, ports, update state), the tasks of the
 * selected service with their state and error, and the nodes. Polled every
 * 2 s while the pane is shown; on any other engine it says why it is empty.
 * Keys: scale the selected service (a prompt for the replica count), follow
 * its logs (service-logs.tsx), move the cursor to the nodes and drain or
 * activate the selected one, confirmed naming the node captured at the key
 * press. The mutating keys are absent under --read-only. Render only.
 */
import {Box, Text} from 'ink';
import React, {useEffect, useMemo, useRef, useState} from 'react';
import {describeEngineError} from '../../docker/errors.js';
import {
	listNodes,
	listServices,
	listTasks,
	scaleService,
	setNodeAvailability,
	type SwarmNode,
	type SwarmRole,
	type SwarmService,
	type SwarmTask,
	swarmStatus,
} from '../../docker/swarm.js';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {matchesText, useListFilter} from '../../hooks/use-list-filter.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {type NodeChange, nodeChangeRequest, parseReplicas} from '../../model/swarm-actions.js';
import {useServices} from '../app-context.js';
import {type Cell, type Column, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {ServiceLogs} from './service-logs.js';
import {theme} from '../theme.js';
import type {PaneProps} from './registry.js';

const POLL_MS = 2000;
const TASK_LINES = 6;

const COLUMNS: readonly Column[] = [
	{key: 'name', title: 'SERVICE', grow: 2},
	{key: 'mode', title: 'MODE', width: 11},
	{key: 'replicas', title: 'REPLICAS', width: 9},
	{key: 'image', title: 'IMAGE', grow: 3, dropOrder: 2},
	{key: 'ports', title: 'PORTS', grow: 2, dropOrder: 1},
	{key: 'update', title: 'UPDATE', grow: 1, dropOrder: 3},
];

const rowKey = (service: SwarmService) => service.id;
const cellsOf = (service: SwarmService): Cell[] => [
	{text: service.name},
	{text: service.mode},
	{text: `${service.running}/${service.desired}`, color: service.running >= service.desired ? theme.success : theme.warning},
	{text: service.image},
	{text: service.ports.join(', ') || '–', color: theme.muted},
	{text: service.updateState ?? '–', color: service.updateState && /paused|rollback/.test(service.updateState) ? theme.danger : theme.muted},
];

interface SwarmView {
	role?: SwarmRole;
	/** The engine has no Swarm (Podman): one muted line instead of the panes. */
	unsupported?: string;
	services: SwarmService[];
	nodes: SwarmNode[];
	problem?: string;
}

export function SwarmPane({width, height, isActive}: PaneProps) {
	const {engine, isReadOnly, notify, confirmations} = useServices();
	const [view, setView] = useState<SwarmView>({services: [], nodes: []});
	const [tasks, setTasks] = useState<SwarmTask[]>([]);
	// Bumped after an action, so the change shows without waiting for the next poll.
	const [generation, setGeneration] = useState(0);
	const [isOnNodes, setOnNodes] = useState(false);
	// The service whose logs are open, captured at the key press.
	const [logsOf, setLogsOf] = useState<{id: string; name: string}>();
	// On an engine that is no swarm manager the pane is one line: it binds (and so offers) none of its keys.
	const hasList = !(view.role && view.role !== 'manager');
	const filter = useListFilter(isActive && !logsOf && hasList);
	const services = useMemo(
		() => (filter.text ? view.services.filter(service => matchesText(filter.text, service.name, service.image, service.mode, ...service.ports)) : view.services),
		[view.services, filter.text],
	);
	const keys = useMemo(() => services.map(rowKey), [services]);
	const nodeKeys = useMemo(() => view.nodes.map(node => node.id), [view.nodes]);
	const nodeLines = Math.min(view.nodes.length, 4);
	const promptLines = 1;
	const tableHeight = Math.max(1, height - 4 - TASK_LINES - nodeLines - promptLines);
	const list = useListState(keys, tableHeight, 'selected');
	const nodeList = useListState(nodeKeys, nodeLines);
	const selected = services.find(service => service.id === list.selectedKey);
	const latest = useRef(view);
	latest.current = view;

	// The service is captured when the scale key is pressed: the count applies to it, whatever is selected by Enter.
	const scaleTarget = useRef<SwarmService | undefined>(undefined);
	const scaleField = useTextField({
		isActive,
		onSubmit: value => {
			const service = scaleTarget.current;
			scaleTarget.current = undefined;
			if (!service) return;
			const parsed = parseReplicas(value);
			if ('error' in parsed) return notify(parsed.error, 'error');
			notify(`scaling ${service.name} to ${parsed.replicas}…`, 'progress');
			scaleService(engine, service.id, parsed.replicas).then(
				() => {
					notify(`scaled ${service.name} to ${parsed.replicas} replicas`, 'success');
					setGeneration(current => current + 1);
				},
				(error: unknown) => notify(`could not scale ${service.name}: ${describeEngineError(error, engine.endpoint)}`, 'error'),
			);
		},
	});

	const changeNode = async (change: NodeChange) => {
		const id = nodeList.currentKey();
		const node = latest.current.nodes.find(candidate => candidate.id === id);
		if (!node) return notify('no node selected', 'info');
		// Captured now: the dialog and the request name this node, whatever the list shows by the answer.
		const target = {id: node.id, hostname: node.hostname, role: node.role, availability: node.availability, status: node.status};
		if (target.availability === change) return notify(`node ${target.hostname} is already ${change}`, 'info');
		const request = nodeChangeRequest(target, change);
		if (!(await confirmations.ask(request))) return notify(`${request.verb} cancelled`, 'info');
		notify(`${change === 'drain' ? 'draining' : 'activating'} node ${target.hostname}…`, 'progress');
		try {
			await setNodeAvailability(engine, target.id, change);
			notify(`node ${target.hostname} (${target.id.slice(0, 12)}) is now ${change}`, 'success');
			setGeneration(current => current + 1);
		} catch (error) {
			notify(`could not ${request.verb} node ${target.hostname}: ${describeEngineError(error, engine.endpoint)}`, 'error');
		}
	};

	// One poll loop per showing of the pane; it dies with the pane or when it is hidden.
	useEffect(() => {
		if (!isActive) return;
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		const poll = async () => {
			try {
				const {role, unsupported} = await swarmStatus(engine, controller.signal);
				if (role !== 'manager') setView({role, unsupported, services: [], nodes: []});
				else {
					const [services, nodes] = await Promise.all([listServices(engine, controller.signal), listNodes(engine, controller.signal)]);
					setView({role, services, nodes});
				}
			} catch (error) {
				if (!controller.signal.aborted) setView(current => ({...current, problem: describeEngineError(error, engine.endpoint)}));
			}
			if (!controller.signal.aborted) timer = setTimeout(poll, POLL_MS);
		};
		void poll();
		return () => {
			controller.abort();
			clearTimeout(timer);
		};
	}, [engine, isActive, generation]);

	const selectedId = selected?.id;
	useEffect(() => {
		if (!isActive || !selectedId) return setTasks([]);
		const controller = new AbortController();
		listTasks(engine, selectedId, controller.signal).then(
			found => !controller.signal.aborted && setTasks(found),
			() => undefined,
		);
		return () => controller.abort();
	}, [engine, isActive, selectedId, view]);

	useCommands(
		['swarm', 'list'],
		{
			...(isOnNodes ? listMovement(nodeList, nodeLines, view.nodes.length) : listMovement(list, tableHeight, services.length)),
			...filter.handlers,
			'swarm.nodes': () => setOnNodes(current => !current),
			'swarm.logs': () => {
				const service = latest.current.services.find(candidate => candidate.id === list.currentKey());
				if (service) setLogsOf({id: service.id, name: service.name});
				else notify('no service selected', 'info');
			},
			'swarm.scale': () => {
				const service = latest.current.services.find(candidate => candidate.id === list.currentKey());
				if (!service) return notify('no service selected', 'info');
				if (service.mode !== 'replicated') return notify(`${service.name} is a ${service.mode} service: only replicated services scale`, 'error');
				scaleTarget.current = service;
				scaleField.setValue('');
				scaleField.open();
			},
			'swarm.drain': () => void changeNode('drain'),
			'swarm.activate': () => void changeNode('active'),
		},
		{isActive: isActive && !logsOf && hasList, isReadOnly},
	);

	if (logsOf) return <ServiceLogs service={logsOf} width={width} height={height} isActive={isActive} onClose={() => setLogsOf(undefined)} />;

	if (view.role && view.role !== 'manager') {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text bold>Swarm</Text>
				<Text color={theme.muted}>
					{view.unsupported ?? (view.role === 'worker' ? 'this engine is a swarm worker: services, tasks and nodes are only shown by a manager' : 'this engine is not part of a swarm')}
				</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				Swarm {filter.text ? `${services.length} of ${view.services.length}` : view.services.length} services · {view.nodes.length} nodes{view.problem ? <Text color={theme.danger}> · {view.problem}</Text> : null}
			</Text>
			<Table
				columns={COLUMNS}
				rows={services}
				rowKey={rowKey}
				cellsOf={cellsOf}
				selectedIndex={isOnNodes ? -1 : list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				emptyText={!view.role ? 'loading…' : filter.text ? `no service matches "${filter.text}"` : 'no services'}
			/>
			<Text bold wrap="truncate">Tasks{selected ? ` of ${selected.name}` : ''}</Text>
			{tasks.slice(0, TASK_LINES).map(task => (
				<Text key={task.id} wrap="truncate">
					{`  ${task.slot ?? '-'}  `}
					<Text color={task.state === 'running' ? theme.success : task.error ? theme.danger : theme.muted}>{task.state.padEnd(10)}</Text>
					{` desired ${task.desiredState.padEnd(9)} ${task.error ? `error: ${task.error}` : task.message}`}
				</Text>
			))}
			<Text bold wrap="truncate">
				Nodes<Text color={theme.muted}>{isOnNodes ? ' (cursor here; n back to the services)' : ' (n to select one)'}</Text>
			</Text>
			{view.nodes.slice(nodeList.offset, nodeList.offset + nodeLines).map(node => (
				<Text key={node.id} wrap="truncate" inverse={isOnNodes && node.id === nodeList.selectedKey}>
					{`${isOnNodes && node.id === nodeList.selectedKey ? '›' : ' '} ${node.hostname}  ${node.id.slice(0, 12)}  ${node.role}${node.isLeader ? ' (leader)' : ''}  `}
					<Text color={node.availability === 'active' ? theme.success : theme.warning}>{node.availability}</Text>
					{`  ${node.status}  engine ${node.engineVersion}`}
				</Text>
			))}
			{scaleField.isOpen ? (
				<TextInput label={`replicas of ${scaleTarget.current?.name ?? ''}: `} value={scaleField.value} isActive />
			) : filter.isShown ? (
				<TextInput label="filter: " value={filter.text} isActive={filter.field.isOpen} />
			) : (
				<Text> </Text>
			)}
		</Box>
	);
}

/**
 * Swarm (issue 7): when the engine is a swarm manager, its services (mode,
 * replicas running/desired, image, ports, update state), the tasks of the
 * selected service with their state and error, and the nodes. Polled every
 * 2 s while the pane is shown; on any other engine it says why it is empty.
 * Scaling and draining live in source/docker/swarm.ts and are not bound to
 * keys yet. Render only.
 */
import {Box, Text} from 'ink';
import React, {useEffect, useMemo, useState} from 'react';
import {describeEngineError} from '../../docker/errors.js';
import {listNodes, listServices, listTasks, type SwarmNode, type SwarmRole, type SwarmService, type SwarmTask, swarmRole} from '../../docker/swarm.js';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useServices} from '../app-context.js';
import {type Cell, type Column, Table} from '../components/table.js';
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
	services: SwarmService[];
	nodes: SwarmNode[];
	problem?: string;
}

export function SwarmPane({width, height, isActive}: PaneProps) {
	const {engine, isReadOnly} = useServices();
	const [view, setView] = useState<SwarmView>({services: [], nodes: []});
	const [tasks, setTasks] = useState<SwarmTask[]>([]);
	const keys = useMemo(() => view.services.map(rowKey), [view.services]);
	const nodeLines = Math.min(view.nodes.length, 4);
	const tableHeight = Math.max(1, height - 4 - TASK_LINES - nodeLines);
	const list = useListState(keys, tableHeight);
	const selected = view.services.find(service => service.id === list.selectedKey);

	// One poll loop per showing of the pane; it dies with the pane or when it is hidden.
	useEffect(() => {
		if (!isActive) return;
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		const poll = async () => {
			try {
				const role = await swarmRole(engine, controller.signal);
				if (role !== 'manager') setView({role, services: [], nodes: []});
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
	}, [engine, isActive]);

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

	useCommands(['list'], listMovement(list, tableHeight, view.services.length), {isActive, isReadOnly});

	if (view.role && view.role !== 'manager') {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text bold>Swarm</Text>
				<Text color={theme.muted}>
					{view.role === 'worker' ? 'this engine is a swarm worker: services, tasks and nodes are only shown by a manager' : 'this engine is not part of a swarm'}
				</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				Swarm {view.services.length} services · {view.nodes.length} nodes{view.problem ? <Text color={theme.danger}> · {view.problem}</Text> : null}
			</Text>
			<Table columns={COLUMNS} rows={view.services} rowKey={rowKey} cellsOf={cellsOf} selectedIndex={list.selectedIndex} offset={list.offset} height={tableHeight} width={width} emptyText={view.role ? 'no services' : 'loading…'} />
			<Text bold wrap="truncate">Tasks{selected ? ` of ${selected.name}` : ''}</Text>
			{tasks.slice(0, TASK_LINES).map(task => (
				<Text key={task.id} wrap="truncate">
					{`  ${task.slot ?? '-'}  `}
					<Text color={task.state === 'running' ? theme.success : task.error ? theme.danger : theme.muted}>{task.state.padEnd(10)}</Text>
					{` desired ${task.desiredState.padEnd(9)} ${task.error ? `error: ${task.error}` : task.message}`}
				</Text>
			))}
			<Text bold>Nodes</Text>
			{view.nodes.slice(0, nodeLines).map(node => (
				<Text key={node.id} wrap="truncate">
					{`  ${node.hostname}  ${node.role}${node.isLeader ? ' (leader)' : ''}  `}
					<Text color={node.availability === 'active' ? theme.success : theme.warning}>{node.availability}</Text>
					{`  ${node.status}  engine ${node.engineVersion}`}
				</Text>
			))}
		</Box>
	);
}

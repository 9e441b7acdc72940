/**
 * Compose projects (issue 7): containers grouped by their
 * com.docker.compose.project and .service labels, a project collapsible with
 * Enter. The container keys (u, x, r, K, p, P, d, D) act on every container
 * of the selected project or service, confirmed like any other action when
 * dangerous. Render only.
 */
import {Box, Text} from 'ink';
import React, {useMemo, useRef, useState} from 'react';
import type {ContainerAction} from '../../model/action-rules.js';
import {type ComposeGroup, composeGroups} from '../../model/compose.js';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {runContainerAction} from '../../hooks/use-container-actions.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {useServices} from '../app-context.js';
import {type Cell, type Column, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {theme} from '../theme.js';
import type {PaneProps} from './registry.js';

const COLUMNS: readonly Column[] = [
	{key: 'name', title: 'PROJECT / SERVICE', grow: 3, isIdentity: true},
	{key: 'running', title: 'RUNNING', width: 9},
	{key: 'states', title: 'STATES', grow: 2, dropOrder: 2},
	{key: 'images', title: 'IMAGES', grow: 3, dropOrder: 1},
];

function statesOf(group: ComposeGroup): string {
	const counts = new Map<string, number>();
	for (const container of group.containers) counts.set(container.state, (counts.get(container.state) ?? 0) + 1);
	return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}

function cellsOf(group: ComposeGroup, collapsed: ReadonlySet<string>): Cell[] {
	const isAllUp = group.running === group.containers.length;
	const name = group.kind === 'project' ? `${collapsed.has(group.project) ? '▸' : '▾'} ${group.project}` : `   ${group.service || '(no service)'}`;
	return [
		{text: name, color: group.kind === 'project' ? theme.accent : undefined},
		{text: `${group.running}/${group.containers.length}`, color: isAllUp ? theme.success : group.running === 0 ? theme.muted : theme.warning},
		{text: statesOf(group), color: theme.muted},
		{text: [...new Set(group.containers.map(container => container.image))].join(', ')},
	];
}

const rowKey = (group: ComposeGroup) => group.key;

const ACTIONS: ReadonlyArray<[string, ContainerAction, boolean?]> = [
	['containers.start', 'start'],
	['containers.stop', 'stop'],
	['containers.restart', 'restart'],
	['containers.kill', 'kill'],
	['containers.pause', 'pause'],
	['containers.unpause', 'unpause'],
	['containers.remove', 'remove'],
	['containers.removeWithVolumes', 'remove', true],
];

export function ComposePane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const all = useObservable(services.containers);
	const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
	const filterField = useTextField({isActive, remember: 'filter', isNewOnOpen: true});
	const filter = filterField.value;
	const rows = useMemo(() => {
		const groups = composeGroups(all, collapsed);
		return filter ? groups.filter(group => group.project.includes(filter) || (group.service ?? '').includes(filter)) : groups;
	}, [all, collapsed, filter]);
	const keys = useMemo(() => rows.map(rowKey), [rows]);
	const tableHeight = Math.max(1, height - 3);
	const list = useListState(keys, tableHeight, 'selected');
	// Rows start below the title line and the column header.
	useListMouse(list, {firstRowY: top + 2, visibleRows: tableHeight, rowCount: rows.length, isActive});
	const latest = useRef(rows);
	latest.current = rows;
	// The group under the cursor at the key press, with the containers it held then.
	const current = () => {
		const key = list.currentKey();
		return latest.current.find(group => group.key === key);
	};
	const cellCache = useMemo(() => new WeakMap<ComposeGroup, Cell[]>(), [collapsed]);
	const cells = (group: ComposeGroup) => {
		let cached = cellCache.get(group);
		if (!cached) cellCache.set(group, (cached = cellsOf(group, collapsed)));
		return cached;
	};

	const handlers = Object.fromEntries(
		ACTIONS.map(([id, action, removeVolumes]) => [
			id,
			() => {
				const group = current();
				if (!group) return services.notify(`nothing to ${action}: no project selected`, 'info');
				void runContainerAction(services, action, group.containers, removeVolumes);
			},
		]),
	);
	useCommands(
		['list', 'containers'],
		{
			...listMovement(list, tableHeight, rows.length),
			'list.filter': filterField.open,
			'list.clearFilter': () => filterField.setValue(''),
			'containers.details': () => {
				const group = current();
				if (!group) return;
				setCollapsed(before => {
					const next = new Set(before);
					if (next.has(group.project)) next.delete(group.project);
					else next.add(group.project);
					return next;
				});
				list.selectKey(`p\u0000${group.project}`);
			},
			...handlers,
		},
		{isActive, isReadOnly: services.isReadOnly},
	);

	const projects = rows.filter(group => group.kind === 'project').length;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">Compose {projects} {projects === 1 ? 'project' : 'projects'} · Enter opens or closes a project · keys act on the whole selected project or service</Text>
			<Table
				columns={COLUMNS}
				rows={rows}
				rowKey={rowKey}
				cellsOf={cells}
				selectedIndex={list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				emptyText={!services.containers.isLoaded ? 'loading…' : filter ? `no project matches "${filter}"` : 'no Compose projects (containers with a com.docker.compose.project label)'}
			/>
			{filterField.isOpen || filter ? <TextInput label="filter: " value={filter} isActive={filterField.isOpen} /> : null}
		</Box>
	);
}

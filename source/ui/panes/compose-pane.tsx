/**
 * Compose projects (issue 7): containers grouped by their
 * com.docker.compose.project and .service labels, a project collapsible with
 * Enter. The container keys (u, x, r, K, p, P, d, D) act on every container
 * of the selected project or service, confirmed like any other action when
 * dangerous. Render only.
 */
import {Text} from 'ink';
import {useMemo, useState} from 'react';
import type {ContainerAction} from '../../model/action-rules.js';
import {type ComposeGroup, composeGroups} from '../../model/compose.js';
import {useCommands} from '../../hooks/use-commands.js';
import {runContainerAction} from '../../hooks/use-container-actions.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import type {Cell} from '../components/table.js';
import {COMPOSE_COLUMNS, composeCells, composeKey, matchesComposeGroup} from '../format/compose-row.js';
import type {PaneProps} from './registry.js';

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
	const groups = useMemo(() => composeGroups(all, collapsed), [all, collapsed]);
	// The filter's line is always kept: the table's height does not change when it opens.
	const pane = useListPane({rows: groups, rowKey: composeKey, matches: matchesComposeGroup, height, top, isActive, isFilterLineKept: true});
	const {list, filter} = pane;
	// The group under the cursor at the key press, with the containers it held then.
	const current = pane.current;
	// Cells depend on the group and on which projects are collapsed: one cache per collapsed set.
	const cellCache = useMemo(() => ({collapsed, byGroup: new WeakMap<ComposeGroup, Cell[]>()}), [collapsed]);
	const cells = (group: ComposeGroup) => {
		let cached = cellCache.byGroup.get(group);
		if (!cached) cellCache.byGroup.set(group, (cached = composeCells(group, cellCache.collapsed)));
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
			...pane.handlers,
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
		{isActive, isReadOnly: services.isReadOnly, describe: {'containers.details': {description: 'open or close the selected project (its services below it)', hint: 'open'}}},
	);

	const projects = pane.shown.filter(group => group.kind === 'project').length;
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={COMPOSE_COLUMNS}
			rowKey={composeKey}
			cellsOf={cells}
			emptyText={!services.containers.isLoaded ? 'loading…' : filter.text ? `no project matches "${filter.text}"` : 'no Compose projects (containers with a com.docker.compose.project label)'}
			header={
				<Text bold wrap="truncate">
					Compose {projects} {projects === 1 ? 'project' : 'projects'} · Enter opens or closes a project · keys act on the whole selected project or service
				</Text>
			}
		/>
	);
}

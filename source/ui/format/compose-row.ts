/** A compose project or service as a row of the Compose pane: its cells and the filter. */
import type {ComposeGroup} from '../../model/compose.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';

export const COMPOSE_COLUMNS: readonly Column[] = [
	{key: 'name', title: 'PROJECT / SERVICE', grow: 3, isIdentity: true},
	{key: 'running', title: 'RUNNING', width: 9},
	{key: 'states', title: 'STATES', grow: 2, dropOrder: 2},
	{key: 'images', title: 'IMAGES', grow: 3, dropOrder: 1},
];

/** "2 running, 1 exited": how many of the group's containers are in each state, in the order first met. */
export function composeStates(group: ComposeGroup): string {
	const counts = new Map<string, number>();
	for (const container of group.containers) counts.set(container.state, (counts.get(container.state) ?? 0) + 1);
	return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}

/** A project row shows ▸ when `collapsed` holds it, ▾ when open; a service row is indented under it. */
export function composeCells(group: ComposeGroup, collapsed: ReadonlySet<string>, theme: Theme): Cell[] {
	const isAllUp = group.running === group.containers.length;
	const name = group.kind === 'project' ? `${collapsed.has(group.project) ? '▸' : '▾'} ${group.project}` : `   ${group.service || '(no service)'}`;
	return [
		{text: name, color: group.kind === 'project' ? theme.accent : undefined},
		{text: `${group.running}/${group.containers.length}`, color: isAllUp ? theme.success : group.running === 0 ? theme.muted : theme.warning},
		{text: composeStates(group), color: theme.muted},
		{text: [...new Set(group.containers.map(container => container.image))].join(', ')},
	];
}

export const composeKey = (group: ComposeGroup) => group.key;

/** The project or service name contains the text (case as typed). */
export function matchesComposeGroup(group: ComposeGroup, filter: string): boolean {
	return group.project.includes(filter) || (group.service ?? '').includes(filter);
}

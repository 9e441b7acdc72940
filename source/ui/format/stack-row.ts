/** A compose stack (project or service, from files and labels) as a row of the Compose pane: columns, states, cells and the filter. */
import type {StackRow} from '../../model/compose.js';
import {onEngineKey} from '../../model/multi-engine.js';
import type {Theme} from '../theme.js';
import type {Cell, Column} from './columns.js';

export const STACK_COLUMNS: readonly Column[] = [
	{key: 'name', title: 'PROJECT / SERVICE', grow: 3},
	{key: 'running', title: 'RUNNING', width: 9},
	{key: 'states', title: 'STATES', grow: 3, dropOrder: 2},
	{key: 'image', title: 'IMAGE / FILE', grow: 3, dropOrder: 1},
];

/** "2 running (1 healthy, 1 starting), 1 exited": each state with the health of those that report one. */
export function statesText(row: StackRow): string {
	if (row.containers.length === 0) {
		if (row.kind === 'project') return row.stack?.problem ? `down · ${row.stack.problem}` : 'down';
		if (!row.definition) return '';
		return row.isEnabled ? 'not created' : `off: profile ${row.definition.profiles.join(', ')}`;
	}
	const counts = new Map<string, {count: number; health: Map<string, number>}>();
	for (const container of row.containers) {
		const entry = counts.get(container.state) ?? {count: 0, health: new Map()};
		entry.count += 1;
		if (container.health) entry.health.set(container.health, (entry.health.get(container.health) ?? 0) + 1);
		counts.set(container.state, entry);
	}
	return [...counts]
		.map(([state, {count, health}]) => `${count} ${state}${health.size > 0 ? ` (${[...health].map(([name, n]) => `${n} ${name}`).join(', ')})` : ''}`)
		.join(', ');
}

/** A row's cells; a project shows ▸ when `collapsed` holds it (by name, after its engine's with several), ▾ otherwise. */
export function stackCells(row: StackRow, collapsed: ReadonlySet<string>, theme: Theme): Cell[] {
	const total = row.containers.length;
	const isAllUp = total > 0 && row.running === total;
	const isOff = row.kind === 'service' && !row.isEnabled;
	const profiles = row.kind === 'project' && row.stack?.profiles.length ? ` [${row.stack.profiles.join(' ')}]` : '';
	const name = row.kind === 'project' ? `${collapsed.has(onEngineKey(row.engine, row.project)) ? '▸' : '▾'} ${row.project}${profiles}` : `   ${row.service || '(no service)'}`;
	const image =
		row.kind === 'project' && row.stack?.source.files.length
			? row.stack.source.files.join(', ')
			: row.definition
				? `${row.definition.image}${row.definition.hasBuild ? ' (build)' : ''}`
				: [...new Set(row.containers.map(container => container.image))].join(', ');
	const hasUnhealthy = row.containers.some(container => container.health === 'unhealthy');
	return [
		{text: name, color: row.kind === 'project' ? theme.accent : isOff ? theme.muted : undefined},
		{text: `${row.running}/${total}`, color: isAllUp ? theme.success : row.running === 0 ? theme.muted : theme.warning},
		{text: statesText(row), color: hasUnhealthy ? theme.danger : row.kind === 'project' && row.stack?.problem ? theme.warning : theme.muted},
		{text: image, color: isOff ? theme.muted : undefined},
	];
}

// Case as typed: project and service names are compared as compose writes them.
export const matchesStackRow = (row: StackRow, filter: string) => row.project.includes(filter) || (row.service ?? '').includes(filter);

/**
 * A swarm task as a row of the Swarm pane's task list, in the columns of
 * `docker service ps` (issue 21): ID, NAME (an older task of the same slot
 * under its newest one, marked `\_`), NODE, DESIRED, CURRENT (state and how
 * long ago it entered it) and the engine's error or message.
 */
import type {Cell, Column} from './columns.js';
import type {TaskRow} from '../../model/swarm-tasks.js';
import type {SwarmTask} from '../../model/swarm-types.js';
import type {Theme} from '../theme.js';
import {formatAge} from './units.js';

export const TASK_COLUMNS: readonly Column[] = [
	{key: 'id', title: 'ID', width: 12, dropOrder: 2},
	{key: 'name', title: 'NAME', grow: 2, isIdentity: true},
	// A host name names a node: dropped whole rather than cut to a sliver (issue 18).
	{key: 'node', title: 'NODE', grow: 1, dropOrder: 1, minWidth: 16},
	{key: 'desired', title: 'DESIRED', width: 8},
	{key: 'current', title: 'CURRENT', width: 18},
	{key: 'error', title: 'ERROR / MESSAGE', grow: 4, minWidth: 15},
];

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The cells of one task row; `hostnames` maps node IDs to names, `nowMs` is the clock "ago" is measured with. */
export function taskCells(row: TaskRow<SwarmTask>, serviceName: string, hostnames: ReadonlyMap<string, string>, nowMs: number, theme: Theme): Cell[] {
	const {task} = row;
	// As docker service ps names it: by slot, or a global service's task by its node's ID (the NODE column has the host).
	const name = `${serviceName}.${task.slot ?? task.nodeId}`;
	const since = Date.parse(task.stateSince);
	const current = `${capitalized(task.state)}${Number.isFinite(since) ? ` ${formatAge(Math.max(0, (nowMs - since) / 1000))} ago` : ''}`;
	const stateColor = task.state === 'running' ? theme.success : task.error || /^(failed|rejected|orphaned)$/.test(task.state) ? theme.danger : task.desiredState === 'running' ? theme.warning : theme.muted;
	return [
		{text: task.id.slice(0, 12), color: theme.muted},
		{text: row.isHistory ? ` \\_ ${name}` : name, color: row.isHistory ? theme.muted : undefined},
		{text: task.nodeId ? (hostnames.get(task.nodeId) ?? task.nodeId.slice(0, 12)) : '–', color: theme.muted},
		{text: capitalized(task.desiredState), color: theme.muted},
		{text: current, color: stateColor},
		task.error ? {text: task.error, color: theme.danger} : {text: task.message, color: theme.muted},
	];
}

/**
 * A service's tasks as `docker service ps` lists them (issue 21): every task,
 * history included, grouped by slot (by node for a global service), each
 * group's newest task first and the older ones under it as history; and the
 * counts by state that tell at a glance how many tasks exist and how they are.
 * Pure: the Swarm pane renders what these return.
 */

/** The fields of a task this module reads (source/docker/swarm.ts gives them, sanitized). */
export interface TaskFacts {
	id: string;
	slot?: number;
	nodeId: string;
	state: string;
	desiredState: string;
	createdAt: string;
}

/** One row of the task list: the task, and whether it is an older task of the slot above it. */
export interface TaskRow<T extends TaskFacts> {
	task: T;
	isHistory: boolean;
}

/** RFC 3339 timestamps with a varying number of fraction digits, compared as instants. */
export function compareTimestamps(a: string, b: string): number {
	const whole = (value: string) => Date.parse(value.replace(/\.\d+/, ''));
	const fraction = (value: string) => (/\.(\d+)/.exec(value)?.[1] ?? '').padEnd(9, '0');
	const byWhole = (whole(a) || 0) - (whole(b) || 0);
	if (byWhole !== 0) return byWhole;
	return fraction(a).localeCompare(fraction(b));
}

/**
 * Every task in `docker service ps` order: by slot (node for global services,
 * whose tasks have none), the newest task of each first, its history below it.
 */
export function orderTasks<T extends TaskFacts>(tasks: readonly T[]): Array<TaskRow<T>> {
	const groupOf = (task: T) => (task.slot === undefined ? `n:${task.nodeId}` : `s:${String(task.slot).padStart(12, '0')}`);
	const sorted = [...tasks].sort((a, b) => groupOf(a).localeCompare(groupOf(b)) || compareTimestamps(b.createdAt, a.createdAt) || a.id.localeCompare(b.id));
	return sorted.map((task, index) => ({task, isHistory: index > 0 && groupOf(sorted[index - 1]!) === groupOf(task)}));
}

// The engine's task states in the order a task goes through them; the counts list them in this order.
const STATE_ORDER = ['running', 'new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'remove'];

/** "10 (3 running, 1 pending, 6 failed)": how many tasks there are, by the state each is in now. */
export function taskCounts(tasks: ReadonlyArray<Pick<TaskFacts, 'state'>>): string {
	const counts = new Map<string, number>();
	for (const task of tasks) counts.set(task.state || 'unknown', (counts.get(task.state || 'unknown') ?? 0) + 1);
	const rank = (state: string) => (STATE_ORDER.includes(state) ? STATE_ORDER.indexOf(state) : STATE_ORDER.length);
	const parts = [...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([state, count]) => `${count} ${state}`);
	return parts.length === 0 ? '0' : `${tasks.length} (${parts.join(', ')})`;
}

/**
 * Container → table cells, with no UI: what the containers pane shows for each
 * container, and how it sorts and filters.
 */
import type {ContainerSummary, PortMapping} from '../../model/types.js';
import {stateMarker, type Theme} from '../theme.js';
import type {Cell, Column} from './columns.js';
import {dockerDuration, dockerDurationSeconds, formatAge, shortId} from './units.js';

export interface ContainerCells {
	name: string;
	state: string;
	stateColor: string | undefined;
	image: string;
	status: string;
	ports: string;
	health: string;
	project: string;
	id: string;
	age: string;
}

/** Published ports as host:container/proto, unpublished as container/proto; IPv4 and IPv6 twins once. */
export function formatPorts(ports: readonly PortMapping[]): string {
	const seen = new Set<string>();
	const parts: string[] = [];
	const sorted = [...ports].sort((a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0));
	for (const port of sorted) {
		const host = port.hostPort ? `${port.hostIp && !['0.0.0.0', '::', ''].includes(port.hostIp) ? `${port.hostIp}:` : ''}${port.hostPort}:` : '';
		const text = `${host}${port.containerPort}/${port.protocol}`;
		if (seen.has(text)) continue;
		seen.add(text);
		parts.push(text);
	}
	return parts.join(', ');
}

/** The state as words: "exited (137)" carries the exit code. */
export function stateText(container: ContainerSummary): string {
	const words = container.state === 'exited' && container.exitCode !== undefined ? `exited (${container.exitCode})` : container.state;
	return `${stateMarker(container.state)} ${words}`;
}

/**
 * The engine's status with its age moved on to `nowMs` (issue 19): the list is read every few seconds,
 * but "Up 10 seconds" must read as `docker ps` would now. Text without an age is kept as it is.
 */
export function statusNow(container: Pick<ContainerSummary, 'status' | 'listedAt'>, nowMs: number): string {
	const {status, listedAt} = container;
	if (listedAt === undefined) return status;
	const match = /^(Up|Exited \(-?\d+\)|Restarting \(-?\d+\)) (Less than a second|About an? (?:minute|hour)|\d+ (?:second|minute|hour|day|week|month|year)s?)( ago)?(.*)$/.exec(status);
	if (!match) return status;
	const seconds = dockerDurationSeconds(match[2]!);
	if (seconds === undefined) return status;
	const elapsed = Math.max(0, (nowMs - listedAt) / 1000);
	// The engine cuts to whole seconds: "Up 10 seconds" is 10.0 to 10.99. The middle halves the error (measured: a
	// second behind docker ps from the lower bound alone); coarser units keep their lower bound, never ahead.
	const isSeconds = /second/.test(match[2]!);
	return `${match[1]} ${dockerDuration(seconds + (isSeconds ? 0.5 : 0) + elapsed)}${match[3] ?? ''}${match[4]}`;
}

export function containerCells(container: ContainerSummary, nowSeconds: number, theme: Theme): ContainerCells {
	return {
		name: container.name,
		state: stateText(container),
		stateColor: theme.state[container.state].color,
		image: container.image,
		status: container.status,
		ports: formatPorts(container.ports),
		health: container.health ?? '',
		project: container.composeProject ?? '',
		id: shortId(container.id),
		age: formatAge(nowSeconds - container.created),
	};
}

/**
 * The cells of one row of the Containers pane, in CONTAINER_COLUMNS' order (the config's columns pick from them by
 * index). `status` is the STATUS text as drawn now (statusNow): the pane keeps the cells of a row while it is unchanged.
 */
export function containerRowCells(container: ContainerSummary, status: string, theme: Theme): Cell[] {
	const c = containerCells(container, 0, theme);
	return [
		{text: c.name},
		{text: c.state, color: c.stateColor},
		{text: c.image},
		{text: status, color: theme.muted},
		{text: c.ports},
		{text: c.health, color: c.health === 'unhealthy' ? theme.danger : c.health === 'healthy' ? theme.success : theme.warning},
		{text: c.project, color: theme.accent},
	];
}

export type ContainerSortKey = 'name' | 'state' | 'image' | 'created' | 'project';

export const CONTAINER_SORT_KEYS: readonly ContainerSortKey[] = ['name', 'state', 'image', 'created', 'project'];

// Running things first when sorting by state: that is what people look for.
const STATE_ORDER: Record<string, number> = {running: 0, restarting: 1, paused: 2, created: 3, removing: 4, exited: 5, dead: 6, unknown: 7};

function compareBy(key: ContainerSortKey, a: ContainerSummary, b: ContainerSummary): number {
	switch (key) {
		case 'name':
			return a.name.localeCompare(b.name);
		case 'state':
			return (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9);
		case 'image':
			return a.image.localeCompare(b.image);
		case 'created':
			return b.created - a.created;
		case 'project':
			return (a.composeProject ?? '\uffff').localeCompare(b.composeProject ?? '\uffff');
	}
}

/**
 * Whether the rows run descending (newest first) for a key and the reverse flag: the sort arrow
 * says that and nothing else, ↑ ascending and ↓ descending, in every pane (issue 20).
 */
export function isDescendingOrder(key: ContainerSortKey, isReversed: boolean): boolean {
	return (key === 'created') !== isReversed;
}

/** Sorts a copy; ties fall back to the name, then the ID, so the order is stable across relists. */
export function sortContainers<R extends ContainerSummary>(list: readonly R[], key: ContainerSortKey, isDescending = false): R[] {
	const direction = isDescending ? -1 : 1;
	return [...list].sort((a, b) => direction * (compareBy(key, a, b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)));
}

/** Case-insensitive substring match over what the row shows (name, image, state, status, ports, project, ID). */
export function matchesFilter(container: ContainerSummary, filter: string): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return (
		container.name.toLowerCase().includes(needle) ||
		container.image.toLowerCase().includes(needle) ||
		container.state.includes(needle) ||
		container.status.toLowerCase().includes(needle) ||
		(container.composeProject ?? '').toLowerCase().includes(needle) ||
		container.id.startsWith(needle) ||
		formatPorts(container.ports).includes(needle)
	);
}

/** The containers pane's columns; the config's `columns.containers` picks and orders them. */
export const CONTAINER_COLUMNS: readonly Column[] = [
	// At 80 columns HEALTH goes first (STATUS says it too), then PROJECT (the Compose pane has it), IMAGE, PORTS (issue 18).
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'state', title: 'STATE', width: 14},
	{key: 'image', title: 'IMAGE', grow: 3, dropOrder: 3, minWidth: 12},
	{key: 'created', title: 'STATUS', grow: 3, dropOrder: 1, minWidth: 12},
	{key: 'ports', title: 'PORTS', grow: 3, dropOrder: 2},
	{key: 'health', title: 'HEALTH', width: 9, dropOrder: 5},
	{key: 'project', title: 'PROJECT', grow: 2, dropOrder: 4},
];

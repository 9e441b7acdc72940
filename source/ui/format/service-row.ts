/** A swarm service as a row of the Swarm pane: its cells, the filter and the sort orders (issues 7, 21). */
import type {SwarmService} from '../../model/swarm-types.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';

export const SERVICE_COLUMNS: readonly Column[] = [
	{key: 'name', title: 'SERVICE', grow: 2, isIdentity: true},
	{key: 'mode', title: 'MODE', width: 14},
	{key: 'replicas', title: 'REPLICAS', width: 9},
	// Dropped whole rather than cut to a sliver (issue 18): an image keeps as much as the containers pane's,
	// a port its published:target/protocol, an update state its word.
	{key: 'image', title: 'IMAGE', grow: 3, dropOrder: 2, minWidth: 12},
	{key: 'ports', title: 'PORTS', grow: 2, dropOrder: 1, minWidth: 13},
	{key: 'update', title: 'UPDATE', grow: 1, dropOrder: 3, minWidth: 9},
];

export function serviceCells(service: SwarmService, theme: Theme): Cell[] {
	return [
		{text: service.name},
		{text: service.mode},
		{text: `${service.running}/${service.desired}`, color: service.running >= service.desired ? theme.success : theme.warning},
		{text: service.image},
		{text: service.ports.join(', ') || '–', color: theme.muted},
		{text: service.updateState ?? '–', color: service.updateState && /paused|rollback/.test(service.updateState) ? theme.danger : theme.muted},
	];
}

/** The orders `s` cycles through; replicas puts the services missing the most tasks first. */
export const SERVICE_SORT_KEYS = ['name', 'replicas', 'mode', 'image'] as const;
export type ServiceSortKey = (typeof SERVICE_SORT_KEYS)[number];

export function sortServices(services: readonly SwarmService[], key: ServiceSortKey, isDescending = false): SwarmService[] {
	const compare = (a: SwarmService, b: SwarmService): number => {
		if (key === 'replicas') return a.running - a.desired - (b.running - b.desired);
		if (key === 'mode') return a.mode.localeCompare(b.mode);
		if (key === 'image') return a.image.localeCompare(b.image);
		return 0;
	};
	const sorted = [...services].sort((a, b) => compare(a, b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	return isDescending ? sorted.reverse() : sorted;
}

/** Whether the filter text (any case) is in the service's name, image or ID. */
export function matchesService(service: SwarmService, filter: string): boolean {
	const needle = filter.toLowerCase();
	return service.name.toLowerCase().includes(needle) || service.image.toLowerCase().includes(needle) || service.id.toLowerCase().startsWith(needle);
}

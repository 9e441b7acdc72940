/** A volume as a row of the Volumes pane: the rows from the inventory, their cells and the filter. */
import type {Inventory, InventoryVolume} from '../../model/prune-plan.js';
import {matchesText} from '../../model/text-match.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';
import {formatBytes} from './units.js';

export const VOLUME_COLUMNS: readonly Column[] = [
	// The mountpoint is the volume's name under the engine's root: it goes first at 80 columns (issue 18).
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'driver', title: 'DRIVER', width: 8, dropOrder: 2},
	{key: 'mountpoint', title: 'MOUNTPOINT', grow: 3, dropOrder: 3, minWidth: 40},
	{key: 'size', title: 'SIZE', width: 8, align: 'right'},
	{key: 'users', title: 'USED BY', grow: 2, dropOrder: 1},
];

export interface VolumeRow {
	volume: InventoryVolume;
	/** Names of the containers that mount it. */
	users: string[];
}

/** Every volume with its users, largest first (unmeasured last), then by name. */
export function volumeRows(inventory: Pick<Inventory, 'volumes' | 'containers'> | undefined): VolumeRow[] {
	if (!inventory) return [];
	return inventory.volumes
		.map(volume => ({volume, users: inventory.containers.filter(container => container.volumes.includes(volume.name)).map(container => container.name)}))
		.sort((a, b) => (b.volume.size ?? -1) - (a.volume.size ?? -1) || a.volume.name.localeCompare(b.volume.name));
}

export const volumeKey = (row: VolumeRow) => row.volume.name;

export function volumeCells(row: VolumeRow, theme: Theme): Cell[] {
	return [
		{text: row.volume.isAnonymous ? `${row.volume.name.slice(0, 12)} (anonymous)` : row.volume.name},
		{text: row.volume.driver},
		{text: row.volume.mountpoint, color: theme.muted},
		{text: formatBytes(row.volume.size)},
		{text: row.users.length > 0 ? row.users.join(', ') : '– unused', color: row.users.length > 0 ? undefined : theme.warning},
	];
}

export function matchesVolume(row: VolumeRow, filter: string): boolean {
	return matchesText(filter, row.volume.name, row.volume.driver, row.volume.mountpoint, ...row.users);
}

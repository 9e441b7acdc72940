/** A volume as a row of the Volumes pane: the rows from the inventory, their cells and the filter. */
import type {Inventory, InventoryVolume} from '../../model/prune-plan.js';
import {onEngineKey} from '../../model/multi-engine.js';
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
	/** With several engines, the one it is on (issue 14). */
	engine?: string;
	volume: InventoryVolume;
	/** Names of the containers that mount it. */
	users: string[];
}

/** Every volume with its users, largest first (unmeasured last), then by name. */
export function volumeRows(inventory: Pick<Inventory, 'volumes' | 'containers'> | undefined): VolumeRow[] {
	if (!inventory) return [];
	return inventory.volumes
		.map(volume => ({volume, users: inventory.containers.filter(container => container.volumes.includes(volume.name)).map(container => container.name)}))
		.sort(compareVolumeRows);
}

/** Largest first (unmeasured last), then by name. */
export function compareVolumeRows(a: VolumeRow, b: VolumeRow): number {
	return (b.volume.size ?? -1) - (a.volume.size ?? -1) || a.volume.name.localeCompare(b.volume.name);
}

/** The volume's name, after its engine's with several engines (two engines can hold a volume of one name). */
export const volumeKey = (row: VolumeRow) => onEngineKey(row.engine, row.volume.name);

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

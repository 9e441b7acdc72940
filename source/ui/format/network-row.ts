/** A network as a row of the Networks pane: the rows from the inventory, their cells and the filter. */
import {type Inventory, type InventoryNetwork, isSystemNetwork} from '../../model/prune-plan.js';
import {matchesText} from '../../model/text-match.js';
import {onEngineKey} from '../../model/multi-engine.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';

export const NETWORK_COLUMNS: readonly Column[] = [
	{key: 'name', title: 'NAME', grow: 2, isIdentity: true},
	{key: 'driver', title: 'DRIVER', width: 8, dropOrder: 3},
	{key: 'scope', title: 'SCOPE', width: 6, dropOrder: 4},
	{key: 'subnet', title: 'SUBNET', grow: 2, dropOrder: 2, minWidth: 14},
	{key: 'containers', title: 'CONTAINERS', grow: 3, dropOrder: 1},
];

export interface NetworkRow {
	/** With several engines, the one it is on (issue 14). */
	engine?: string;
	network: InventoryNetwork;
	/** Names of the containers attached to it. */
	users: string[];
}

/** Every network with its containers, by name. */
export function networkRows(inventory: Pick<Inventory, 'networks' | 'containers'> | undefined): NetworkRow[] {
	if (!inventory) return [];
	return inventory.networks
		.map(network => ({network, users: inventory.containers.filter(container => container.networks.includes(network.id)).map(container => container.name)}))
		.sort((a, b) => a.network.name.localeCompare(b.network.name));
}

/** The network's ID, after its engine's with several engines. */
export const networkKey = (row: NetworkRow) => onEngineKey(row.engine, row.network.id);

export function networkCells(row: NetworkRow, theme: Theme): Cell[] {
	return [
		{text: isSystemNetwork(row.network.name) ? `${row.network.name} (default)` : row.network.name},
		{text: row.network.driver},
		{text: row.network.scope},
		{text: row.network.subnets.join(', ') || '–', color: theme.muted},
		{text: row.users.length > 0 ? row.users.join(', ') : '– none', color: row.users.length > 0 ? undefined : theme.warning},
	];
}

/** The name, driver, scope, subnets or containers contain the text (any case), or the ID starts with it. */
export function matchesNetwork(row: NetworkRow, filter: string): boolean {
	return matchesText(filter, row.network.name, row.network.driver, row.network.scope, ...row.network.subnets, ...row.users) || row.network.id.startsWith(filter);
}

/** The networks pane: name, driver, scope, subnets and the attached containers. Render only. */
import {Box, Text} from 'ink';
import React, {useMemo} from 'react';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useInventory} from '../../hooks/use-inventory.js';
import {matchesText, useListFilter} from '../../hooks/use-list-filter.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import {type InventoryNetwork, isSystemNetwork} from '../../model/prune-plan.js';
import {useServices} from '../app-context.js';
import {type Cell, type Column, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {formatAge} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import {theme} from '../theme.js';
import type {PaneProps} from './registry.js';
import {removeObject} from './remove-objects.js';

const COLUMNS: readonly Column[] = [
	{key: 'name', title: 'NAME', grow: 2, isIdentity: true},
	{key: 'driver', title: 'DRIVER', width: 8, dropOrder: 3},
	{key: 'scope', title: 'SCOPE', width: 6, dropOrder: 4},
	{key: 'subnet', title: 'SUBNET', grow: 2, dropOrder: 2, minWidth: 14},
	{key: 'containers', title: 'CONTAINERS', grow: 3, dropOrder: 1},
];

interface NetworkRow {
	network: InventoryNetwork;
	users: string[];
}

const rowKey = (row: NetworkRow) => row.network.id;
const cellsOf = (row: NetworkRow): Cell[] => [
	{text: isSystemNetwork(row.network.name) ? `${row.network.name} (default)` : row.network.name},
	{text: row.network.driver},
	{text: row.network.scope},
	{text: row.network.subnets.join(', ') || '–', color: theme.muted},
	{text: row.users.length > 0 ? row.users.join(', ') : '– none', color: row.users.length > 0 ? undefined : theme.warning},
];

export function NetworksPane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const {store, state, protect, now} = useInventory(isActive);
	const filter = useListFilter(isActive);
	const allRows = useMemo(() => {
		const inventory = state.inventory;
		if (!inventory) return [];
		return inventory.networks
			.map(network => ({network, users: inventory.containers.filter(container => container.networks.includes(network.id)).map(container => container.name)}))
			.sort((a, b) => a.network.name.localeCompare(b.network.name));
	}, [state.inventory]);
	const rows = useMemo(
		() =>
			filter.text
				? allRows.filter(row => matchesText(filter.text, row.network.name, row.network.driver, row.network.scope, ...row.network.subnets, ...row.users) || row.network.id.startsWith(filter.text))
				: allRows,
		[allRows, filter.text],
	);
	const keys = useMemo(() => rows.map(rowKey), [rows]);
	const tableHeight = Math.max(1, height - 2 - (filter.isShown ? 1 : 0));
	const list = useListState(keys, tableHeight, 'selected');
	// Rows start below the title line and the column header.
	useListMouse(list, {firstRowY: top + 2, visibleRows: tableHeight, rowCount: rows.length, isActive});
	const selected = rows[list.selectedIndex];
	usePublishTarget('networks', selected && {kind: 'network', id: selected.network.id, name: selected.network.name});

	useCommands(
		['networks', 'list'],
		{
			...listMovement(list, tableHeight, rows.length),
			...filter.handlers,
			'networks.remeasure': () => store.refresh(),
			'networks.remove': () => {
				// The row the cursor is on as of the last key: "j d" in one burst names the row moved to (issue 22).
				const key = list.currentKey();
				if (key) void removeObject(services, store, protect, 'network', key);
			},
		},
		{isActive, isReadOnly: services.isReadOnly},
	);

	const status = state.error ? `✗ ${state.error}` : state.loadingSince !== undefined ? `⟳ loading… ${formatAge((now - state.loadingSince) / 1000)}` : '';
	return (
		<Box flexDirection="column" width={width} height={height}>
			<TitleBar title={[{text: `Networks ${filter.text ? `${rows.length} of ${allRows.length}` : rows.length}`}]} aside={status} asideColor={state.error ? theme.danger : theme.muted} width={width} />
			<Table
				columns={COLUMNS}
				rows={rows}
				rowKey={rowKey}
				cellsOf={cellsOf}
				selectedIndex={list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				emptyText={!state.inventory ? 'loading…' : filter.text ? `no network matches "${filter.text}"` : 'no networks'}
			/>
			{filter.isShown ? <TextInput label="filter: " value={filter.text} isActive={filter.field.isOpen} /> : null}
		</Box>
	);
}

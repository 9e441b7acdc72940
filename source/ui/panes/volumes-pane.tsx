/** The volumes pane: name, driver, mountpoint, size and the containers using each volume. Render only. */
import {Box, Text} from 'ink';
import React, {useMemo} from 'react';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useInventory} from '../../hooks/use-inventory.js';
import {matchesText, useListFilter} from '../../hooks/use-list-filter.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import type {InventoryVolume} from '../../model/prune-plan.js';
import {useServices} from '../app-context.js';
import {type Cell, type Column, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {formatAge, formatBytes} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import {theme} from '../theme.js';
import type {PaneProps} from './registry.js';
import {removeObject} from './remove-objects.js';

const COLUMNS: readonly Column[] = [
	// The mountpoint is the volume's name under the engine's root: it goes first at 80 columns (issue 18).
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'driver', title: 'DRIVER', width: 8, dropOrder: 2},
	{key: 'mountpoint', title: 'MOUNTPOINT', grow: 3, dropOrder: 3, minWidth: 40},
	{key: 'size', title: 'SIZE', width: 8, align: 'right'},
	{key: 'users', title: 'USED BY', grow: 2, dropOrder: 1},
];

interface VolumeRow {
	volume: InventoryVolume;
	users: string[];
}

const rowKey = (row: VolumeRow) => row.volume.name;
const cellsOf = (row: VolumeRow): Cell[] => [
	{text: row.volume.isAnonymous ? `${row.volume.name.slice(0, 12)} (anonymous)` : row.volume.name},
	{text: row.volume.driver},
	{text: row.volume.mountpoint, color: theme.muted},
	{text: formatBytes(row.volume.size)},
	{text: row.users.length > 0 ? row.users.join(', ') : '– unused', color: row.users.length > 0 ? undefined : theme.warning},
];

export function VolumesPane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const {store, state, protect, now} = useInventory(isActive);
	const filter = useListFilter(isActive);
	const allRows = useMemo(() => {
		const inventory = state.inventory;
		if (!inventory) return [];
		return inventory.volumes
			.map(volume => ({volume, users: inventory.containers.filter(container => container.volumes.includes(volume.name)).map(container => container.name)}))
			.sort((a, b) => (b.volume.size ?? -1) - (a.volume.size ?? -1) || a.volume.name.localeCompare(b.volume.name));
	}, [state.inventory]);
	const rows = useMemo(
		() => (filter.text ? allRows.filter(row => matchesText(filter.text, row.volume.name, row.volume.driver, row.volume.mountpoint, ...row.users)) : allRows),
		[allRows, filter.text],
	);
	const keys = useMemo(() => rows.map(rowKey), [rows]);
	const tableHeight = Math.max(1, height - 2 - (filter.isShown ? 1 : 0));
	const list = useListState(keys, tableHeight, 'selected');
	// Rows start below the title line and the column header.
	useListMouse(list, {firstRowY: top + 2, visibleRows: tableHeight, rowCount: rows.length, isActive});
	usePublishTarget('volumes', list.selectedKey === undefined ? undefined : {kind: 'volume', id: list.selectedKey, name: list.selectedKey});

	useCommands(
		['volumes', 'list'],
		{
			...listMovement(list, tableHeight, rows.length),
			...filter.handlers,
			'volumes.remeasure': () => store.refresh(),
			'volumes.remove': () => {
				// The row the cursor is on as of the last key: "j d" in one burst names the row moved to (issue 22).
				const key = list.currentKey();
				if (key) void removeObject(services, store, protect, 'volume', key);
			},
		},
		{isActive, isReadOnly: services.isReadOnly},
	);

	const unused = allRows.filter(row => row.users.length === 0).length;
	const status = state.error
		? `✗ ${state.error}`
		: state.loadingSince !== undefined
			? `⟳ measuring… ${formatAge((now - state.loadingSince) / 1000)}`
			: '';
	return (
		<Box flexDirection="column" width={width} height={height}>
			<TitleBar title={[{text: `Volumes ${filter.text ? `${rows.length} of ${allRows.length}` : rows.length} · ${unused} unused`}]} aside={status} asideColor={state.error ? theme.danger : theme.muted} width={width} />
			<Table
				columns={COLUMNS}
				rows={rows}
				rowKey={rowKey}
				cellsOf={cellsOf}
				selectedIndex={list.selectedIndex}
				offset={list.offset}
				height={tableHeight}
				width={width}
				sortKey="size"
				isSortDescending
				emptyText={!state.inventory ? 'loading…' : filter.text ? `no volume matches "${filter.text}"` : 'no volumes'}
			/>
			{filter.isShown ? <TextInput label="filter: " value={filter.text} isActive={filter.field.isOpen} /> : null}
		</Box>
	);
}

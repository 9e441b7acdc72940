/** The volumes pane: name, driver, mountpoint, size and the containers using each volume. Render only. */
import {useMemo} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useInventory} from '../../hooks/use-inventory.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import {formatAge} from '../format/units.js';
import {matchesVolume, VOLUME_COLUMNS, volumeCells, volumeKey, volumeRows} from '../format/volume-row.js';
import {TitleBar} from '../components/title-bar.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {removeObject} from './remove-objects.js';

export function VolumesPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const rowCells = useRowCells('cells', volumeCells);
	const services = useServices();
	const {store, state, protect, now} = useInventory(isActive);
	const allRows = useMemo(() => volumeRows(state.inventory), [state.inventory]);
	const pane = useListPane({rows: allRows, rowKey: volumeKey, matches: matchesVolume, height, top, isActive, jumpPane: 'volumes'});
	const {list, filter} = pane;
	usePublishTarget('volumes', list.selectedKey === undefined ? undefined : {kind: 'volume', id: list.selectedKey, name: list.selectedKey});

	useCommands(
		['volumes', 'list'],
		{
			...pane.handlers,
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
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={VOLUME_COLUMNS}
			rowKey={volumeKey}
			cellsOf={rowCells}
			sortKey="size"
			isSortDescending
			emptyText={!state.inventory ? 'loading…' : filter.text ? `no volume matches "${filter.text}"` : 'no volumes'}
			header={
				<TitleBar title={[{text: `Volumes ${pane.countText} · ${unused} unused`}]} aside={status} asideColor={state.error ? theme.danger : theme.muted} width={width} />
			}
		/>
	);
}

/** The networks pane: name, driver, scope, subnets and the attached containers. Render only. */
import {useMemo} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useInventory} from '../../hooks/use-inventory.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import {matchesNetwork, NETWORK_COLUMNS, networkCells, networkKey, networkRows} from '../format/network-row.js';
import {formatAge} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {removeObject} from './remove-objects.js';

export function NetworksPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const rowCells = useRowCells('cells', networkCells);
	const services = useServices();
	const {store, state, protect, now} = useInventory(isActive);
	const allRows = useMemo(() => networkRows(state.inventory), [state.inventory]);
	const pane = useListPane({rows: allRows, rowKey: networkKey, matches: matchesNetwork, height, top, isActive, jumpPane: 'networks'});
	const {list, filter, selected} = pane;
	usePublishTarget('networks', selected && {kind: 'network', id: selected.network.id, name: selected.network.name});

	useCommands(
		['networks', 'list'],
		{
			...pane.handlers,
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
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={NETWORK_COLUMNS}
			rowKey={networkKey}
			cellsOf={rowCells}
			emptyText={!state.inventory ? 'loading…' : filter.text ? `no network matches "${filter.text}"` : 'no networks'}
			header={
				<TitleBar title={[{text: `Networks ${pane.countText}`}]} aside={status} asideColor={state.error ? theme.danger : theme.muted} width={width} />
			}
		/>
	);
}

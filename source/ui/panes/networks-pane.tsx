/** The networks pane: name, driver, scope, subnets and the attached containers. Render only. */
import {useCommands} from '../../hooks/use-commands.js';
import {useInventoryRows} from '../../hooks/use-inventory.js';
import {refusingOnDownEngine, useEngineList, useUnansweringNote} from '../components/engine-scope.js';
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
	// Every engine's networks with several engines (issue 14), each removed on its own engine.
	const {rows: allRows, inventoryOf, refresh, protect, now, isLoaded, error, notice, loadingSince} = useInventoryRows(isActive, networkRows);
	const listNetwork = useEngineList(NETWORK_COLUMNS, rowCells, matchesNetwork);
	const pane = useListPane({rows: allRows, rowKey: networkKey, matches: listNetwork.matches, height, top, isActive, jumpPane: 'networks'});
	const {filter, selected} = pane;
	usePublishTarget('networks', selected && {kind: 'network', id: selected.network.id, name: selected.network.name, ...(selected.engine === undefined ? {} : {engine: selected.engine})});

	// An engine down before this pane listed it has no rows here: the title says so, not "no networks" (issue 14).
	const unanswering = useUnansweringNote(name => inventoryOf(name)?.state.inventory !== undefined);
	useCommands(
		['networks', 'list'],
		{
			...pane.handlers,
			// A down engine's rows are as last seen: removing one is refused before the dialog (issue 14).
			...refusingOnDownEngine(services, {
			'networks.remeasure': refresh,
			'networks.remove': () => {
				// The row the cursor is on as of the last key: "j d" in one burst names the row moved to (issue 22).
				const row = pane.current();
				const inventory = row && inventoryOf(row.engine);
				if (row && inventory) void removeObject(services, inventory.store, protect, 'network', row.network.id, row.engine);
			},
			}, () => pane.current()?.engine),
		},
		{isActive, isReadOnly: services.isReadOnly},
	);

	const status = error ? `✗ ${error}` : loadingSince !== undefined ? `⟳ loading… ${formatAge((now - loadingSince) / 1000)}` : notice ? `engine answer: ${notice}` : '';
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={listNetwork.columns}
			rowKey={networkKey}
			cellsOf={listNetwork.cellsOf}
			emptyText={!isLoaded ? 'loading…' : filter.text ? `no network matches "${filter.text}"` : 'no networks'}
			header={
				<TitleBar title={[{text: `Networks ${pane.countText}`}, ...(unanswering ? [{text: unanswering, color: theme.warning}] : [])]} aside={status} asideColor={error ? theme.danger : notice && loadingSince === undefined ? theme.warning : theme.muted} width={width} />
			}
		/>
	);
}

/** The volumes pane: name, driver, mountpoint, size and the containers using each volume. Render only. */
import {useMemo} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useInventoryRows} from '../../hooks/use-inventory.js';
import {refusingOnDownEngine, useEngineList, useUnansweringNote} from '../components/engine-scope.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import {formatAge} from '../format/units.js';
import {compareVolumeRows, matchesVolume, VOLUME_COLUMNS, volumeCells, volumeKey, volumeRows} from '../format/volume-row.js';
import {TitleBar} from '../components/title-bar.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {removeObject} from './remove-objects.js';

export function VolumesPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const rowCells = useRowCells('cells', volumeCells);
	const services = useServices();
	// Every engine's volumes with several engines (issue 14), each removed on its own engine.
	const {rows: engineRows, inventoryOf, refresh, protect, now, isLoaded, error, notice, loadingSince} = useInventoryRows(isActive, volumeRows);
	// Largest first across the engines, as on one.
	const allRows = useMemo(() => [...engineRows].sort(compareVolumeRows), [engineRows]);
	const listVolume = useEngineList(VOLUME_COLUMNS, rowCells, matchesVolume);
	const pane = useListPane({rows: allRows, rowKey: volumeKey, matches: listVolume.matches, height, top, isActive, jumpPane: 'volumes'});
	const {filter} = pane;
	usePublishTarget('volumes', pane.selected && {kind: 'volume', id: pane.selected.volume.name, name: pane.selected.volume.name, ...(pane.selected.engine === undefined ? {} : {engine: pane.selected.engine})});

	// An engine down before this pane listed it has no rows here: the title says so, not "no volumes" (issue 14).
	const unanswering = useUnansweringNote(name => inventoryOf(name)?.state.inventory !== undefined);
	useCommands(
		['volumes', 'list'],
		{
			...pane.handlers,
			// A down engine's rows are as last seen: removing one is refused before the dialog (issue 14).
			...refusingOnDownEngine(services, {
			'volumes.remeasure': refresh,
			'volumes.remove': () => {
				// The row the cursor is on as of the last key: "j d" in one burst names the row moved to (issue 22).
				const row = pane.current();
				const inventory = row && inventoryOf(row.engine);
				if (row && inventory) void removeObject(services, inventory.store, protect, 'volume', row.volume.name, row.engine);
			},
			}, () => pane.current()?.engine),
		},
		{isActive, isReadOnly: services.isReadOnly},
	);

	const unused = allRows.filter(row => row.users.length === 0).length;
	const status = error
		? `✗ ${error}`
		: loadingSince !== undefined
			? `⟳ measuring… ${formatAge((now - loadingSince) / 1000)}`
			: notice
				? `engine answer: ${notice}`
				: '';
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={listVolume.columns}
			rowKey={volumeKey}
			cellsOf={listVolume.cellsOf}
			sortKey="size"
			isSortDescending
			emptyText={!isLoaded ? 'loading…' : filter.text ? `no volume matches "${filter.text}"` : 'no volumes'}
			header={
				<TitleBar title={[{text: `Volumes ${pane.countText} · ${unused} unused`}, ...(unanswering ? [{text: unanswering, color: theme.warning}] : [])]} aside={status} asideColor={error ? theme.danger : notice && loadingSince === undefined ? theme.warning : theme.muted} width={width} />
			}
		/>
	);
}

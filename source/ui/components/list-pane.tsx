/**
 * The view of a list pane (hooks/use-list-pane.ts holds its state and input):
 * the lines above (title, status), the table of the filtered rows with the
 * selection, the `/` filter's line, and anything the pane puts below.
 */
import {Box} from 'ink';
import React from 'react';
import type {ListPane} from '../../hooks/use-list-pane.js';
import {type Cell, type Column, Table} from './table.js';
import {TextInput} from './text-input.js';

export interface ListPaneViewProps<T> {
	pane: ListPane<T>;
	width: number;
	height: number;
	columns: readonly Column[];
	rowKey: (row: T) => string;
	cellsOf: (row: T) => readonly Cell[];
	/** What the table says with no rows (loading, nothing matches the filter, none at all). */
	emptyText: string;
	/** The lines above the table's header: as many as the spec's linesAbove. */
	header: React.ReactNode;
	/** Below the filter's line: panels and hooks that belong to the pane. */
	footer?: React.ReactNode;
	/** Another field of the pane shown on the filter's line while it is open (the Compose pane's profiles). */
	fieldLine?: React.ReactNode;
	markedKeys?: ReadonlySet<string>;
	sortKey?: string;
	isSortDescending?: boolean;
	/** The field line after the footer, as the pane's last line (the Swarm pane's filter and scale prompt). */
	isFieldLineLast?: boolean;
	/** Draw no row selected (the Swarm pane while its cursor is on the nodes). */
	isSelectionHidden?: boolean;
}

export function ListPaneView<T>({pane, width, height, columns, rowKey, cellsOf, emptyText, header, footer, fieldLine, markedKeys, sortKey, isSortDescending, isFieldLineLast = false, isSelectionHidden = false}: ListPaneViewProps<T>) {
	const {filter} = pane;
	const field = fieldLine ?? (filter.isShown ? <TextInput label="filter: " value={filter.text} isActive={filter.field.isOpen} /> : null);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{header}
			<Table
				columns={columns}
				rows={pane.shown}
				rowKey={rowKey}
				cellsOf={cellsOf}
				selectedIndex={isSelectionHidden ? -1 : pane.list.selectedIndex}
				offset={pane.list.offset}
				height={pane.tableHeight}
				width={width}
				markedKeys={markedKeys}
				sortKey={sortKey}
				isSortDescending={isSortDescending}
				emptyText={emptyText}
			/>
			{isFieldLineLast ? null : field}
			{footer}
			{isFieldLineLast ? field : null}
		</Box>
	);
}

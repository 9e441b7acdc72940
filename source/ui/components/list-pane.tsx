/**
 * The view of a list pane (hooks/use-list-pane.ts holds its state and input):
 * the lines above (title, status), the table of the filtered rows with the
 * selection (or the pane's own rows, when they are not cells), the `/` filter's
 * line, and anything the pane puts below.
 */
import {Box} from 'ink';
import React from 'react';
import type {ListPane} from '../../hooks/use-list-pane.js';
import {type Cell, type Column, Table} from './table.js';
import {TextInput} from './text-input.js';

interface ListPaneViewBase<T, K extends string> {
	pane: ListPane<T, K>;
	width: number;
	height: number;
	/** The lines above the table's header: as many as the spec's linesAbove. */
	header: React.ReactNode;
	/** Below the filter's line: panels and hooks that belong to the pane. */
	footer?: React.ReactNode;
	/** Another field of the pane shown on the filter's line while it is open (the Compose pane's profiles). */
	fieldLine?: React.ReactNode;
	/** The field line after the footer, as the pane's last line (the Swarm pane's filter and scale prompt). */
	isFieldLineLast?: boolean;
	/** Lines between the table and the filter's line: as many as the spec's linesBelow. */
	belowTable?: React.ReactNode;
}

/** The rows as a table of cells. */
interface TableBody<T> {
	columns: readonly Column[];
	rowKey: (row: T) => string;
	cellsOf: (row: T) => readonly Cell[];
	/** What the table says with no rows (loading, nothing matches the filter, none at all). */
	emptyText: string;
	markedKeys?: ReadonlySet<string>;
	sortKey?: string;
	isSortDescending?: boolean;
	/** Draw no row selected (the Swarm pane while its cursor is on the nodes). */
	isSelectionHidden?: boolean;
	/** The table's width when it shares its lines with a panel beside it; default width. */
	tableWidth?: number;
	/** A panel to the right of the table (the Images pane's details on a wide terminal). */
	beside?: React.ReactNode;
	body?: undefined;
}

/**
 * Rows that are not cells, drawn by the pane from the same state (the file trees of the Files view and the layer
 * explorer, <TreeRows>), or what stands for them while there are none to show (loading, an error).
 */
interface OwnBody {
	body: React.ReactElement;
}

export type ListPaneViewProps<T, K extends string = string> = ListPaneViewBase<T, K> & (TableBody<T> | OwnBody);

export function ListPaneView<T, K extends string = string>(props: ListPaneViewProps<T, K>) {
	const {pane, width, height, header, footer, fieldLine, isFieldLineLast = false, belowTable} = props;
	const {filter} = pane;
	// Reopened over a filter in force, the text shows selected: typing replaces it (issue 20).
	const field = fieldLine ?? (filter.isShown ? <TextInput label="filter: " value={filter.text} isSelected={filter.field.isSelected} isActive={filter.field.isOpen} /> : null);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{header}
			{props.body === undefined ? <TableOf {...props} /> : props.body}
			{belowTable}
			{isFieldLineLast ? null : field}
			{footer}
			{isFieldLineLast ? field : null}
		</Box>
	);
}

/** The table of cells, with a panel beside it when there is one. */
function TableOf<T, K extends string>({pane, width, columns, rowKey, cellsOf, emptyText, markedKeys, sortKey = pane.sort?.key, isSortDescending = pane.sort?.isShownDescending, isSelectionHidden = false, tableWidth = width, beside}: ListPaneViewBase<T, K> & TableBody<T>) {
	const table = (
		<Table
			columns={columns}
			rows={pane.shown}
			rowKey={rowKey}
			cellsOf={cellsOf}
			selectedIndex={isSelectionHidden ? -1 : pane.list.selectedIndex}
			offset={pane.list.offset}
			height={pane.tableHeight}
			width={tableWidth}
			markedKeys={markedKeys}
			sortKey={sortKey}
			isSortDescending={isSortDescending}
			emptyText={emptyText}
		/>
	);
	return beside ? (
		<Box>
			{table}
			{beside}
		</Box>
	) : (
		table
	);
}

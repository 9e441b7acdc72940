/**
 * The state and input of a list pane (issue 15; lazydocker's one
 * `SideListPanel[T]`): its rows through the `/` filter, the selection kept in
 * the pane's session memory, the movement keys, the mouse over the table and
 * the table's height. A list pane hands this its rows, key and matcher, binds
 * `handlers` with its own commands, and renders through <ListPaneView>.
 */
import {useMemo, useRef} from 'react';
import {listMovement} from './list-commands.js';
import type {CommandHandlers} from './use-commands.js';
import {type ListFilter, useListFilter} from './use-list-filter.js';
import {useJumpToRow} from './use-jump-target.js';
import {useListMouse} from './use-list-mouse.js';
import {type ListState, useListState} from './use-list-state.js';

export interface ListPaneSpec<T> {
	/** Every row, in the order shown, before the filter. */
	rows: readonly T[];
	rowKey: (row: T) => string;
	/** Whether a row shows under the filter text (never called with ''). */
	matches: (row: T, filter: string) => boolean;
	/** The pane's height and first screen row, and whether it has the keys. */
	height: number;
	top: number;
	isActive: boolean;
	/** Lines above the table's column header: the title and anything under it. Default 1. */
	linesAbove?: number;
	/** Keep the filter's line even while no filter shows (the Compose pane's layout). */
	isFilterLineKept?: boolean;
	/** The pane id the command palette's jumps name: the cursor lands on the row chosen there (issue 20). */
	jumpPane?: string;
	/** The table's data rows for this many shown rows, when the pane shares its height with more (the Swarm pane's tasks and nodes). */
	tableHeightFor?: (shownCount: number) => number;
	/** Whether the mouse acts on this table; default isActive (the Swarm pane: only while its cursor is on the services). */
	isMouseActive?: boolean;
	/** False for a list with no `/` filter (the Files view, whose keys do not offer one): every row shows, `/` is not bound. */
	hasFilter?: boolean;
	/**
	 * False for a list whose selection is not kept in the pane's session memory: a view inside another pane's
	 * list (the Files view in Containers, whose slot would be the containers'), or a list of one object's parts.
	 */
	isSelectionKept?: boolean;
}

export interface ListPane<T> {
	/** The rows the filter lets through, in order. */
	shown: readonly T[];
	/** How many rows there are before the filter. */
	total: number;
	list: ListState;
	filter: ListFilter;
	/** Data rows the table shows. */
	tableHeight: number;
	/** The row drawn selected. */
	selected: T | undefined;
	/** The row under the cursor as of the last key, before React renders it: what a command acts on. */
	current: () => T | undefined;
	/** Movement and filter keys, to spread into the pane's useCommands. */
	handlers: CommandHandlers;
	/** "3" or, under a filter, "2 of 3": for the title. */
	countText: string;
}

export function useListPane<T>({rows, rowKey, matches, height, top, isActive, linesAbove = 1, isFilterLineKept = false, jumpPane, tableHeightFor, isMouseActive = isActive, hasFilter = true, isSelectionKept = true}: ListPaneSpec<T>): ListPane<T> {
	const field = useListFilter(isActive);
	// Without a filter the field is never opened, and a text remembered under the same name is not this list's.
	const filter: ListFilter = hasFilter ? field : {...field, text: '', isShown: false, handlers: {}, current: () => ''};
	const shown = useMemo(() => (filter.text ? rows.filter(row => matches(row, filter.text)) : rows), [rows, filter.text, matches]);
	const keys = useMemo(() => shown.map(rowKey), [shown, rowKey]);
	const filterLines = isFilterLineKept || filter.isShown ? 1 : 0;
	// The header row of the table is below the lines above.
	const tableHeight = tableHeightFor ? tableHeightFor(shown.length) : Math.max(1, height - linesAbove - 1 - filterLines);
	const list = useListState(keys, tableHeight, isSelectionKept ? 'selected' : undefined);
	useListMouse(list, {firstRowY: top + linesAbove + 1, visibleRows: tableHeight, rowCount: shown.length, isActive: isMouseActive});
	useJumpToRow(jumpPane, list, keys, {text: filter.text, clear: () => filter.field.setValue('')});
	const latest = useRef(shown);
	latest.current = shown;
	const current = () => {
		const key = list.currentKey();
		return key === undefined ? undefined : latest.current.find(row => rowKey(row) === key);
	};
	return {
		shown,
		total: rows.length,
		list,
		filter,
		tableHeight,
		selected: shown[list.selectedIndex],
		current,
		handlers: {...listMovement(list, tableHeight, shown.length), ...filter.handlers},
		countText: filter.text ? `${shown.length} of ${rows.length}` : String(shown.length),
	};
}

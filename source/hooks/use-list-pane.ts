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
import {useRemembered} from './use-remembered.js';

/**
 * The order of a sortable list pane: `s` steps through the keys, `S` reverses, both kept in the pane's session
 * memory (issue 19). The rows are ordered before the filter, which keeps their order (the sort is stable).
 */
export interface ListSortSpec<T, K extends string> {
	keys: readonly K[];
	initial: K;
	isInitiallyDescending?: boolean;
	/** The rows in this order; keep it the same function while nothing it reads changes (a memo's input). */
	order: (rows: readonly T[], key: K, isDescending: boolean) => readonly T[];
	/** Which way the header's arrow points, when a key reads the other way round (newest first); default isDescending. */
	isShownDescending?: (key: K, isDescending: boolean) => boolean;
}

export interface ListSort<K extends string> {
	key: K;
	isDescending: boolean;
	/** The header's arrow: ↓ when true. */
	isShownDescending: boolean;
}

export interface ListPaneSpec<T, K extends string = string> {
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
	/**
	 * The table's data rows for this many shown rows and filter lines (1 while the filter's line shows), when the
	 * pane shares its height with more (the Swarm pane's tasks and nodes, the Cleanup pane's plan).
	 */
	tableHeightFor?: (shownCount: number, filterLines: number) => number;
	/** Whether the mouse acts on this table; default isActive (the Swarm pane: only while its cursor is on the services). */
	isMouseActive?: boolean;
	/** Lines the pane shows between the table and the filter's line (panels, a transfer's progress). Default 0. */
	linesBelow?: number;
	/** Clicks at or right of this screen column are not on the table (the Images pane's details beside it). */
	mouseRightEdge?: number;
	/** The pane's sort keys and order, when it has `s`/`S`. */
	sort?: ListSortSpec<T, K>;
	/** False for a list with no `/` filter (the Files view, whose keys do not offer one): every row shows, `/` is not bound. */
	hasFilter?: boolean;
	/**
	 * False for a list whose selection is not kept in the pane's session memory: a view inside another pane's
	 * list (the Files view in Containers, whose slot would be the containers'), or a list of one object's parts.
	 */
	isSelectionKept?: boolean;
}

export interface ListPane<T, K extends string = string> {
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
	/** Movement, filter and (with a sort) sort keys, to spread into the pane's useCommands. */
	handlers: CommandHandlers;
	/** The movement keys alone (a pane whose other view keeps moving but offers no filter). */
	movement: CommandHandlers;
	/** The order in force, with a sort spec. */
	sort: ListSort<K> | undefined;
	/** "3" or, under a filter, "2 of 3": for the title. */
	countText: string;
	/** How many of these row keys (marks) name rows the filter hides: 0 without a filter. */
	hiddenOf: (keys: ReadonlySet<string>) => number;
}

export function useListPane<T, K extends string = string>({rows, rowKey, matches, height, top, isActive, linesAbove = 1, isFilterLineKept = false, jumpPane, tableHeightFor, isMouseActive = isActive, linesBelow = 0, mouseRightEdge, sort, hasFilter = true, isSelectionKept = true}: ListPaneSpec<T, K>): ListPane<T, K> {
	const field = useListFilter(isActive);
	// Without a filter the field is never opened, and a text remembered under the same name is not this list's.
	const filter: ListFilter = hasFilter ? field : {...field, text: '', isShown: false, handlers: {}, current: () => ''};
	// Without a sort spec these slots are unused: the hooks are called the same way either way.
	const [sortKey, setSortKey] = useRemembered<K | undefined>(sort ? 'sort' : undefined, sort?.initial);
	const [isDescending, setDescending] = useRemembered(sort ? 'descending' : undefined, sort?.isInitiallyDescending ?? false);
	const order = sort?.order;
	const ordered = useMemo(() => (order && sortKey !== undefined ? order(rows, sortKey, isDescending) : rows), [rows, order, sortKey, isDescending]);
	const shown = useMemo(() => (filter.text ? ordered.filter(row => matches(row, filter.text)) : ordered), [ordered, filter.text, matches]);
	const keys = useMemo(() => shown.map(rowKey), [shown, rowKey]);
	const filterLines = isFilterLineKept || filter.isShown ? 1 : 0;
	// The header row of the table is below the lines above.
	const tableHeight = tableHeightFor ? tableHeightFor(shown.length, filterLines) : Math.max(1, height - linesAbove - 1 - filterLines - linesBelow);
	const list = useListState(keys, tableHeight, isSelectionKept ? 'selected' : undefined);
	useListMouse(list, {firstRowY: top + linesAbove + 1, visibleRows: tableHeight, rowCount: shown.length, ...(mouseRightEdge === undefined ? {} : {rightEdge: mouseRightEdge}), isActive: isMouseActive});
	useJumpToRow(jumpPane, list, keys, {text: filter.text, clear: () => filter.field.setValue('')});
	const latest = useRef(shown);
	latest.current = shown;
	const current = () => {
		const key = list.currentKey();
		return key === undefined ? undefined : latest.current.find(row => rowKey(row) === key);
	};
	const movement = listMovement(list, tableHeight, shown.length);
	const sortKeys = sort?.keys;
	const sortHandlers: CommandHandlers = sortKeys
		? {
				'list.sortNext': () => setSortKey(current => sortKeys[(sortKeys.indexOf(current!) + 1) % sortKeys.length]),
				'list.sortReverse': () => setDescending(current => !current),
			}
		: {};
	return {
		shown,
		total: rows.length,
		list,
		filter,
		tableHeight,
		selected: shown[list.selectedIndex],
		current,
		handlers: {...movement, ...filter.handlers, ...sortHandlers},
		movement,
		sort: sort && sortKey !== undefined ? {key: sortKey, isDescending, isShownDescending: sort.isShownDescending ? sort.isShownDescending(sortKey, isDescending) : isDescending} : undefined,
		countText: filter.text ? `${shown.length} of ${rows.length}` : String(shown.length),
		hiddenOf: marks => {
			if (!filter.text || marks.size === 0) return 0;
			const onScreen = new Set(keys);
			return rows.filter(row => {
				const key = rowKey(row);
				return marks.has(key) && !onScreen.has(key);
			}).length;
		},
	};
}

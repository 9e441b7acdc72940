/** A container of one of several engines as a row of the Engines pane: its cells, the order and the filter. */
import type {EngineRow} from '../../model/multi-engine.js';
import {type Cell, type Column, lastSeenCells} from './columns.js';
import type {Theme} from '../theme.js';
import {containerCells, matchesFilter, sortContainers} from './container-row.js';

export const ENGINE_COLUMNS: readonly Column[] = [
	// PROJECT goes first at 80 columns, then IMAGE; STATUS stays longest (issue 18).
	{key: 'engine', title: 'ENGINE', grow: 2, minWidth: 10},
	{key: 'name', title: 'NAME', grow: 3, isIdentity: true},
	{key: 'state', title: 'STATE', width: 14},
	{key: 'image', title: 'IMAGE', grow: 3, dropOrder: 2, minWidth: 12},
	{key: 'status', title: 'STATUS', grow: 3, dropOrder: 1, minWidth: 12},
	{key: 'project', title: 'PROJECT', grow: 2, dropOrder: 3},
];

// Rows are new objects only when their container changed: the pane makes their cells once (useRowCells).
export function engineRowCells(row: EngineRow, theme: Theme): Cell[] {
	const c = containerCells(row, 0, theme);
	const cells = [
			{text: row.engine, color: theme.accent},
			{text: c.name},
			{text: c.state, color: c.stateColor},
			{text: c.image},
			{text: c.status, color: theme.muted},
			{text: c.project},
	];
	// A down engine's row is as last seen (issue 14): dimmed, its state saying so. A row object is one or the other.
	return row.isEngineDown ? lastSeenCells(cells, theme.muted, ENGINE_ROW_STATE_CELL) : cells;
}
const ENGINE_ROW_STATE_CELL = 2;

export const engineRowKey = (row: EngineRow) => row.key;

/** Grouped by engine in the order given (`engineOrder`: the engines' names), by state within an engine as in the containers pane. */
export function orderEngineRows(rows: readonly EngineRow[], engineOrder: readonly string[]): EngineRow[] {
	const order = new Map(engineOrder.map((name, index) => [name, index]));
	return sortContainers(rows, 'state').sort((a, b) => order.get(a.engine)! - order.get(b.engine)!);
}

/** What the containers pane's filter matches, or the engine's name. */
export function matchesEngineRow(row: EngineRow, filter: string): boolean {
	return row.engine.includes(filter) || matchesFilter(row, filter);
}

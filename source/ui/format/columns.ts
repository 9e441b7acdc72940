/**
 * Which table columns show and how wide, from the width and the rows on screen (issue 18). Pure.
 * The rules, as htop, k9s and lazydocker keep them at 80 columns:
 * - the identifying column (name, repository:tag, volume name) never drops and is the last to
 *   shrink: it keeps `minWidth` (24 by default) or its widest cell if that is less;
 * - a column whose every visible cell is empty is dropped, so empty PORTS/HEALTH take no room;
 * - when the minimum widths do not fit, columns drop whole, highest `dropOrder` first, never to
 *   a sliver (a growing column keeps at least 8 columns, or its widest cell if less);
 * - a fixed-width column (a number, a state) widens to its widest cell rather than cut it;
 * - spare width goes first to the identifying column, then to the others up to their widest
 *   cell (full image names and statuses at 300 columns), then by `grow` share.
 */
import {widthOf} from './text.js';

export interface Column {
	key: string;
	title: string;
	/** Fixed width in columns (widened to the widest cell on screen), or a share of the remaining width. */
	width?: number;
	grow?: number;
	align?: 'left' | 'right';
	/** Columns with a drop order are hidden, highest first, when the terminal is too narrow for them all. */
	dropOrder?: number;
	/** What identifies a row (a name): never dropped, the last to shrink. */
	isIdentity?: boolean;
	/** The narrowest a growing column may be before it is dropped (default 8; 24 for the identifying column). */
	minWidth?: number;
	/** Which of a row's cells this column shows, when columns were picked or reordered (default: its own index). */
	cellIndex?: number;
}

export interface Cell {
	text: string;
	color?: string;
}

/** The two characters before each row: the cursor and the mark. */
export const ROW_PREFIX = 2;
const GAP = 1;
const MIN_GROWING = 8;
const MIN_IDENTITY = 24;

export interface TableLayout {
	/** Indexes into `columns` of the columns shown, in order. */
	shown: number[];
	/** The width of each shown column. */
	widths: number[];
}

/** Lays out columns for the rows on screen (their cells) in `totalWidth` terminal columns; `sortKey`'s title carries an arrow. */
export function layoutTable(columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>, totalWidth: number, sortKey?: string): TableLayout {
	const cellOf = (row: readonly Cell[], index: number) => row[columns[index]!.cellIndex ?? index]?.text ?? '';
	const widest = columns.map((column, index) => {
		const title = widthOf(column.title) + (column.key === sortKey ? 1 : 0);
		return rows.reduce((max, row) => Math.max(max, widthOf(cellOf(row, index))), title);
	});
	const isEmpty = (index: number) => rows.length > 0 && rows.every(row => cellOf(row, index).trim() === '');
	const minimum = columns.map((column, index) => {
		if (column.width !== undefined) return Math.max(column.width, widest[index]!);
		const floor = column.minWidth ?? (column.isIdentity ? MIN_IDENTITY : MIN_GROWING);
		return Math.min(widest[index]!, floor);
	});
	let shown = columns.map((_, index) => index).filter(index => columns[index]!.isIdentity || !isEmpty(index));
	const room = () => totalWidth - ROW_PREFIX - GAP * Math.max(0, shown.length - 1);
	const need = () => shown.reduce((sum, index) => sum + minimum[index]!, 0);
	while (need() > room()) {
		let drop = -1;
		for (const index of shown) {
			const order = columns[index]!.dropOrder;
			if (order !== undefined && !columns[index]!.isIdentity && (drop < 0 || order > columns[drop]!.dropOrder!)) drop = index;
		}
		if (drop < 0) break;
		shown = shown.filter(index => index !== drop);
	}
	const widths = shown.map(index => minimum[index]!);
	let spare = room() - need();
	if (spare < 0) {
		// Nothing left to drop: the growing columns give way, the identifying one last.
		const order = shown.map((index, at) => ({index, at})).filter(({index}) => columns[index]!.width === undefined);
		order.sort((a, b) => Number(columns[a.index]!.isIdentity ?? false) - Number(columns[b.index]!.isIdentity ?? false));
		for (const {at} of order) {
			const give = Math.min(widths[at]! - 1, -spare);
			widths[at]! -= give;
			spare += give;
			if (spare >= 0) break;
		}
		return {shown, widths};
	}
	const growing = shown.map((index, at) => ({index, at})).filter(({index}) => columns[index]!.width === undefined);
	// Identifying columns first, up to their widest cell.
	for (const {index, at} of growing) {
		if (!columns[index]!.isIdentity) continue;
		const give = Math.min(spare, widest[index]! - widths[at]!);
		widths[at]! += give;
		spare -= give;
	}
	// Then the others towards their widest cell, by share, a column at a time so none starves.
	let wanting = growing.filter(({index, at}) => widths[at]! < widest[index]!);
	while (spare > 0 && wanting.length > 0) {
		const shares = wanting.reduce((sum, {index}) => sum + (columns[index]!.grow ?? 1), 0);
		let given = 0;
		for (const {index, at} of wanting) {
			const share = Math.max(1, Math.floor((spare * (columns[index]!.grow ?? 1)) / shares));
			const give = Math.min(share, widest[index]! - widths[at]!, spare - given);
			widths[at]! += give;
			given += give;
		}
		spare -= given;
		if (given === 0) break;
		wanting = wanting.filter(({index, at}) => widths[at]! < widest[index]!);
	}
	// What is left fills the row by share, so the table spans the width.
	if (spare > 0 && growing.length > 0) {
		const shares = growing.reduce((sum, {index}) => sum + (columns[index]!.grow ?? 1), 0);
		let given = 0;
		for (const {index, at} of growing) {
			const give = Math.floor((spare * (columns[index]!.grow ?? 1)) / shares);
			widths[at]! += give;
			given += give;
		}
		widths[growing[0]!.at]! += spare - given;
	}
	return {shown, widths};
}

/**
 * With several engines (issue 14), the column before the others that names each row's engine. It is the last
 * column to drop (dropOrder 0: after every other), since an action goes to the engine it names. It keeps 14 columns
 * (or its widest name if less: `prod-eu-west-1` whole at 80 columns), so two engines' names stay told apart; a
 * longer address is cut, its start kept.
 */
export const ENGINE_COLUMN: Column = {key: 'engine', title: 'ENGINE', grow: 1, minWidth: 14, dropOrder: 0};

/** A list's columns with ENGINE first: its cell comes first in each row (see withEngineCell), the others' move one on. */
export function withEngineColumn(columns: readonly Column[]): Column[] {
	return [{...ENGINE_COLUMN, cellIndex: 0}, ...columns.map((column, index) => ({...column, cellIndex: (column.cellIndex ?? index) + 1}))];
}

/** A row's cells with its engine's name first. */
export function withEngineCell(engine: string, cells: readonly Cell[], color?: string): Cell[] {
	return [{text: engine, ...(color ? {color} : {})}, ...cells];
}

/** What a row of an engine that does not answer says in its state column (issue 14). */
export const ENGINE_DOWN_STATE = '? engine down';

/**
 * A down engine's row as last seen (issue 14): every cell dimmed, and the state cell (when the row has one, at
 * `stateIndex` of `cells`) saying the engine is unreachable instead of a state that may no longer be true.
 */
export function lastSeenCells(cells: readonly Cell[], dimColor: string | undefined, stateIndex?: number): Cell[] {
	return cells.map((cell, index) => (index === stateIndex ? {text: ENGINE_DOWN_STATE, ...(dimColor ? {color: dimColor} : {})} : {text: cell.text, ...(dimColor ? {color: dimColor} : {})}));
}

/**
 * A virtualized, selectable table: only the rows on screen are rendered, and a
 * row re-renders only when its own data, its selection or the width changes.
 * Cells arrive already sanitized (source/docker does that) and formatted.
 */
import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import type {Cell, Column} from '../format/columns.js';
import {fit} from '../format/text.js';
import {theme} from '../theme.js';

export type {Cell, Column};

const MIN_GROWING_WIDTH = 8;

/** Indexes of the columns that fit in the width, dropping the least needed first. */
export function fittingColumns(columns: readonly Column[], totalWidth: number): number[] {
	const shown = columns.map((_, index) => index);
	const need = () =>
		shown.reduce((sum, index) => sum + (columns[index]!.width ?? MIN_GROWING_WIDTH), 0) + Math.max(0, shown.length - 1) + 2;
	while (need() > totalWidth) {
		let drop = -1;
		for (const index of shown) {
			const order = columns[index]!.dropOrder;
			if (order !== undefined && (drop < 0 || order > columns[drop]!.dropOrder!)) drop = index;
		}
		if (drop < 0) break;
		shown.splice(shown.indexOf(drop), 1);
	}
	return shown;
}

/** Splits the available width among columns: fixed ones first, the rest by their share. */
export function layoutColumns(columns: readonly Column[], totalWidth: number): number[] {
	const gaps = Math.max(0, columns.length - 1);
	const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
	const shares = columns.reduce((sum, column) => sum + (column.width ? 0 : column.grow ?? 1), 0);
	const free = Math.max(0, totalWidth - fixed - gaps - 2);
	let given = 0;
	const widths = columns.map(column => {
		if (column.width) return column.width;
		const width = Math.floor((free * (column.grow ?? 1)) / Math.max(1, shares));
		given += width;
		return width;
	});
	// Give rounding leftovers to the first growing column.
	const firstGrowing = columns.findIndex(column => !column.width);
	if (firstGrowing >= 0) widths[firstGrowing]! += free - given;
	return widths;
}

interface RowProps {
	cells: readonly Cell[];
	shown: readonly number[];
	widths: readonly number[];
	aligns: ReadonlyArray<'left' | 'right' | undefined>;
	isSelected: boolean;
	isMarked: boolean;
}

const Row = memo(function Row({cells, shown, widths, aligns, isSelected, isMarked}: RowProps) {
	// The cursor and the mark are characters too, so they read with NO_COLOR and in plain captures.
	return (
		<Text wrap="truncate" inverse={isSelected}>
			{isSelected ? '›' : ' '}
			<Text color={isMarked ? theme.warning : undefined}>{isMarked ? '✓' : ' '}</Text>
			{shown.map((cellIndex, index) => {
				const cell = cells[cellIndex] ?? {text: ''};
				return (
					<Text key={cellIndex} color={isSelected ? undefined : cell.color}>
						{fit(cell.text, widths[index] ?? 0, aligns[index])}
						{index < shown.length - 1 ? ' ' : ''}
					</Text>
				);
			})}
		</Text>
	);
});

export interface TableProps<T> {
	columns: readonly Column[];
	rows: readonly T[];
	rowKey: (row: T) => string;
	cellsOf: (row: T) => readonly Cell[];
	selectedIndex: number;
	offset: number;
	/** Rows of data that fit, not counting the header. */
	height: number;
	width: number;
	markedKeys?: ReadonlySet<string>;
	sortKey?: string;
	isSortDescending?: boolean;
	emptyText?: string;
}

export function Table<T>({columns, rows, rowKey, cellsOf, selectedIndex, offset, height, width, markedKeys, sortKey, isSortDescending, emptyText}: TableProps<T>) {
	// Stable arrays keep memoized rows from re-rendering when only the selection moves.
	const fitting = useMemo(() => fittingColumns(columns, width), [columns, width]);
	const visibleColumns = useMemo(() => fitting.map(index => columns[index]!), [columns, fitting]);
	const shown = useMemo(() => fitting.map(index => columns[index]!.cellIndex ?? index), [columns, fitting]);
	const widths = useMemo(() => layoutColumns(visibleColumns, width), [visibleColumns, width]);
	const aligns = useMemo(() => visibleColumns.map(column => column.align), [visibleColumns]);
	const header = visibleColumns
		.map((column, index) => {
			const arrow = column.key === sortKey ? (isSortDescending ? '↓' : '↑') : '';
			return fit(column.title + arrow, widths[index] ?? 0, column.align);
		})
		.join(' ');
	const visible = rows.slice(offset, offset + Math.max(0, height));
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold color={theme.header} wrap="truncate">
				{'  '}
				{header}
			</Text>
			{visible.length === 0 ? <Text color={theme.muted}>{'  '}{emptyText ?? 'nothing here'}</Text> : null}
			{visible.map((row, index) => {
				const key = rowKey(row);
				return (
					<Row
						key={key}
						cells={cellsOf(row)}
						shown={shown}
						widths={widths}
						aligns={aligns}
						isSelected={offset + index === selectedIndex}
						isMarked={markedKeys?.has(key) ?? false}
					/>
				);
			})}
		</Box>
	);
}

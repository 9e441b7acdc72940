/**
 * A virtualized, selectable table: only the rows on screen are rendered, and a
 * row re-renders only when its own data, its selection or the width changes.
 * Cells arrive already sanitized (source/docker does that) and formatted.
 */
import {Box, Text} from 'ink';
import React, {memo, useMemo} from 'react';
import {fit} from '../format/text.js';
import {theme} from '../theme.js';

export interface Column {
	key: string;
	title: string;
	/** Fixed width in columns, or a share of the remaining width. */
	width?: number;
	grow?: number;
	align?: 'left' | 'right';
}

export interface Cell {
	text: string;
	color?: string;
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
	widths: readonly number[];
	aligns: ReadonlyArray<'left' | 'right' | undefined>;
	isSelected: boolean;
	isMarked: boolean;
}

const Row = memo(function Row({cells, widths, aligns, isSelected, isMarked}: RowProps) {
	// The cursor and the mark are characters too, so they read with NO_COLOR and in plain captures.
	return (
		<Text wrap="truncate" inverse={isSelected}>
			{isSelected ? '›' : ' '}
			<Text color={isMarked ? theme.warning : undefined}>{isMarked ? '✓' : ' '}</Text>
			{cells.map((cell, index) => (
				<Text key={index} color={isSelected ? undefined : cell.color}>
					{fit(cell.text, widths[index] ?? 0, aligns[index])}
					{index < cells.length - 1 ? ' ' : ''}
				</Text>
			))}
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
	const widths = useMemo(() => layoutColumns(columns, width), [columns, width]);
	const aligns = useMemo(() => columns.map(column => column.align), [columns]);
	const header = columns
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

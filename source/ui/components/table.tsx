/**
 * A virtualized, selectable table: only the rows on screen are rendered, and a
 * row re-renders only when its own data, its selection or the width changes.
 * Cells arrive already sanitized (source/docker does that) and formatted.
 */
import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {type Cell, type Column, layoutTable} from '../format/columns.js';
import {fit, truncate} from '../format/text.js';
import {useTheme} from '../../hooks/use-theme.js';

export type {Cell, Column} from '../format/columns.js';

/** The sort arrow: ↑ ascending (A→Z, smallest and oldest first), ↓ descending (Z→A, largest and newest first), in every pane (issue 20). */
export function sortArrow(isDescending: boolean): string {
	return isDescending ? '↓' : '↑';
}

/** A header title in its width; the sort arrow is never the part cut off (issue 20). */
export function headerTitle(title: string, width: number, arrow: string, align?: 'left' | 'right'): string {
	if (!arrow) return fit(title, width, align);
	return fit(`${truncate(title, width - 1)}${arrow}`, width, align);
}

interface RowProps {
	cells: readonly Cell[];
	shown: readonly number[];
	widths: readonly number[];
	aligns: ReadonlyArray<'left' | 'right' | undefined>;
	/** Identifying columns are cut in the middle, so rows that share a prefix stay told apart (issue 18). */
	cuts: ReadonlyArray<'end' | 'middle'>;
	isSelected: boolean;
	isMarked: boolean;
}

const Row = memo(function Row({cells, shown, widths, aligns, cuts, isSelected, isMarked}: RowProps) {
	const theme = useTheme();
	// The cursor and the mark are characters too, so they read with NO_COLOR and in plain captures.
	return (
		<Text wrap="truncate" inverse={isSelected}>
			{isSelected ? '›' : ' '}
			<Text color={isMarked ? theme.warning : undefined}>{isMarked ? '✓' : ' '}</Text>
			{shown.map((cellIndex, index) => {
				const cell = cells[cellIndex] ?? {text: ''};
				return (
					<Text key={cellIndex} color={isSelected ? undefined : cell.color}>
						{fit(cell.text, widths[index] ?? 0, aligns[index], cuts[index])}
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
	const theme = useTheme();
	const visible = rows.slice(offset, offset + Math.max(0, height));
	const visibleCells = visible.map(cellsOf);
	// Widths follow the rows on screen (issue 18); the arrays are rebuilt from a key of the layout, so they
	// stay the same objects (and memoized rows stay memoized) while the layout does not change.
	const layout = layoutTable(columns, visibleCells, width, sortKey);
	const layoutKey = `${layout.shown.join(',')}|${layout.widths.join(',')}`;
	const {shown, widths, aligns, cuts, visibleColumns} = useMemo(() => {
		const [shownText = '', widthText = ''] = layoutKey.split('|');
		const indexes = shownText ? shownText.split(',').map(Number) : [];
		const picked = indexes.map(index => columns[index]!);
		return {
			visibleColumns: picked,
			shown: indexes.map(index => columns[index]!.cellIndex ?? index),
			widths: widthText ? widthText.split(',').map(Number) : [],
			aligns: picked.map(column => column.align),
			cuts: picked.map(column => (column.isIdentity ? ('middle' as const) : ('end' as const))),
		};
	}, [columns, layoutKey]);
	const header = visibleColumns
		.map((column, index) => headerTitle(column.title, widths[index] ?? 0, column.key === sortKey ? sortArrow(Boolean(isSortDescending)) : '', column.align))
		.join(' ');
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
						cells={visibleCells[index]!}
						shown={shown}
						widths={widths}
						aligns={aligns}
						cuts={cuts}
						isSelected={offset + index === selectedIndex}
						isMarked={markedKeys?.has(key) ?? false}
					/>
				);
			})}
		</Box>
	);
}

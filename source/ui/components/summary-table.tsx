/**
 * A small static table with a border, for summaries of a handful of rows (disk
 * usage). It is @alcalzone/ink-table, the maintained ESM successor of ink-table
 * (whose 3.1.0 cannot load with Ink 6), drawn compactly: one rule under the
 * heading instead of one between every row. Lists that scroll or select use
 * table.tsx instead. Cells must be sanitized text.
 */
import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import {useTheme} from '../../hooks/use-theme.js';
import React from 'react';

type Row = Record<string, string>;

class CompactTable extends Table<Row> {
	constructor(props: ConstructorParameters<typeof Table<Row>>[0]) {
		super(props);
		const separator = this.separator as (props: {key: string}) => React.ReactElement;
		// ink-table draws a rule above every data row; keep only the one under the heading.
		this.separator = rowProps => (String(rowProps.key).endsWith('-0') ? separator(rowProps) : <React.Fragment key={rowProps.key} />);
	}
}

/** Lines a summary takes: its rows + 4 (two borders, the heading and its rule), or + 1 without borders. */
export function summaryHeight(rowCount: number, isBorderless = false): number {
	return rowCount + (isBorderless ? 1 : 4);
}

/** `isBorderless`: the heading and rows only, three lines fewer, for a short terminal (80×24, issue 20). */
export function SummaryTable({rows, isBorderless = false}: {rows: readonly Row[]; isBorderless?: boolean}) {
	const theme = useTheme();
	if (isBorderless) {
		const keys = Object.keys(rows[0] ?? {});
		const widths = keys.map(key => Math.max(key.length, ...rows.map(row => (row[key] ?? '').length)));
		const line = (cells: readonly string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
		return (
			<Box flexShrink={0} flexDirection="column">
				<Text color={theme.muted} wrap="truncate">
					{line(keys)}
				</Text>
				{rows.map(row => (
					<Text key={row[keys[0]!]} wrap="truncate">
						{line(keys.map(key => row[key] ?? ''))}
					</Text>
				))}
			</Box>
		);
	}
	return (
		<Box flexShrink={0} flexDirection="column">
			<CompactTable data={[...rows]} padding={1} />
		</Box>
	);
}

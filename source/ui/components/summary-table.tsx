/**
 * A small static table with a border, for summaries of a handful of rows (disk
 * usage). It is @alcalzone/ink-table, the maintained ESM successor of ink-table
 * (whose 3.1.0 cannot load with Ink 6), drawn compactly: one rule under the
 * heading instead of one between every row. Lists that scroll or select use
 * table.tsx instead. Cells must be sanitized text.
 */
import {Table} from '@alcalzone/ink-table';
import {Box} from 'ink';
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

export function SummaryTable({rows}: {rows: readonly Row[]}) {
	// Its height is its rows + 4 (two borders, the heading and its rule); panes plan for that.
	return (
		<Box flexShrink={0} flexDirection="column">
			<CompactTable data={[...rows]} padding={1} />
		</Box>
	);
}

/**
 * The rows of a logs view, render only. A row is computed from a stored line
 * (already sanitized), the pane's width and the search; only visible lines are
 * ever laid out.
 */
import {Box, Text} from 'ink';
import React, {memo} from 'react';
import type {StyleSpan} from '../../model/log-colors.js';
import type {LogLine} from '../../model/log-buffer.js';
import {shortTimestamp} from '../../model/log-options.js';
import {fitEnd, type Piece, rowStarts, splitMatches, type WidthMemo} from '../format/log-line.js';
import {useTheme} from '../../hooks/use-theme.js';

const SOURCE_COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'cyanBright', 'magentaBright', 'yellowBright'] as const;
const TIMESTAMP_WIDTH = 24;

export interface RowLayout {
	width: number;
	showTimestamps: boolean;
	isWrapped: boolean;
	/** Width of the container-name column when several containers are merged; 0 otherwise. */
	sourceWidth: number;
	/** Show the container's own plain SGR colours. */
	showColors?: boolean;
	/** The session's memo of segment widths (see format/log-line.ts). */
	widths: WidthMemo;
	/** The session's memo of where each wrapped line's rows start (issue 15: no module-level cache). */
	rowStarts: RowStartsMemo;
}

/** Where a line's rows start, kept per line for the width and text it was measured at (a long line is measured on every render). */
export type RowStartsMemo = WeakMap<LogLine, {width: number; text: string; starts: number[]}>;

/** One screen row: the prefix (only on a line's first row) and pieces of text. */
export interface LogRow {
	key: string;
	seq: number;
	isFirst: boolean;
	stream: LogLine['stream'];
	timestamp: string;
	source: string;
	sourceIndex: number;
	pieces: Piece[];
	isCut: boolean;
	/** Where the first piece starts in the line's text, and the line's colour spans. */
	start: number;
	styles?: StyleSpan[];
}

function prefixWidth(layout: RowLayout): number {
	return 2 + (layout.showTimestamps ? TIMESTAMP_WIDTH : 0) + (layout.sourceWidth > 0 ? layout.sourceWidth + 3 : 0);
}

/** Columns left for the text of a line. */
export function textWidth(layout: RowLayout): number {
	return Math.max(1, layout.width - prefixWidth(layout));
}

/** Where each row of a wrapped line starts; kept per line and width in the layout's memo. */
function wrappedRowStarts(line: LogLine, width: number, layout: RowLayout): number[] {
	const cached = layout.rowStarts.get(line);
	if (cached && cached.width === width && cached.text === line.text) return cached.starts;
	const starts = rowStarts(line.text, width, layout.widths);
	layout.rowStarts.set(line, {width, text: line.text, starts});
	return starts;
}

/** How many rows a line takes. */
export function rowCount(line: LogLine, layout: RowLayout): number {
	return layout.isWrapped ? wrappedRowStarts(line, textWidth(layout), layout).length : 1;
}

/**
 * Lays one line out in rows; `ranges` are its search matches. Only rows [fromRow, toRow) are made: a line of
 * millions of characters wraps into a hundred thousand rows, of which a screenful is shown.
 */
export function layoutLine(line: LogLine, layout: RowLayout, ranges: ReadonlyArray<readonly [number, number]>, fromRow = 0, toRow = Number.POSITIVE_INFINITY): LogRow[] {
	const available = textWidth(layout);
	const base = {
		seq: line.seq,
		stream: line.stream,
		timestamp: line.timestamp ? shortTimestamp(line.timestamp) : '',
		source: line.source ?? '',
		sourceIndex: line.sourceIndex ?? 0,
		...(line.styles ? {styles: line.styles} : {}),
	};
	if (!layout.isWrapped) {
		const end = fitEnd(line.text, 0, available, layout.widths);
		const isCut = end < line.text.length;
		const shownEnd = isCut ? fitEnd(line.text, 0, available - 1, layout.widths) : end;
		return [{...base, key: `${line.seq}`, isFirst: true, pieces: splitMatches(line.text, 0, shownEnd, ranges), isCut, start: 0}];
	}
	const starts = wrappedRowStarts(line, available, layout);
	const rows: LogRow[] = [];
	for (let index = Math.max(0, fromRow); index < Math.min(toRow, starts.length); index++) {
		const start = starts[index]!;
		rows.push({
			...base,
			key: `${line.seq}.${index}`,
			isFirst: index === 0,
			pieces: splitMatches(line.text, start, starts[index + 1] ?? line.text.length, ranges),
			isCut: false,
			start,
		});
	}
	return rows;
}

/** The row as plain text, the way select mode shows it and a terminal copies it. */
export function plainRow(row: LogRow, layout: RowLayout): string {
	return prefixText(row, layout, true) + row.pieces.map(piece => piece.text).join('');
}

function prefixText(row: LogRow, layout: RowLayout, isPlain: boolean): string {
	let out = '';
	if (!isPlain) out += row.isFirst ? (row.stream === 'stderr' ? '! ' : row.stream === 'system' ? '• ' : '  ') : '  ';
	if (layout.showTimestamps) out += row.isFirst ? `${row.timestamp.padEnd(TIMESTAMP_WIDTH - 1)} ` : ' '.repeat(TIMESTAMP_WIDTH);
	if (layout.sourceWidth > 0) {
		const name = row.isFirst ? row.source.slice(0, layout.sourceWidth) : '';
		out += `${name.padEnd(layout.sourceWidth)} │ `;
	}
	return out;
}

export const LogRowView = memo(function LogRowView({row, layout, isCurrentMatch}: {row: LogRow; layout: RowLayout; isCurrentMatch: boolean}) {
	const theme = useTheme();
	const gutter = row.isFirst ? (row.stream === 'stderr' ? '! ' : row.stream === 'system' ? '• ' : '  ') : '  ';
	const textColor = row.stream === 'system' ? theme.muted : undefined;
	const offsets: number[] = [];
	let offset = row.start;
	for (const piece of row.pieces) {
		offsets.push(offset);
		offset += piece.text.length;
	}
	return (
		<Text wrap="truncate">
			<Text color={row.stream === 'stderr' ? theme.danger : theme.muted}>{gutter}</Text>
			{layout.showTimestamps ? <Text color={theme.muted}>{prefixText(row, {...layout, sourceWidth: 0}, true)}</Text> : null}
			{layout.sourceWidth > 0 ? (
				<Text color={SOURCE_COLORS[row.sourceIndex % SOURCE_COLORS.length]}>{prefixText(row, {...layout, showTimestamps: false}, true)}</Text>
			) : null}
			{row.pieces.map((piece, index) =>
				piece.isMatch ? (
					<Text key={index} inverse={isCurrentMatch} backgroundColor={isCurrentMatch ? undefined : theme.warning} color={isCurrentMatch ? theme.warning : 'black'}>
						{piece.text}
					</Text>
				) : layout.showColors && row.styles ? (
					<ColoredPiece key={index} text={piece.text} offset={offsets[index]!} styles={row.styles} color={textColor} />
				) : (
					<Text key={index} color={textColor}>
						{piece.text}
					</Text>
				),
			)}
			{row.isCut ? <Text color={theme.muted}>…</Text> : null}
		</Text>
	);
});

/** A plain piece of text cut where the container's colours change. */
function ColoredPiece({text, offset, styles, color}: {text: string; offset: number; styles: readonly StyleSpan[]; color: string | undefined}) {
	const parts: React.ReactNode[] = [];
	let at = 0;
	for (const span of styles) {
		const from = Math.max(span.start - offset, at);
		const to = Math.min(span.end - offset, text.length);
		if (to <= from) continue;
		if (from > at) parts.push(<Text key={parts.length} color={color}>{text.slice(at, from)}</Text>);
		const {start: _start, end: _end, ...style} = span;
		parts.push(
			<Text key={parts.length} color={style.color ?? color} backgroundColor={style.backgroundColor} bold={style.bold} dimColor={style.dim} italic={style.italic} underline={style.underline} inverse={style.inverse}>
				{text.slice(from, to)}
			</Text>,
		);
		at = to;
	}
	if (at < text.length) parts.push(<Text key={parts.length} color={color}>{text.slice(at)}</Text>);
	return <>{parts}</>;
}

/** Rows of a view; in select mode plain text only, with nothing but the log's own characters. */
export function LogRowsView({rows, layout, currentMatch, isPlain, height}: {rows: readonly LogRow[]; layout: RowLayout; currentMatch: number | undefined; isPlain: boolean; height: number}) {
	return (
		<Box flexDirection="column" height={height}>
			{rows.map(row =>
				isPlain ? (
					<Text key={row.key} wrap="truncate">
						{plainRow(row, layout)}
					</Text>
				) : (
					<LogRowView key={row.key} row={row} layout={layout} isCurrentMatch={row.seq === currentMatch} />
				),
			)}
		</Box>
	);
}

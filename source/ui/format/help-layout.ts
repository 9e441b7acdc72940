/**
 * The help screen's columns (issue 19): as many as the rows need at this height, each as wide as its
 * longest line or its fair share of the screen, and a description that is still too long wrapped onto
 * lines of its own below its key, never cut.
 */
import {widthOf, wrapWords} from './text.js';

export interface HelpEntry {
	/** A scope title, or a key and what it does. */
	kind: 'title' | 'row';
	text: string;
	keys?: string;
	isDangerous?: boolean;
}

export interface HelpLine {
	kind: 'title' | 'row';
	/** The keys, on a row's first line only. */
	keys?: string;
	text: string;
	isDangerous?: boolean;
}

export const HELP_KEY_WIDTH = 22;
const INDENT = 2;
const MIN_COLUMN_WIDTH = 44;

/** The keys' column: as wide as the widest keys and two spaces, at most HELP_KEY_WIDTH, so descriptions keep the rest (issue 18). */
export function helpKeyWidth(entries: readonly HelpEntry[]): number {
	return Math.min(HELP_KEY_WIDTH, Math.max(0, ...entries.map(entry => (entry.kind === 'row' ? widthOf(entry.keys ?? '') : 0))) + 2);
}

function naturalWidth(entry: HelpEntry, keyWidth: number): number {
	return entry.kind === 'title' ? widthOf(entry.text) : INDENT + keyWidth + widthOf(entry.text);
}

/** Widths for columns that would like `wanted` each, sharing `available`: a narrow one keeps its width, the rest share what is left. */
export function shareWidths(wanted: readonly number[], available: number): number[] {
	const widths = new Array<number>(wanted.length).fill(0);
	let remaining = available;
	const order = wanted.map((width, index) => ({width, index})).sort((a, b) => a.width - b.width);
	order.forEach(({width, index}, position) => {
		const share = Math.floor(remaining / (order.length - position));
		widths[index] = Math.max(1, Math.min(width, share));
		remaining -= widths[index];
	});
	return widths;
}

function linesOf(entry: HelpEntry, width: number, keyWidth: number): HelpLine[] {
	if (entry.kind === 'title') return [{kind: 'title', text: entry.text}];
	const room = Math.max(8, width - INDENT - keyWidth);
	return wrapWords(entry.text, room).map((text, index) => ({kind: 'row', keys: index === 0 ? entry.keys : '', text, isDangerous: entry.isDangerous}));
}

/** Entries in order into columns of at most `rows` lines, each entry taking the lines `height` says. */
function fill(entries: readonly HelpEntry[], rows: number, height: (entry: HelpEntry) => number): HelpEntry[][] {
	const groups: HelpEntry[][] = [[]];
	let used = 0;
	for (const entry of entries) {
		const lines = height(entry);
		if (used + lines > rows && groups.at(-1)!.length > 0) {
			groups.push([]);
			used = 0;
		}
		groups.at(-1)!.push(entry);
		used += lines;
	}
	return groups;
}

type HelpColumn = {width: number; lines: HelpLine[]};

/**
 * Pages of columns that fit `height` rows and `width` columns with `gap` between them. Where columns of a readable
 * width (MIN_COLUMN_WIDTH) hold every key, with long descriptions wrapped under them, that is the one page;
 * otherwise the keys go on as many pages of readable columns as they need (PgDn turns them), never cut to a few
 * letters (keys grew past one screen at 100×30 with the lifecycle's commands).
 */
export function layoutHelpPages(entries: readonly HelpEntry[], width: number, height: number, gap: number, keyWidth = helpKeyWidth(entries)): HelpColumn[][] {
	const rows = Math.max(1, height);
	const maxColumns = Math.max(1, Math.floor((width + gap) / (MIN_COLUMN_WIDTH + gap)));
	const columnsOf = (groups: HelpEntry[][]) => {
		const widths = shareWidths(groups.map(group => Math.max(...group.map(entry => naturalWidth(entry, keyWidth)))), width - gap * (groups.length - 1));
		return groups.map((group, index) => ({width: widths[index]!, lines: group.flatMap(entry => linesOf(entry, widths[index]!, keyWidth))}));
	};
	// Wrapped, in as few readable columns as hold every key; each filled by the lines its entries take at an equal share.
	for (let count = Math.max(1, Math.ceil(entries.length / rows)); count <= maxColumns; count++) {
		const equalShare = Math.floor((width - gap * (count - 1)) / count);
		const groups = fill(entries, rows, entry => linesOf(entry, equalShare, keyWidth).length);
		if (groups.length > count) continue;
		const columns = columnsOf(groups);
		if (columns.every(column => column.lines.length <= rows)) return [columns];
	}
	// Otherwise pages of readable columns; a column that begins inside a scope names it again.
	const share = Math.floor((width - gap * (maxColumns - 1)) / maxColumns);
	const heightOf = (entry: HelpEntry) => linesOf(entry, share, keyWidth).length;
	const groups: HelpEntry[][] = [[]];
	let used = 0;
	let scope: HelpEntry | undefined;
	for (const entry of entries) {
		if (entry.kind === 'title') scope = entry;
		const lines = heightOf(entry);
		if (used + lines > rows && groups.at(-1)!.length > 0) {
			groups.push([]);
			used = 0;
			if (entry.kind === 'row' && scope) {
				groups.at(-1)!.push({kind: 'title', text: `${scope.text} (continued)`});
				used = 1;
			}
		}
		groups.at(-1)!.push(entry);
		used += lines;
	}
	const pages: HelpColumn[][] = [];
	for (let index = 0; index < groups.length; index += maxColumns) {
		pages.push(groups.slice(index, index + maxColumns).map(group => ({width: share, lines: group.flatMap(entry => linesOf(entry, share, keyWidth)).slice(0, rows)})));
	}
	return pages;
}

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

function naturalWidth(entry: HelpEntry): number {
	return entry.kind === 'title' ? widthOf(entry.text) : INDENT + HELP_KEY_WIDTH + widthOf(entry.text);
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

function linesOf(entry: HelpEntry, width: number): HelpLine[] {
	if (entry.kind === 'title') return [{kind: 'title', text: entry.text}];
	const room = Math.max(8, width - INDENT - HELP_KEY_WIDTH);
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

/**
 * Columns of lines that fit `height` rows and `width` columns with `gap` between them, and each column's width.
 * Where columns of a readable width (MIN_COLUMN_WIDTH) hold every key with long descriptions wrapped under
 * them, that; otherwise every key on one line, as many columns as that takes, descriptions cut at their edge.
 */
export function layoutHelp(entries: readonly HelpEntry[], width: number, height: number, gap: number): Array<{width: number; lines: HelpLine[]}> {
	const rows = Math.max(1, height);
	const maxColumns = Math.max(1, Math.floor((width + gap) / (MIN_COLUMN_WIDTH + gap)));
	const columnsOf = (groups: HelpEntry[][]) => {
		const widths = shareWidths(groups.map(group => Math.max(...group.map(naturalWidth))), width - gap * (groups.length - 1));
		return groups.map((group, index) => ({width: widths[index]!, lines: group.flatMap(entry => linesOf(entry, widths[index]!))}));
	};
	// Wrapped, in as few readable columns as hold every key; each filled by the lines its entries take at an equal share.
	for (let count = Math.max(1, Math.ceil(entries.length / rows)); count <= maxColumns; count++) {
		const equalShare = Math.floor((width - gap * (count - 1)) / count);
		const groups = fill(entries, rows, entry => linesOf(entry, equalShare).length);
		if (groups.length > count) continue;
		const columns = columnsOf(groups);
		if (columns.every(column => column.lines.length <= rows)) return columns;
	}
	// Otherwise every key on one line, descriptions cut at their column's edge.
	return columnsOf(fill(entries, rows, () => 1)).map(column => ({...column, lines: column.lines.filter(line => line.kind === 'title' || line.keys !== '')}));
}

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
		remaining -= widths[index]!;
	});
	return widths;
}

function linesOf(entry: HelpEntry, width: number): HelpLine[] {
	if (entry.kind === 'title') return [{kind: 'title', text: entry.text}];
	const room = Math.max(8, width - INDENT - HELP_KEY_WIDTH);
	return wrapWords(entry.text, room).map((text, index) => ({kind: 'row', keys: index === 0 ? entry.keys : '', text, isDangerous: entry.isDangerous}));
}

/**
 * Columns of lines that fit `height` rows and `width` columns with `gap` between them, and each column's width.
 * A column wraps its long descriptions when its rows allow it; otherwise it keeps one line per key (cut at its edge).
 */
export function layoutHelp(entries: readonly HelpEntry[], width: number, height: number, gap: number): Array<{width: number; lines: HelpLine[]}> {
	const rows = Math.max(1, height);
	// Narrower columns would cut every description to a word: what does not fit in these is counted instead.
	const maxColumns = Math.max(1, Math.floor((width + gap) / (MIN_COLUMN_WIDTH + gap)));
	const columnCount = Math.min(maxColumns, Math.max(1, Math.ceil(entries.length / rows)));
	// Filled in order by the lines each entry takes at an equal share of the width; sharing by need below only widens.
	const equalShare = Math.floor((width - gap * (columnCount - 1)) / columnCount);
	const groups: HelpEntry[][] = [[]];
	let used = 0;
	for (const entry of entries) {
		const height_ = linesOf(entry, equalShare).length;
		if (used + height_ > rows && groups.at(-1)!.length > 0) {
			groups.push([]);
			used = 0;
		}
		groups.at(-1)!.push(entry);
		used += height_;
	}
	if (groups.length > maxColumns) {
		const hidden = groups.slice(maxColumns).reduce((sum, group) => sum + group.length, 0) + 1;
		groups.length = maxColumns;
		groups.at(-1)!.splice(-1, 1, {kind: 'title', text: `… ${hidden} more: a bigger terminal shows every key`});
	}
	const widths = shareWidths(groups.map(group => Math.max(...group.map(naturalWidth))), width - gap * (groups.length - 1));
	return groups.map((group, index) => {
		const columnWidth = widths[index]!;
		const wrapped = group.flatMap(entry => linesOf(entry, columnWidth));
		const lines: HelpLine[] = wrapped.length <= rows ? wrapped : group.map(entry => ({kind: entry.kind, keys: entry.keys, text: entry.text, isDangerous: entry.isDangerous}));
		return {width: columnWidth, lines};
	});
}

/**
 * Pure helpers that fit text into terminal cells. Widths are terminal columns,
 * not string lengths: CJK and emoji take two columns.
 */
import stringWidth from 'string-width';

const PLAIN = /^[\u0020-\u007e]*$/;

/** Display width in terminal columns. */
export function widthOf(text: string): number {
	return PLAIN.test(text) ? text.length : stringWidth(text);
}

/** Cuts text to at most `width` columns, ending with … when it was cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (widthOf(text) <= width) return text;
	if (width === 1) return '…';
	if (PLAIN.test(text)) return `${text.slice(0, width - 1)}…`;
	let out = '';
	let used = 0;
	for (const {segment} of new Intl.Segmenter().segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width - 1) break;
		out += segment;
		used += w;
	}
	return `${out}…`;
}

/**
 * Cuts text to at most `width` columns by taking out its middle: names that share a prefix
 * (`monitoring-stack-production-grafana-1`, `…-prometheus-1`) stay told apart by their ends.
 */
export function truncateMiddle(text: string, width: number): string {
	if (widthOf(text) <= width || width < 7) return truncate(text, width);
	const tail = Math.floor((width - 1) / 2);
	const segments = [...new Intl.Segmenter().segment(text)].map(({segment}) => segment);
	let end = '';
	let used = 0;
	for (let index = segments.length - 1; index >= 0; index--) {
		const w = widthOf(segments[index]!);
		if (used + w > tail) break;
		end = segments[index]! + end;
		used += w;
	}
	return `${truncate(text, width - used).slice(0, -1)}…${end}`;
}

/** Pads or cuts text to exactly `width` columns; `cut: 'middle'` keeps both ends of a long name. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', cutAt: 'end' | 'middle' = 'end'): string {
	const cut = cutAt === 'middle' ? truncateMiddle(text, width) : truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - widthOf(cut)));
	return align === 'right' ? pad + cut : cut + pad;
}

/**
 * A title line: the first part always (cut by the line if it must be), then each further part only
 * while it fits whole in `width`, so a figure is dropped rather than cut (`efficiency 68.…`, issue 18).
 */
export function joinWhole(parts: readonly string[], width: number, separator = ' · '): string {
	let line = parts[0] ?? '';
	for (const part of parts.slice(1)) {
		if (widthOf(line) + widthOf(separator) + widthOf(part) > width) break;
		line += separator + part;
	}
	return line;
}

/**
 * Items (key hints, toggles) in lines of at most `width` columns, each item whole, `gap` columns
 * apart: a line of options wraps instead of being cut after its first items (issue 18).
 * Returns the indexes of the items on each line.
 */
export function packItems(items: readonly string[], width: number, gap = 2): number[][] {
	const lines: number[][] = [];
	let line: number[] = [];
	let used = 0;
	for (const [index, item] of items.entries()) {
		const w = widthOf(item);
		if (line.length > 0 && used + gap + w > width) {
			lines.push(line);
			line = [];
			used = 0;
		}
		used += (line.length > 0 ? gap : 0) + w;
		line.push(index);
	}
	if (line.length > 0) lines.push(line);
	return lines;
}

/** Text in rows of at most `width` columns, broken between words; a word longer than a row is cut across rows. */
export function wrapWords(text: string, width: number): string[] {
	if (width <= 0) return [];
	const rows: string[] = [];
	let row = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let rest = word;
		while (widthOf(rest) > width) {
			if (row) rows.push(row);
			row = '';
			const head = truncate(rest, width + 1).slice(0, -1) || rest.slice(0, 1);
			rows.push(head);
			rest = rest.slice(head.length);
		}
		if (!rest) continue;
		if (!row) row = rest;
		else if (widthOf(row) + 1 + widthOf(rest) <= width) row += ` ${rest}`;
		else {
			rows.push(row);
			row = rest;
		}
	}
	if (row) rows.push(row);
	return rows;
}

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

/** Pads or cuts text to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - widthOf(cut)));
	return align === 'right' ? pad + cut : cut + pad;
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

/**
 * Pure layout of a log line on screen: where it wraps (in terminal columns,
 * wide characters counted twice) and which parts of a row are search matches.
 */
import stringWidth from 'string-width';
import {isNarrowCodeUnit} from './fast-string-width.js';
import {graphemeSegmenter} from './grapheme-segmenter.js';

const PLAIN = /^[\u0020-\u007e]*$/;
// Intl.Segmenter walks a long string in time that grows with the square of its length (80,000 characters with one
// "é" took 21 s to wrap, issue 21), and string-width costs tens of microseconds a call: one-column code units are
// counted directly, and only stretches of others are segmented, a bounded window at a time, their widths remembered.
const WINDOW = 256;

/**
 * A bounded memo of a pure function (a segment's width in columns): the same answers as stringWidth. The caller
 * owns it (the session's, through its RowLayout), so no module state is kept (issue 15).
 */
export type WidthMemo = Map<string, number>;

function widthOf(segment: string, widths: WidthMemo): number {
	let width = widths.get(segment);
	if (width === undefined) {
		width = stringWidth(segment);
		if (widths.size > 4096) widths.clear();
		widths.set(segment, width);
	}
	return width;
}

/**
 * Calls `visit(index, width)` for each character cell of text[start..] in order (a grapheme, or one code unit of
 * the one-column kind), until it returns false.
 */
function eachCell(text: string, start: number, widths: WidthMemo, visit: (index: number, width: number) => boolean): void {
	const {length} = text;
	let index = start;
	while (index < length) {
		if (isNarrowCodeUnit(text.charCodeAt(index))) {
			if (!visit(index, 1)) return;
			index++;
			continue;
		}
		let end = index + 1;
		while (end < length && end - index < WINDOW && !isNarrowCodeUnit(text.charCodeAt(end))) end++;
		// Never cut a surrogate pair.
		if (end < length && (text.charCodeAt(end) & 0xfc00) === 0xdc00) end++;
		for (const {segment, index: at} of graphemeSegmenter.segment(text.slice(index, end))) {
			if (!visit(index + at, widthOf(segment, widths))) return;
		}
		index = end;
	}
}

/** Start indexes (in code units) of each row the text takes at `width` columns; always at least one row. */
export function rowStarts(text: string, width: number, widths: WidthMemo): number[] {
	const starts = [0];
	if (width <= 0) return starts;
	if (PLAIN.test(text)) {
		for (let index = width; index < text.length; index += width) starts.push(index);
		return starts;
	}
	const {length} = text;
	let used = 0;
	let index = 0;
	const visit = (at: number, w: number) => {
		if (used + w > width && used > 0) {
			starts.push(at);
			used = 0;
		}
		used += w;
		return true;
	};
	while (index < length) {
		// One-column code units inline (a line may hold millions); a stretch of others through eachCell.
		if (isNarrowCodeUnit(text.charCodeAt(index))) {
			if (used >= width) {
				starts.push(index);
				used = 0;
			}
			used++;
			index++;
			continue;
		}
		let end = index + 1;
		while (end < length && !isNarrowCodeUnit(text.charCodeAt(end))) end++;
		eachCell(text.slice(0, end), index, widths, visit);
		index = end;
	}
	return starts;
}

/** The longest prefix of text[start..] that fits `width` columns, as an end index. Costs the cells it looks at only. */
export function fitEnd(text: string, start: number, width: number, widths: WidthMemo): number {
	let used = 0;
	let last = -1;
	eachCell(text, start, widths, (index, w) => {
		if (used + w > width) return false;
		used += w;
		last = index;
		return true;
	});
	// `last` is where the last cell that fits starts: it ends where the next cell starts.
	return last === -1 ? start : cellEnd(text, last, widths);
}

/** Where the cell starting at `index` ends. */
function cellEnd(text: string, index: number, widths: WidthMemo): number {
	let next = text.length;
	eachCell(text, index, widths, at => {
		if (at > index) {
			next = at;
			return false;
		}
		return true;
	});
	return next;
}

export interface Piece {
	text: string;
	isMatch: boolean;
}

/** Cuts text[start..end) into plain and matching pieces by the match ranges. */
export function splitMatches(text: string, start: number, end: number, ranges: ReadonlyArray<readonly [number, number]>): Piece[] {
	const pieces: Piece[] = [];
	let at = start;
	for (const [from, to] of ranges) {
		if (to <= at) continue;
		if (from >= end) break;
		const matchStart = Math.max(from, at);
		if (matchStart > at) pieces.push({text: text.slice(at, matchStart), isMatch: false});
		const matchEnd = Math.min(to, end);
		pieces.push({text: text.slice(matchStart, matchEnd), isMatch: true});
		at = matchEnd;
	}
	if (at < end) pieces.push({text: text.slice(at, end), isMatch: false});
	return pieces;
}

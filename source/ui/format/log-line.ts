/**
 * Pure layout of a log line on screen: where it wraps (in terminal columns,
 * wide characters counted twice) and which parts of a row are search matches.
 */
import stringWidth from 'string-width';

// eslint-disable-next-line no-control-regex
const PLAIN = /^[\u0020-\u007e]*$/;
const segmenter = new Intl.Segmenter();

/** Start indexes (in code units) of each row the text takes at `width` columns; always at least one row. */
export function rowStarts(text: string, width: number): number[] {
	const starts = [0];
	if (width <= 0) return starts;
	if (PLAIN.test(text)) {
		for (let index = width; index < text.length; index += width) starts.push(index);
		return starts;
	}
	let used = 0;
	for (const {segment, index} of segmenter.segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width && used > 0) {
			starts.push(index);
			used = 0;
		}
		used += w;
	}
	return starts;
}

/** The longest prefix of text[start..] that fits `width` columns, as an end index. */
export function fitEnd(text: string, start: number, width: number): number {
	if (PLAIN.test(text)) return Math.min(text.length, start + Math.max(0, width));
	let used = 0;
	let end = start;
	for (const {segment, index} of segmenter.segment(text.slice(start))) {
		const w = stringWidth(segment);
		if (used + w > width) break;
		used += w;
		end = start + index + segment.length;
	}
	return end;
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

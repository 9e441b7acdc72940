/**
 * Search in a log buffer: plain text or a regular expression, case-insensitive
 * unless asked otherwise; match ranges for highlighting, next/previous with
 * wrap-around, and an incrementally kept list of matching lines for the
 * "only matching lines" filter.
 */
import type {LogBuffer, LogLine} from './log-buffer.js';

export interface SearchQuery {
	text: string;
	isRegex?: boolean;
	isCaseSensitive?: boolean;
}

export type CompiledSearch = {pattern: RegExp; error?: undefined} | {pattern?: undefined; error: string};

/** Builds the pattern, or says in one line why the regular expression is not valid. */
export function compileSearch(query: SearchQuery): CompiledSearch | undefined {
	if (query.text === '') return undefined;
	const source = query.isRegex ? query.text : query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	try {
		return {pattern: new RegExp(source, query.isCaseSensitive ? 'gu' : 'giu')};
	} catch (error) {
		return {error: `invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`};
	}
}

/** Non-empty match ranges [start, end) in the text, in order. */
export function matchRanges(text: string, pattern: RegExp): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	pattern.lastIndex = 0;
	for (const match of text.matchAll(pattern)) {
		if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
	}
	return ranges;
}

/** True when the line has at least one non-empty match. */
export function lineMatches(line: LogLine, pattern: RegExp): boolean {
	pattern.lastIndex = 0;
	for (const match of line.text.matchAll(pattern)) if (match[0].length > 0) return true;
	return false;
}

/**
 * The next matching line after `fromSeq` (or before it, going back), wrapping
 * around the buffer once. Undefined when no kept line matches.
 */
export function findMatch(buffer: LogBuffer, fromSeq: number, direction: 1 | -1, pattern: RegExp): number | undefined {
	const count = buffer.size;
	if (count === 0) return undefined;
	const start = buffer.start;
	const from = Math.min(Math.max(fromSeq, start - 1), buffer.end);
	for (let step = 1; step <= count; step++) {
		const offset = (((from - start + direction * step) % count) + count) % count;
		const line = buffer.at(start + offset);
		if (line && lineMatches(line, pattern)) return start + offset;
	}
	return undefined;
}

/**
 * The sequence numbers of matching lines, kept up to date by scanning only what
 * arrived since the last call; lines that fell out of the buffer are dropped.
 */
export class MatchIndex {
	private seqs: number[] = [];
	private head = 0;
	private scannedTo = 0;
	private pattern: RegExp | undefined;

	/** The matching sequence numbers now kept, oldest first. Re-scans all when the pattern changed. */
	update(buffer: LogBuffer, pattern: RegExp): readonly number[] {
		if (pattern !== this.pattern) {
			this.pattern = pattern;
			this.seqs = [];
			this.head = 0;
			this.scannedTo = buffer.start;
		}
		// The last line may have been a partial one that grew: look at it again.
		let from = Math.max(this.scannedTo - 1, buffer.start);
		while (this.seqs.length > this.head && this.seqs[this.seqs.length - 1]! >= from) this.seqs.pop();
		for (; from < buffer.end; from++) {
			const line = buffer.at(from);
			if (line && lineMatches(line, pattern)) this.seqs.push(from);
		}
		this.scannedTo = buffer.end;
		while (this.head < this.seqs.length && this.seqs[this.head]! < buffer.start) this.head++;
		if (this.head > 4096 && this.head * 2 > this.seqs.length) {
			this.seqs = this.seqs.slice(this.head);
			this.head = 0;
		}
		return this.head === 0 ? this.seqs : this.seqs.slice(this.head);
	}
}

/**
 * Search in a log buffer: plain text or a regular expression, case-insensitive
 * unless asked otherwise; match ranges for highlighting, next/previous with
 * wrap-around, and an incrementally kept list of matching lines for the
 * "only matching lines" filter.
 */
import type {LogBuffer, LogLine} from './log-buffer.js';
import {compilePattern, type CompiledPattern, type PatternQuery, type TextMatcher, TimeBudget} from './safe-regex.js';

export type SearchQuery = PatternQuery;
export type CompiledSearch = CompiledPattern;
export {TimeBudget};

/** Builds the matcher (RE2 semantics for a regular expression), or says in one line why it is not valid. */
export function compileSearch(query: SearchQuery): CompiledSearch | undefined {
	return compilePattern(query);
}

/** Non-empty match ranges [start, end) in the text, in order (what the budget allowed). */
export function matchRanges(text: string, matcher: TextMatcher, budget?: TimeBudget): Array<[number, number]> {
	return matcher.ranges(text, budget);
}

/** True when the line has at least one non-empty match. */
export function lineMatches(line: LogLine, matcher: TextMatcher): boolean {
	return matcher.test(line.text);
}

/**
 * The next matching line after `fromSeq` (or before it, going back), wrapping
 * around the buffer once. Undefined when no kept line matches, or when the
 * budget ran out first (the caller tells the two apart by `budget.isSpent`).
 */
export function findMatch(buffer: LogBuffer, fromSeq: number, direction: 1 | -1, matcher: TextMatcher, budget?: TimeBudget): number | undefined {
	const start = buffer.start;
	const from = Math.min(Math.max(fromSeq, start - 1), buffer.end);
	const offset = nextMatchingIndex(buffer.size, from - start, direction, index => {
		const line = buffer.at(start + index);
		return line !== undefined && lineMatches(line, matcher);
	}, budget);
	return offset === undefined ? undefined : start + offset;
}

/**
 * The first index after `from` (or before it, going back) among `count` for which `isMatch` holds, wrapping around
 * once: the one scan behind Logs' search, command output's and the file view's.
 */
export function nextMatchingIndex(count: number, from: number, direction: 1 | -1, isMatch: (index: number) => boolean, budget?: TimeBudget): number | undefined {
	for (let step = 1; step <= count; step++) {
		if (budget?.isSpent) return undefined;
		const index = (((from + direction * step) % count) + count) % count;
		if (isMatch(index)) return index;
	}
	return undefined;
}

/**
 * The sequence numbers of matching lines, kept up to date by scanning only what
 * arrived since the last call; lines that fell out of the buffer are dropped.
 * A call scans until its budget is spent and goes on from there at the next
 * call (`isComplete` says whether it caught up), so a big buffer never holds
 * the event loop for longer than the budget and one line.
 */
export class MatchIndex {
	private seqs: number[] = [];
	private head = 0;
	private scannedTo = 0;
	private matcher: TextMatcher | undefined;
	private complete = true;
	/** Lines still to scan after the last call. */
	remaining = 0;

	/** Whether the last call scanned every line there was. */
	get isComplete(): boolean {
		return this.complete;
	}

	/** The matching sequence numbers now kept, oldest first. Re-scans all when the pattern changed. */
	update(buffer: LogBuffer, matcher: TextMatcher, budget?: TimeBudget): readonly number[] {
		if (matcher.key !== this.matcher?.key) {
			this.matcher = matcher;
			this.seqs = [];
			this.head = 0;
			this.scannedTo = buffer.start;
		}
		// The last line may have been a partial one that grew: look at it again.
		let from = Math.max(this.scannedTo - 1, buffer.start);
		while (this.seqs.length > this.head && this.seqs[this.seqs.length - 1]! >= from) this.seqs.pop();
		for (; from < buffer.end; from++) {
			if (budget?.isSpent) break;
			const line = buffer.at(from);
			if (line && lineMatches(line, matcher)) this.seqs.push(from);
		}
		// Resume at the first line not scanned (re-scanning it is harmless: it was popped above).
		this.scannedTo = from < buffer.end ? from + 1 : buffer.end;
		this.complete = from >= buffer.end;
		this.remaining = buffer.end - from;
		while (this.head < this.seqs.length && this.seqs[this.head]! < buffer.start) this.head++;
		if (this.head > 4096 && this.head * 2 > this.seqs.length) {
			this.seqs = this.seqs.slice(this.head);
			this.head = 0;
		}
		return this.head === 0 ? this.seqs : this.seqs.slice(this.head);
	}
}

/**
 * The only-matching scan as the pane runs it: each call scans for one slice of time
 * (the caller schedules the next after the event loop has had its turn), and a catch-up
 * that needs more than `capMs` of scanning in all stops there (the pane says so).
 * Finishing a catch-up resets the count: lines that arrive later start afresh.
 */
export class SlicedMatchScan {
	private readonly index = new MatchIndex();
	private spentMs = 0;
	private key = '';
	private readonly now: () => number;

	constructor(private readonly options: {sliceMs: number; capMs: number; now?: () => number}) {
		this.now = options.now ?? (() => performance.now());
	}

	/** Scans one slice; returns the matching lines found so far. */
	update(buffer: LogBuffer, matcher: TextMatcher): readonly number[] {
		if (matcher.key !== this.key) {
			this.key = matcher.key;
			this.spentMs = 0;
		}
		const started = this.now();
		const seqs = this.index.update(buffer, matcher, new TimeBudget(this.isStopped ? 0 : this.options.sliceMs, this.now));
		this.spentMs = this.index.isComplete ? 0 : this.spentMs + this.now() - started;
		return seqs;
	}

	/** More lines to scan, and the cap not reached: the caller should call again soon. */
	get isScanning(): boolean {
		return !this.index.isComplete && !this.isStopped;
	}

	/** The catch-up needed more than the cap: it stays stopped until the pattern changes. */
	get isStopped(): boolean {
		return !this.index.isComplete && this.spentMs > this.options.capMs;
	}

	/** Lines not scanned yet. */
	get remaining(): number {
		return this.index.remaining;
	}
}

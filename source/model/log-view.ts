/**
 * Which log lines a pane of a given height shows: the last ones while
 * following, or the ones from an anchored line on while scrolled back. The view
 * addresses lines by sequence number, so it stays on the same text while the
 * stream goes on and the ring drops old lines.
 */
import type {LogBuffer} from './log-buffer.js';

/** The lines a view walks over: every kept line, or only the matching ones. */
export interface LineList {
	count: number;
	seqAt: (index: number) => number;
	/** Index of the first line with a sequence number ≥ seq (count when none). */
	indexAtOrAfter: (seq: number) => number;
}

export function allLines(buffer: LogBuffer): LineList {
	const start = buffer.start;
	const count = buffer.size;
	return {
		count,
		seqAt: index => start + index,
		indexAtOrAfter: seq => Math.min(count, Math.max(0, seq - start)),
	};
}

export function onlyLines(seqs: readonly number[]): LineList {
	return {
		count: seqs.length,
		seqAt: index => seqs[index]!,
		indexAtOrAfter: seq => {
			let low = 0;
			let high = seqs.length;
			while (low < high) {
				const mid = (low + high) >> 1;
				if (seqs[mid]! < seq) low = mid + 1;
				else high = mid;
			}
			return low;
		},
	};
}

export interface ViewWindow {
	/** Sequence numbers shown, top first. */
	seqs: number[];
	/** Index in the list of the first shown line. */
	firstIndex: number;
	/** Lines below the window (new lines that arrived while scrolled back). */
	below: number;
}

/**
 * The window of lines that fills `height` rows. `anchor` undefined means
 * following (the last lines); otherwise the window starts at that line.
 * `rowsOf` says how many rows a line takes (1 unless wrapping).
 */
export function viewWindow(list: LineList, height: number, anchor: number | undefined, rowsOf: (seq: number) => number): ViewWindow {
	const seqs: number[] = [];
	if (list.count === 0 || height <= 0) return {seqs, firstIndex: 0, below: 0};
	if (anchor === undefined) {
		let used = 0;
		let index = list.count - 1;
		for (; index >= 0; index--) {
			const seq = list.seqAt(index);
			const rows = rowsOf(seq);
			if (used + rows > height && seqs.length > 0) break;
			seqs.push(seq);
			used += rows;
		}
		seqs.reverse();
		return {seqs, firstIndex: index + 1, below: 0};
	}
	const firstIndex = Math.min(list.indexAtOrAfter(anchor), list.count - 1);
	let used = 0;
	let index = firstIndex;
	for (; index < list.count; index++) {
		const seq = list.seqAt(index);
		const rows = rowsOf(seq);
		if (used + rows > height && seqs.length > 0) break;
		seqs.push(seq);
		used += rows;
	}
	return {seqs, firstIndex, below: list.count - index};
}

/**
 * Scrolls by `delta` lines from the current window. Returns the new anchor, or
 * undefined (follow again) when scrolling down reaches the end.
 */
export function scrollAnchor(list: LineList, window: ViewWindow, delta: number): number | undefined {
	if (list.count === 0) return undefined;
	const target = window.firstIndex + delta;
	if (delta > 0 && window.below === 0) return undefined;
	if (delta > 0 && target + window.seqs.length >= list.count) {
		// Keep the last screenful in view rather than scrolling past the end.
		return undefined;
	}
	return list.seqAt(Math.max(0, Math.min(list.count - 1, target)));
}

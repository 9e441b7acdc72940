/**
 * Which log lines a pane of a given height shows: the last ones while
 * following, or the ones from an anchored line on while scrolled back. The view
 * addresses lines by sequence number, so it stays on the same text while the
 * stream goes on and the ring drops old lines.
 */
import type {LogBuffer} from './log-buffer.js';

/** The lines a view walks over: every kept line, or only the matching ones. */
/**
 * Which state a list was read at: the ring's version (it is mutable; lines appended later need a new list) and,
 * for only the matching lines, how many slices the search had scanned.
 */
export interface ReadAt {
	version: number;
	slice?: number;
}

export interface LineList {
	readAt: ReadAt;
	count: number;
	seqAt: (index: number) => number;
	/** Index of the first line with a sequence number ≥ seq (count when none). */
	indexAtOrAfter: (seq: number) => number;
}

export function allLines(buffer: LogBuffer, readAt: ReadAt): LineList {
	const start = buffer.start;
	const count = buffer.size;
	return {
		readAt,
		count,
		seqAt: index => start + index,
		indexAtOrAfter: seq => Math.min(count, Math.max(0, seq - start)),
	};
}

export function onlyLines(seqs: readonly number[], readAt: ReadAt): LineList {
	return {
		readAt,
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

/** Where a scrolled-back view starts: row `row` (0 the first) of the line with sequence number `seq`. */
export interface ViewAnchor {
	seq: number;
	row: number;
}

/** A line in the window and which of its rows show: [fromRow, toRow). */
export interface WindowLine {
	seq: number;
	fromRow: number;
	toRow: number;
}

export interface ViewWindow {
	/** The lines shown, top first, each with the rows of it that show (a wrapped line may be taller than the view). */
	lines: WindowLine[];
	/** Sequence numbers shown, top first. */
	seqs: number[];
	/** Index in the list of the first shown line, and its first shown row. */
	firstIndex: number;
	firstRow: number;
	/** Lines below the window (new lines that arrived while scrolled back). */
	below: number;
}

const EMPTY: ViewWindow = {lines: [], seqs: [], firstIndex: 0, firstRow: 0, below: 0};

/**
 * The window that fills `height` rows. `anchor` undefined means following: the last rows, so the end of the last
 * line shows however long it is; otherwise the window starts at the anchor's row. `rowsOf` says how many rows a line
 * takes (1 unless wrapping). A window always fills the view when there is enough to show (issue 21: a wrapped line
 * taller than the view showed its first rows and blank space, and its neighbours vanished).
 */
export function viewWindow(list: LineList, height: number, anchor: ViewAnchor | undefined, rowsOf: (seq: number) => number): ViewWindow {
	if (list.count === 0 || height <= 0) return EMPTY;
	if (anchor !== undefined) {
		const firstIndex = Math.min(list.indexAtOrAfter(anchor.seq), list.count - 1);
		const firstSeq = list.seqAt(firstIndex);
		const firstRow = firstSeq === anchor.seq ? Math.max(0, Math.min(anchor.row, rowsOf(firstSeq) - 1)) : 0;
		const lines: WindowLine[] = [];
		let used = 0;
		let index = firstIndex;
		for (; index < list.count && used < height; index++) {
			const seq = list.seqAt(index);
			const fromRow = index === firstIndex ? firstRow : 0;
			const toRow = Math.min(rowsOf(seq), fromRow + height - used);
			lines.push({seq, fromRow, toRow});
			used += toRow - fromRow;
		}
		// Near the end with rows to spare: show the last screenful instead of blank rows.
		if (used >= height || (firstIndex === 0 && firstRow === 0)) return finish(lines, firstIndex, firstRow, list.count - index);
	}
	const lines: WindowLine[] = [];
	let used = 0;
	let index = list.count - 1;
	for (; index >= 0 && used < height; index--) {
		const seq = list.seqAt(index);
		const rows = rowsOf(seq);
		const fromRow = Math.max(0, rows - (height - used));
		lines.push({seq, fromRow, toRow: rows});
		used += rows - fromRow;
	}
	lines.reverse();
	return finish(lines, index + 1, lines[0]?.fromRow ?? 0, 0);
}

function finish(lines: WindowLine[], firstIndex: number, firstRow: number, below: number): ViewWindow {
	return {lines, seqs: lines.map(line => line.seq), firstIndex, firstRow, below};
}

/**
 * Scrolls by `delta` rows from the current window (a line is one row unless wrapped). Returns the new anchor, or
 * undefined (follow again) when scrolling down reaches the end.
 */
export function scrollAnchor(list: LineList, window: ViewWindow, delta: number, height: number, rowsOf: (seq: number) => number): ViewAnchor | undefined {
	if (list.count === 0 || window.lines.length === 0) return undefined;
	if (delta > 0 && window.below === 0 && isAtEnd(list, window, rowsOf)) return undefined;
	let index = window.firstIndex;
	let row = window.firstRow;
	if (delta > 0) {
		let remaining = delta;
		while (remaining > 0) {
			const left = rowsOf(list.seqAt(index)) - 1 - row;
			if (remaining <= left) {
				row += remaining;
				break;
			}
			remaining -= left + 1;
			index++;
			row = 0;
			if (index >= list.count) return undefined;
		}
		// Keep the last screenful in view rather than scrolling past the end.
		let rows = rowsOf(list.seqAt(index)) - row;
		for (let i = index + 1; i < list.count && rows <= height; i++) rows += rowsOf(list.seqAt(i));
		if (rows <= height) return undefined;
	} else {
		let remaining = -delta;
		while (remaining > 0) {
			if (remaining <= row) {
				row -= remaining;
				break;
			}
			remaining -= row + 1;
			if (index === 0) {
				row = 0;
				break;
			}
			index--;
			row = rowsOf(list.seqAt(index)) - 1;
		}
	}
	return {seq: list.seqAt(index), row};
}

/** The window shows the last row of the last line. */
function isAtEnd(list: LineList, window: ViewWindow, rowsOf: (seq: number) => number): boolean {
	const last = window.lines.at(-1)!;
	return last.seq === list.seqAt(list.count - 1) && last.toRow >= rowsOf(last.seq);
}

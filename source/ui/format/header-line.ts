/**
 * The header's two lines at any width (issue 18), pure: the engine line keeps what matters and
 * drops the rest in order; the tab line always shows the active pane and its neighbours, and
 * abbreviates the panes farthest from it first.
 */
import {truncate, truncateMiddle, widthOf} from './text.js';

/** One tab as drawn: ` 3 Images `, ` 3 Ima `, or ` 3 `; `x` is its first screen column. */
export interface TabLabel {
	index: number;
	text: string;
	x: number;
}

const ABBREVIATION = 3;

/** The tab labels that fit in `width`; when even numbers alone do not fit, a window around the active one with ‹ › at the cut ends. */
export function tabLabels(titles: readonly string[], active: number, width: number): {labels: TabLabel[]; before: boolean; after: boolean} {
	// Level 0 full title, 1 abbreviated, 2 number only; the active tab stays full, its neighbours at most abbreviated.
	const levels = titles.map(() => 0);
	const textOf = (index: number) => {
		const number = ` ${index + 1} `;
		if (levels[index] === 2) return number;
		const title = titles[index]!;
		return levels[index] === 1 && widthOf(title) > ABBREVIATION + 1 ? `${number}${title.slice(0, ABBREVIATION)} ` : `${number}${title} `;
	};
	const total = () => titles.reduce((sum, _, index) => sum + widthOf(textOf(index)), 0);
	const byDistance = titles.map((_, index) => index).filter(index => index !== active).sort((a, b) => Math.abs(b - active) - Math.abs(a - active) || b - a);
	for (const level of [1, 2]) {
		for (const index of byDistance) {
			if (total() <= width) break;
			if (level === 2 && Math.abs(index - active) === 1) continue;
			levels[index] = level;
		}
	}
	let first = 0;
	let last = titles.length - 1;
	// Still too wide: a window around the active pane, one tab at a time off the farther end.
	const windowWidth = () => {
		let sum = first > 0 ? 1 : 0;
		for (let index = first; index <= last; index++) sum += widthOf(textOf(index));
		return sum + (last < titles.length - 1 ? 1 : 0);
	};
	while (windowWidth() > width && last > first) {
		if (active - first > last - active) first++;
		else last--;
	}
	const labels: TabLabel[] = [];
	let x = first > 0 ? 1 : 0;
	for (let index = first; index <= last; index++) {
		const text = textOf(index);
		labels.push({index, text: index === active ? truncate(text, width - x) : text, x});
		x += widthOf(text);
	}
	return {labels, before: first > 0, after: last < titles.length - 1};
}

/** A piece of the engine line; pieces with a drop order go, highest first, when the line is too long. */
export interface HeaderPiece {
	text: string;
	role: 'brand' | 'context' | 'endpoint' | 'tls' | 'engine' | 'api' | 'platform' | 'readOnly' | 'separator';
	dropOrder?: number;
}

/**
 * The engine line's pieces that fit in `width`: the platform goes first, then the API version,
 * then the brand; the endpoint, then the context name, are cut in their middles last. The engine
 * and its version, the context, an unverified TLS warning and read-only always stay.
 */
export function fitHeaderPieces(pieces: readonly HeaderPiece[], width: number): HeaderPiece[] {
	let kept = [...pieces];
	const lengthOf = (list: readonly HeaderPiece[]) => list.reduce((sum, piece) => sum + widthOf(piece.text), 0);
	// A separator goes with the piece after it.
	const without = (list: readonly HeaderPiece[], drop: HeaderPiece) => {
		const at = list.indexOf(drop);
		return list.filter((piece, index) => index !== at && !(index === at - 1 && piece.role === 'separator'));
	};
	while (lengthOf(kept) > width) {
		const candidates = kept.filter(piece => piece.dropOrder !== undefined);
		if (candidates.length === 0) break;
		const drop = candidates.reduce((a, b) => (b.dropOrder! > a.dropOrder! ? b : a));
		kept = without(kept, drop);
		if (kept[0]?.role === 'separator') kept = kept.slice(1);
	}
	// Then the endpoint, and a long context name, lose their middles (never below 8 columns each).
	for (const role of ['endpoint', 'context'] as const) {
		const over = lengthOf(kept) - width;
		const piece = kept.find(candidate => candidate.role === role);
		if (over > 0 && piece) kept = kept.map(candidate => (candidate === piece ? {...candidate, text: truncateMiddle(candidate.text, Math.max(8, widthOf(candidate.text) - over))} : candidate));
	}
	return kept;
}

/** What the header says of one engine among several (issue 14): answering, refused or failed, silent, or not yet known. */
export type EngineState = 'up' | 'down' | 'no answer' | 'connecting';

/** An engine's state from its sync: a request that ran out of time is "no answer", any other failure "down". */
export function engineStateOf(status: {isConnected: boolean; problem?: string}): EngineState {
	if (status.isConnected) return 'up';
	if (!status.problem) return 'connecting';
	return /no answer/.test(status.problem) ? 'no answer' : 'down';
}

const STATE_MARK: Record<EngineState, string> = {up: '●', down: '○', 'no answer': '◌', connecting: '…'};

/**
 * Every engine's state in at most `width` columns, one piece each: `● a ○ b down ◌ c no answer`; then with
 * names cut in their middle (16, 12, then 10 columns) while they stay told apart (`dd-e…-a-1` beside `dd-e…-b-1`);
 * then counts (`2 up · 1 down`), so a down engine is never left unsaid.
 */
export function engineStatePieces(engines: ReadonlyArray<{name: string; state: EngineState}>, width: number): Array<{text: string; state: EngineState}> {
	const piece = (name: string, state: EngineState) => ({text: `${STATE_MARK[state]} ${name}${state === 'up' ? '' : ` ${state}`}`, state});
	const fits = (pieces: ReadonlyArray<{text: string}>) => pieces.reduce((sum, each) => sum + widthOf(each.text), 0) + Math.max(0, pieces.length - 1) <= width;
	const whole = engines.map(({name, state}) => piece(name, state));
	if (fits(whole)) return whole;
	for (const cut of [16, 12, 10]) {
		const names = engines.map(({name}) => truncateMiddle(name, cut));
		if (new Set(names).size < names.length) continue;
		const pieces = engines.map(({state}, index) => piece(names[index]!, state));
		if (fits(pieces)) return pieces;
	}
	const counts: Array<{text: string; state: EngineState}> = [];
	for (const state of ['up', 'down', 'no answer', 'connecting'] as const) {
		const count = engines.filter(engine => engine.state === state).length;
		if (count > 0) counts.push({text: `${STATE_MARK[state]} ${count} ${state}`, state});
	}
	return counts;
}

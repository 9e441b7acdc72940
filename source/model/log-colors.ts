/**
 * Optional colour in logs: a container's plain SGR sequences (ESC [ digits and
 * semicolons m) become style spans over the sanitized text; the sequences
 * themselves never reach the terminal. Anything else (other CSI, OSC, DCS, SGR
 * with colon sub-parameters or private markers, C1) stays in the text and is
 * sanitized exactly as without colour. Every line starts unstyled: a colour a
 * line leaves open ends with the line.
 *
 * A line is shown as a terminal would leave it (issue 21): a carriage return
 * goes back to the line's first column and what follows overwrites, a backspace
 * steps back one, and an erase-in-line (ESC [ K, 1K, 2K) erases, so a progress
 * bar redrawn in place shows its last state. These move nothing outside the
 * line, so they are acted on here rather than passed to the terminal; every
 * character written still goes through the one sanitizer.
 */
import {sanitize} from './sanitize.js';

/** A style over text[start, end) of a sanitized line. */
export interface StyleSpan {
	start: number;
	end: number;
	color?: string;
	backgroundColor?: string;
	bold?: boolean;
	dim?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
}

type Style = Omit<StyleSpan, 'start' | 'end'>;

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
const BRIGHT = NAMES.map(name => `${name}Bright`);
// Only digits and semicolons between ESC [ and m: nothing else is "plain".
const PLAIN_SGR = /\u001B\[([\d;]{0,64})m/g;

/**
 * A palette index stays an index (Ink draws `ansi256(n)` as 38;5;n): written as #rrggbb it went through chalk's
 * RGB → 256 rounding, which is linear while the palette's cube is not, and 202 (#ff5f00) came out as 208 (issue 21).
 */
function color256(n: number): string | undefined {
	return Number.isInteger(n) && n >= 0 && n < 256 ? `ansi256(${n})` : undefined;
}

function hex(...parts: number[]): string {
	return `#${parts.map(part => Math.max(0, Math.min(255, part)).toString(16).padStart(2, '0')).join('')}`;
}

function apply(style: Style, params: string): Style {
	const codes = params === '' ? [0] : params.split(';').map(code => (code === '' ? 0 : Number(code)));
	let next: Style = {...style};
	for (let i = 0; i < codes.length; i++) {
		const code = codes[i]!;
		if (code === 0) next = {};
		else if (code === 1) next.bold = true;
		else if (code === 2) next.dim = true;
		else if (code === 3) next.italic = true;
		else if (code === 4) next.underline = true;
		else if (code === 7) next.inverse = true;
		else if (code === 22) {
			delete next.bold;
			delete next.dim;
		}
		else if (code === 23) delete next.italic;
		else if (code === 24) delete next.underline;
		else if (code === 27) delete next.inverse;
		else if (code >= 30 && code <= 37) next.color = NAMES[code - 30];
		else if (code === 39) delete next.color;
		else if (code >= 40 && code <= 47) next.backgroundColor = NAMES[code - 40];
		else if (code === 49) delete next.backgroundColor;
		else if (code >= 90 && code <= 97) next.color = BRIGHT[code - 90];
		else if (code >= 100 && code <= 107) next.backgroundColor = BRIGHT[code - 100];
		else if (code === 38 || code === 48) {
			const key = code === 38 ? 'color' : 'backgroundColor';
			let value: string | undefined;
			if (codes[i + 1] === 5) {
				value = color256(codes[i + 2] ?? -1);
				i += 2;
			} else if (codes[i + 1] === 2) {
				value = hex(codes[i + 2] ?? 0, codes[i + 3] ?? 0, codes[i + 4] ?? 0);
				i += 4;
			}
			if (value === undefined) delete next[key];
			else next[key] = value;
		}
		// Blink, conceal, strike-through, fonts: ignored, the text stays.
	}
	return next;
}

function isPlain(style: Style): boolean {
	return Object.keys(style).length === 0;
}

/**
 * One raw line (no newline) → its sanitized text and the style spans the
 * plain SGR sequences in it describe. Styles are undefined when there are none.
 */
export function colorLine(raw: string, options: {expandTabs?: boolean} = {}): {text: string; styles?: StyleSpan[]} {
	if (MOVES_IN_LINE.test(raw)) return isReturnsOnly(raw, true) ? {text: foldReturns(raw, options)} : overwriteLine(raw, true, options);
	if (!raw.includes('\u001B[')) return {text: sanitize(raw, options)};
	const styles: StyleSpan[] = [];
	let text = '';
	let style: Style = {};
	let last = 0;
	const take = (segment: string) => {
		if (segment === '') return;
		const piece = sanitize(segment, options);
		if (!isPlain(style)) styles.push({start: text.length, end: text.length + piece.length, ...style});
		text += piece;
	};
	for (const match of raw.matchAll(PLAIN_SGR)) {
		take(raw.slice(last, match.index));
		style = apply(style, match[1]!);
		last = match.index + match[0].length;
	}
	take(raw.slice(last));
	return styles.length > 0 ? {text, styles} : {text};
}

/** A raw line as shown: with colour spans ({@link colorLine}) or with SGR as inert text; carriage returns acted on either way. */
export function renderLine(raw: string, colors: boolean, options: {expandTabs?: boolean} = {}): {text: string; styles?: StyleSpan[]} {
	if (colors) return colorLine(raw, options);
	if (!MOVES_IN_LINE.test(raw)) return {text: sanitize(raw, options)};
	return isReturnsOnly(raw, false) ? {text: foldReturns(raw, options)} : overwriteLine(raw, false, options);
}

/** Only carriage returns move the cursor (no backspace, no erase), and no colour is read: plain overwriting will do. */
function isReturnsOnly(raw: string, colors: boolean): boolean {
	return !raw.includes('\b') && !ERASE_IN_LINE.test(raw) && !(colors && raw.includes('\u001B['));
}

/**
 * Overwriting by carriage returns on text alone, from the last state back: a progress bar redrawn all day is one line
 * of millions of characters, and a cell per character would cost far more than the few it shows.
 */
function foldReturns(raw: string, options: {expandTabs?: boolean}): string {
	const states = raw.split('\r');
	let text = sanitize(states.at(-1)!, options);
	for (let i = states.length - 2; i >= 0; i--) {
		// A state shows only where it is longer than every later one.
		if (states[i]!.length <= text.length && !/[^\u0020-\u007e]/.test(states[i]!)) continue;
		const earlier = sanitize(states[i]!, options);
		if (earlier.length > text.length) text += wholeCharacters(earlier.slice(text.length));
	}
	return text;
}

/**
 * The rest of an earlier state begins where a later one ended, counted in UTF-16 units: when that cuts a character
 * outside the BMP (an emoji) in two, its second half would be a lone surrogate, which no terminal may get (found by
 * fuzzing, issue 17). It shows as U+FFFD, as a half-overwritten wide character would.
 */
function wholeCharacters(rest: string): string {
	const first = rest.charCodeAt(0);
	return first >= 0xdc00 && first <= 0xdfff ? `\ufffd${rest.slice(1)}` : rest;
}

// What moves the cursor or erases within a line. A carriage return before the newline was taken off by the decoder.
const MOVES_IN_LINE = /[\r\b]|\u001B\[[012]?K/;
const ERASE_IN_LINE = /\u001B\[[012]?K/;
const LINE_CONTROLS = /\r|[\b]|\t|\u001B\[([012]?)K|\u001B\[([\d;]{0,64})m/g;
const TAB_WIDTH = 8;

/**
 * The line a terminal would show after writing `raw` from column 0: one cell per character, overwritten in place.
 * Cells are counted in characters (a wide character takes one here and two on screen: a rare overlap may differ).
 */
function overwriteLine(raw: string, colors: boolean, options: {expandTabs?: boolean}): {text: string; styles?: StyleSpan[]} {
	const cells: string[] = [];
	const cellStyles: Array<Style | undefined> = [];
	let column = 0;
	let style: Style = {};
	const put = (char: string) => {
		while (cells.length < column) {
			cells.push(' ');
			cellStyles.push(undefined);
		}
		cells[column] = char;
		cellStyles[column] = isPlain(style) ? undefined : style;
		column++;
	};
	const write = (segment: string) => {
		if (segment === '') return;
		for (const char of sanitize(segment)) put(char);
	};
	let last = 0;
	for (const match of raw.matchAll(LINE_CONTROLS)) {
		const token = match[0];
		if (token.endsWith('m') && !colors) continue;
		write(raw.slice(last, match.index));
		last = match.index + token.length;
		if (token === '\r') column = 0;
		else if (token === '\b') column = Math.max(0, column - 1);
		else if (token === '\t') {
			const stop = options.expandTabs ? (Math.floor(column / TAB_WIDTH) + 1) * TAB_WIDTH : column + 1;
			while (column < stop) put(' ');
		} else if (token.endsWith('m')) style = apply(style, match[2]!);
		else if (match[1] === '2') {
			cells.length = 0;
			cellStyles.length = 0;
		} else if (match[1] === '1') {
			for (let i = 0; i <= column && i < cells.length; i++) {
				cells[i] = ' ';
				cellStyles[i] = undefined;
			}
		} else {
			cells.length = Math.min(cells.length, column);
			cellStyles.length = cells.length;
		}
	}
	write(raw.slice(last));
	let text = '';
	const styles: StyleSpan[] = [];
	let runStyle: Style | undefined;
	let runStart = 0;
	for (let i = 0; i < cells.length; i++) {
		if (cellStyles[i] !== runStyle) {
			if (runStyle) styles.push({start: runStart, end: text.length, ...runStyle});
			runStyle = cellStyles[i];
			runStart = text.length;
		}
		text += cells[i];
	}
	if (runStyle) styles.push({start: runStart, end: text.length, ...runStyle});
	return styles.length > 0 ? {text, styles} : {text};
}

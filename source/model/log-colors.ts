/**
 * Optional colour in logs: a container's plain SGR sequences (ESC [ digits and
 * semicolons m) become style spans over the sanitized text; the sequences
 * themselves never reach the terminal. Anything else (other CSI, OSC, DCS, SGR
 * with colon sub-parameters or private markers, C1) stays in the text and is
 * sanitized exactly as without colour. Every line starts unstyled: a colour a
 * line leaves open ends with the line.
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

function color256(n: number): string | undefined {
	if (n < 8) return NAMES[n];
	if (n < 16) return BRIGHT[n - 8];
	if (n < 232) {
		const levels = [0, 95, 135, 175, 215, 255];
		const i = n - 16;
		return hex(levels[Math.floor(i / 36)]!, levels[Math.floor(i / 6) % 6]!, levels[i % 6]!);
	}
	if (n < 256) {
		const level = 8 + (n - 232) * 10;
		return hex(level, level, level);
	}
	return undefined;
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
		else if (code === 22) delete next.bold, delete next.dim;
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
		last = match.index! + match[0].length;
	}
	take(raw.slice(last));
	return styles.length > 0 ? {text, styles} : {text};
}

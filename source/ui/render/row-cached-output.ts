/**
 * What the build puts in place of Ink's `Output` (ink/build/output.js, see scripts/build.mjs), issue 8.
 *
 * Ink's Output turns every line of every frame into one object per styled character (tokenizing each
 * line with Intl.Segmenter), places them on a grid of the whole screen and turns the grid back into
 * text: ~75 % of the CPU of a key press at 160×50, even when only two rows changed. A row's text is a
 * pure function of the screen's width and of the writes that land on that row, in order, so this
 * one records those writes per row and composes only a row whose writes it has not composed before;
 * the others reuse their text from an earlier frame. Composing a row follows the same rules as Ink
 * (the same tokenizer, character widths and style diffing, passed in by the build from Ink's own
 * dependencies), and test/ui/row-cached-output.test.ts compares whole frames with Ink's Output.
 *
 * A row that does change is composed faster too: a line made only of narrow code points that never
 * join a neighbour (isNarrowCodeUnit) and SGR sequences is one grapheme per code unit, so it skips
 * the tokenizer's Intl.Segmenter, and characters in one style share one array of codes, which lets
 * the row's text skip the style diff between them (the diff of a style with itself is empty).
 */
import {isNarrowCodeUnit} from '../format/fast-string-width.js';

/** One character with the SGR codes in force, as @alcalzone/ansi-tokenize makes them. */
export interface StyledCharacter {
	type: 'char';
	value: string;
	fullWidth: boolean;
	styles: readonly unknown[];
}

/** The functions Ink's Output uses, from the packages Ink itself resolves. */
export interface OutputDependencies {
	// Plain functions of Ink's dependencies, called unbound.
	sliceAnsi: (text: string, start: number, end?: number) => string;
	stringWidth: (text: string) => number;
	tokenize: (text: string) => unknown[];
	styledCharsFromTokens: (tokens: unknown[]) => StyledCharacter[];
	reduceAnsiCodesIncremental: (codes: readonly unknown[], newCodes: readonly unknown[]) => unknown[];
	diffAnsiCodes: (from: readonly unknown[], to: readonly unknown[]) => unknown[];
	ansiCodesToString: (codes: readonly unknown[]) => string;
}

type Transformer = (line: string, index: number) => string;

/** The clipping rectangle Ink's renderNodeToOutput passes for overflow: hidden boxes. */
export interface Clip {
	x1?: number;
	x2?: number;
	y1?: number;
	y2?: number;
}

type Operation = {type: 'write'; x: number; y: number; text: string; transformers: readonly Transformer[]} | {type: 'clip'; clip: Clip} | {type: 'unclip'};

/** The (x, text) writes that landed on one row, flattened as x, text, x, text… */
type RowWrites = Array<number | string>;

/** Rows kept from earlier frames: enough for a few screens, so that switching panes back still hits. */
const MIN_CACHED_ROWS = 1024;
/** Widths of the distinct strings seen; cleared whole when full, as most are single characters. */
const MAX_CACHED_WIDTHS = 8192;

const BLANK: StyledCharacter = {type: 'char', value: ' ', fullWidth: false, styles: []};

/** A class with the interface of Ink's Output, backed by a row cache shared by its instances. */
export function createRowCachedOutput(dependencies: OutputDependencies) {
	const {sliceAnsi, stringWidth, tokenize, styledCharsFromTokens, reduceAnsiCodesIncremental, diffAnsiCodes, ansiCodesToString} = dependencies;
	const composedRows = new Map<string, string>();
	const widths = new Map<string, number>();
	const sgrTokens = new Map<string, unknown[]>();

	/** The line's styled characters without Intl.Segmenter, when every character is narrow and every escape is SGR. */
	const simpleStyledCharacters = (line: string): StyledCharacter[] | undefined => {
		const characters: StyledCharacter[] = [];
		let styles: readonly unknown[] = [];
		for (let index = 0; index < line.length; index++) {
			const code = line.charCodeAt(index);
			if (isNarrowCodeUnit(code)) {
				characters.push({type: 'char', value: line[index]!, fullWidth: false, styles});
				continue;
			}
			if (code !== 0x1b || line.charCodeAt(index + 1) !== 0x5b) return undefined;
			// ESC [ digits and semicolons m, scanned as the tokenizer scans it; the tokenizer itself splits it into codes.
			let end = index + 2;
			for (let next = line.charCodeAt(end); (next >= 0x30 && next <= 0x39) || next === 0x3b; next = line.charCodeAt(++end));
			if (line.charCodeAt(end) !== 0x6d) return undefined;
			const sequence = line.slice(index, end + 1);
			let tokens = sgrTokens.get(sequence);
			if (!tokens) {
				if (sgrTokens.size >= MAX_CACHED_WIDTHS) sgrTokens.clear();
				tokens = tokenize(sequence);
				sgrTokens.set(sequence, tokens);
			}
			for (const token of tokens) styles = reduceAnsiCodesIncremental(styles, [token]);
			index = end;
		}
		return characters;
	};

	/** Ink's styledCharsToString, skipping the diff between neighbours that share their array of codes. */
	const textOfCells = (cells: readonly StyledCharacter[]): string => {
		let text = '';
		for (let index = 0; index < cells.length; index++) {
			const {styles, value} = cells[index]!;
			if (index === 0) text += ansiCodesToString(styles);
			else if (cells[index - 1]!.styles !== styles) text += ansiCodesToString(diffAnsiCodes(cells[index - 1]!.styles, styles));
			text += value;
		}
		if (cells.length > 0) text += ansiCodesToString(diffAnsiCodes(cells.at(-1)!.styles, []));
		return text;
	};

	const widthOf = (text: string): number => {
		let width = widths.get(text);
		if (width === undefined) {
			if (widths.size >= MAX_CACHED_WIDTHS) widths.clear();
			width = stringWidth(text);
			widths.set(text, width);
		}
		return width;
	};

	const widestLineOf = (text: string): number => {
		let widest = 0;
		for (const line of text.split('\n')) widest = Math.max(widest, widthOf(line));
		return widest;
	};

	// The length in front of each text keeps keys unambiguous whatever the text holds.
	const rowKey = (width: number, writes: RowWrites): string => {
		let key = `${width}`;
		for (let index = 0; index < writes.length; index += 2) {
			const text = writes[index + 1] as string;
			key += `|${writes[index]},${text.length},${text}`;
		}
		return key;
	};

	/**
	 * Places each write's characters on a row of blanks, a wide character followed by empty cells
	 * carrying its styles, and turns the row into text. Positions are used as given, as Ink does:
	 * a negative or fractional one lands off the row and is dropped by the filter.
	 */
	const composeRow = (width: number, writes: RowWrites, styledCharactersOf: (line: string) => StyledCharacter[]): string => {
		const cells: Array<StyledCharacter | undefined> = [];
		for (let x = 0; x < width; x++) cells.push(BLANK);
		for (let index = 0; index < writes.length; index += 2) {
			let x = writes[index] as number;
			for (const character of styledCharactersOf(writes[index + 1] as string)) {
				cells[x] = character;
				const characterWidth = Math.max(1, widthOf(character.value));
				for (let extra = 1; extra < characterWidth; extra++) {
					cells[x + extra] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
				}
				x += characterWidth;
			}
		}
		return textOfCells(cells.filter((cell): cell is StyledCharacter => cell !== undefined)).trimEnd();
	};

	return class RowCachedOutput {
		width: number;
		height: number;
		operations: Operation[] = [];

		constructor({width, height}: {width: number; height: number}) {
			this.width = width;
			this.height = height;
		}

		write(x: number, y: number, text: string, {transformers}: {transformers: readonly Transformer[]}): void {
			if (!text) return;
			this.operations.push({type: 'write', x, y, text, transformers});
		}

		clip(clip: Clip): void {
			this.operations.push({type: 'clip', clip});
		}

		unclip(): void {
			this.operations.push({type: 'unclip'});
		}

		get(): {output: string; height: number} {
			const rows: RowWrites[] = [];
			for (let y = 0; y < this.height; y++) rows.push([]);
			const clips: Clip[] = [];
			for (const operation of this.operations) {
				if (operation.type === 'clip') clips.push(operation.clip);
				else if (operation.type === 'unclip') clips.pop();
				else this.placeWrite(operation, clips.at(-1), rows);
			}

			const styledCharacters = new Map<string, StyledCharacter[]>();
			const styledCharactersOf = (line: string): StyledCharacter[] => {
				let characters = styledCharacters.get(line);
				if (!characters) {
					characters = simpleStyledCharacters(line) ?? styledCharsFromTokens(tokenize(line));
					styledCharacters.set(line, characters);
				}
				return characters;
			};
			const maxCachedRows = Math.max(MIN_CACHED_ROWS, rows.length * 4);
			const lines = rows.map(writes => {
				if (writes.length === 0) return '';
				const key = rowKey(this.width, writes);
				let line = composedRows.get(key);
				if (line === undefined) {
					line = composeRow(this.width, writes, styledCharactersOf);
					if (composedRows.size >= maxCachedRows) composedRows.delete(composedRows.keys().next().value!);
				} else {
					// Least recently used goes first: a hit moves to the end.
					composedRows.delete(key);
				}
				composedRows.set(key, line);
				return line;
			});
			return {output: lines.join('\n'), height: rows.length};
		}

		/** Clips a write as Ink does and appends its lines, transformed, to the rows they land on. */
		private placeWrite({x, y, text, transformers}: Extract<Operation, {type: 'write'}>, clip: Clip | undefined, rows: RowWrites[]): void {
			let lines = text.split('\n');
			if (clip) {
				const clipsHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
				const clipsVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
				if (clipsHorizontally && (x + widestLineOf(text) < clip.x1! || x > clip.x2!)) return;
				if (clipsVertically && (y + lines.length < clip.y1! || y > clip.y2!)) return;
				if (clipsHorizontally) {
					const left = x;
					lines = lines.map(line => {
						const from = left < clip.x1! ? clip.x1! - left : 0;
						const width = widthOf(line);
						return sliceAnsi(line, from, left + width > clip.x2! ? clip.x2! - left : width);
					});
					if (x < clip.x1!) x = clip.x1!;
				}
				if (clipsVertically) {
					const from = y < clip.y1! ? clip.y1! - y : 0;
					const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
					lines = lines.slice(from, to);
					if (y < clip.y1!) y = clip.y1!;
				}
			}
			// As in Ink, the first line that falls off the screen ends the write: the rows below it
			// are not tried, and transformers see only the lines that land.
			let offsetY = 0;
			for (const [index, original] of lines.entries()) {
				const writes = rows[y + offsetY];
				if (!writes) continue;
				let line = original;
				for (const transformer of transformers) line = transformer(line, index);
				writes.push(x, line);
				offsetY++;
			}
		}
	};
}

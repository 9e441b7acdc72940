/**
 * A container's log line as it arrived, made safe only when something reads
 * it. A flood brings hundreds of thousands of lines a second and the pane shows
 * forty: the text and colour spans are computed on first read, by renderLine and
 * with it the one sanitizer, and kept (issue 8). Every reader — the rows on
 * screen, search, a saved file — reads `text` and so gets the sanitized text;
 * the raw text is private and never handed out.
 *
 * One object carries the line from the decoder through the ring: no copy per
 * stage.
 */
import {renderLine, type StyleSpan} from './log-colors.js';
import type {LogStream} from './log-decoder.js';

const EXPAND_TABS = {expandTabs: true};

/** Told when a kept line's sanitized text turns out longer or shorter than the raw text it was counted by. */
export interface CharacterCounter {
	recount(delta: number): void;
}

export class RawLogLine {
	/** Sequence number in the ring; set when the ring takes the line. */
	seq = -1;
	readonly stream: LogStream;
	// Declared, not defined: most lines never get most of these, and an absent field costs no memory.
	declare timestamp?: string;
	declare source?: string;
	declare sourceIndex?: number;
	declare isPartial?: boolean;
	declare droppedChars?: number;
	declare replacesPartial?: boolean;
	declare key?: string;
	/** Characters the ring counts for this line: the raw text's until it is made safe, the safe text's after. */
	counted: number;
	#raw: string | undefined;
	#text = '';
	#styles: StyleSpan[] | undefined;
	readonly #hasColors: boolean;
	#counter: CharacterCounter | undefined;

	constructor(stream: LogStream, raw: string, hasColors: boolean) {
		this.stream = stream;
		this.#raw = raw;
		this.counted = raw.length;
		this.#hasColors = hasColors;
	}

	/** The sanitized text (plain SGR colour taken out into {@link styles} when colours were asked for). */
	get text(): string {
		if (this.#raw !== undefined) this.cook();
		return this.#text;
	}

	/** Colour spans over {@link text}. */
	get styles(): StyleSpan[] | undefined {
		if (this.#raw !== undefined) this.cook();
		return this.#styles;
	}

	/** @internal the ring that counts this line's characters, or undefined when it no longer holds it. */
	countIn(counter: CharacterCounter | undefined): void {
		this.#counter = counter;
	}

	private cook(): void {
		const raw = this.#raw!;
		this.#raw = undefined;
		const cooked = renderLine(raw, this.#hasColors, EXPAND_TABS);
		this.#text = cooked.text;
		this.#styles = cooked.styles;
		const delta = cooked.text.length - this.counted;
		if (delta === 0) return;
		this.counted = cooked.text.length;
		this.#counter?.recount(delta);
	}
}

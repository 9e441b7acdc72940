/**
 * The bounded memory of a logs pane: a ring of the last N lines, addressed by
 * a sequence number that keeps growing, so a view anchored on a line stays on
 * it while new lines arrive and old ones fall out.
 *
 * Lines come in batches, and listeners hear about them at most once per
 * `notifyMs` (50 ms by default), or less often when the view reports that
 * showing them is costly: a burst of a million lines costs a handful of
 * renders, never one per line.
 */
import type {StyleSpan} from './log-colors.js';
import type {LogStream} from './log-decoder.js';
import {type CharacterCounter, RawLogLine} from './log-line.js';

/** A stored line. `text` and `source` are sanitized before they get here. */
export interface LogLine {
	seq: number;
	/** `system` lines are dockdash's own notes in the log (exit codes, re-attaching). */
	stream: LogStream | 'system';
	text: string;
	timestamp?: string;
	/** The container's name when several containers are merged. */
	source?: string;
	/** Which merged container, for a stable colour. */
	sourceIndex?: number;
	isPartial?: boolean;
	/** Colour spans over `text` from the container's plain SGR. */
	styles?: StyleSpan[];
	/** The line was longer than the budget: `text` is its head, and this many characters were not kept. */
	droppedChars?: number;
}

/**
 * A line to append. `key` names its stream (container and stdout/stderr) so a partial line can be replaced in place.
 * `text` is sanitized; a {@link RawLogLine} is kept as it is and makes itself safe when read.
 */
export interface LogLineInput {
	stream: LogLine['stream'];
	text: string;
	timestamp?: string;
	source?: string;
	sourceIndex?: number;
	isPartial?: boolean;
	replacesPartial?: boolean;
	key?: string;
	styles?: StyleSpan[];
	droppedChars?: number;
}

export interface LogBufferOptions {
	/** How many lines are kept. Default 10,000. */
	capacity?: number;
	/** Listeners are called at most once per this many ms. Default 50. */
	notifyMs?: number;
	/** Characters kept in all lines together; the oldest lines go first. Default 32 Mi. */
	maxChars?: number;
}

export const DEFAULT_LOG_CAPACITY = 10_000;
// Lines are cut at 256 Ki characters (log-decoder), so 10,000 of them could hold 2.5 G characters: a container
// writing long lines or binary would grow dockdash without bound. The line count alone does not bound memory.
export const DEFAULT_LOG_MAX_CHARS = 32 * 1024 * 1024;

// A render may take a quarter of the time between notifications, and the view is never frozen for more than a second.
const RENDER_SHARE_INVERSE = 4;
const MAX_INTERVAL_MS = 1000;

export class LogBuffer implements CharacterCounter {
	readonly capacity: number;
	readonly maxChars: number;
	private chars = 0;
	private readonly notifyMs: number;
	private readonly slots: Array<LogLine | undefined>;
	private startSeq = 0;
	private endSeq = 0;
	private readonly partials = new Map<string, number>();
	private readonly listeners = new Set<() => void>();
	private changes = 0;
	private notified = 0;
	private lastNotify = 0;
	private timer: NodeJS.Timeout | undefined;
	/** performance.now() of the notification the view has not yet said it rendered; 0 when none. */
	private notifiedAt = 0;
	private renderMs = 0;
	/** Lines ever appended, for the ingest counter (replacements of a partial line do not count). */
	totalAppended = 0;
	/** Lines pushed out by the line capacity or the character budget (not those a clear removed). */
	evicted = 0;

	constructor(options: LogBufferOptions = {}) {
		this.capacity = Math.max(1, Math.floor(options.capacity ?? DEFAULT_LOG_CAPACITY));
		this.notifyMs = options.notifyMs ?? 50;
		this.maxChars = Math.max(1, options.maxChars ?? DEFAULT_LOG_MAX_CHARS);
		this.slots = new Array<LogLine | undefined>(this.capacity);
	}

	/** Sequence number of the oldest line kept. */
	get start(): number {
		return this.startSeq;
	}

	/** Sequence number the next line will get; `end - start` lines are kept. */
	get end(): number {
		return this.endSeq;
	}

	get size(): number {
		return this.endSeq - this.startSeq;
	}

	at(seq: number): LogLine | undefined {
		if (seq < this.startSeq || seq >= this.endSeq) return undefined;
		return this.slots[seq % this.capacity];
	}

	append(lines: readonly LogLineInput[]): void {
		if (lines.length === 0) return;
		for (const input of lines) {
			// No partial line is waiting in the common case: then there is nothing to look up.
			const partialSeq = input.key === undefined || this.partials.size === 0 ? undefined : this.partials.get(input.key);
			if (input.replacesPartial && partialSeq !== undefined && partialSeq >= this.startSeq) {
				const index = partialSeq % this.capacity;
				this.chars -= this.release(this.slots[index]);
				const line = this.take(input, partialSeq);
				this.slots[index] = line;
				this.chars += charactersOf(line);
				if (!input.isPartial) this.partials.delete(input.key!);
				continue;
			}
			const seq = this.endSeq++;
			if (this.endSeq - this.startSeq > this.capacity) this.evictOldest();
			const line = this.take(input, seq);
			this.slots[seq % this.capacity] = line;
			this.chars += charactersOf(line);
			this.totalAppended++;
			if (input.key !== undefined) {
				if (input.isPartial) this.partials.set(input.key, seq);
				else if (partialSeq !== undefined) this.partials.delete(input.key);
			}
		}
		// Keep at least the newest line, however long: it is what the user is looking at.
		while (this.chars > this.maxChars && this.endSeq - this.startSeq > 1) this.evictOldest();
		this.changed();
	}

	/** Characters held by the kept lines. */
	get characters(): number {
		return this.chars;
	}

	/** @internal a kept line was made safe and its character count changed; the budget is enforced at the next append. */
	recount(delta: number): void {
		this.chars += delta;
	}

	/** A line as it is kept: a raw line is kept as it is (made safe when read), anything else copied. */
	private take(input: LogLineInput, seq: number): LogLine {
		if (!(input instanceof RawLogLine)) return toLine(input, seq);
		input.seq = seq;
		input.countIn(this);
		return input;
	}

	/** Lets go of a kept line; returns the characters it was counted by. */
	private release(line: LogLine | undefined): number {
		if (line instanceof RawLogLine) line.countIn(undefined);
		return line ? charactersOf(line) : 0;
	}

	private evictOldest(): void {
		const index = this.startSeq % this.capacity;
		this.chars -= this.release(this.slots[index]);
		this.slots[index] = undefined;
		this.startSeq++;
		this.evicted++;
	}

	/** Forgets every line; sequence numbers go on from where they were. */
	clear(): void {
		for (const line of this.slots) this.release(line);
		this.slots.fill(undefined);
		this.chars = 0;
		this.startSeq = this.endSeq;
		this.partials.clear();
		this.changed();
	}

	/** The kept lines, oldest first. */
	lines(): LogLine[] {
		const out: LogLine[] = [];
		for (let seq = this.startSeq; seq < this.endSeq; seq++) out.push(this.slots[seq % this.capacity]!);
		return out;
	}

	/** For useSyncExternalStore: changes only when listeners were told. */
	getVersion = (): number => this.notified;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Stops a pending notification (the view went away). */
	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.listeners.clear();
	}

	/**
	 * The view says it has shown the last notification (rendered and painted). Its cost sets the pace of the next
	 * ones: showing lines takes at most a quarter of the time during a flood, whatever the terminal's size, and
	 * reading the stream keeps the rest (issue 8). Without reports, the pace is `notifyMs`.
	 */
	rendered(): void {
		if (this.notifiedAt === 0) return;
		this.renderMs = performance.now() - this.notifiedAt;
		this.notifiedAt = 0;
	}

	/** The least time between two notifications now: `notifyMs`, or longer after a costly render (at most 1 s). */
	get interval(): number {
		return Math.max(this.notifyMs, Math.min(MAX_INTERVAL_MS, RENDER_SHARE_INVERSE * this.renderMs));
	}

	private changed(): void {
		this.changes++;
		if (this.timer) return;
		const wait = Math.max(0, this.lastNotify + this.interval - Date.now());
		this.timer = setTimeout(() => this.notify(), wait);
	}

	private notify(): void {
		this.timer = undefined;
		this.lastNotify = Date.now();
		this.notifiedAt = performance.now();
		this.notified = this.changes;
		for (const listener of [...this.listeners]) listener();
	}
}

/** Characters a kept line is counted by: a raw line's without making it safe. */
function charactersOf(line: LogLine): number {
	return line instanceof RawLogLine ? line.counted : line.text.length;
}

function toLine(input: LogLineInput, seq: number): LogLine {
	const line: LogLine = {seq, stream: input.stream, text: input.text};
	if (input.timestamp !== undefined) line.timestamp = input.timestamp;
	if (input.source !== undefined) line.source = input.source;
	if (input.sourceIndex !== undefined) line.sourceIndex = input.sourceIndex;
	if (input.isPartial) line.isPartial = true;
	if (input.styles) line.styles = input.styles;
	if (input.droppedChars) line.droppedChars = input.droppedChars;
	return line;
}

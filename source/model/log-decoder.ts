/**
 * Turns the bytes of the engine's logs endpoint into lines.
 *
 * The framing is told by the caller from the container's `Config.Tty`, never
 * guessed from the bytes: a TTY container's output is raw, anything else comes
 * in 8-byte-header frames ([stream, 0, 0, 0, size as uint32 BE] + payload), and
 * a TTY program may well print bytes that look like such a header.
 *
 * What the engine does that this undoes:
 *  - a frame can be cut anywhere by the transport, header included;
 *  - the json-file driver stores a line longer than 16 KiB as several messages,
 *    each its own frame (and, with timestamps, each with its own timestamp), and
 *    the cut may fall inside a UTF-8 character: so timestamps are stripped from
 *    the bytes before UTF-8 decoding, and each stream has its own decoder;
 *  - bytes with no newline may arrive and then nothing for a while (a 16 KiB
 *    piece of a long line, or output the engine flushed without its newline):
 *    after a short delay the unfinished line is shown, marked partial, and
 *    replaced in place when it grows or ends. (Engine 20.10's log copier holds
 *    a prompt without newline until the newline, 16 KiB or the end of output.)
 */
import {StringDecoder} from 'node:string_decoder';
import {renderLine, type StyleSpan} from './log-colors.js';
import {RawLogLine} from './log-line.js';

export type LogStream = 'stdout' | 'stderr';

/** One line (or the shown part of an unfinished one), already sanitized for display. */
export interface DecodedLine {
	stream: LogStream;
	text: string;
	/** The engine's RFC 3339 timestamp of the line's first message, when timestamps were requested. */
	timestamp?: string;
	/** No newline yet: shown because it waited longer than the partial delay. */
	isPartial?: boolean;
	/** Replaces the partial line this stream emitted last. */
	replacesPartial?: boolean;
	/** Colour from the container's plain SGR, when colours were asked for. */
	styles?: StyleSpan[];
	/** Characters of the line beyond the maximum length, not kept (the text is its head). */
	droppedChars?: number;
}

export interface LogDecoderOptions {
	/** `Config.Tty` of the container: true for raw output, false for multiplexed frames. */
	isTty: boolean;
	/** The request asked for timestamps: each message then starts with one. */
	timestamps?: boolean;
	/** How long an unfinished line waits before it is shown. Default 150 ms. */
	partialDelayMs?: number;
	/**
	 * A line keeps at most this many characters, so one endless line cannot grow memory without bound; the rest of
	 * it is counted ({@link DecodedLine.droppedChars}), never made into lines of its own. Default 32 Mi, the ring's budget.
	 */
	maxLineLength?: number;
	/** Plain SGR colour becomes style spans instead of inert text. Default false. */
	colors?: boolean;
	/**
	 * Lines come as {@link RawLogLine}s, made safe (sanitized, colour parsed) when first read rather than here: for a
	 * reader that keeps many lines and shows few (the logs pane). Default false: plain, sanitized objects.
	 */
	isLazy?: boolean;
	/** Receives lines in batches: one call per chunk, never one per line. */
	onLines: (lines: DecodedLine[]) => void;
}

/** The ring's character budget (log-buffer's DEFAULT_LOG_MAX_CHARS): a longer line could not be kept whole anyway. */
export const DEFAULT_MAX_LINE_LENGTH = 32 * 1024 * 1024;

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;
// An RFC 3339 timestamp with nanoseconds and an offset is at most 35 bytes; the space follows it.
const TIMESTAMP_HEAD_MAX = 40;
const HEADER_SIZE = 8;
// The engine's own form (RFC3339NanoFixed in UTC, "2026-11-23T01:00:00.000000001Z") and its length with the space after it.
const ENGINE_TIMESTAMP_FORM = 'dddd-dd-ddTdd:dd:dd.dddddddddZ ';
const ENGINE_TIMESTAMP_LENGTH = ENGINE_TIMESTAMP_FORM.length;

// The engine's log copier cuts a line longer than its 16 KiB buffer into messages of that size (Docker 20.10).
const RAW_MESSAGE_BYTES = 16 * 1024;

/** True when the bytes from `at` to the end could begin the engine's timestamp form. */
function isEngineTimestampStart(bytes: Buffer, at: number): boolean {
	for (let i = 0; at + i < bytes.length; i++) {
		const byte = bytes[at + i]!;
		const expected = ENGINE_TIMESTAMP_FORM.charCodeAt(i);
		if (expected === 0x64 ? byte < 0x30 || byte > 0x39 : byte !== expected) return false;
	}
	return true;
}

/** True when `bytes` hold the engine's timestamp form and its space at `at`: a byte comparison, no string. */
function isEngineTimestamp(bytes: Buffer, at: number): boolean {
	for (let i = 0; i < ENGINE_TIMESTAMP_LENGTH; i++) {
		const byte = bytes[at + i]!;
		const expected = ENGINE_TIMESTAMP_FORM.charCodeAt(i);
		if (expected === 0x64 ? byte < 0x30 || byte > 0x39 : byte !== expected) return false;
	}
	return true;
}

class StreamLines {
	// Only for a line whose bytes arrive in pieces (a frame or a read cut it): whole lines are decoded straight from
	// the chunk they arrived in, with no decoder state, string concatenation or copy.
	private readonly decoder = new StringDecoder('utf8');
	/** Text of the unfinished line decoded so far (the decoder may hold the first bytes of a character beyond it). */
	private pending = '';
	private isHolding = false;
	private pendingTimestamp: string | undefined;
	/** Characters of the unfinished line beyond the maximum length, counted and let go. */
	private dropped = 0;
	private hasShownPartial = false;
	/** The last character held ends in CR (counted as dropped if the line was past its maximum). */
	private isHeldCr = false;
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly stream: LogStream,
		private readonly owner: LogDecoder,
	) {}

	get isAtLineStart(): boolean {
		return !this.isHolding && !this.hasShownPartial;
	}

	/** Sets the timestamp of the line being collected, if it has none yet. */
	stamp(timestamp: string): void {
		if (this.isAtLineStart && this.pendingTimestamp === undefined) this.pendingTimestamp = timestamp;
	}

	/** Takes bytes [start, end) of `chunk`. */
	write(chunk: Buffer, start: number, end: number, out: DecodedLine[]): void {
		const max = this.owner.maxLineLength;
		let pos = start;
		while (pos < end) {
			const newline = this.owner.newlineAfter(chunk, pos);
			if (newline === -1 || newline >= end) {
				this.hold(chunk.subarray(pos, end), out);
				break;
			}
			if (!this.isHolding) {
				// A whole line in one piece: a newline is always a character boundary in UTF-8, so the range decodes alone.
				const stop = newline > pos && chunk[newline - 1] === 0x0d ? newline - 1 : newline;
				const text = chunk.toString('utf8', pos, stop);
				// Characters never outnumber bytes, so only a long run of bytes can need cutting.
				if (stop - pos > max) this.emitLong(text, out);
				else this.emit(text, false, out);
			} else {
				const rest = this.decoder.write(chunk.subarray(pos, newline)) + this.decoder.end();
				const text = this.dropped > 0 ? this.pending : this.pending + rest;
				// The CR of a CRLF is not a dropped character, even when a read ended between it and the LF (found by
				// fuzzing, issue 17: the count then depended on where the reads were cut).
				const endsWithCr = rest === '' ? this.isHeldCr : rest.endsWith('\r');
				if (this.dropped > 0) this.dropped += rest.length - (endsWithCr ? 1 : 0);
				this.pending = '';
				this.isHolding = false;
				this.emitLong(text.endsWith('\r') && this.dropped === 0 ? text.slice(0, -1) : text, out);
			}
			pos = newline + 1;
		}
		this.schedulePartial();
	}

	private hold(bytes: Buffer, _out: DecodedLine[]): void {
		this.isHolding = true;
		const text = this.decoder.write(bytes);
		if (text !== '') this.isHeldCr = text.endsWith('\r');
		// Past the maximum the line's characters are only counted: the line stays one line (issue 21).
		if (this.dropped > 0) {
			this.dropped += text.length;
			return;
		}
		this.pending += text;
		const max = this.owner.maxLineLength;
		if (this.pending.length > max) {
			this.dropped = this.pending.length - max;
			this.pending = this.pending.slice(0, max);
		}
	}

	/** A finished line: its first maximum-length characters, the rest counted. */
	private emitLong(text: string, out: DecodedLine[]): void {
		const max = this.owner.maxLineLength;
		if (text.length > max) {
			this.dropped += text.length - max;
			this.emit(text.slice(0, max), false, out);
		} else {
			this.emit(text, false, out);
		}
	}

	private emit(body: string, isPartial: boolean, out: DecodedLine[]): void {
		let line: DecodedLine;
		let timestamp = this.pendingTimestamp;
		if (this.owner.isLazy) {
			let raw = body;
			// Raw output has no frames: a timestamp can only be found where a line starts (the engine's, plain ASCII).
			const match = this.owner.isRawWithTimestamps ? TIMESTAMP.exec(raw) : null;
			if (match) {
				timestamp = match[1];
				raw = raw.slice(match[0].length);
			}
			line = new RawLogLine(this.stream, raw, this.owner.colors);
		} else {
			const colored = renderLine(body, this.owner.colors, EXPAND_TABS);
			line = {stream: this.stream, text: colored.text};
			if (colored.styles) line.styles = colored.styles;
			if (this.owner.isRawWithTimestamps) {
				const match = TIMESTAMP.exec(line.text);
				if (match) {
					timestamp = match[1];
					line.text = line.text.slice(match[0].length);
					if (line.styles) line.styles = shiftStyles(line.styles, match[0].length);
				}
			}
		}
		if (timestamp !== undefined) line.timestamp = timestamp;
		if (this.dropped > 0) line.droppedChars = this.dropped;
		if (isPartial) line.isPartial = true;
		if (this.hasShownPartial) line.replacesPartial = true;
		out.push(line);
		if (isPartial) {
			this.hasShownPartial = true;
			return;
		}
		this.hasShownPartial = false;
		this.pendingTimestamp = undefined;
		this.dropped = 0;
		this.pending = '';
	}

	private schedulePartial(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (!this.isHolding) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			if (this.pending === '') return;
			const out: DecodedLine[] = [];
			this.emit(this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending, true, out);
			this.owner.deliver(out);
		}, this.owner.partialDelayMs);
		this.timer.unref?.();
	}

	/** The stream ended: whatever is left is a line of its own. */
	end(out: DecodedLine[]): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (!this.isHolding) return;
		const rest = this.decoder.end();
		const text = this.dropped > 0 ? this.pending : this.pending + rest;
		this.dropped += this.dropped > 0 ? rest.length : 0;
		this.pending = '';
		this.isHolding = false;
		if (text !== '') this.emitLong(text.endsWith('\r') && this.dropped === 0 ? text.slice(0, -1) : text, out);
	}
}

const EXPAND_TABS = {expandTabs: true};

function shiftStyles(styles: StyleSpan[], by: number): StyleSpan[] | undefined {
	const out = styles.filter(span => span.end > by).map(span => ({...span, start: Math.max(0, span.start - by), end: span.end - by}));
	return out.length > 0 ? out : undefined;
}

/** A streaming decoder of one logs response. Feed it chunks with {@link push}; call {@link end} when the response ends. */
export class LogDecoder {
	readonly isTty: boolean;
	readonly timestamps: boolean;
	readonly partialDelayMs: number;
	readonly maxLineLength: number;
	readonly colors: boolean;
	readonly isLazy: boolean;
	private readonly onLines: (lines: DecodedLine[]) => void;
	private readonly streams: Record<LogStream, StreamLines>;
	private readonly header = Buffer.alloc(HEADER_SIZE);
	private headerLength = 0;
	private frameRemaining = 0;
	private frameStream: LogStream = 'stdout';
	private isAtFrameStart = false;
	private timestampHead: Buffer[] = [];
	private isEnded = false;
	private newlineIn: Buffer | undefined;
	private newlineFrom = 0;
	private newlineAt = -1;
	/** Raw output with timestamps: bytes the engine's current message may still hold (0 at a message start). */
	private rawMessageLeft = 0;
	private rawCarry: Buffer | undefined;

	constructor(options: LogDecoderOptions) {
		this.isTty = options.isTty;
		this.timestamps = Boolean(options.timestamps);
		this.partialDelayMs = options.partialDelayMs ?? 150;
		this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
		this.colors = Boolean(options.colors);
		this.isLazy = Boolean(options.isLazy);
		this.onLines = options.onLines;
		this.streams = {stdout: new StreamLines('stdout', this), stderr: new StreamLines('stderr', this)};
	}

	/** @internal */
	get isRawWithTimestamps(): boolean {
		return this.isTty && this.timestamps;
	}

	/** @internal hands a batch to the owner, unless the decoder has ended. */
	deliver(lines: DecodedLine[]): void {
		if (lines.length > 0 && !this.isEnded) this.onLines(lines);
	}

	push(chunk: Buffer): void {
		if (this.isEnded) return;
		const out: DecodedLine[] = [];
		if (this.isRawWithTimestamps) {
			this.rawWithTimestamps(chunk, out);
		} else if (this.isTty) {
			this.streams.stdout.write(chunk, 0, chunk.length, out);
		} else {
			this.demultiplex(chunk, out);
		}
		this.newlineIn = undefined;
		this.deliver(out);
	}

	/**
	 * @internal The first newline at or after `from` in `chunk`, or -1. One search serves every frame up to the
	 * newline it found, so a chunk of many frames without newlines is still scanned once, not once per frame.
	 */
	newlineAfter(chunk: Buffer, from: number): number {
		if (this.newlineIn === chunk && this.newlineFrom <= from && (this.newlineAt === -1 || this.newlineAt >= from)) return this.newlineAt;
		this.newlineIn = chunk;
		this.newlineFrom = from;
		this.newlineAt = chunk.indexOf(0x0a, from);
		return this.newlineAt;
	}

	/**
	 * Raw output has no frames, so a message that did not end a line is followed by the next message's timestamp in
	 * mid-line (a TTY progress bar showed ".081348784Z 2mdownloading", its colour cut in two, issue 21). The engine
	 * writes its timestamp in one fixed form, and a message ends at a newline or after 16 KiB (its log copier's
	 * buffer): the timestamp is taken off where a message can start, and only there, so a container's own text that
	 * looks like one stays. A new message usually starts a new chunk too: that is checked as well, for engines whose
	 * pieces have another size.
	 */
	private rawWithTimestamps(input: Buffer, out: DecodedLine[]): void {
		const chunk = this.rawCarry ? Buffer.concat([this.rawCarry, input]) : input;
		this.rawCarry = undefined;
		const lines = this.streams.stdout;
		let pos = 0;
		while (pos < chunk.length) {
			const isChunkStart = pos === 0 && !lines.isAtLineStart;
			if (this.rawMessageLeft === 0 || isChunkStart) {
				if (chunk.length - pos < ENGINE_TIMESTAMP_LENGTH && isEngineTimestampStart(chunk, pos)) {
					// A timestamp cut by the read: wait for the rest of it.
					this.rawCarry = Buffer.from(chunk.subarray(pos));
					break;
				}
				if (isEngineTimestamp(chunk, pos)) {
					lines.stamp(chunk.toString('latin1', pos, pos + ENGINE_TIMESTAMP_LENGTH - 1));
					pos += ENGINE_TIMESTAMP_LENGTH;
					this.rawMessageLeft = RAW_MESSAGE_BYTES;
				} else if (this.rawMessageLeft === 0) {
					this.rawMessageLeft = RAW_MESSAGE_BYTES;
				}
			}
			const end = Math.min(chunk.length, pos + this.rawMessageLeft);
			const newline = this.newlineAfter(chunk, pos);
			if (newline !== -1 && newline < end) {
				lines.write(chunk, pos, newline + 1, out);
				pos = newline + 1;
				this.rawMessageLeft = 0;
			} else {
				lines.write(chunk, pos, end, out);
				this.rawMessageLeft -= end - pos;
				pos = end;
			}
		}
	}

	private demultiplex(chunk: Buffer, out: DecodedLine[]): void {
		let offset = 0;
		const length = chunk.length;
		while (offset < length) {
			if (this.frameRemaining === 0) {
				let type: number;
				if (this.headerLength === 0 && length - offset >= HEADER_SIZE) {
					// The whole header is in this chunk (nearly always): read it in place.
					type = chunk[offset]!;
					this.frameRemaining = chunk.readUInt32BE(offset + 4);
					offset += HEADER_SIZE;
				} else {
					const take = Math.min(HEADER_SIZE - this.headerLength, length - offset);
					chunk.copy(this.header, this.headerLength, offset, offset + take);
					this.headerLength += take;
					offset += take;
					if (this.headerLength < HEADER_SIZE) return;
					this.headerLength = 0;
					type = this.header[0]!;
					this.frameRemaining = this.header.readUInt32BE(4);
				}
				// 0 stdin, 1 stdout, 2 stderr, 3 an error the engine wrote into the stream.
				this.frameStream = type === 2 || type === 3 ? 'stderr' : 'stdout';
				this.isAtFrameStart = true;
				continue;
			}
			const take = Math.min(this.frameRemaining, length - offset);
			const end = offset + take;
			this.frameRemaining -= take;
			this.payload(chunk, offset, end, this.frameRemaining === 0, out);
			offset = end;
		}
	}

	private payload(chunk: Buffer, start: number, end: number, isFrameEnd: boolean, out: DecodedLine[]): void {
		const lines = this.streams[this.frameStream];
		if (!(this.timestamps && this.isAtFrameStart)) {
			lines.write(chunk, start, end, out);
			return;
		}
		if (this.timestampHead.length === 0 && end - start >= ENGINE_TIMESTAMP_LENGTH && isEngineTimestamp(chunk, start)) {
			// The engine's own form, whole in this chunk (nearly always): no copy, no regular expression.
			this.isAtFrameStart = false;
			lines.stamp(chunk.toString('latin1', start, start + ENGINE_TIMESTAMP_LENGTH - 1));
			lines.write(chunk, start + ENGINE_TIMESTAMP_LENGTH, end, out);
			return;
		}
		// Collect the frame's first bytes until the timestamp's space is in them.
		const piece = chunk.subarray(start, end);
		this.timestampHead.push(Buffer.from(piece));
		const head = this.timestampHead.length === 1 ? piece : Buffer.concat(this.timestampHead);
		const space = head.indexOf(0x20);
		if (space === -1 && head.length < TIMESTAMP_HEAD_MAX && !isFrameEnd) return;
		this.timestampHead = [];
		this.isAtFrameStart = false;
		const match = space === -1 ? null : TIMESTAMP.exec(head.toString('latin1', 0, space + 1));
		if (match) {
			lines.stamp(match[1]!);
			lines.write(head, space + 1, head.length, out);
		} else {
			lines.write(head, 0, head.length, out);
		}
	}

	/** The response ended: unfinished lines become lines, timers stop. */
	end(): void {
		if (this.isEnded) return;
		const out: DecodedLine[] = [];
		this.streams.stdout.end(out);
		this.streams.stderr.end(out);
		this.deliver(out);
		this.isEnded = true;
	}

	/** Stops without emitting anything more (the reader went away). */
	dispose(): void {
		const out: DecodedLine[] = [];
		this.streams.stdout.end(out);
		this.streams.stderr.end(out);
		this.isEnded = true;
	}
}

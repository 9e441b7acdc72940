/**
 * Fuzz target: the log frame decoder (model/log-decoder.ts), multiplexed or raw, with or without timestamps and
 * colours, fed any bytes cut into reads of any size.
 * Invariants: it never throws; every line is terminal-safe text (style spans inside it); a line never holds more of
 * the input than its maximum length; the lines do not depend on where the reads were cut (raw output
 * with timestamps aside, which takes a read's start as a possible message start).
 */
import {type DecodedLine, LogDecoder} from '../../source/model/log-decoder.js';
import {FORBIDDEN, check, cut} from './support.js';

function decode(reads: Buffer[], flags: number, maxLineLength: number): DecodedLine[] {
	const lines: DecodedLine[] = [];
	// No timers: a partial line is shown only when its delay passes, which never happens here.
	const decoder = new LogDecoder({
		isTty: (flags & 1) !== 0,
		timestamps: (flags & 2) !== 0,
		colors: (flags & 4) !== 0,
		maxLineLength,
		partialDelayMs: 1e9,
		onLines: batch => lines.push(...batch),
	});
	for (const read of reads) decoder.push(read);
	decoder.end();
	return lines;
}

export function fuzz(data: Buffer): void {
	if (data.length < 2) return;
	const flags = data[0]!;
	const maxLineLength = flags & 8 ? 1 + (data[1]! % 40) : 1 << 20;
	const body = data.subarray(2);
	const whole = decode([Buffer.from(body)], flags, maxLineLength);
	const pieces = decode(cut(body, 1 + (data[1]! >> 2)), flags, maxLineLength);
	for (const line of pieces) {
		check(line.stream === 'stdout' || line.stream === 'stderr', `stream ${String(line.stream)}`);
		check(!FORBIDDEN.test(line.text), `unsafe line ${JSON.stringify(line.text)}`);
		// Sanitizing may widen a character (a C1 byte becomes ⟨9B⟩, a tab up to 8 spaces), never more than 10 times.
		check(line.text.length <= 10 * Math.min(maxLineLength, body.length), `a line of ${line.text.length} characters from ${body.length} bytes, max ${maxLineLength}`);
		for (const span of line.styles ?? []) check(span.start >= 0 && span.start <= span.end && span.end <= line.text.length, `style span ${JSON.stringify(span)} outside a line of ${line.text.length}`);
	}
	const shape = (lines: DecodedLine[]) => JSON.stringify(lines.map(line => [line.stream, line.text, line.timestamp ?? '', line.droppedChars ?? 0, line.styles ?? []]));
	// Raw output with timestamps reads a timestamp at the start of a read as a new message, by design (issue 21).
	const isRawWithTimestamps = (flags & 3) === 3;
	if (!isRawWithTimestamps) check(shape(whole) === shape(pieces), `lines depend on the cuts:\n${shape(whole)}\n${shape(pieces)}`);
}

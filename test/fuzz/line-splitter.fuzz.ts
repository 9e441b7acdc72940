/**
 * Fuzz target: the line splitter of the event, stats and pull streams (model/line-splitter.ts).
 * Invariants: no line it gives holds a newline or is longer than its bound plus one read (a whole line inside one
 * read is already in memory; the bound stops one that grows across reads); what it gives does not depend on the cuts; with no over-long line, the lines joined by newlines are exactly the input.
 */
import {LineSplitter} from '../../source/model/line-splitter.js';
import {check} from './support.js';

function split(text: string, size: number, max: number): {lines: string[]; dropped: number} {
	const splitter = new LineSplitter(max);
	const lines: string[] = [];
	for (let at = 0; at < text.length; at += size) lines.push(...splitter.push(text.slice(at, at + size)));
	const rest = splitter.end();
	if (rest !== '') lines.push(rest);
	return {lines, dropped: splitter.dropped};
}

export function fuzz(data: Buffer): void {
	if (data.length < 2) return;
	const max = 1 + (data[0]! % 32);
	const size = 1 + data[1]!;
	const text = data.subarray(2).toString('utf8');
	const whole = split(text, Math.max(1, text.length), max);
	const pieces = split(text, size, max);
	for (const line of pieces.lines) {
		check(!line.includes('\n'), 'a line holds a newline');
		check(line.length <= max + size, `a line of ${line.length} characters over the bound ${max} + a read of ${size}`);
	}
	// The bound is checked per read, so a line may be dropped only when it is longer than the bound either way.
	if (whole.dropped === 0 && pieces.dropped === 0) {
		check(JSON.stringify(whole.lines) === JSON.stringify(pieces.lines), 'the lines depend on the cuts');
		const expected = text.endsWith('\n') ? text.slice(0, -1) : text;
		check(pieces.lines.join('\n') === expected || text === '', 'lines joined are not the input');
	}
}

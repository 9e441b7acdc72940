/** Parsing what a user types for `tail` and `since`, and the text of a saved log. Pure. */
import type {LogLine} from './log-buffer.js';

/** Tail never exceeds this: more lines than the ring keeps would only be read to be dropped. */
export function parseTail(text: string, capacity: number): {tail: number; note?: string} | {error: string} {
	const trimmed = text.trim().replace(/[,_]/g, '');
	if (!/^\d+$/.test(trimmed)) return {error: `tail must be a number of lines, not "${text.trim()}"`};
	const tail = Number(trimmed);
	if (tail > capacity) return {tail: capacity, note: `tail ${tail} is more than the ${capacity} lines kept: using ${capacity}`};
	return {tail};
}

const UNIT_SECONDS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400};

/**
 * `since` as typed: "" (none), a duration ago ("90s", "10m", "2h", "1d",
 * "1h30m") or an absolute time ("2026-11-23T01:00:00Z", "2026-11-23 01:00").
 * Returns unix seconds, or undefined for none.
 */
export function parseSince(text: string, nowMs: number): {since: number | undefined} | {error: string} {
	const trimmed = text.trim();
	if (trimmed === '') return {since: undefined};
	if (/^(\d+[smhd])+$/.test(trimmed)) {
		let seconds = 0;
		for (const [, count, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) seconds += Number(count) * UNIT_SECONDS[unit!]!;
		return {since: Math.floor(nowMs / 1000) - seconds};
	}
	if (/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:\d\d)?$/.test(trimmed)) {
		const parsed = Date.parse(trimmed.replace(' ', 'T'));
		if (!Number.isNaN(parsed)) return {since: Math.floor(parsed / 1000)};
	}
	return {error: `since must be a duration such as 10m, 2h or 1d, or a time such as 2026-11-23T01:00:00Z, not "${trimmed}"`};
}

/** "2026-11-23T01:02:03.123456789Z" → "2026-11-23 01:02:03.123". */
export function shortTimestamp(timestamp: string): string {
	const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(timestamp);
	if (!match) return timestamp;
	return `${match[1]} ${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}`;
}

/** The text of a saved log: one line per line, with its time, container and stream when known. */
export function formatLogFile(lines: readonly LogLine[]): string {
	let out = '';
	for (const line of lines) {
		if (line.timestamp) out += `${line.timestamp} `;
		if (line.source) out += `${line.source} | `;
		if (line.stream === 'stderr') out += '[stderr] ';
		else if (line.stream === 'system') out += '[dockdash] ';
		out += `${line.text}\n`;
	}
	return out;
}

/** A file name for a saved log, safe on any file system. */
export function logFileName(name: string, nowMs: number): string {
	const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
	return `dockdash-logs-${name.replace(/[^\w.-]+/g, '_').slice(0, 60)}-${stamp}.log`;
}

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

export interface LogFileInfo {
	/** What was followed: a container's name, "3 marked containers", "project shop". */
	title: string;
	savedAtMs: number;
	/** Each line starts with its engine timestamp, as `docker logs -t` prints it (the pane's `t`). */
	timestamps: boolean;
	/** Lines read but no longer kept (the ring's line count or character budget pushed them out). */
	droppedLines: number;
	capacity: number;
	maxChars: number;
}

/**
 * The text of a saved log: a header of `#` lines ended by an empty line, then one line per log line as `docker logs`
 * (with timestamps, `docker logs -t`) prints it, each whole however long (issue 21). Merged logs carry the container
 * before each line, stderr and dockdash's own notes are marked. The header says what is missing: older lines the
 * ring let go, and any line longer than the ring's budget, kept only in part.
 */
export function formatLogFile(lines: readonly LogLine[], info: LogFileInfo): string {
	const header = [
		`# dockdash: logs of ${info.title}, saved ${new Date(info.savedAtMs).toISOString()}: ${lineCount(lines.length)}, ${info.timestamps ? 'with' : 'without'} the engine's timestamps (t before S ${info.timestamps ? 'leaves them out' : 'adds them'})`,
	];
	if (info.droppedLines > 0)
		header.push(`# ${lineCount(info.droppedLines, 'earlier ')} ${info.droppedLines === 1 ? 'was' : 'were'} read but not kept (the ring holds ${count(info.capacity)} lines and ${count(info.maxChars)} characters)`);
	let body = '';
	let number = 0;
	for (const line of lines) {
		number++;
		if (info.timestamps && line.timestamp) body += `${line.timestamp} `;
		if (line.source) body += `${line.source} | `;
		if (line.stream === 'stderr') body += '[stderr] ';
		else if (line.stream === 'system') body += '[dockdash] ';
		body += `${line.text}\n`;
		if (line.isPartial) header.push(`# line ${count(number)} had no newline yet when saved: the container was still writing it`);
		if (line.droppedChars) {
			header.push(
				`# line ${count(number)}${line.timestamp ? ` (${line.timestamp})` : ''} is cut: its first ${count(line.text.length)} characters are kept, ${count(line.droppedChars)} more were not (a line keeps at most half the ring's ${count(info.maxChars)} characters)`,
			);
		}
	}
	return `${header.join('\n')}\n\n${body}`;
}

const count = (n: number) => n.toLocaleString('en-US');
const lineCount = (n: number, what = '') => `${count(n)} ${what}line${n === 1 ? '' : 's'}`;

/** A file name for a saved log, safe on any file system. */
export function logFileName(name: string, nowMs: number): string {
	const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
	return `dockdash-logs-${name.replace(/[^\w.-]+/g, '_').slice(0, 60)}-${stamp}.log`;
}

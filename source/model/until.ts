/**
 * The `until` filter read as the docker CLI and engine read it (moby's
 * api/types/time GetTimestamp), so `dockdash prune --until X` and
 * `docker system prune --filter until=X` pick the same moment (issue 22):
 *
 * - a Go duration back from now: `10m`, `1h30m`, `1.5h`, `300ms`, even `-5m` (five minutes ahead);
 *   dockdash also reads `d` (24h) and `w` (7d), which Go durations lack;
 * - an RFC 3339 date or time, in the local zone unless it names one: `2026-01-31`,
 *   `2026-01-31T12`, `2026-01-31T12:30`, `2026-01-31T12:30:00.5`, `2026-01-31T12:30:00Z`,
 *   `2026-01-31T12:30:00+02:00`, `2026-01-31Z`; a day or month out of range is refused
 *   (`2026-02-30`), as Go's time.Parse refuses it;
 * - a Unix timestamp, with a fraction or not: `1767225600`, `1767225600.5`.
 */

const UNIT_SECONDS: Record<string, number> = {ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800};

/** Seconds of a Go-style duration (`1h30m`, `-5m`, `1.5h`), or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
	const match = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|\u03bcs|ms|s|m|h|d|w))+)$/.exec(text);
	if (!match) return undefined;
	let seconds = 0;
	for (const part of match[2]!.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|\u03bcs|ms|s|m|h|d|w)/g)) seconds += Number(part[1]) * UNIT_SECONDS[part[2]!]!;
	return match[1] === '-' ? -seconds : seconds;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The offset east of UTC, in minutes, of the local zone at `seconds` (Go's time.FixedZone(reference.Zone())). */
export function localOffsetMinutes(seconds: number): number {
	return -new Date(seconds * 1000).getTimezoneOffset();
}

/**
 * Unix seconds (with fraction) of an RFC 3339-like timestamp as the engine's
 * filters take it; throws when it looks like one but is not valid.
 */
function parseTimestamp(text: string, offsetMinutes: number): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{1,2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
	const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
	if (mo < 1 || mo > 12) throw new Error('month out of range');
	if (d < 1 || d > daysIn(y, mo)) throw new Error('day out of range');
	if (h > 23 || mi > 59 || s > 59) throw new Error('hour, minute or second out of range');
	let offset = offsetMinutes;
	if (zone && zone.toUpperCase() !== 'Z') {
		const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
		if (zh > 23 || zm > 59) throw new Error('time zone offset out of range');
		offset = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
	} else if (zone) {
		offset = 0;
	}
	return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offset * 60 + (fraction ? Number(`0${fraction}`) : 0);
}

const HELP = 'use a duration such as 10m, 1h30m or 7d, a date or time such as 2026-01-31 or 2026-01-31T12:00:00Z, or a Unix timestamp';

/**
 * Parses `--until` (and the pane's `t`) as the docker CLI does; returns Unix
 * seconds, possibly fractional. Throws one line naming the accepted forms.
 */
export function parseUntil(text: string, now: number, offsetMinutes = localOffsetMinutes(now)): number {
	const value = text.trim();
	// "0" is the Unix epoch, not a zero duration (as in GetTimestamp).
	const duration = value === '0' ? undefined : parseDuration(value);
	if (duration !== undefined) return now - duration;
	let time: number | undefined;
	try {
		time = parseTimestamp(value, offsetMinutes);
	} catch (error) {
		throw new Error(`cannot read until "${text}": ${(error as Error).message}; ${HELP}`);
	}
	if (time !== undefined) return time;
	if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value);
	throw new Error(`cannot read until "${text}": ${HELP}`);
}

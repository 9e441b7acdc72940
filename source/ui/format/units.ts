/** Pure formatters for sizes, rates and ages, unit-tested in test/ui/format. */

export {formatBytes} from '../../model/bytes.js';

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * Bytes in binary units with four significant digits, as `docker stats` prints memory (1.539MiB,
 * 7.629GiB): a user comparing the two reads the same figure (issue 19). Sizes on disk stay decimal.
 */
export function formatBinaryBytes(bytes: number | undefined): string {
	if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
		value /= 1024;
		unit += 1;
	}
	// Four significant digits without exponent or trailing zeros (Go's %.4g for these magnitudes).
	const text = Number(value.toPrecision(4)).toString();
	return `${text}${BINARY_UNITS[unit]}`;
}

/** Seconds as a short age: 45s, 12m, 3h, 9d, 2y. */
export function formatAge(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) return '–';
	if (seconds < 60) return `${Math.floor(seconds)}s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
	if (seconds < 86_400 * 365) return `${Math.floor(seconds / 86_400)}d`;
	return `${Math.floor(seconds / (86_400 * 365))}y`;
}

/**
 * A duration in the words `docker ps` uses for it ("Up 19 seconds", "Exited (0) About a minute ago"):
 * whole seconds, then minutes, then hours rounded, then days, weeks, months and years.
 */
export function dockerDuration(seconds: number): string {
	const whole = Math.floor(seconds);
	if (whole < 1) return 'Less than a second';
	if (whole === 1) return '1 second';
	if (whole < 60) return `${whole} seconds`;
	const minutes = Math.floor(seconds / 60);
	if (minutes === 1) return 'About a minute';
	if (minutes < 60) return `${minutes} minutes`;
	const hours = Math.floor(seconds / 3600 + 0.5);
	if (hours === 1) return 'About an hour';
	if (hours < 48) return `${hours} hours`;
	if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
	if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
	if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
	return `${Math.floor(seconds / 3600 / 24 / 365)} years`;
}

/** The least number of seconds that dockerDuration would put in these words; undefined for other text. */
export function dockerDurationSeconds(words: string): number | undefined {
	if (words === 'Less than a second') return 0;
	if (words === 'About a minute') return 60;
	if (words === 'About an hour') return 3600;
	const match = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(words);
	if (!match) return undefined;
	const count = Number(match[1]);
	const unit = match[2]!;
	// Hours are rounded (from count - 0.5); the other units are cut.
	if (unit === 'hour') return Math.max(0, count - 0.5) * 3600;
	const size: Record<string, number> = {second: 1, minute: 60, day: 86_400, week: 7 * 86_400, month: 30 * 86_400, year: 365 * 86_400};
	return count * size[unit]!;
}

/** A short ID as the docker CLI shows it: the first 12 hex digits, without "sha256:". */
export function shortId(id: string): string {
	return id.replace(/^sha256:/, '').slice(0, 12);
}

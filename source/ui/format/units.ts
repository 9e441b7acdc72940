/** Pure formatters for sizes, rates and ages, unit-tested in test/ui/format. */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes in decimal units as the docker CLI prints them: 0B, 999B, 1.5kB, 23.4MB. */
export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
		value /= 1000;
		unit += 1;
	}
	const text = unit === 0 || value >= 100 ? value.toFixed(0) : value.toFixed(1);
	return `${text}${BYTE_UNITS[unit]}`;
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

/** A short ID as the docker CLI shows it: the first 12 hex digits, without "sha256:". */
export function shortId(id: string): string {
	return id.replace(/^sha256:/, '').slice(0, 12);
}

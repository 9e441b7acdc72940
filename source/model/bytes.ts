/** Sizes as the docker CLI prints them, for the model's own sentences (layer advice) and every pane (issue 19). */

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

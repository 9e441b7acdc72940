/** Text progress bars: characters, so they read without colour and in plain captures. */

/** A bar of `width` cells for a 0…1 fraction, in eighths of a cell: "████▌░░░". */
export function progressBar(fraction: number, width: number): string {
	if (width <= 0) return '';
	const clamped = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
	const eighths = Math.round(clamped * width * 8);
	const full = Math.floor(eighths / 8);
	const partial = eighths % 8;
	const parts = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
	const head = full < width && partial > 0 ? parts[partial]! : '';
	return '█'.repeat(full) + head + '░'.repeat(Math.max(0, width - full - (head ? 1 : 0)));
}

/** "42%": floored, so 100% means done. */
export function percent(fraction: number): string {
	return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

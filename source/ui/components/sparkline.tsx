/** A one-line graph of a series in block characters, newest on the right. */
import {Text} from 'ink';
import {memo} from 'react';

const BARS = '▁▂▃▄▅▆▇█';

/**
 * The series as bars scaled to `max` (default: the largest value), the last
 * `width` values, left-padded so time always runs to the right edge. A known 0
 * is the lowest bar; an unknown value (no second sample yet) is a space.
 */
export function sparkline(values: ReadonlyArray<number | undefined>, width: number, max?: number): string {
	if (width <= 0) return '';
	const shown = values.slice(-width);
	const top = max ?? Math.max(0, ...shown.filter((value): value is number => value !== undefined && Number.isFinite(value)));
	let out = ' '.repeat(width - shown.length);
	for (const value of shown) {
		if (value === undefined || !Number.isFinite(value)) out += ' ';
		else if (top <= 0 || value <= 0) out += BARS[0];
		else out += BARS[Math.min(BARS.length - 1, Math.max(0, Math.ceil((value / top) * BARS.length) - 1))];
	}
	return out;
}

export interface SparklineProps {
	values: ReadonlyArray<number | undefined>;
	width: number;
	max?: number;
	color?: string;
}

export const Sparkline = memo(function Sparkline({values, width, max, color}: SparklineProps) {
	return (
		<Text color={color} wrap="truncate">
			{sparkline(values, width, max)}
		</Text>
	);
});

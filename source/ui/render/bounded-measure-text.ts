/**
 * Ink's measureText with a bounded cache. Ink measures each text node by its text and keeps every answer in a Map
 * it never empties, so every distinct text ever drawn (each new figure of the stats pane every second, each log
 * line shown) stays in memory for the life of the process (issue 16). The build puts this in its place
 * (scripts/build.mjs, `bounded-ink-measure-text`); the answers are Ink's: the widest line and the number of lines.
 */

export interface TextDimensions {
	width: number;
	height: number;
}

/** Far more texts than a 300×80 screen holds, so a frame's texts stay cached between frames. */
export const MEASURE_CACHE_LIMIT = 4096;

export type MeasureText = ((text: string) => TextDimensions) & {cacheSize: () => number};

/** Ink's measure over `widestLine` (the copy Ink resolves), emptying its cache when it holds `limit` texts. */
export function createMeasureText(widestLine: (text: string) => number, limit = MEASURE_CACHE_LIMIT): MeasureText {
	const cache = new Map<string, TextDimensions>();
	const measureText = (text: string): TextDimensions => {
		if (text.length === 0) return {width: 0, height: 0};
		const cached = cache.get(text);
		if (cached) return cached;
		let height = 1;
		for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) height++;
		const dimensions = {width: widestLine(text), height};
		if (cache.size >= limit) cache.clear();
		cache.set(text, dimensions);
		return dimensions;
	};
	return Object.assign(measureText, {cacheSize: () => cache.size});
}

/**
 * Fuzzy matching for the command palette: the query's characters must appear
 * in order; runs of consecutive characters and matches at word starts score
 * higher, so "rmc" finds "remove container" before "trim cache".
 */

export interface FuzzyMatch {
	score: number;
	/** Positions in the text of the matched characters, for highlighting. */
	indexes: number[];
}

const WORD_START = /[\s\-_./:@]/;

/** Matches a query against a text, case-insensitively; undefined when the characters are not all there in order. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
	const needle = query.toLowerCase().replace(/\s+/g, '');
	if (needle === '') return {score: 0, indexes: []};
	const hay = text.toLowerCase();
	// A plain substring is the best kind of match; keep its natural score.
	const direct = hay.indexOf(needle);
	if (direct >= 0) {
		const atWord = direct === 0 || WORD_START.test(hay[direct - 1]!);
		return {score: 1000 + needle.length * 10 + (atWord ? 50 : 0) - direct, indexes: Array.from({length: needle.length}, (_, i) => direct + i)};
	}
	const indexes: number[] = [];
	let score = 0;
	let from = 0;
	for (const char of needle) {
		const at = hay.indexOf(char, from);
		if (at < 0) return undefined;
		const previous = indexes.at(-1);
		if (previous !== undefined && at === previous + 1) score += 15;
		if (at === 0 || WORD_START.test(hay[at - 1]!)) score += 10;
		score -= Math.min(at - from, 10);
		indexes.push(at);
		from = at + 1;
	}
	return {score, indexes};
}

/** Ranks items by their best match, best first; items that do not match are left out. */
export function rankMatches<T>(query: string, items: readonly T[], textOf: (item: T) => string, limit = 50): Array<{item: T; match: FuzzyMatch}> {
	const ranked: Array<{item: T; match: FuzzyMatch}> = [];
	for (const item of items) {
		const match = fuzzyMatch(query, textOf(item));
		if (match) ranked.push({item, match});
	}
	ranked.sort((a, b) => b.match.score - a.match.score);
	return ranked.slice(0, limit);
}

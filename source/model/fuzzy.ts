/**
 * Fuzzy matching for the command palette, in three tiers (issue 20): the query as
 * a whole word or a word's start ("prune", "fat" in "fixture/fat"), then as a
 * substring anywhere, then its characters scattered in order ("rmc" finds
 * "remove container"). Any match of a higher tier ranks above every match of a
 * lower one, so "kill" never offers "follow on or off (off keeps the view still…)"
 * before "kill (SIGKILL)".
 */

export interface FuzzyMatch {
	score: number;
	/** Positions in the text of the matched characters, for highlighting. */
	indexes: number[];
}

const WORD_START = /[\s\-_./:@(]/;
/** Scores of one tier stay below this, so tiers never mix. */
const TIER = 100_000;

const isWordStart = (hay: string, at: number) => at === 0 || WORD_START.test(hay[at - 1]!);
const isWordEnd = (hay: string, at: number) => at >= hay.length || WORD_START.test(hay[at]!) || /[),;]/.test(hay[at]!);

/** Matches a query against a text, case-insensitively; undefined when the characters are not all there in order. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
	const needle = query.toLowerCase().replace(/\s+/g, '');
	if (needle === '') return {score: 0, indexes: []};
	const hay = text.toLowerCase();
	// Contiguous: the earliest occurrence at a word start if there is one, else the earliest one.
	let best: {at: number; tier: number; isWhole: boolean} | undefined;
	for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
		const tier = isWordStart(hay, at) ? 3 : 2;
		const isWhole = tier === 3 && isWordEnd(hay, at + needle.length);
		if (!best || tier > best.tier || (tier === best.tier && isWhole && !best.isWhole)) best = {at, tier, isWhole};
		if (best.isWhole) break;
	}
	if (best) {
		// Within a tier: at the very start first, then a whole word before a word's start, then the earlier.
		const within = 50_000 + (best.at === 0 ? 1000 : 0) + (best.isWhole ? 200 : 0) - Math.min(best.at, 10_000);
		return {score: best.tier * TIER + within, indexes: Array.from({length: needle.length}, (_, i) => best.at + i)};
	}
	const indexes: number[] = [];
	let score = 0;
	let from = 0;
	for (const char of needle) {
		const at = hay.indexOf(char, from);
		if (at < 0) return undefined;
		const previous = indexes.at(-1);
		if (previous !== undefined && at === previous + 1) score += 15;
		if (isWordStart(hay, at)) score += 10;
		score -= Math.min(at - from, 10);
		indexes.push(at);
		from = at + 1;
	}
	return {score: TIER + 50_000 + Math.max(-49_000, Math.min(49_000, score)), indexes};
}

/**
 * Ranks items by their best match, best first; items that do not match are left out. `prefer` orders
 * equal matches (higher first): the palette puts the focused pane's commands before other panes' (issue 20).
 */
export function rankMatches<T>(query: string, items: readonly T[], textOf: (item: T) => string, limit = 50, prefer: (item: T) => number = () => 0): Array<{item: T; match: FuzzyMatch}> {
	const ranked: Array<{item: T; match: FuzzyMatch}> = [];
	for (const item of items) {
		const match = fuzzyMatch(query, textOf(item));
		if (match) ranked.push({item, match});
	}
	ranked.sort((a, b) => b.match.score - a.match.score || prefer(b.item) - prefer(a.item));
	return ranked.slice(0, limit);
}

/**
 * The one matcher for patterns a user types (issue 21). A regular expression
 * runs on RE2 semantics (re2js: no backtracking, time linear in the input), so
 * `(a+)+b` on a 2 MB line costs what `b` costs instead of pinning a core
 * forever; plain text runs as an escaped literal, linear too. Each run also
 * has a time budget: whoever scans many lines stops when it is spent and says
 * so in one line, so the event loop, and with it q, Ctrl-C and SIGTERM, stay
 * answered. Linear is not free: a nasty pattern costs ~1 µs a character.
 */
import {RE2JS} from 're2js';
import {sanitize} from './sanitize.js';

export interface PatternQuery {
	text: string;
	isRegex?: boolean;
	isCaseSensitive?: boolean;
}

/** Highlights are found in a line's first this many characters when the pattern is a regular expression (a screen of wrapped rows). */
export const REGEX_HIGHLIGHT_CHARS = 4 * 1024;

/**
 * RE2's time is linear in the input times the size of the compiled program: `.{1000}` costs a
 * thousand times `.` on every character (about 2 s on a 256 KiB line here). Larger programs are
 * refused, so one match, which cannot be interrupted, stays within about a second on the longest line.
 */
export const MAX_PROGRAM_SIZE = 1200;

/** Longer regular expressions are refused before they are parsed (a pasted 100 K one took 1.4 s to compile, at every key). */
export const MAX_REGEX_CHARS = 1000;

/**
 * Steps times characters one test may cost (at most about 0.1 s on a loaded 2-core machine): a
 * line is searched in its first MAX_WORK / program-size characters, all of a 256 KiB line for
 * any pattern up to 32 steps (`error`, `status=5\d\d`, a timestamp), the first 8 K characters
 * for `.{1000}`. Highlights look at the first 4 KiB in any case.
 */
export const MAX_WORK = 8 * 1024 * 1024;

/** A compiled user pattern: "has a non-empty match" and "where", nothing that can backtrack. */
export interface TextMatcher {
	/** Tells two compiled patterns apart (cache keys). */
	readonly key: string;
	/** Whether the text has a match, as grep decides (an empty one counts). */
	test: (text: string) => boolean;
	/** Non-empty match ranges [start, end) in order; stops when the budget is spent. */
	ranges: (text: string, budget?: TimeBudget) => Array<[number, number]>;
}

export type CompiledPattern = {matcher: TextMatcher; error?: undefined} | {matcher?: undefined; error: string};

/**
 * A time allowance for a run of matches, checked between them (one match cannot
 * be interrupted, but is linear). The clock is injectable for tests.
 */
export class TimeBudget {
	private readonly deadline: number;
	private isOver = false;
	constructor(
		readonly ms: number,
		private readonly now: () => number = () => performance.now(),
	) {
		this.deadline = now() + ms;
	}

	/** True once the allowance is used up (and stays true). */
	get isSpent(): boolean {
		if (!this.isOver && this.now() >= this.deadline) this.isOver = true;
		return this.isOver;
	}
}

function regexMatcher(re: RE2JS, key: string): TextMatcher {
	const ranges = (text: string, budget?: TimeBudget, limit = text.length): Array<[number, number]> => {
		const found: Array<[number, number]> = [];
		const matcher = re.matcher(limit < text.length ? text.slice(0, limit) : text);
		while (!budget?.isSpent && matcher.find()) {
			const start = matcher.start();
			const end = matcher.end();
			if (end > start) found.push([start, end]);
		}
		return found;
	};
	const testChars = Math.max(REGEX_HIGHLIGHT_CHARS, Math.floor(MAX_WORK / re.programSize()));
	return {
		key,
		// The automaton's yes/no, as grep decides a line: `x*` matches every line (it matches the empty
		// string), though nothing is highlighted. Asking for a non-empty match instead would cost a find
		// at every position of a line without one (a second for `x*` on 256 KiB).
		test: line => re.test(line.length > testChars ? line.slice(0, testChars) : line),
		// Finding where matches are is the slow part: most lines are ruled out by the yes/no first.
		ranges: (text, budget) => {
			const window = text.length > REGEX_HIGHLIGHT_CHARS ? text.slice(0, REGEX_HIGHLIGHT_CHARS) : text;
			return re.test(window) ? ranges(window, budget) : [];
		},
	};
}

function literalMatcher(text: string, isCaseSensitive: boolean, key: string): TextMatcher {
	// An escaped literal: V8 searches it without backtracking.
	const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), isCaseSensitive ? 'gu' : 'giu');
	return {
		key,
		test: line => {
			pattern.lastIndex = 0;
			return pattern.test(line);
		},
		ranges: (line, budget) => {
			const found: Array<[number, number]> = [];
			pattern.lastIndex = 0;
			for (const match of line.matchAll(pattern)) {
				found.push([match.index, match.index + match[0].length]);
				if (budget?.isSpent) break;
			}
			return found;
		},
	};
}

/** Compiles what the user typed, or says in one line why it is not a pattern this matcher runs. */
export function compilePattern(query: PatternQuery): CompiledPattern | undefined {
	if (query.text === '') return undefined;
	const key = `${query.isRegex ? 're' : 'text'}:${query.isCaseSensitive ? 'case' : 'nocase'}:${query.text}`;
	if (!query.isRegex) return {matcher: literalMatcher(query.text, Boolean(query.isCaseSensitive), key)};
	if (query.text.length > MAX_REGEX_CHARS) {
		return {error: `regular expression too long (${query.text.length} characters, at most ${MAX_REGEX_CHARS}): make it shorter`};
	}
	try {
		const re = RE2JS.compile(query.text, query.isCaseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
		const size = re.programSize();
		if (size > MAX_PROGRAM_SIZE) {
			return {error: `regular expression too large for a quick search (${size} steps, at most ${MAX_PROGRAM_SIZE}): use smaller repeat counts or fewer alternatives`};
		}
		return {matcher: regexMatcher(re, key)};
	} catch (error) {
		const reason = (error as Error).message.replace(/^error parsing regexp: /, '').split('\n')[0];
		return {error: sanitize(`invalid regular expression: ${reason} (RE2 syntax: no lookaround or backreferences)`)};
	}
}

/**
 * Fuzz target: the one sanitizer (model/sanitize.ts) and the width cut after it (ui/format/text.ts).
 * Invariants: the output holds no ESC, C0/C1 control, BEL, bidi control, separator or lone surrogate, with or without
 * tab expansion; sanitizing is idempotent; safe text comes back unchanged; cut to a width, it takes at most that many
 * columns, and fit() exactly that many.
 */
import {isTerminalSafe, sanitize} from '../../source/model/sanitize.js';
import {fit, truncate, truncateMiddle, widthOf} from '../../source/ui/format/text.js';
import {FORBIDDEN, check} from './support.js';

export function fuzz(data: Buffer): void {
	if (data.length === 0) return;
	const width = data[0]! % 100;
	// Both decodings: UTF-8 (with U+FFFD for broken bytes) and UTF-16 (lone surrogates reach the sanitizer as such).
	for (const text of [data.subarray(1).toString('utf8'), data.subarray(1).toString('utf16le')]) {
		const safe = sanitize(text);
		check(!FORBIDDEN.test(safe), `unsafe output ${JSON.stringify(safe)}`);
		check(isTerminalSafe(safe), 'isTerminalSafe disagrees with sanitize');
		check(sanitize(safe) === safe, 'not idempotent');
		if (isTerminalSafe(text)) check(safe === text, 'safe text changed');
		const logs = sanitize(text, {expandTabs: true});
		check(!FORBIDDEN.test(logs), `unsafe output with tabs expanded ${JSON.stringify(logs)}`);
		const cutText = truncate(safe, width);
		check(widthOf(cutText) <= width, `${widthOf(cutText)} columns for a width of ${width}`);
		check(!FORBIDDEN.test(cutText), 'cutting made it unsafe');
		check(widthOf(truncateMiddle(safe, width)) <= width, `cut in the middle: ${widthOf(truncateMiddle(safe, width))} columns for ${width}`);
		check(widthOf(fit(safe, width)) === width, `fit gave ${widthOf(fit(safe, width))} columns for ${width}`);
	}
}

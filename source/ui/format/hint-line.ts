/**
 * The hint bar at any width (issue 18), pure: when every hint does not fit, the focused pane's
 * own keys come first, then the global ones, each whole or not at all, and the help key stays so
 * the rest is one key away (as htop's and k9s's bottom lines do).
 */
import {widthOf} from './text.js';

const SEPARATOR = '  ';

/** The hints that fit in `width`, global ones first as the bar lists them; `help` is the help key's hint, always kept. */
export function fitHints(globalHints: readonly string[], paneHints: readonly string[], width: number, help?: string): string {
	const all = [...globalHints, ...paneHints];
	const lengthOf = (list: readonly string[]) => list.reduce((sum, hint) => sum + widthOf(hint), 0) + SEPARATOR.length * Math.max(0, list.length - 1);
	if (lengthOf(all) <= width) return all.join(SEPARATOR);
	const chosen = new Set<string>();
	let used = 0;
	const take = (hint: string) => {
		const cost = widthOf(hint) + (chosen.size > 0 ? SEPARATOR.length : 0);
		if (used + cost > width) return;
		chosen.add(hint);
		used += cost;
	};
	if (help && all.includes(help)) take(help);
	for (const hint of [...paneHints, ...globalHints]) if (!chosen.has(hint)) take(hint);
	return all.filter(hint => chosen.has(hint)).join(SEPARATOR);
}

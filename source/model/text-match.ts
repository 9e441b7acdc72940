/** The `/` filter's plain-text match, shared by the list panes and their row formatters. */

/** Whether any of the texts contains the filter, ignoring case. */
export function matchesText(filter: string, ...texts: ReadonlyArray<string | undefined>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some(text => text !== undefined && text.toLowerCase().includes(needle));
}

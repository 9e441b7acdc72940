/** Parts of a list pane's title line, the same words in every pane. */

/**
 * " · 3 marked (1 hidden by the filter, left out)": marked rows the filter hides are not acted on, and the title
 * says so before any key (issue 20). '' with no marks.
 */
export function marksNote(marked: number, hidden: number): string {
	if (marked === 0) return '';
	return ` · ${marked} marked${hidden > 0 ? ` (${hidden} hidden by the filter, left out)` : ''}`;
}

/** "1 layer", "2 layers", "0 lines": a count with its noun in the right number (issue 19). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : pluralForm}`;
}

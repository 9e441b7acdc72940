/** What a key does to a one-line text field: pure, so filters and searches share it and it is unit-tested. */
import {sanitize} from './sanitize.js';

export type TextEditResult = {value: string; outcome?: 'submit' | 'cancel'; isSelected?: boolean} | undefined;

/**
 * Returns the new value (and whether the field is done), or undefined when the key is not for the field.
 * `isSelected` says the whole value is a selected prefill (the image `p` pulls, the tail a field held):
 * typing replaces it, a deleting key empties it, and an arrow, Home or End keeps it to edit its end (issue 20).
 */
export function editText(value: string, name: string, input: string, isSelected = false): TextEditResult {
	if (isSelected && value !== '') {
		if (['left', 'right', 'home', 'end'].includes(name)) return {value};
		if (['backspace', 'delete', 'ctrl+u', 'ctrl+w'].includes(name)) return {value: ''};
		const result = editText('', name, input);
		if (result?.outcome) return {...result, value: result.outcome === 'submit' ? value : result.value};
		if (result && result.value === '') return {value, isSelected}; // a key that types nothing keeps the selection
		return result;
	}
	switch (name) {
		case 'enter':
			return {value, outcome: 'submit'};
		case 'escape':
			return {value: '', outcome: 'cancel'};
		case 'backspace':
		case 'delete':
			return {value: [...value].slice(0, -1).join('')};
		case 'ctrl+u':
			return {value: ''};
		case 'ctrl+w':
			return {value: value.replace(/\S*\s*$/, '')};
		default:
			break;
	}
	if (name.startsWith('ctrl+') || name.startsWith('alt+') || ['up', 'down', 'left', 'right', 'tab', 'shift+tab', 'pageup', 'pagedown', 'home', 'end'].includes(name)) {
		return undefined;
	}
	// Pasted text may carry controls: keep what is printable.
	const text = sanitize(input).replace(/[\u2400-\u2421]/g, '');
	return {value: value + text};
}

/**
 * The `/` filter of a list pane: the text field, its two commands (`/` opens it, Esc
 * clears it) and a matcher. Every list pane binds `/`, because the hint bar and help
 * offer it there (issue 19: `/deploy` typed where `/` did nothing ran `d`).
 */
import {useRef} from 'react';
import type {CommandHandlers} from './use-commands.js';
import {type TextField, useTextField} from './use-text-field.js';

export interface ListFilter {
	field: TextField;
	/** The text rows must contain; '' shows every row. */
	text: string;
	/** Whether the field shows (open, or closed with a filter in force): one line of the pane. */
	isShown: boolean;
	handlers: CommandHandlers;
	/** The text as of the last key, before React renders it: for a command typed in the same burst. */
	current: () => string;
}

export function useListFilter(isActive: boolean): ListFilter {
	// Kept for the session, as every pane's filter is (issue 19); the text as of the last key for a burst (issue 22).
	const latest = useRef<string | undefined>(undefined);
	const field = useTextField({isActive, remember: 'filter', isNewOnOpen: true, onChange: value => (latest.current = value)});
	return {
		field,
		text: field.value,
		isShown: field.isOpen || field.value !== '',
		handlers: {'list.filter': field.open, 'list.clearFilter': () => field.setValue('')},
		current: () => latest.current ?? field.value,
	};
}

export {matchesText} from '../model/text-match.js';

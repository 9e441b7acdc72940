/**
 * A one-line prompt for one purpose at a time (pull, tag, commit, export, …): what it is for is captured with the
 * object when the key is pressed, so the answer acts on that object whatever is selected by then, and an empty
 * answer does nothing.
 */
import {useRef} from 'react';
import {type TextField, useTextField} from './use-text-field.js';

export interface PromptField<P> {
	field: TextField;
	/** What the open prompt is for. */
	prompt: P | undefined;
	open: (prompt: P, initial: string) => void;
}

export function usePromptField<P>(options: {isActive: boolean; onSubmit: (prompt: P, value: string) => void}): PromptField<P> {
	const promptRef = useRef<P | undefined>(undefined);
	const field = useTextField({
		isActive: options.isActive,
		onSubmit: value => {
			const prompt = promptRef.current;
			promptRef.current = undefined;
			if (prompt === undefined || !value.trim()) return;
			options.onSubmit(prompt, value);
		},
	});
	return {
		field,
		prompt: promptRef.current,
		open: (prompt, initial) => {
			promptRef.current = prompt;
			field.openWith(initial);
		},
	};
}

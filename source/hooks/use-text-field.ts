/**
 * A text field that takes the keyboard while open: its key layer sits above
 * the pane's and reads "open" from a ref, so keys typed right after "/" land in
 * the field even before React has rendered it.
 */
import {useCallback, useRef, useState} from 'react';
import {useRemembered} from './use-remembered.js';
import {editText} from '../model/text-edit.js';
import {LAYER, useKeyLayer} from './key-router.js';

export interface TextField {
	value: string;
	isOpen: boolean;
	open: () => void;
	close: () => void;
	setValue: (value: string) => void;
}

/**
 * `remember` names the value in the pane's session memory (a list's filter), so it survives a pane switch;
 * `isNewOnOpen` makes opening start from empty, so what is typed is the whole new value (issue 19).
 */
export function useTextField(options: {isActive: boolean; onSubmit?: (value: string) => void; onChange?: (value: string) => void; remember?: string; isNewOnOpen?: boolean}): TextField {
	const [value, setValueState] = useRemembered(options.remember, '');
	const [isOpen, setOpen] = useState(false);
	const openRef = useRef(false);
	const valueRef = useRef(value);
	const activeRef = useRef(options.isActive);
	activeRef.current = options.isActive;

	const setValue = useCallback((next: string) => {
		valueRef.current = next;
		setValueState(next);
		options.onChange?.(next);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- stable for the field's life; it reads the latest options through refs
	}, []);
	const open = useCallback(() => {
		// A kept filter stays in force until / starts a new one: typed text never lands after the old (issue 19).
		if (options.isNewOnOpen && valueRef.current !== '') setValue('');
		openRef.current = true;
		setOpen(true);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- stable for the field's life; it reads the latest options through refs
	}, []);
	const close = useCallback(() => {
		openRef.current = false;
		setOpen(false);
	}, []);

	useKeyLayer(
		LAYER.field,
		(name, input) => {
			if (name === 'ctrl+c') return false; // quitting always works
			const result = editText(valueRef.current, name, input);
			if (!result) return true; // the field holds the keyboard while open
			setValue(result.value);
			if (result.outcome) {
				close();
				if (result.outcome === 'submit') options.onSubmit?.(result.value);
			}
			return true;
		},
		() => openRef.current && activeRef.current,
	);
	return {value, isOpen, open, close, setValue};
}

/**
 * A text field that takes the keyboard while open: its key layer sits above
 * the pane's and reads "open" from a ref, so keys typed right after "/" land in
 * the field even before React has rendered it.
 */
import {useCallback, useRef, useState} from 'react';
import {useLatest, useStableHandler} from './use-latest.js';
import {useRemembered} from './use-remembered.js';
import {editText} from '../model/text-edit.js';
import {LAYER, useKeyLayer} from './key-router.js';
import {useKeymap} from './use-keymap.js';

// The field's keys as the keymap binds them, and the key each one is to the pure editor (model/text-edit.ts).
const FIELD_KEYS: Readonly<Record<string, string>> = {'field.submit': 'enter', 'field.cancel': 'escape', 'field.clear': 'ctrl+u', 'field.deleteWord': 'ctrl+w'};
const EDITOR_KEYS: ReadonlySet<string> = new Set(Object.values(FIELD_KEYS));

export interface TextField {
	value: string;
	isOpen: boolean;
	/** Whether the value is a selected prefill that typing replaces (issue 20). */
	isSelected: boolean;
	/** Opens the field; the value it already holds is shown selected, so typing replaces it. */
	open: () => void;
	/** Opens the field holding `prefill`, selected. */
	openWith: (prefill: string) => void;
	close: () => void;
	setValue: (value: string) => void;
}

/**
 * `remember` names the value in the pane's session memory (a list's filter), so it survives a pane switch;
 * `isNewOnOpen` makes opening start from empty, so what is typed is the whole new value (issue 19).
 */
export function useTextField(options: {
	isActive: boolean;
	onSubmit?: (value: string) => void;
	onChange?: (value: string) => void;
	remember?: string;
	isNewOnOpen?: boolean;
	/** The key layer; a field of an overlay sits above the overlay's own keys. */
	priority?: number;
}): TextField {
	const keymap = useKeymap();
	const [value, setValueState] = useRemembered(options.remember, '');
	const [isOpen, setOpen] = useState(false);
	const [isSelected, setSelectedState] = useState(false);
	const openRef = useRef(false);
	const selectedRef = useRef(false);
	const setSelected = useCallback((next: boolean) => {
		selectedRef.current = next;
		setSelectedState(next);
	}, []);
	const valueRef = useRef(value);
	const activeRef = useLatest(options.isActive);

	// setValue, openWith and close keep their identity for the field's life (key layers and commands bound to them
	// are not bound again) and act with the latest render's options.
	const setValue = useStableHandler((next: string) => {
		valueRef.current = next;
		setValueState(next);
		options.onChange?.(next);
	});
	// Handlers of key commands are called with the key's name: `open` takes no argument on purpose.
	const openWith = useStableHandler((prefill?: string) => {
		// A kept filter stays in force until / starts a new one: typed text never lands after the old (issue 19).
		if (options.isNewOnOpen && valueRef.current !== '') setValue('');
		if (prefill !== undefined) setValue(prefill);
		// What the field already holds is selected: typing replaces it instead of landing after it (issue 20).
		setSelected(valueRef.current !== '');
		openRef.current = true;
		setOpen(true);
	});
	const open = useCallback(() => openWith(), [openWith]);
	const close = useCallback(() => {
		openRef.current = false;
		setOpen(false);
		setSelected(false);
	}, [setSelected]);

	useKeyLayer(
		options.priority ?? LAYER.field,
		(name, input) => {
			if (name === 'ctrl+c') return false; // quitting always works
			// The keymap says which key submits, cancels or clears (the hint bar shows the same bindings, issue 20).
			const command = keymap.commandFor(name, ['field']);
			const key = command ? FIELD_KEYS[command.id] : EDITOR_KEYS.has(name) ? undefined : name;
			if (key === undefined) return true;
			const result = editText(valueRef.current, key, input, selectedRef.current);
			if (!result) return true; // the field holds the keyboard while open
			if (selectedRef.current !== Boolean(result.isSelected)) setSelected(Boolean(result.isSelected));
			if (result.value !== valueRef.current) setValue(result.value);
			if (result.outcome) {
				close();
				if (result.outcome === 'submit') options.onSubmit?.(result.value);
			}
			return true;
		},
		() => openRef.current && activeRef.current,
		keymap.commandsIn('field'),
		{isExclusive: true},
	);
	return {value, isOpen, isSelected, open, openWith, close, setValue};
}

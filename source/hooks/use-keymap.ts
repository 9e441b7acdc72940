/** The keymap of this run, from the config (app.tsx provides it); component tests get the table's own keys. */
import {createContext, useContext} from 'react';
import {DEFAULT_KEYMAP, type Keymap} from '../keymap/keymap.js';

export const KeymapContext = createContext<Keymap>(DEFAULT_KEYMAP);

export function useKeymap(): Keymap {
	return useContext(KeymapContext);
}

/** The theme of this run, from the config (app.tsx provides it); component tests render with the default one. */
import {createContext, useContext} from 'react';
import {DEFAULT_THEME, type Theme} from '../ui/theme.js';

export const ThemeContext = createContext<Theme>(DEFAULT_THEME);

export function useTheme(): Theme {
	return useContext(ThemeContext);
}

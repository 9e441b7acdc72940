/** A pane's row formatter bound to the app's theme, its cells made once per row object for the session (issue 15). */
import {useCallback} from 'react';
import type {Cell} from '../ui/format/columns.js';
import type {Theme} from '../ui/theme.js';
import {useSessionCache} from './use-remembered.js';
import {useTheme} from './use-theme.js';

/**
 * `cellsOf` for a table: rows keep their object identity while unchanged, so their cells are computed
 * once per change, not once per render. `format` must be a pure function of the row and the theme
 * (a module-level function, so the callback stays the same between renders).
 */
export function useRowCells<T extends object>(slot: string, format: (row: T, theme: Theme) => readonly Cell[]): (row: T) => readonly Cell[] {
	const theme = useTheme();
	const cache = useSessionCache<T, readonly Cell[]>(slot);
	return useCallback(
		(row: T) => {
			let cells = cache.get(row);
			if (!cells) {
				cells = format(row, theme);
				cache.set(row, cells);
			}
			return cells;
		},
		[cache, format, theme],
	);
}

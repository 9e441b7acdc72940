/**
 * The mouse over a pane's table: a left click selects the row under it, the wheel
 * moves the selection three rows. One hook, so every list answers the mouse alike.
 */
import {LAYER, useMouse} from './key-router.js';
import type {ListState} from './use-list-state.js';

export interface ListMouseArea {
	/** Screen row (0-based, as mouse events count) of the table's first data row. */
	firstRowY: number;
	visibleRows: number;
	rowCount: number;
	/** Clicks at or right of this screen column are not on the table (a panel beside it). */
	rightEdge?: number;
	isActive: boolean;
}

const WHEEL_STEP = 3;

export function useListMouse(list: Pick<ListState, 'offset' | 'moveBy' | 'moveTo'>, {firstRowY, visibleRows, rowCount, rightEdge = Number.POSITIVE_INFINITY, isActive}: ListMouseArea): void {
	useMouse(
		LAYER.pane,
		event => {
			if (event.kind === 'wheelUp' || event.kind === 'wheelDown') {
				list.moveBy(event.kind === 'wheelUp' ? -WHEEL_STEP : WHEEL_STEP);
				return true;
			}
			const row = event.y - firstRowY;
			if (event.kind !== 'press' || event.button !== 0 || row < 0 || row >= visibleRows || event.x >= rightEdge) return false;
			const index = list.offset + row;
			if (index < rowCount) list.moveTo(index);
			return true;
		},
		isActive,
	);
}

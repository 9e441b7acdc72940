/** The `list` scope's movement keys bound to a list's selection: the same in every table pane. */
import type {CommandHandlers} from './use-commands.js';
import type {ListState} from './use-list-state.js';

export function listMovement(list: ListState, pageRows: number, rowCount: number): CommandHandlers {
	return {
		'list.up': () => list.moveBy(-1),
		'list.down': () => list.moveBy(1),
		'list.pageUp': () => list.moveBy(-pageRows),
		'list.pageDown': () => list.moveBy(pageRows),
		'list.first': () => list.moveTo(0),
		'list.last': () => list.moveTo(rowCount - 1),
	};
}

/** A one-line text field, render only: the editing is model/text-edit.ts, driven by the owner's key layer. */
import {Text} from 'ink';
import {useTerminalSize} from '../../hooks/use-terminal-size.js';
import {useTheme} from '../../hooks/use-theme.js';

/**
 * What of `value` shows in `room` columns: all of it, or its end after `…`, so the end being typed (and the
 * cursor after it) stays on screen (issue 20: at 80×24 a build path ran off the line under a long label).
 */
export function visibleTail(value: string, room: number): string {
	const chars = [...value];
	if (chars.length <= room) return value;
	return room <= 1 ? '…' : `…${chars.slice(chars.length - (room - 1)).join('')}`;
}

/** `isSelected` shows the value as a selection (inverse): typing replaces it (issue 20). `width`: the line's, else the terminal's. */
export function TextInput({label, value, isActive, isSelected = false, width}: {label: string; value: string; isActive: boolean; isSelected?: boolean; width?: number}) {
	const theme = useTheme();
	const {columns} = useTerminalSize();
	// The label, the value and the cursor's cell on one line.
	const shown = visibleTail(value, Math.max(1, (width ?? columns) - [...label].length - 1));
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{label}</Text>
			{isSelected && value !== '' ? <Text inverse>{shown}</Text> : shown}
			{isActive ? <Text inverse> </Text> : null}
		</Text>
	);
}

/** A one-line text field, render only: the editing is model/text-edit.ts, driven by the owner's key layer. */
import {Text} from 'ink';
import {theme} from '../theme.js';

export function TextInput({label, value, isActive}: {label: string; value: string; isActive: boolean}) {
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{label}</Text>
			{value}
			{isActive ? <Text inverse> </Text> : null}
		</Text>
	);
}

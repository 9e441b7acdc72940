/** A one-line text field, render only: the editing is model/text-edit.ts, driven by the owner's key layer. */
import {Text} from 'ink';
import {useTheme} from '../../hooks/use-theme.js';

/** `isSelected` shows the value as a selection (inverse): typing replaces it (issue 20). */
export function TextInput({label, value, isActive, isSelected = false}: {label: string; value: string; isActive: boolean; isSelected?: boolean}) {
	const theme = useTheme();
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{label}</Text>
			{isSelected && value !== '' ? <Text inverse>{value}</Text> : value}
			{isActive ? <Text inverse> </Text> : null}
		</Text>
	);
}

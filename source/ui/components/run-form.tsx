/** The run form (issue 13), render only: its state and keys are hooks/use-run-form.ts. */
import {Box, Text} from 'ink';
import React from 'react';
import type {RunFormState} from '../../hooks/use-run-form.js';
import type {CommandId} from '../../keymap/keymap.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {RUN_CHOICES, RUN_FIELDS} from '../../model/run-form.js';
import {sanitize} from '../../model/sanitize.js';
import {fit} from '../format/text.js';
import {useTheme} from '../../hooks/use-theme.js';

const LABEL_WIDTH = 16;

type Line = {key: string; field?: number; node: React.ReactNode};

/** `engine`: with several engines, the one the container is made on (issue 14), named in the title. */
export function RunFormView({state, width, height, engine}: {state: RunFormState; width: number; height: number; engine?: string | undefined}) {
	const theme = useTheme();
	const keymap = useKeymap();
	const keyOf = (id: CommandId) => keymap.keyOf(id);
	const lines: Line[] = [];
	RUN_FIELDS.forEach((field, index) => {
		const isFocused = index === state.focus;
		const value = sanitize(state.values[field.id]);
		const choices = RUN_CHOICES[field.id];
		lines.push({
			key: field.id,
			field: index,
			node: (
				<Text wrap="truncate">
					<Text color={isFocused ? theme.accent : undefined}>{isFocused ? '› ' : '  '}</Text>
					<Text color={theme.accent}>{fit(field.label, LABEL_WIDTH)}</Text>
					{choices ? (
						<Text bold={isFocused}>{isFocused ? `‹ ${value} ›` : value}</Text>
					) : (
						<>
							{value}
							{isFocused ? <Text inverse> </Text> : null}
							{!value ? <Text color={theme.muted}> {field.hint}</Text> : null}
						</>
					)}
				</Text>
			),
		});
		const error = state.errors[field.id];
		if (error) {
			lines.push({
				key: `${field.id}-error`,
				field: index,
				node: (
					<Text wrap="truncate" color={theme.danger}>
						{' '.repeat(LABEL_WIDTH + 2)}✗ {sanitize(error)}
					</Text>
				),
			});
		}
	});
	// Keep the focused field in view on a short terminal.
	const room = Math.max(1, height - 4);
	const focusLine = Math.max(0, lines.findIndex(line => line.field === state.focus));
	const start = Math.max(0, Math.min(focusLine - Math.floor(room / 2), lines.length - room));
	const shown = lines.slice(start, start + room);
	const recent = state.recent.count > 0 ? ` · remembered form ${state.recent.index + 1} of ${state.recent.count} (${keyOf('form.older')}/${keyOf('form.newer')})` : '';
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				Run a container from {sanitize(state.image)}
				{engine === undefined ? '' : ` on ${engine}`}
				<Text color={theme.muted}>{recent}</Text>
			</Text>
			{state.errors.image ? (
				<Text color={theme.danger} wrap="truncate">
					✗ {sanitize(state.errors.image)}
				</Text>
			) : (
				<Text> </Text>
			)}
			{shown.map(line => (
				<Box key={line.key}>{line.node}</Box>
			))}
			<Text color={state.busy ? theme.warning : theme.muted} wrap="truncate">
				{state.busy ??
					`↓ or Enter next · ↑ previous · ← → choose · ${keyOf('form.submit')} on "then" checks every field and does it · ${keyOf('form.cancel')} closes (nothing created)`}
			</Text>
		</Box>
	);
}

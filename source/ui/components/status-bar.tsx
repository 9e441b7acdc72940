/** The bottom two lines: the latest status message, and hints generated from the keymap. */
import {Box, Text} from 'ink';
import React from 'react';
import {commandsIn, displayKey, keysOf, type Scope} from '../../keymap/keymap.js';
import type {StatusMessage} from '../app-context.js';
import {theme} from '../theme.js';

const KIND_COLOR = {info: undefined, success: theme.success, error: theme.danger, progress: theme.warning} as const;

export function StatusBar({message, scopes, isReadOnly}: {message?: StatusMessage; scopes: readonly Scope[]; isReadOnly: boolean}) {
	const hints = scopes
		.flatMap(scope => commandsIn(scope, {isReadOnly}))
		.filter(command => command.isHint)
		.map(command => `${displayKey(keysOf(command)[0]!)} ${command.hint ?? command.description.split(' ')[0]!.replace(/[:,]$/, '')}`);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" color={message ? KIND_COLOR[message.kind] : undefined}>
				{message ? message.text : ' '}
			</Text>
			<Text wrap="truncate" color={theme.muted}>
				{hints.join('  ')}
			</Text>
		</Box>
	);
}

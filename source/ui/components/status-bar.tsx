/** The bottom two lines: the latest status message, and hints generated from the keymap. */
import {Box, Text} from 'ink';
import React from 'react';
import type {BoundCommand} from '../../hooks/key-router.js';
import {hintsOf, type Scope} from '../../keymap/keymap.js';
import type {StatusMessage} from '../app-context.js';
import {theme} from '../theme.js';

const KIND_COLOR = {info: undefined, success: theme.success, error: theme.danger, progress: theme.warning} as const;

/**
 * `bound` is what the focused pane registered (see KeyRouter.bound), so the hints cannot
 * offer a key the pane does not bind (issue 19); `scopes` only orders them.
 */
export function StatusBar({message, bound, scopes}: {message?: StatusMessage; bound: readonly BoundCommand[]; scopes: readonly Scope[]}) {
	const hints = hintsOf(bound, scopes);
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

/**
 * The keys the focused pane binds (what it registered, see KeyRouter.bound), described by
 * the keymap; mutating keys are absent in read-only mode because the keymap unbinds them.
 */
import {Box, Text} from 'ink';
import React from 'react';
import type {BoundCommand} from '../../hooks/key-router.js';
import {helpRowsOf, SCOPE_TITLES, type Scope} from '../../keymap/keymap.js';
import {theme} from '../theme.js';

export function HelpScreen({isReadOnly, bound, height}: {isReadOnly: boolean; bound: readonly BoundCommand[]; height: number}) {
	const rows = helpRowsOf(bound);
	const lines: React.ReactNode[] = [];
	let lastScope: Scope | undefined;
	for (const row of rows) {
		if (row.scope !== lastScope) {
			lines.push(
				<Text key={`scope-${row.scope}`} bold color={theme.header}>
					{SCOPE_TITLES[row.scope]}
				</Text>,
			);
			lastScope = row.scope;
		}
		lines.push(
			<Text key={`${row.scope}-${row.keys}`} wrap="truncate">
				{'  '}
				<Text color={row.isDangerous ? theme.danger : theme.accent}>{row.keys.padEnd(22)}</Text>
				{row.description}
			</Text>,
		);
	}
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold>Keys{isReadOnly ? ' (read-only: actions that change the engine are off)' : ''} · ? or Esc to close</Text>
			{/* Cut to the height here: Ink would shrink extra lines to nothing and overlap them. */}
			<Box flexDirection="column" flexWrap="wrap" height={height - 1} columnGap={4}>
				{lines.map((line, index) => (
					<Box key={index} flexShrink={0}>
						{line}
					</Box>
				))}
			</Box>
		</Box>
	);
}

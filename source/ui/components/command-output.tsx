/** The output of a custom command run in the background: its last lines, whether it still runs, how it ended. */
import {Box, Text} from 'ink';
import React, {useState} from 'react';
import {LAYER} from '../../hooks/key-router.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useObservable} from '../../hooks/use-observable.js';
import type {BackgroundRunState, BackgroundRunView} from '../../model/background-run-state.js';
import {displayArgv} from '../../model/command-template.js';
import {sanitize} from '../../model/sanitize.js';
import {theme} from '../theme.js';

/** The status words after the title, from the run's state. */
export function runStatusText(state: BackgroundRunState): {text: string; color: string | undefined} {
	switch (state.status) {
		case 'running':
			return {text: '⟳ running', color: theme.warning};
		case 'failed':
			return {text: `✗ ${state.problem ?? 'could not run'}`, color: theme.danger};
		case 'stopped':
			return {text: '■ stopped', color: theme.muted};
		case 'exited':
			if (state.signal) return {text: `✗ ended by ${state.signal}`, color: theme.danger};
			return state.exitCode === 0 ? {text: '✓ exited with code 0', color: theme.success} : {text: `✗ exited with code ${state.exitCode}`, color: theme.danger};
	}
}

/** `isModal` false: shown beside a list that keeps the keys (the Compose pane closes it with Esc itself). */
export function CommandOutput({run, height, onClose, isModal = true}: {run: BackgroundRunView; height: number; onClose: () => void; isModal?: boolean}) {
	const state = useObservable(run);
	// Lines scrolled back from the end; 0 follows new output.
	const [back, setBack] = useState(0);
	const visible = Math.max(1, height - 3);
	const maxBack = Math.max(0, state.lines.length - visible);
	useCommands(
		['output'],
		{
			'output.close': onClose,
			'output.up': () => setBack(current => Math.min(maxBack, current + 1)),
			'output.down': () => setBack(current => Math.max(0, current - 1)),
		},
		{isActive: isModal, priority: LAYER.overlay},
	);
	const end = state.lines.length - Math.min(back, maxBack);
	const shown = state.lines.slice(Math.max(0, end - visible), end);
	const status = runStatusText(state);
	const earlier = state.dropped + Math.max(0, end - visible);
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate">
				<Text bold>{sanitize(run.title)}</Text>
				{'  '}
				<Text color={status.color}>{status.text}</Text>
			</Text>
			<Text wrap="truncate" color={theme.muted}>
				$ {sanitize(displayArgv(run.argv))}
			</Text>
			<Box flexDirection="column" height={visible} overflow="hidden">
				{shown.length === 0 ? <Text color={theme.muted}>{state.status === 'running' ? 'no output yet' : 'no output'}</Text> : null}
				{shown.map((line, index) => (
					<Text key={end - shown.length + index} wrap="truncate">
						{line.text === '' ? ' ' : line.text}
					</Text>
				))}
			</Box>
			<Text wrap="truncate" color={theme.muted}>
				{`${isModal ? `Esc close${state.status === 'running' ? ' (stops it)' : ''} · ↑↓ scroll` : 'Esc hides this (the command goes on)'}${earlier > 0 ? ` · ${earlier} earlier lines` : ''}`}
			</Text>
		</Box>
	);
}

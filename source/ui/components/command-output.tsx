/**
 * The output of a custom command run in the background: its last lines, whether it still runs, how it ended.
 * It reads as Logs does (issue 20): g/G, PgUp/PgDn, / search with n/N, stderr marked `!`, and the footer
 * tells lines above the view from lines dropped for good (only the last ones are kept).
 */
import {Box, Text} from 'ink';
import {useState} from 'react';
import {LAYER} from '../../hooks/key-router.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useTextField} from '../../hooks/use-text-field.js';
import type {BackgroundRunState, BackgroundRunView, OutputLine} from '../../model/background-run-state.js';
import {displayArgv} from '../../model/command-template.js';
import {compileSearch, nextMatchingIndex} from '../../model/log-search.js';
import {plural} from '../../model/plural.js';
import type {TextMatcher} from '../../model/safe-regex.js';
import {sanitize} from '../../model/sanitize.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';
import {TextInput} from './text-input.js';

/** The status words after the title, from the run's state. */
export function runStatusText(state: BackgroundRunState, theme: Theme): {text: string; color: string | undefined} {
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

/**
 * The footer's counts: lines above the view (reachable with ↑, g, PgUp), lines below it, and lines
 * dropped for good. Exported for unit tests.
 */
export function outputFooterCounts(state: Pick<BackgroundRunState, 'lines' | 'dropped'>, top: number, visible: number): string[] {
	const above = top - state.dropped;
	const below = state.dropped + state.lines.length - Math.min(state.dropped + state.lines.length, top + visible);
	const parts: string[] = [];
	if (above > 0) parts.push(`${plural(above, 'line')} above`);
	if (below > 0) parts.push(`${plural(below, 'line')} below`);
	if (state.dropped > 0) parts.push(`${plural(state.dropped, 'earlier line')} dropped (the last ${state.lines.length} kept)`);
	return parts;
}

/** One line of output (or of a viewed file): `!` marks stderr, matches of the search inverted. */
export function OutputLineView({line, matcher}: {line: OutputLine; matcher?: TextMatcher}) {
	const theme = useTheme();
	const gutter = <Text color={line.isError ? theme.danger : theme.muted}>{line.isError ? '! ' : '  '}</Text>;
	const ranges = matcher && line.text ? matcher.ranges(line.text) : [];
	if (ranges.length === 0) {
		return (
			<Text wrap="truncate" color={line.isError ? theme.danger : undefined}>
				{gutter}
				{line.text === '' ? ' ' : line.text}
			</Text>
		);
	}
	const parts: React.ReactNode[] = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start > at) parts.push(line.text.slice(at, start));
		parts.push(
			<Text key={start} inverse>
				{line.text.slice(start, end)}
			</Text>,
		);
		at = end;
	}
	parts.push(line.text.slice(at));
	return (
		<Text wrap="truncate" color={line.isError ? theme.danger : undefined}>
			{gutter}
			{parts}
		</Text>
	);
}

/** `isModal` false: shown beside a list that keeps the keys (the Compose pane hides it with Esc itself, issue 14). */
export function CommandOutput({run, height, onClose, isModal = true}: {run: BackgroundRunView; height: number; onClose: () => void; isModal?: boolean}) {
	const theme = useTheme();
	const state = useObservable(run);
	// The number (counted from the first line the command wrote) of the first line shown; undefined follows the end,
	// so lines that arrive do not move what is being read.
	const [anchor, setAnchor] = useState<number | undefined>(undefined);
	const [notice, setNotice] = useState<string>();
	const searchField = useTextField({isActive: isModal, priority: LAYER.overlay + 1, onSubmit: text => findMatch(1, text, top - 1)});
	const visible = Math.max(1, height - 4);
	const total = state.dropped + state.lines.length;
	const lastTop = Math.max(state.dropped, total - visible);
	const top = anchor === undefined ? lastTop : Math.max(state.dropped, Math.min(anchor, lastTop));
	const moveTo = (next: number) => setAnchor(next >= lastTop ? undefined : Math.max(state.dropped, next));
	const search = searchField.value ? compileSearch({text: searchField.value, isRegex: false, isCaseSensitive: false}) : undefined;

	/** Scrolls to the next (or previous) kept line after `from` that matches, wrapping around. */
	function findMatch(direction: 1 | -1, text = searchField.value, from = top): void {
		const matcher = text ? compileSearch({text, isRegex: false, isCaseSensitive: false})?.matcher : undefined;
		if (!matcher) return;
		const index = nextMatchingIndex(state.lines.length, from - state.dropped, direction, at => matcher.test(state.lines[at]!.text));
		if (index !== undefined) {
			setNotice(undefined);
			moveTo(state.dropped + index);
			return;
		}
		setNotice(`no kept line matches "${sanitize(text)}"`);
	}

	useCommands(
		['output'],
		{
			'output.close': onClose,
			'output.up': () => moveTo(top - 1),
			'output.down': () => moveTo(top + 1),
			'output.pageUp': () => moveTo(top - visible),
			'output.pageDown': () => moveTo(top + visible),
			'output.top': () => moveTo(state.dropped),
			'output.end': () => setAnchor(undefined),
			'output.search': searchField.open,
			'output.nextMatch': () => findMatch(1),
			'output.previousMatch': () => findMatch(-1),
		},
		{isActive: isModal, priority: LAYER.overlay},
	);
	const shown = state.lines.slice(top - state.dropped, top - state.dropped + visible);
	const status = runStatusText(state, theme);
	const counts = outputFooterCounts(state, top, visible);
	const keys = isModal ? `Esc close${state.status === 'running' ? ' (stops it)' : ''} · ↑↓ g G PgUp PgDn scroll · / search${searchField.value ? ' n N' : ''}` : 'Esc hides this (the command goes on) · o shows it again';
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
					<OutputLineView key={top + index} line={line} matcher={search?.matcher} />
				))}
			</Box>
			{searchField.isOpen ? (
				<TextInput label="search: " value={searchField.value} isSelected={searchField.isSelected} isActive />
			) : (
				<Text wrap="truncate" color={notice ? theme.warning : theme.muted}>
					{notice ?? (searchField.value ? `search: ${searchField.value}` : ' ')}
				</Text>
			)}
			<Text wrap="truncate" color={theme.muted}>
				{[keys, ...counts].join(' · ')}
			</Text>
		</Box>
	);
}

/** The running (or last) build in the Images pane (issue 13): one line per step, the running step's log under it, then the cache report. Render only. */
import {Box, Text} from 'ink';
import {type BuildState, cacheReportLines} from '../../model/build.js';
import {sanitize} from '../../model/sanitize.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';

const LOG_LINES = 3;

export function formatStepMs(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

type Line = {text: string; color?: string};

/** Every line the panel would show, before it is cut to its height (the newest kept). */
export function buildPanelLines(state: BuildState, theme: Theme, isUnfolded = false): Line[] {
	const {progress, request} = state;
	const total = progress.total ?? '?';
	const lines: Line[] = [];
	const what = `${request.contextDir}${request.tags.length > 0 ? ` as ${request.tags.join(', ')}` : ''}`;
	if (!state.isDone) lines.push({text: `building ${what} · step ${progress.steps.length}/${total} · x cancels`, color: theme.warning});
	else if (state.error) lines.push({text: `✗ build of ${what} failed${progress.steps.length > 0 ? ` at step ${progress.steps.at(-1)!.index}` : ''}: ${state.error} · x closes`, color: theme.danger});
	else lines.push({text: `✔ built ${what} (${(progress.imageId ?? '').replace(/^sha256:/, '').slice(0, 12)}) · x closes · o logs`, color: theme.success});
	for (const [position, step] of progress.steps.entries()) {
		const isLast = position === progress.steps.length - 1;
		const isRunning = isLast && !state.isDone;
		const mark = isRunning ? 'running' : step.isCached === true ? 'cached ' : step.isCached === false ? 'built  ' : '       ';
		const time = step.ms === undefined ? '' : formatStepMs(step.ms);
		lines.push({text: `[${step.index}/${total}] ${mark} ${time.padStart(6)}  ${step.instruction}`, color: step.isCached === true ? theme.muted : undefined});
		// The log stays folded under its step, except while it runs or where the build failed.
		if (isUnfolded) for (const log of step.log) lines.push({text: `          │ ${log}`, color: theme.muted});
		else if (isRunning || (isLast && state.error)) for (const log of step.log.slice(-LOG_LINES)) lines.push({text: `          │ ${log}`, color: theme.muted});
	}
	if (state.report) for (const text of cacheReportLines(state.report, formatStepMs)) lines.push({text, color: text.startsWith('advice') ? theme.warning : theme.accent});
	return lines;
}

export function BuildPanel({state, width, height, isUnfolded}: {state: BuildState; width: number; height: number; isUnfolded: boolean}) {
	const theme = useTheme();
	const lines = buildPanelLines(state, theme, isUnfolded);
	// The head line always, then the newest lines that fit.
	const shown = [lines[0]!, ...lines.slice(1).slice(-(height - 1))];
	return (
		<Box flexDirection="column" width={width} height={height}>
			{shown.map((line, index) => (
				<Text key={index} wrap="truncate" color={line.color}>
					{sanitize(line.text)}
				</Text>
			))}
		</Box>
	);
}

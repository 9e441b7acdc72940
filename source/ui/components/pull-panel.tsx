/** The running (or last) pull: an overall bar and one bar per layer. Render only. */
import {Box, Text} from 'ink';
import type {LayerProgress, PullState} from '../../model/pull-progress.js';
import {fit} from '../format/text.js';
import {formatBytes} from '../format/units.js';
import {percent, progressBar} from '../format/progress.js';
import {useTheme} from '../../hooks/use-theme.js';
import {plural} from '../../model/plural.js';

const PHASE_MARK: Record<LayerProgress['phase'], string> = {waiting: '·', downloading: '↓', uploading: '↑', verifying: '✓', extracting: '⇣', done: '✔'};

function layerText(layer: LayerProgress): string {
	const bytes = layer.total && layer.current !== undefined && layer.phase !== 'done' ? ` ${formatBytes(layer.current)}/${formatBytes(layer.total)}` : '';
	return `${layer.status}${bytes}`;
}

/** Lines the panel needs for a state, at most `maxLines`. */
export function pullPanelHeight(state: PullState | undefined, maxLines: number): number {
	if (!state) return 0;
	return Math.min(maxLines, 1 + state.layers.length);
}

export function PullPanel({state, width, height}: {state: PullState; width: number; height: number}) {
	const theme = useTheme();
	const barWidth = Math.max(10, Math.min(40, Math.floor(width / 4)));
	const done = state.layers.filter(layer => layer.phase === 'done').length;
	const isPush = state.kind === 'push';
	const head = state.isDone
		? state.error
			? `✗ ${isPush ? 'push' : 'pull'} of ${state.ref} failed: ${state.error}`
			: `✔ ${isPush ? 'pushed' : 'pulled'} ${state.ref} · ${state.lastStatus}`
		: `${isPush ? '⇡ pushing' : '⇣ pulling'} ${state.ref} ${progressBar(state.overall, barWidth)} ${percent(state.overall)} · ${done} of ${plural(state.layers.length, 'layer')} · ${state.lastStatus}`;
	// The newest activity is what matters when the layers do not all fit: unfinished ones first.
	const room = Math.max(0, height - 1);
	const layers = [...state.layers.filter(layer => layer.phase !== 'done'), ...state.layers.filter(layer => layer.phase === 'done')].slice(0, room);
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate" bold color={state.error ? theme.danger : state.isDone ? theme.success : theme.warning}>
				{fit(head, width)}
			</Text>
			{layers.map(layer => (
				<Text key={layer.id} wrap="truncate" color={layer.phase === 'done' ? theme.muted : undefined}>
					{'  '}
					{PHASE_MARK[layer.phase]} {fit(layer.id, 12)} {progressBar(layer.fraction, barWidth)} {layerText(layer)}
				</Text>
			))}
		</Box>
	);
}

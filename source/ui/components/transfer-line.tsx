/** The running (or last) export, save or load as one line: bytes written or read, and how it ended. Render only. */
import {Text} from 'ink';
import type {TransferState} from '../../model/image-transfer.js';
import {fit} from '../format/text.js';
import {formatBytes} from '../format/units.js';
import {percent, progressBar} from '../format/progress.js';
import {useTheme} from '../../hooks/use-theme.js';

const DONE: Record<TransferState['verb'], string> = {export: 'exported', save: 'saved', load: 'loaded'};
const DOING: Record<TransferState['verb'], string> = {export: 'exporting', save: 'saving', load: 'loading'};

/** The line's text. Exported for unit tests. */
export function transferText(state: TransferState, barWidth: number): string {
	if (state.isDone && state.error) return `✗ ${state.verb} of ${state.subject} failed: ${state.error}`;
	if (state.verb === 'load') {
		if (state.isDone) return `✔ loaded ${state.loaded?.length ? state.loaded.join(', ') : 'nothing named'} from ${state.file}`;
		const fraction = state.total ? state.bytes / state.total : 0;
		return `⇡ loading ${state.file} ${progressBar(fraction, barWidth)} ${percent(fraction)} · ${formatBytes(state.bytes)}${state.total ? ` of ${formatBytes(state.total)}` : ''} read`;
	}
	if (state.isDone) return `✔ ${DONE[state.verb]} ${state.subject} to ${state.file} · ${formatBytes(state.bytes)}`;
	return `⇣ ${DOING[state.verb]} ${state.subject} → ${state.file} · ${formatBytes(state.bytes)} written`;
}

export function TransferLine({state, width}: {state: TransferState; width: number}) {
	const theme = useTheme();
	const color = state.error ? theme.danger : state.isDone ? theme.success : theme.warning;
	return (
		<Text wrap="truncate" bold color={color}>
			{fit(transferText(state, Math.max(10, Math.min(30, Math.floor(width / 5)))), width)}
		</Text>
	);
}

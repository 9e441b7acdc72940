/**
 * A swarm service's logs inside the Swarm pane (issue 7): every task merged,
 * followed, each line prefixed with its task and node. The stream and the
 * bounded ring are the logs pane's (useLogSession), fed by the service logs
 * port instead of the container one; lines are sanitized by the decoder.
 * Scrolls with the list keys, Esc goes back. Render only.
 */
import {Box, Text} from 'ink';
import {useMemo, useRef, useState} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useLogSession} from '../../hooks/use-log-session.js';
import {DEFAULT_LOG_CAPACITY} from '../../model/log-buffer.js';
import {DEFAULT_TAIL} from '../../model/log-types.js';
import {allLines, scrollAnchor, type ViewAnchor, viewWindow} from '../../model/log-view.js';
import {layoutLine, type LogRow, LogRowsView, type RowLayout, type RowStartsMemo} from '../components/log-rows.js';
import type {WidthMemo} from '../format/log-line.js';
import {useSessionCache, useSessionValue} from '../../hooks/use-remembered.js';
import {useTheme} from '../../hooks/use-theme.js';
import {plural} from '../../model/plural.js';

const SOURCE_WIDTH_MAX = 28;

export interface ServiceLogsProps {
	service: {id: string; name: string};
	width: number;
	height: number;
	isActive: boolean;
	onClose: () => void;
}

export function ServiceLogs({service, width, height, isActive, onClose}: ServiceLogsProps) {
	const theme = useTheme();
	const targets = useMemo(() => [{id: service.id, source: service.name}], [service.id, service.name]);
	const {buffer, version, notices} = useLogSession(targets, {tail: DEFAULT_TAIL, capacity: DEFAULT_LOG_CAPACITY, of: 'services'});
	const [anchor, setAnchor] = useState<ViewAnchor | undefined>(undefined);
	const viewHeight = Math.max(1, height - 1);
	// Read again when the version says the mutable ring changed, and only then.
	const list = useMemo(() => allLines(buffer, {version}), [buffer, version]);
	const window = viewWindow(list, viewHeight, anchor, () => 1);
	const widths = useSessionValue('widths', (): WidthMemo => new Map());
	const rowStarts: RowStartsMemo = useSessionCache('rowStarts');
	const rows: LogRow[] = [];
	let sourceWidth = 0;
	for (const seq of window.seqs) sourceWidth = Math.max(sourceWidth, buffer.at(seq)?.source?.length ?? 0);
	const layout: RowLayout = {width, showTimestamps: false, isWrapped: false, sourceWidth: Math.min(SOURCE_WIDTH_MAX, sourceWidth), showColors: true, widths, rowStarts};
	for (const seq of window.seqs) {
		const line = buffer.at(seq);
		if (line) rows.push(...layoutLine(line, layout, []));
	}
	const latest = useRef({list, window});
	latest.current = {list, window};
	const scroll = (delta: number) => setAnchor(scrollAnchor(latest.current.list, latest.current.window, delta, viewHeight, () => 1));
	useCommands(
		['swarm', 'list'],
		{
			'swarm.back': onClose,
			'list.up': () => scroll(-1),
			'list.down': () => scroll(1),
			'list.pageUp': () => scroll(-Math.max(1, viewHeight - 1)),
			'list.pageDown': () => scroll(Math.max(1, viewHeight - 1)),
			'list.first': () => setAnchor(list.count > 0 ? {seq: list.seqAt(0), row: 0} : undefined),
			'list.last': () => setAnchor(undefined),
		},
		{isActive},
	);
	const notice = notices.get(service.id);
	const state = anchor === undefined ? 'following' : `scrolled back${window.below > 0 ? `, ${plural(window.below, 'line')} below` : ''}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				Logs of service {service.name}
				<Text color={theme.muted}>
					{' '}
					· {plural(buffer.size, 'line')} · {state} · Esc back
				</Text>
				{notice && notice.kind !== 'attached' ? <Text color={theme.danger}> · {'message' in notice ? notice.message : notice.kind}</Text> : null}
			</Text>
			{rows.length === 0 ? <Text color={theme.muted}>{notice ? 'no lines yet' : 'connecting…'}</Text> : <LogRowsView rows={rows} layout={layout} currentMatch={undefined} isPlain={false} height={viewHeight} />}
		</Box>
	);
}

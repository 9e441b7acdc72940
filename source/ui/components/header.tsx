/** The top line: which engine, its version, and whether dockdash is connected. */
import {Box, Text} from 'ink';
import {headerNotice} from '../../model/api-version.js';
import type {EngineVersion} from '../../model/types.js';
import type {SyncStatusValue} from '../../model/container-sync.js';
import {type EngineState, engineStatePieces, fitHeaderPieces, type HeaderPiece, tabLabels} from '../format/header-line.js';
import {widthOf} from '../format/text.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';

export interface HeaderProps {
	endpoint: string;
	/** TLS that does not check the engine's certificate, asked for by name (--tls, DOCKER_TLS, --tlsverify=false, a context's skip-tls-verify). */
	isUnverifiedTls?: boolean;
	/** The docker context switched to in the app, if any. */
	context?: string;
	version?: EngineVersion;
	status: SyncStatusValue;
	isReadOnly: boolean;
	panes: ReadonlyArray<{id: string; title: string}>;
	activePane: string;
	/** The terminal's width: what fits is chosen here, not cut at the edge. */
	width: number;
	/** With several engines (issue 14), each one's name and state: shown instead of the one connection state. */
	engines?: ReadonlyArray<{name: string; state: EngineState}>;
}

const stateColor = (theme: Theme): Record<EngineState, string | undefined> => ({up: theme.success, down: theme.danger, 'no answer': theme.warning, connecting: theme.muted});

const CONNECTED = '● connected';
const DISCONNECTED = '○ disconnected';

// Read from the theme when drawn, not when the module loads (issue 15).
const pieceColor = (theme: Theme): Partial<Record<HeaderPiece['role'], string>> => ({brand: theme.accent, context: theme.accent, separator: theme.muted, tls: theme.danger, readOnly: theme.warning});

export function Header({endpoint, isUnverifiedTls, context, version, status, isReadOnly, panes, activePane, width, engines}: HeaderProps) {
	const theme = useTheme();
	const separator: HeaderPiece = {text: ' · ', role: 'separator'};
	const pieces: HeaderPiece[] = [
		{text: 'dockdash', role: 'brand', dropOrder: 2},
		separator,
		...(context ? [{text: `context ${context}`, role: 'context'} as const, separator] : []),
		{text: endpoint, role: 'endpoint'},
		...(isUnverifiedTls ? [{text: ' TLS unverified', role: 'tls'} as const] : []),
		separator,
		...(version
			? [
					{text: `${version.product} ${version.version}`, role: 'engine'} as const,
					{text: ` (API ${version.apiVersion})`, role: 'api', dropOrder: 1} as const,
					{text: ` ${version.os}/${version.arch}`, role: 'platform', dropOrder: 3} as const,
				]
			: [{text: 'connecting…', role: 'engine'} as const]),
		...(isReadOnly ? [{text: ' · read-only', role: 'readOnly'} as const] : []),
	];
	const notice = headerNotice(status.notice, version?.apiVersion);
	// Several engines: each one's state, in at most half the line; one engine: connected or not.
	const states = engines
		? engineStatePieces(engines, Math.floor(width / 2))
		: [{text: status.isConnected ? CONNECTED : DISCONNECTED, state: status.isConnected ? ('up' as const) : ('down' as const)}];
	const stateWidth = states.reduce((sum, each) => sum + widthOf(each.text), 0) + states.length - 1;
	const stateColors = stateColor(theme);
	// The connection state keeps its place on the right; the rest fits in what is left (issue 18).
	const fitted = fitHeaderPieces(pieces, Math.max(0, width - stateWidth - 1));
	const activeIndex = Math.max(0, panes.findIndex(pane => pane.id === activePane));
	const tabs = tabLabels(
		panes.map(pane => pane.title),
		activeIndex,
		width,
	);
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between">
				<Text wrap="truncate">
					{fitted.map((piece, index) => (
						<Text key={index} bold={piece.role === 'brand' || piece.role === 'tls'} color={pieceColor(theme)[piece.role]}>
							{piece.text}
						</Text>
					))}
				</Text>
				<Box flexShrink={0} marginLeft={1}>
					<Text>
						{states.map((each, index) => (
							<Text key={index} color={stateColors[each.state]}>
								{index > 0 ? ' ' : ''}
								{each.text}
							</Text>
						))}
					</Text>
				</Box>
			</Box>
			{!status.isConnected && status.problem ? (
				<Text color={theme.danger} wrap="truncate">
					engine unavailable: {status.problem}
					{status.retryAt ? ` · retrying in ${Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000))} s` : ''}
				</Text>
			) : null}
			{status.isConnected && notice ? (
				<Text color={theme.warning} wrap="truncate">
					engine answer: {notice}
				</Text>
			) : null}
			<Text wrap="truncate">
				{tabs.before ? <Text color={theme.muted}>‹</Text> : null}
				{tabs.labels.map(({index, text}) => (
					<Text key={panes[index]!.id} inverse={index === activeIndex} color={index === activeIndex ? theme.accent : undefined}>
						{text}
					</Text>
				))}
				{tabs.after ? <Text color={theme.muted}>›</Text> : null}
			</Text>
		</Box>
	);
}

/** The top line: which engine, its version, and whether dockdash is connected. */
import {Box, Text} from 'ink';
import type {EngineVersion} from '../../model/types.js';
import type {SyncStatusValue} from '../../model/container-sync.js';
import {theme} from '../theme.js';

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
}

export function Header({endpoint, isUnverifiedTls, context, version, status, isReadOnly, panes, activePane}: HeaderProps) {
	const engine = version ? `${version.product} ${version.version} (API ${version.apiVersion}) ${version.os}/${version.arch}` : 'connecting…';
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between">
				<Text wrap="truncate">
					<Text bold color={theme.accent}>dockdash</Text>
					<Text color={theme.muted}> · </Text>
					{context ? (
						<>
							<Text color={theme.accent}>context {context}</Text>
							<Text color={theme.muted}> · </Text>
						</>
					) : null}
					{endpoint}
					{isUnverifiedTls ? (
						<Text bold color={theme.danger}>
							{' TLS unverified'}
						</Text>
					) : null}
					<Text color={theme.muted}> · </Text>
					{engine}
					{isReadOnly ? <Text color={theme.warning}> · read-only</Text> : null}
				</Text>
				<Box flexShrink={0} marginLeft={1}>
					<Text color={status.isConnected ? theme.success : theme.danger}>{status.isConnected ? '● connected' : '○ disconnected'}</Text>
				</Box>
			</Box>
			{!status.isConnected && status.problem ? (
				<Text color={theme.danger} wrap="truncate">
					engine unavailable: {status.problem}
					{status.retryAt ? ` · retrying in ${Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000))} s` : ''}
				</Text>
			) : null}
			{status.isConnected && status.notice ? (
				<Text color={theme.warning} wrap="truncate">
					engine answer: {status.notice}
				</Text>
			) : null}
			<Text wrap="truncate">
				{panes.map((pane, index) => (
					<Text key={pane.id} inverse={pane.id === activePane} color={pane.id === activePane ? theme.accent : undefined}>
						{` ${index + 1} ${pane.title} `}
					</Text>
				))}
			</Text>
		</Box>
	);
}

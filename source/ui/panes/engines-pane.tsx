/**
 * Several engines in one view (issue 7): every container of every engine given
 * with `-H a -H b` or `--all-contexts`, with an ENGINE column, and one status
 * line per engine, so a failed engine shows as failed beside the ones that work.
 * Actions (start, stop, ...) go to the engine of the selected row: they run
 * through the same hook as the containers pane, under that engine's services.
 * Render only.
 */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useEngineContainerActions} from '../../hooks/use-engine-container-actions.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import type {MultiEngineView} from '../../model/multi-engine.js';
import type {EnginePorts} from '../../model/ports.js';
import {useServices} from '../app-context.js';
import {EngineRowKeys, EngineScope} from '../components/engine-scope.js';
import {ListPaneView} from '../components/list-pane.js';
import {ENGINE_COLUMNS, engineRowCells, engineRowKey as rowKey, matchesEngineRow, orderEngineRows} from '../format/engine-row.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {plural} from '../../model/plural.js';
import {usePromptField} from '../../hooks/use-prompt-field.js';
import {TextInput} from '../components/text-input.js';
import {dropEngineAsked} from '../engine-membership.js';

export function EnginesPane(props: PaneProps) {
	const {engines} = useServices();
	if (!engines) return <OneEngine {...props} />;
	return <MultiEngines {...props} engines={engines} />;
}

/** One engine: its address, and `a` to add another (issue 14). */
function OneEngine({width, height, isActive}: PaneProps) {
	const theme = useTheme();
	const {ports, isReadOnly} = useServices();
	const adding = useAddEngine(isActive);
	useCommands(['engines'], adding.handlers, {isActive: isActive && !adding.field.isOpen, isReadOnly});
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold>Engines 1</Text>
			<Text>{ports.engine.url}</Text>
			<Text color={theme.muted}>a adds another engine (-H ADDRESS or a docker context name); -H ADDRESS -H ADDRESS or --all-contexts starts with several.</Text>
			{adding.line}
		</Box>
	);
}

/**
 * `a`: the one-line field that adds an engine (issue 14), and `X`: drop the selected row's engine, asked first.
 * Neither sends anything to an engine.
 */
function useAddEngine(isActive: boolean, selectedEngine?: () => string | undefined) {
	const services = useServices();
	const {field, open} = usePromptField<'add'>({isActive, onSubmit: (_prompt, value) => void services.membership?.add(value)});
	const handlers = {
		'engines.add': () => {
			if (!services.membership) return services.notify('engines cannot be added here', 'info');
			open('add', '');
		},
		'engines.drop': () => {
			const name = selectedEngine?.();
			if (!name) return services.notify(services.engines ? 'no engine selected: the palette’s “drop engine NAME” drops one without containers' : 'only one engine: nothing to drop', 'info');
			void dropEngineAsked(services, name);
		},
	};
	const line = field.isOpen ? <TextInput label="add engine (-H unix://PATH · tcp://HOST:PORT · ssh://USER@HOST, or a context name): " value={field.value} isSelected={field.isSelected} isActive /> : null;
	return {field, handlers, line};
}

function MultiEngines({width, height, isActive, top, engines}: PaneProps & {engines: MultiEngineView<EnginePorts>}) {
	const theme = useTheme();
	const rowCells = useRowCells('cells', engineRowCells);
	const {isReadOnly, contexts, notify} = useServices();
	const all = useObservable(engines);
	const health = useObservable(engines.health);
	const rows = useMemo(() => orderEngineRows(all, engines.members.map(member => member.name)), [all, engines]);
	// Rows start below the title line and one line per engine.
	const pane = useListPane({rows, rowKey, matches: matchesEngineRow, height, top, isActive, linesAbove: 1 + health.length, jumpPane: 'engines'});
	const {list, filter, selected} = pane;
	const member = selected ? engines.memberOf(selected.engine) : undefined;
	// Marks across engines, kept by the pane (issue 14).
	const actions = useEngineContainerActions(engines, all, pane.shown, list.actedKey, () => list.moveBy(1));
	const marked = actions.marked;

	const adding = useAddEngine(isActive, () => member?.name);
	const isTyping = adding.field.isOpen;
	useCommands(['list'], pane.handlers, {isActive: isActive && !isTyping, isReadOnly});
	// c: the palette's `context NAME` for the selected row's engine (issue 14), when that engine is a docker context.
	useCommands(
		['engines'],
		{
			'engines.switchContext': () => {
				if (!member) return notify('no engine selected', 'info');
				const known = contexts?.list().find(context => context.name === member.name);
				if (!contexts || !known) return notify(`${member.name} is not a docker context (given with -H): only contexts can be switched to`, 'info');
				void contexts.switchTo(member.name);
			},
			...adding.handlers,
		},
		{isActive: isActive && !isTyping, isReadOnly},
	);

	const up = health.filter(engine => engine.isLoaded && engine.status.isConnected).length;
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={ENGINE_COLUMNS}
			rowKey={rowKey}
			cellsOf={rowCells}
			markedKeys={marked}
			emptyText={health.every(engine => !engine.isLoaded) ? 'loading…' : filter.text ? `no container matches "${filter.text}"` : 'no containers'}
			header={
				<>
					<Text bold wrap="truncate">
						Engines {health.length} · {up} connected · {pane.countText} containers{marked.size > 0 ? ` · ${marked.size} marked` : ''}
					</Text>
					{health.map(engine => (
						<Text key={engine.name} wrap="truncate">
							{engine.status.isConnected ? (
								<Text color={theme.success}>● {engine.name}</Text>
							) : (
								<Text color={theme.danger}>○ {engine.name}</Text>
							)}
							{engine.isUnverifiedTls ? (
								<Text bold color={theme.danger}>
									{' TLS unverified'}
								</Text>
							) : null}
							{engine.status.isConnected || (engine.isLoaded && !engine.status.problem)
								? ` · ${plural(engine.count, 'container')}`
								: ` · failed: ${engine.status.problem ?? 'connecting…'}`}
						</Text>
					))}
				</>
			}
			fieldLine={adding.line ?? undefined}
			footer={
				member ? (
					<EngineScope key={member.name} member={member}>
						<EngineRowKeys member={member} rows={pane.shown} currentKey={list.currentKey} actions={actions} isActive={isActive && !isTyping} />
					</EngineScope>
				) : null
			}
		/>
	);
}

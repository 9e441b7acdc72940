/**
 * The engine's events (issue 14): containers, images, volumes, networks and, on a swarm, services
 * and nodes, newest first, live, from the start of this session plus the last hour read when the
 * pane first opens; `/` filters by any text, `t` narrows to one type. Render only.
 */
import {Text} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useRemembered} from '../../hooks/use-remembered.js';
import {EVENT_TYPES, type EventEntry, type EventLog, matchesEvent} from '../../model/event-log.js';
import {Observable} from '../../model/observable.js';
import {plural} from '../../model/plural.js';
import {useServices} from '../app-context.js';
import {ListPaneView} from '../components/list-pane.js';
import type {Cell, Column} from '../components/table.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

const ENGINE_COLUMN: Column = {key: 'engine', title: 'ENGINE', width: 12};
const COLUMNS: readonly Column[] = [
	{key: 'time', title: 'TIME', width: 19},
	{key: 'type', title: 'TYPE', width: 9},
	{key: 'action', title: 'ACTION', grow: 1},
	{key: 'name', title: 'NAME', grow: 2},
	{key: 'id', title: 'ID', width: 12, dropOrder: 2},
	{key: 'attributes', title: 'ATTRIBUTES', grow: 4, dropOrder: 1},
];

const pad = (value: number) => String(value).padStart(2, '0');

/** Local time, with the date: "2026-12-05 03:16:37". */
export function eventTime(timeNano: number): string {
	const date = new Date(Math.floor(timeNano / 1e6));
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// A function, not a table: the theme's colours change with the config and NO_COLOR.
function actionColor(verb: string, theme: Theme): string | undefined {
	if (verb === 'die' || verb === 'kill' || verb === 'stop') return theme.warning;
	if (verb === 'oom' || verb === 'destroy' || verb === 'delete' || verb === 'remove') return theme.danger;
	if (verb === 'start' || verb === 'create') return theme.success;
	return undefined;
}

export function eventCells(entry: EventEntry, theme: Theme, hasEngines = false): Cell[] {
	// The action of a health check is "health_status: healthy", of exec "exec_start: sh": the first word colours it.
	const verb = entry.action.split(/[:\s]/)[0] ?? '';
	const attributes = Object.entries(entry.attributes)
		.filter(([key]) => key !== 'name')
		.map(([key, value]) => `${key}=${value}`)
		.join(' ');
	return [
		...(hasEngines ? [{text: entry.engine ?? ''}] : []),
		{text: eventTime(entry.timeNano), color: theme.muted},
		{text: entry.type},
		{text: entry.action, color: actionColor(verb, theme)},
		{text: entry.name || '–'},
		{text: /^[0-9a-f]{64}$/.test(entry.id) ? entry.id.slice(0, 12) : entry.id, color: theme.muted},
		{text: attributes, color: theme.muted},
	];
}

const rowKey = (entry: EventEntry) => entry.key;
const matchesText = (entry: EventEntry, text: string) => matchesEvent(entry, undefined, text);
const NO_EVENTS = new Observable<readonly EventEntry[]>([]);
const NO_HISTORY: EventLog['history'] = new Observable<'unread' | 'reading' | 'read' | {problem: string}>('read');

export function EventsPane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const log = services.events;
	// Several engines: every engine's events, an ENGINE column, and the filter matches the engine's name too.
	const hasEngines = services.engines !== undefined;
	const columns = useMemo(() => (hasEngines ? [ENGINE_COLUMN, ...COLUMNS] : COLUMNS), [hasEngines]);
	const all = useObservable(log ?? NO_EVENTS);
	const history = useObservable(log?.history ?? NO_HISTORY);
	const [type, setType] = useRemembered<string | undefined>('eventType', undefined);
	// The last hour, read once when the pane first opens; leaving the pane before it arrives stops the read.
	useEffect(() => {
		if (!log) return;
		const controller = new AbortController();
		void log.loadHistory(controller.signal);
		return () => controller.abort();
	}, [log]);
	// The type narrows the rows; the `/` filter then matches any text of them (the generic list pane's filter).
	const ofType = useMemo(() => (type ? all.filter(entry => matchesEvent(entry, type, '')) : all), [all, type]);
	const pane = useListPane({rows: ofType, rowKey, matches: matchesText, height, top, isActive, isFilterLineKept: true});
	const filter = pane.filter.text;
	const [cellCache] = useState(() => new WeakMap<EventEntry, Cell[]>());
	const theme = useTheme();
	const cells = (entry: EventEntry) => {
		let cached = cellCache.get(entry);
		if (!cached) cellCache.set(entry, (cached = eventCells(entry, theme, hasEngines)));
		return cached;
	};
	useCommands(
		['list', 'events'],
		{
			...pane.handlers,
			'events.type': () => {
				const next = type === undefined ? EVENT_TYPES[0] : EVENT_TYPES[EVENT_TYPES.indexOf(type as (typeof EVENT_TYPES)[number]) + 1];
				setType(next);
				services.notify(next ? `only ${next} events` : 'events of every type', 'info');
			},
		},
		{isActive, isReadOnly: services.isReadOnly},
	);
	const historyText = history === 'reading' ? ' · reading the last hour…' : typeof history === 'object' ? ` · the last hour could not be read: ${history.problem}` : history === 'read' ? ' · since an hour before this pane opened' : '';
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={columns}
			rowKey={rowKey}
			cellsOf={cells}
			emptyText={filter || type ? 'no event matches the filter' : history === 'reading' ? 'reading the last hour…' : 'no events yet: they appear as the engine reports them'}
			header={
				<Text bold wrap="truncate">
					Events {plural(pane.shown.length, 'event')}
					{type ? ` of type ${type}` : ''} (newest first, up to {log?.capacity ?? 0} kept){historyText}
				</Text>
			}
		/>
	);
}

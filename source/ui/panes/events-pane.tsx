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
import type {Cell} from '../components/table.js';
import {EVENT_COLUMNS, EVENT_ENGINE_COLUMN, eventCells} from '../format/event-row.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

const rowKey = (entry: EventEntry) => entry.key;
const matchesText = (entry: EventEntry, text: string) => matchesEvent(entry, undefined, text);
const NO_EVENTS = new Observable<readonly EventEntry[]>([]);
const NO_HISTORY: EventLog['history'] = new Observable<'unread' | 'reading' | 'read' | {problem: string}>('read');

export function EventsPane({width, height, isActive, top}: PaneProps) {
	const services = useServices();
	const log = services.events;
	// Several engines: every engine's events, an ENGINE column, and the filter matches the engine's name too.
	const hasEngines = services.engines !== undefined;
	const columns = useMemo(() => (hasEngines ? [EVENT_ENGINE_COLUMN, ...EVENT_COLUMNS] : EVENT_COLUMNS), [hasEngines]);
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
	const historyText =
		history === 'reading'
			? ' · reading the last hour…'
			: typeof history === 'object'
				? 'problem' in history
					? ` · the last hour could not be read: ${history.problem}`
					: ` · the last hour in part: ${history.partial}`
				: history === 'read'
					? ' · since an hour before this pane opened'
					: '';
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

/** An engine event as a row of the Events pane: its columns, local time and cells (coloured by the action's verb). */
import type {EventEntry} from '../../model/event-log.js';
import {plural} from '../../model/plural.js';
import type {Theme} from '../theme.js';
import type {Cell, Column} from './columns.js';

export const EVENT_ENGINE_COLUMN: Column = {key: 'engine', title: 'ENGINE', width: 12};
export const EVENT_COLUMNS: readonly Column[] = [
	{key: 'time', title: 'TIME', width: 19},
	{key: 'type', title: 'TYPE', width: 9},
	{key: 'action', title: 'ACTION', grow: 1},
	// NAME identifies the row: the last to shrink. ID grows rather than widening to a long one (an image pull's is the
	// reference), which cut NAME to 9 columns at 100 (found by the Events frames, issue 15).
	{key: 'name', title: 'NAME', grow: 2, isIdentity: true},
	{key: 'id', title: 'ID', grow: 1, minWidth: 12, dropOrder: 2},
	{key: 'attributes', title: 'ATTRIBUTES', grow: 4, dropOrder: 1},
];

const pad = (value: number) => String(value).padStart(2, '0');

/** Local time, with the date: "2026-12-05 03:16:37". */
export function eventTime(timeNano: number): string {
	const date = new Date(Math.floor(timeNano / 1e6));
	// An event the engine gave no usable time (issue 17: a timeNano of 1e30 was "NaN-NaN-NaN").
	if (!(timeNano > 0) || Number.isNaN(date.getTime())) return '–';
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
		.concat(entry.attributesLeftOut ? [`(${plural(entry.attributesLeftOut, 'attribute')} left out)`] : [])
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

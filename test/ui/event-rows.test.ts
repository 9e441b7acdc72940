/** The Events pane's row formatter (ui/format/event-row.ts): local time with the date, cells, colours by the action's verb. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {EventEntry} from '../../source/model/event-log.js';
import {layoutTable} from '../../source/ui/format/columns.js';
import {EVENT_COLUMNS, eventCells, eventTime} from '../../source/ui/format/event-row.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';

const at = new Date(2026, 11, 5, 3, 16, 37, 900).getTime() * 1e6;
const entry = (fields: Partial<EventEntry>): EventEntry => ({key: 'k', timeNano: at, type: 'container', action: 'start', id: 'a'.repeat(64), name: 'web', attributes: {}, ...fields});
const texts = (cells: ReadonlyArray<{text: string}>) => cells.map(cell => cell.text);

describe('event rows', () => {
	it('show the local time with the date, to the second (never rounded up)', () => {
		assert.equal(eventTime(at), '2026-12-05 03:16:37');
	});

	it('have one cell per column, a hex ID cut to 12, the attributes without the name', () => {
		const cells = eventCells(entry({attributes: {name: 'web', image: 'busybox', exitCode: '0'}}), theme);
		assert.equal(cells.length, EVENT_COLUMNS.length);
		assert.deepEqual(texts(cells), ['2026-12-05 03:16:37', 'container', 'start', 'web', 'a'.repeat(12), 'image=busybox exitCode=0']);
	});

	it('keep an ID that is a name whole, and show a dash for no name', () => {
		assert.deepEqual(texts(eventCells(entry({type: 'volume', action: 'create', id: 'data', name: ''}), theme)).slice(3, 5), ['–', 'data']);
	});

	it('colour the action by its first word: stops warn, removals and OOM are danger, starts succeed, others plain', () => {
		const colour = (action: string) => eventCells(entry({action}), theme)[2]?.color;
		assert.equal(colour('die'), theme.warning);
		assert.equal(colour('oom'), theme.danger);
		assert.equal(colour('destroy'), theme.danger);
		assert.equal(colour('start'), theme.success);
		assert.equal(colour('health_status: healthy'), undefined);
		assert.equal(colour('exec_start: sh'), undefined);
	});

	it('lead with the engine when there are several', () => {
		assert.deepEqual(texts(eventCells(entry({engine: 'prod'}), theme, true)).slice(0, 2), ['prod', '2026-12-05 03:16:37']);
	});

	it('keep NAME readable beside a long ID: an image pull\'s ID (its reference) is cut, not NAME (found by the Events frames, issue 15)', () => {
		const rows = [
			eventCells(entry({name: 'customer-analytics-etl-batch-runner'}), theme),
			eventCells(entry({type: 'image', action: 'pull', id: 'registry.example.com/shop/worker:1.4.2', name: 'registry.example.com/shop/worker:1.4.2'}), theme),
		];
		const widthOf = (key: string, total: number) => {
			const layout = layoutTable(EVENT_COLUMNS, rows, total);
			const at = layout.shown.findIndex(index => EVENT_COLUMNS[index]!.key === key);
			return at < 0 ? 0 : layout.widths[at]!;
		};
		// Before: the fixed ID column widened to the 38-column reference and NAME kept 9 columns at 100.
		assert.ok(widthOf('name', 100) >= 24, `NAME ${widthOf('name', 100)} columns at 100`);
		assert.ok(widthOf('id', 100) >= 12 && widthOf('id', 100) < 38, `ID ${widthOf('id', 100)} columns at 100`);
		assert.ok(widthOf('name', 80) >= 24, `NAME ${widthOf('name', 80)} columns at 80`);
	});
});

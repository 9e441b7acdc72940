/** Event answers read as untrusted (issue 17): garbage attributes, huge attribute maps, times that are none. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {boundedAttributes, eventTimeNano, MAX_EVENT_ATTRIBUTE_TEXT, MAX_EVENT_ATTRIBUTES} from '../../source/docker/engine-answer.js';
import {toEntry} from '../../source/model/event-log.js';
import {eventCells, eventTime} from '../../source/ui/format/event-row.js';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';

describe('event attributes from the engine', () => {
	it('keeps text values and counts the rest: numbers, objects, lists and null are left out; a map that is not one counts as one', () => {
		assert.deepEqual(boundedAttributes({name: 'web', exitCode: 3, nested: {a: 1}, list: [1], nul: null, image: 'busybox'}), {attributes: {name: 'web', image: 'busybox'}, leftOut: 4});
		assert.deepEqual(boundedAttributes('not a map'), {attributes: {}, leftOut: 1});
		assert.deepEqual(boundedAttributes([['name', 'x']]), {attributes: {}, leftOut: 1});
		assert.deepEqual(boundedAttributes(undefined), {attributes: {}, leftOut: 0});
		assert.deepEqual(boundedAttributes(null), {attributes: {}, leftOut: 0});
	});

	it('bounds a huge map in count and size, with the name and image kept whatever comes before them', () => {
		const huge: Record<string, string> = {};
		for (let i = 0; i < 10_000; i++) huge[`com.example.k${i}`] = 'v'.repeat(150);
		huge['name'] = 'hostile-huge';
		huge['image'] = 'busybox';
		const {attributes, leftOut} = boundedAttributes(huge);
		const kept = Object.entries(attributes);
		assert.ok(kept.length <= MAX_EVENT_ATTRIBUTES, `${kept.length} kept`);
		assert.ok(kept.reduce((sum, [key, value]) => sum + key.length + value.length, 0) <= MAX_EVENT_ATTRIBUTE_TEXT);
		assert.equal(attributes['name'], 'hostile-huge');
		assert.equal(attributes['image'], 'busybox');
		assert.equal(kept.length + leftOut, 10_002);
		// One value of a megabyte is cut, not kept whole.
		const long = boundedAttributes({name: 'x', label: 'y'.repeat(1024 * 1024)});
		assert.equal(long.attributes['label']!.length, 1024);
		assert.ok(long.attributes['label']!.endsWith('…'));
	});

	it('says in the row how many were left out', () => {
		const entry = toEntry({type: 'container', action: 'die', id: 'b'.repeat(64), timeNano: 1e18, attributes: {name: 'w', image: 'busybox'}, attributesLeftOut: 3});
		assert.equal(eventCells(entry, theme).at(-1)!.text, 'image=busybox (3 attributes left out)');
		// Positive control: nothing said when nothing was left out.
		assert.equal(eventCells(toEntry({type: 'container', action: 'die', id: 'b'.repeat(64), timeNano: 1e18, attributes: {name: 'w', image: 'busybox'}}), theme).at(-1)!.text, 'image=busybox');
	});
});

describe('event times from the engine', () => {
	it('takes timeNano, else time in seconds, else none; never a time beyond the year 9999, negative or not a number', () => {
		assert.equal(eventTimeNano(1.7e18, 5), 1.7e18);
		assert.equal(eventTimeNano(undefined, 1_700_000_000), 1.7e18);
		assert.equal(eventTimeNano(1e30, undefined), 0);
		assert.equal(eventTimeNano('yesterday', 'x'), 0);
		assert.equal(eventTimeNano(-5, -5), 0);
		assert.equal(eventTimeNano(Number.NaN, Number.POSITIVE_INFINITY), 0);
	});

	it('shows no time as a dash, never as NaN or 1970', () => {
		assert.equal(eventTime(0), '–');
		assert.equal(eventTime(1e30), '–');
		assert.match(eventTime(1.7e18), /^2023-11-1\d \d\d:\d\d:\d\d$/);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {EngineEvent} from '../../source/model/types.js';
import {EventLog, matchesEvent, toEntry} from '../../source/model/event-log.js';
import {MASK} from '../../source/model/secrets.js';

let second = 1_700_000_000;
function event(overrides: Partial<EngineEvent> = {}): EngineEvent {
	second += 1;
	return {type: 'container', action: 'start', id: 'a'.repeat(64), timeNano: second * 1e9, attributes: {name: 'web'}, ...overrides};
}

describe('EventLog', () => {
	it('keeps the newest events up to its capacity, newest first, and publishes a burst as one batch', () => {
		const log = new EventLog(3, undefined, 1000);
		let published = 0;
		log.subscribe(() => published++);
		const events = Array.from({length: 5}, (_, index) => event({action: `a${index}`}));
		for (const item of events) log.add(item);
		assert.equal(published, 0);
		log.flush();
		assert.equal(published, 1);
		assert.deepEqual(log.get().map(entry => entry.action), ['a4', 'a3', 'a2']);
	});

	it('merges the last hour under the live events, without repeating one it already has', async () => {
		const old = event({action: 'create'});
		const both = event({action: 'start'});
		const live = event({action: 'die'});
		const asked: number[][] = [];
		const log = new EventLog(
			100,
			async (since, until) => {
				asked.push([since, until]);
				return [old, both];
			},
			1000,
			() => 1_800_000_000_000,
		);
		log.add(both);
		log.add(live);
		log.flush();
		await log.loadHistory(new AbortController().signal);
		assert.deepEqual(asked, [[1_800_000_000 - 3600, 1_800_000_000]]);
		assert.deepEqual(log.get().map(entry => entry.action), ['die', 'start', 'create']);
		assert.equal(log.history.get(), 'read');
		// Once read, opening the pane again reads nothing more.
		await log.loadHistory(new AbortController().signal);
		assert.equal(asked.length, 1);
	});

	it('says in one line why the last hour could not be read', async () => {
		const log = new EventLog(10, async () => {
			throw new Error('connect ECONNREFUSED /x.sock\n    at stack');
		});
		await log.loadHistory(new AbortController().signal);
		assert.deepEqual(log.history.get(), {problem: 'connect ECONNREFUSED /x.sock'});
	});

	it('sanitizes every field, and names a volume by its ID', () => {
		const entry = toEntry(event({type: 'volume', action: 'create\u001b[2J', id: 'data\u0007', attributes: {driver: 'local\u001b]0;x\u0007'}}));
		for (const text of [entry.action, entry.id, entry.name, ...Object.values(entry.attributes)]) assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f]/);
		assert.equal(entry.name, entry.id);
	});

	it('masks secret-looking labels and exec arguments: the pane neither shows nor finds them, their neighbours it does (issue 17)', () => {
		const entry = toEntry(event({action: 'exec_start: sh -c run --token tok-1 --port=80', attributes: {name: 'web', 'com.example.db_password': 'lbl-1', team: 'blue'}}));
		assert.equal(entry.attributes['com.example.db_password'], MASK);
		assert.equal(entry.attributes['team'], 'blue');
		assert.equal(entry.action, `exec_start: sh -c run --token ${MASK} --port=80`);
		assert.ok(matchesEvent(entry, undefined, 'blue --port=80'));
		assert.ok(!matchesEvent(entry, undefined, 'lbl-1'));
		assert.ok(!matchesEvent(entry, undefined, 'tok-1'));
	});

	it('filters by type and by every word of a text, in any field', () => {
		const entry = toEntry(event({type: 'container', action: 'die', attributes: {name: 'web', exitCode: '137'}}));
		assert.ok(matchesEvent(entry, undefined, ''));
		assert.ok(matchesEvent(entry, 'container', 'WEB exitcode=137'));
		assert.ok(!matchesEvent(entry, 'image', ''));
		assert.ok(!matchesEvent(entry, undefined, 'web start'));
	});

	it('with several engines, names each event by engine and reads every history at once: a hanging one holds up none', async () => {
		const log = new EventLog(100, async () => [event({action: 'own'})], 1000, () => 1_800_000_000_000);
		log.addEngine('a', 'b', async () => [event({action: 'other'})]);
		log.addEngine('a', 'dead', async () => {
			throw new Error('cannot reach the Docker Engine at unix:///x');
		});
		const controller = new AbortController();
		log.addEngine('a', 'hangs', (_since, _until, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
		const loading = log.loadHistory(controller.signal);
		await new Promise(resolve => setImmediate(resolve));
		// Before the hanging engine answers, the others' events are in.
		assert.deepEqual(log.get().map(entry => [entry.engine, entry.action]).sort(), [['a', 'own'], ['b', 'other']]);
		log.add(event({action: 'live'}), 'b');
		log.add(event({action: 'mine'}));
		log.flush();
		assert.deepEqual(log.get().slice(0, 2).map(entry => [entry.engine, entry.action]), [['a', 'mine'], ['b', 'live']]);
		assert.ok(matchesEvent(log.get()[1]!, undefined, 'b live'));
		controller.abort();
		await loading;
		assert.equal(log.history.get(), 'unread');
	});

	it('an engine added at run time names what the own engine logged so far; one dropped takes its entries and history with it (issue 14)', async () => {
		const log = new EventLog(100, async () => [], 1000, () => 1_800_000_000_000);
		log.add(event({action: 'before'}));
		log.addEngine('a', 'b', async () => [event({action: 'b-history'})]);
		assert.deepEqual(log.get().map(entry => [entry.engine, entry.action]), [['a', 'before']]);
		log.add(event({action: 'b-live'}), 'b');
		log.add(event({action: 'a-live'}));
		log.flush();
		assert.deepEqual(log.get().map(entry => [entry.engine, entry.action]), [['a', 'a-live'], ['b', 'b-live'], ['a', 'before']]);
		log.removeEngine('b');
		assert.deepEqual(log.get().map(entry => [entry.engine, entry.action]), [['a', 'a-live'], ['a', 'before']]);
		// Its history is not read any more.
		await log.loadHistory(new AbortController().signal);
		assert.ok(!log.get().some(entry => entry.engine === 'b'));
	});
});

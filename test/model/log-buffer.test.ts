import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LogBuffer} from '../../source/model/log-buffer.js';
import {compileSearch, findMatch, MatchIndex, matchRanges} from '../../source/model/log-search.js';
import {allLines, onlyLines, scrollAnchor, viewWindow} from '../../source/model/log-view.js';

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const texts = (buffer: LogBuffer) => buffer.lines().map(line => line.text);
const fill = (buffer: LogBuffer, ...lines: string[]) => buffer.append(lines.map(text => ({stream: 'stdout' as const, text})));

describe('LogBuffer', () => {
	it('keeps only the last `capacity` lines, numbered on', () => {
		const buffer = new LogBuffer({capacity: 3});
		fill(buffer, 'a', 'b', 'c', 'd', 'e');
		assert.deepEqual(texts(buffer), ['c', 'd', 'e']);
		assert.equal(buffer.start, 2);
		assert.equal(buffer.end, 5);
		assert.equal(buffer.at(1), undefined);
		assert.equal(buffer.at(4)!.text, 'e');
		assert.equal(buffer.totalAppended, 5);
		buffer.dispose();
	});

	it('tells listeners once per burst, not once per line or per batch', async () => {
		const buffer = new LogBuffer({notifyMs: 50});
		let calls = 0;
		buffer.subscribe(() => calls++);
		for (let i = 0; i < 1000; i++) fill(buffer, `line ${i}`);
		assert.equal(calls, 0, 'nothing is told synchronously');
		await wait(20);
		assert.equal(calls, 1);
		const version = buffer.getVersion();
		fill(buffer, 'more');
		await wait(10);
		assert.equal(calls, 1, 'the next notification waits for the interval');
		assert.equal(buffer.getVersion(), version);
		await wait(60);
		assert.equal(calls, 2);
		assert.notEqual(buffer.getVersion(), version);
		buffer.dispose();
	});

	it('spaces notifications out when the view reports a costly render, so showing lines takes at most a quarter of the time', async () => {
		const buffer = new LogBuffer({notifyMs: 10});
		let calls = 0;
		buffer.subscribe(() => {
			calls++;
			// A render of 30 ms, reported after it, as the pane does after its commit.
			const until = performance.now() + 30;
			while (performance.now() < until);
			buffer.rendered();
		});
		fill(buffer, 'one');
		await wait(40);
		assert.equal(calls, 1);
		// Four renders long (a loaded machine may stretch the render, so the bounds follow what was measured).
		const interval = buffer.interval;
		assert.ok(interval >= 120 && interval <= 1000, `interval ${interval}`);
		fill(buffer, 'two');
		await wait(interval / 4);
		assert.equal(calls, 1, 'the next waits four renders long, not notifyMs');
		await wait(interval + 100);
		assert.equal(calls, 2);
		buffer.dispose();
	});

	it('replaces a partial line in place, per stream key', () => {
		const buffer = new LogBuffer();
		buffer.append([{stream: 'stdout', text: 'Pass', isPartial: true, key: 'c1:stdout'}]);
		buffer.append([{stream: 'stderr', text: 'other', key: 'c1:stderr'}]);
		buffer.append([{stream: 'stdout', text: 'Password: ok', replacesPartial: true, key: 'c1:stdout'}]);
		buffer.append([{stream: 'stdout', text: 'next', replacesPartial: true, key: 'c1:stdout'}]);
		assert.deepEqual(texts(buffer), ['Password: ok', 'other', 'next']);
		assert.equal(buffer.at(0)!.isPartial, undefined);
		buffer.dispose();
	});

	it('clear() empties it and numbering goes on', () => {
		const buffer = new LogBuffer();
		fill(buffer, 'a', 'b');
		buffer.clear();
		assert.equal(buffer.size, 0);
		fill(buffer, 'c');
		assert.equal(buffer.at(2)!.text, 'c');
		buffer.dispose();
	});
});

describe('log search', () => {
	it('is plain and case-insensitive by default, with match ranges', () => {
		const search = compileSearch({text: 'a.B'})!;
		assert.deepEqual(matchRanges('xA.bx a.b aXb', search.matcher!), [
			[1, 4],
			[6, 9],
		]);
	});

	it('takes regular expressions, case-sensitive on request, and names a bad one', () => {
		const search = compileSearch({text: 'err(or)?', isRegex: true, isCaseSensitive: true})!;
		assert.deepEqual(matchRanges('Error err error', search.matcher!), [
			[6, 9],
			[10, 15],
		]);
		assert.match(compileSearch({text: '(', isRegex: true})!.error!, /^invalid regular expression/);
		assert.equal(compileSearch({text: ''}), undefined);
		assert.deepEqual(matchRanges('abc', compileSearch({text: 'x*', isRegex: true})!.matcher!), [], 'empty matches are no matches');
	});

	it('finds the next and previous matching line, wrapping around', () => {
		const buffer = new LogBuffer({capacity: 5});
		fill(buffer, 'gone match', 'x', 'match 1', 'y', 'match 2', 'z');
		const pattern = compileSearch({text: 'MATCH'})!.matcher!;
		assert.equal(findMatch(buffer, 2, 1, pattern), 4);
		assert.equal(findMatch(buffer, 4, 1, pattern), 2, 'wraps to the first kept match');
		assert.equal(findMatch(buffer, 4, -1, pattern), 2);
		assert.equal(findMatch(buffer, 2, -1, pattern), 4, 'wraps backwards');
		assert.equal(findMatch(buffer, buffer.end, -1, pattern), 4, 'from the end, the last match');
		assert.equal(findMatch(buffer, 0, 1, compileSearch({text: 'nowhere'})!.matcher!), undefined);
		buffer.dispose();
	});

	it('keeps the matching lines incrementally and drops fallen-out ones', () => {
		const buffer = new LogBuffer({capacity: 4});
		const index = new MatchIndex();
		const pattern = compileSearch({text: 'hit'})!.matcher!;
		fill(buffer, 'hit 0', 'miss', 'hit 2');
		assert.deepEqual(index.update(buffer, pattern), [0, 2]);
		fill(buffer, 'hit 3', 'miss', 'hit 5');
		assert.deepEqual(index.update(buffer, pattern), [2, 3, 5]);
		buffer.append([{stream: 'stdout', text: 'partial', isPartial: true, key: 'k'}]);
		assert.deepEqual(index.update(buffer, pattern), [3, 5]);
		buffer.append([{stream: 'stdout', text: 'partial hit', replacesPartial: true, key: 'k'}]);
		assert.deepEqual(index.update(buffer, pattern), [3, 5, 6], 'a grown partial line is looked at again');
		buffer.dispose();
	});
});

describe('log view window', () => {
	const buffer = new LogBuffer();
	fill(buffer, ...Array.from({length: 20}, (_, i) => `line ${i}`));
	const list = allLines(buffer, {version: buffer.getVersion()});
	const one = () => 1;

	it('follows: shows the last rows, with wrapped lines taking more rows and the top one cut to fit', () => {
		assert.deepEqual(viewWindow(list, 3, undefined, () => 1).seqs, [17, 18, 19]);
		const window = viewWindow(list, 3, undefined, seq => (seq === 18 ? 2 : 1));
		assert.deepEqual(window.lines, [{seq: 18, fromRow: 0, toRow: 2}, {seq: 19, fromRow: 0, toRow: 1}]);
		// The line above a tall one shows its last rows: the view is full, never blank at the top.
		assert.deepEqual(viewWindow(list, 3, undefined, seq => (seq === 18 ? 5 : 1)).lines, [{seq: 18, fromRow: 3, toRow: 5}, {seq: 19, fromRow: 0, toRow: 1}]);
	});

	it('scrolled back: stays on its anchor and counts the lines below', () => {
		const window = viewWindow(list, 3, {seq: 5, row: 0}, one);
		assert.deepEqual(window.seqs, [5, 6, 7]);
		assert.equal(window.below, 12);
		assert.deepEqual(scrollAnchor(list, window, -2, 3, one), {seq: 3, row: 0});
		assert.equal(scrollAnchor(list, window, 100, 3, one), undefined, 'scrolling to the end follows again');
	});

	it('a wrapped line taller than the view scrolls by rows, to its end and on to the next line (issue 21)', () => {
		// Line 10 takes 7 rows in a view of 3.
		const rowsOf = (seq: number) => (seq === 10 ? 7 : 1);
		let anchor = {seq: 10, row: 0};
		let window = viewWindow(list, 3, anchor, rowsOf);
		assert.deepEqual(window.lines, [{seq: 10, fromRow: 0, toRow: 3}]);
		const seen: string[] = [];
		for (let step = 0; step < 6; step++) {
			anchor = scrollAnchor(list, window, 1, 3, rowsOf)!;
			window = viewWindow(list, 3, anchor, rowsOf);
			seen.push(window.lines.map(line => `${line.seq}:${line.fromRow}-${line.toRow}`).join(' '));
		}
		assert.deepEqual(seen, ['10:1-4', '10:2-5', '10:3-6', '10:4-7', '10:5-7 11:0-1', '10:6-7 11:0-1 12:0-1']);
		// And back up, row by row, into the line above.
		anchor = scrollAnchor(list, viewWindow(list, 3, {seq: 10, row: 0}, rowsOf), -1, 3, rowsOf)!;
		assert.deepEqual(anchor, {seq: 9, row: 0});
		assert.deepEqual(scrollAnchor(list, viewWindow(list, 3, {seq: 11, row: 0}, rowsOf), -2, 3, rowsOf), {seq: 10, row: 5});
		// Following with the tall line last: its end shows.
		const last = (seq: number) => (seq === 19 ? 7 : 1);
		assert.deepEqual(viewWindow(list, 3, undefined, last).lines, [{seq: 19, fromRow: 4, toRow: 7}]);
		// Near the end with rows to spare, the view shows the last screenful rather than blank rows.
		assert.deepEqual(viewWindow(list, 3, {seq: 19, row: 0}, one).seqs, [17, 18, 19]);
	});

	it('walks only the matching lines in filter mode', () => {
		const only = onlyLines([2, 7, 11, 15], {version: 0, slice: 0});
		assert.deepEqual(viewWindow(only, 2, {seq: 8, row: 0}, () => 1).seqs, [11, 15]);
		assert.deepEqual(viewWindow(only, 2, undefined, () => 1).seqs, [11, 15]);
		assert.equal(only.indexAtOrAfter(3), 1);
	});
});

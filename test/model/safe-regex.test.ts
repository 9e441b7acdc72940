import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LogBuffer} from '../../source/model/log-buffer.js';
import {MatchIndex, SlicedMatchScan} from '../../source/model/log-search.js';
import {compilePattern, REGEX_HIGHLIGHT_CHARS, TimeBudget} from '../../source/model/safe-regex.js';

const regex = (text: string, isCaseSensitive = false) => compilePattern({text, isRegex: true, isCaseSensitive})!.matcher!;

describe('the safe matcher for user patterns (issue 21)', () => {
	// With V8's backtracking RegExp each of these runs for longer than the universe on these lines.
	it('runs catastrophic patterns on long lines in linear time', {timeout: 20_000}, () => {
		const line = 'a'.repeat(256 * 1024);
		for (const pattern of ['(a+)+b', '(a|aa)*c', '(x+x+)+y', '(.*a){20}b']) {
			const matcher = regex(pattern);
			assert.equal(matcher.test(line), false, pattern);
			assert.deepEqual(matcher.ranges(line), [], pattern);
		}
		assert.equal(regex('(.*a){20}').test(line), true);
		assert.deepEqual(regex('(.*a){20}').ranges(line), [[0, REGEX_HIGHLIGHT_CHARS]], 'highlights are found in the first 4 KiB');
	});

	it('keeps what a search needs: case, lines as grep decides them, non-empty highlights, UTF-16 positions, plain text as a literal', () => {
		assert.deepEqual(regex('err(or)?', true).ranges('Error err error'), [
			[6, 9],
			[10, 15],
		]);
		assert.deepEqual(regex('érror').ranges('😀 Érror'), [[3, 8]]);
		// As grep decides a line: x* matches every line, with nothing to highlight; fast on a long line without x.
		assert.equal(regex('x*').test('abc'), true);
		assert.deepEqual(regex('x*').ranges('abc'), []);
		const started = performance.now();
		assert.equal(regex('x*').test('b'.repeat(256 * 1024)), true);
		assert.ok(performance.now() - started < 200, `x* on 256 KiB took ${performance.now() - started} ms`);
		const plain = compilePattern({text: '(a+)+b'})!.matcher!;
		assert.deepEqual(plain.ranges('x(A+)+By'), [[1, 7]]);
		assert.equal(compilePattern({text: ''}), undefined);
	});

	it('refuses a pattern whose program would make every character slow, in one line', () => {
		assert.equal(compilePattern({text: '.{1000}', isRegex: true})!.error, undefined, 'long lines can still be found');
		assert.equal(
			compilePattern({text: '.{1000}.{1000}.{1000}', isRegex: true})!.error,
			'regular expression too large for a quick search (3002 steps, at most 1200): use smaller repeat counts or fewer alternatives',
		);
		assert.match(compilePattern({text: '(?:\\w{1,1000}){1000}', isRegex: true})!.error!, /^invalid regular expression: expression too large/);
		// A pasted wall of text is refused before it is parsed, in no time.
		const started = performance.now();
		assert.equal(compilePattern({text: 'a'.repeat(100_000), isRegex: true})!.error, 'regular expression too long (100000 characters, at most 1000): make it shorter');
		assert.ok(performance.now() - started < 50);
	});

	it('bounds one test by the size of the pattern: a big one searches a long line in its first part only', () => {
		const line = `${'x'.repeat(300 * 1024)}needle`;
		assert.equal(compilePattern({text: 'needle', isRegex: true})!.matcher!.test(line), true, 'a small pattern searches the whole line');
		assert.equal(compilePattern({text: 'needle|.{1000}z', isRegex: true})!.matcher!.test(line), false, 'a big one, its first MAX_WORK / size characters');
		assert.equal(compilePattern({text: 'needle|.{1000}z', isRegex: true})!.matcher!.test(`${'x'.repeat(1000)}needle`), true);
	});

	it('says in one line why a pattern is not one it runs', () => {
		for (const [pattern, reason] of [
			['(?=a)', /invalid or unsupported Perl syntax/],
			['(a)\\1', /invalid escape sequence/],
			['[', /missing closing \]/],
		] as const) {
			const {error} = compilePattern({text: pattern, isRegex: true})!;
			assert.match(error!, /^invalid regular expression: /);
			assert.match(error!, reason);
			assert.match(error!, /\(RE2 syntax: no lookaround or backreferences\)$/);
			assert.ok(!error!.includes('\n'));
		}
	});

	it('stops a run when its budget is spent, by an injected clock', () => {
		let now = 0;
		const budget = new TimeBudget(10, () => now);
		assert.equal(budget.isSpent, false);
		now = 10;
		assert.equal(budget.isSpent, true);
		now = 0;
		assert.equal(budget.isSpent, true, 'once spent, it stays spent');
		assert.deepEqual(regex('a').ranges('aaaa', budget), [], 'a spent budget finds nothing more');
	});

	it('the only-matching index scans in slices and goes on where it stopped', () => {
		const buffer = new LogBuffer({capacity: 100});
		buffer.append(Array.from({length: 10}, (_, index) => ({text: index % 2 === 0 ? `hit ${index}` : `miss ${index}`, stream: 'stdout' as const})));
		const index = new MatchIndex();
		const matcher = regex('hit');
		// A clock that moves one tick per look: each slice has room for three lines.
		let now = 0;
		const slice = () => new TimeBudget(3, () => now++);
		const seen: number[][] = [];
		for (let round = 0; round < 10 && (round === 0 || !index.isComplete); round++) seen.push([...index.update(buffer, matcher, slice())]);
		assert.ok(seen.length > 2, `scanned in ${seen.length} slices`);
		assert.equal(index.isComplete, true);
		assert.deepEqual(seen.at(-1)!.map(seq => buffer.at(seq)!.text), ['hit 0', 'hit 2', 'hit 4', 'hit 6', 'hit 8']);
		assert.ok(seen[0]!.length < 5, 'the first slice did not see every line');
		buffer.dispose();
	});

	it('the sliced scan stops a catch-up that needs more than its cap, and a finished one starts afresh', () => {
		const buffer = new LogBuffer({capacity: 100});
		const lines = (count: number, from: number) => Array.from({length: count}, (_, index) => ({text: `line ${from + index}`, stream: 'stdout' as const}));
		buffer.append(lines(10, 0));
		// A clock that moves 1 ms per look: a slice of 2 ms scans about two lines; the cap is 5 ms of scanning.
		let now = 0;
		const scan = new SlicedMatchScan({sliceMs: 2, capMs: 5, now: () => now++});
		const matcher = regex('line');
		let calls = 0;
		do {
			scan.update(buffer, matcher);
			calls++;
		} while (scan.isScanning && calls < 20);
		assert.equal(scan.isStopped, true, 'stopped by the cap');
		assert.ok(scan.remaining > 0 && scan.remaining < 10, `${scan.remaining} lines left`);
		const before = scan.remaining;
		scan.update(buffer, matcher);
		assert.equal(scan.remaining, before, 'a stopped scan scans no more');
		// A scan that catches up resets what it spent: lines that arrive later, a few slices' worth each time, are never stopped.
		const following = new LogBuffer({capacity: 100});
		const steady = new SlicedMatchScan({sliceMs: 3, capMs: 20, now: () => now++});
		for (let round = 0; round < 6; round++) {
			following.append(lines(3, round * 3));
			let slices = 0;
			do {
				steady.update(following, matcher);
				slices++;
			} while (steady.isScanning && slices < 20);
			assert.equal(steady.isStopped, false, `round ${round}: stopped by time spent on earlier catch-ups`);
			assert.ok(slices > 1, 'each catch-up took more than one slice');
		}
		assert.equal(steady.update(following, matcher).length, 18);
		following.dispose();
		buffer.dispose();
	});
});

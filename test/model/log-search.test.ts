import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {nextMatchingIndex} from '../../source/model/log-search.js';

describe('nextMatchingIndex', () => {
	const lines = ['a', 'hit', 'b', 'hit', 'c'];
	const isHit = (index: number) => lines[index] === 'hit';

	it('finds the next match after the start, going forward or back, wrapping around once', () => {
		assert.equal(nextMatchingIndex(lines.length, 0, 1, isHit), 1);
		assert.equal(nextMatchingIndex(lines.length, 1, 1, isHit), 3);
		assert.equal(nextMatchingIndex(lines.length, 3, 1, isHit), 1, 'wraps past the end');
		assert.equal(nextMatchingIndex(lines.length, 1, -1, isHit), 3, 'wraps past the start going back');
		assert.equal(nextMatchingIndex(lines.length, -1, 1, isHit), 1, 'from before the first line');
	});

	it('is undefined when nothing matches, for an empty list, or once the budget is spent', () => {
		assert.equal(nextMatchingIndex(lines.length, 0, 1, () => false), undefined);
		assert.equal(nextMatchingIndex(0, 0, 1, () => true), undefined);
		assert.equal(nextMatchingIndex(lines.length, 0, 1, isHit, {isSpent: true} as never), undefined);
	});
});

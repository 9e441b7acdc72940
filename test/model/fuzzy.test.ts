import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fuzzyMatch, rankMatches} from '../../source/model/fuzzy.js';

describe('fuzzy matching', () => {
	it('needs every character, in order', () => {
		assert.ok(fuzzyMatch('rmc', 'remove container'));
		assert.equal(fuzzyMatch('cmr', 'remove container'), undefined);
		assert.equal(fuzzyMatch('xyz', 'remove container'), undefined);
	});

	it('returns the matched positions for highlighting', () => {
		assert.deepEqual(fuzzyMatch('rc', 'remove container')!.indexes, [0, 7]);
		assert.deepEqual(fuzzyMatch('cont', 'remove container')!.indexes, [7, 8, 9, 10]);
	});

	it('ranks substrings and word starts above scattered letters', () => {
		const ranked = rankMatches('log', ['catalog-service', 'logs of the container', 'l-o-g scattered'], text => text).map(entry => entry.item);
		assert.deepEqual(ranked, ['logs of the container', 'catalog-service', 'l-o-g scattered']);
	});

	it('ranks in tiers: a whole word or word start, then a substring, then scattered letters, whatever the position', () => {
		const ranked = rankMatches('tail', ['details of the selected container', 'how many past lines to start from (tail)', 't-a-i-l'], text => text).map(entry => entry.item);
		assert.deepEqual(ranked, ['how many past lines to start from (tail)', 'details of the selected container', 't-a-i-l']);
		// Scattered letters early in a text never beat a substring late in another.
		const fat = rankMatches('fat', ['start from a time (since)', `${'x'.repeat(200)} fixture/fat`], text => text).map(entry => entry.item);
		assert.equal(fat[0], `${'x'.repeat(200)} fixture/fat`);
	});

	it('matches everything on an empty query, in the given order', () => {
		assert.deepEqual(rankMatches('', ['b', 'a'], text => text).map(entry => entry.item), ['b', 'a']);
	});

	it('ignores case and spaces in the query', () => {
		assert.ok(fuzzyMatch('Web 1', 'shop-web-1'));
	});
});

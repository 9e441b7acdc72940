import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Key} from 'ink';
import {KeyRouter} from '../../source/hooks/key-router.js';

describe('key router: keys that arrive in one chunk', () => {
	it('splits text and turns control characters into their keys (Ink 6 passes "web\\r" raw)', () => {
		const router = new KeyRouter();
		const seen: Array<[string, string, boolean]> = [];
		router.add({priority: 0, handler: {current: (name, input, _key, isPasted) => (seen.push([name, input, isPasted]), true)}, isActive: {current: true}});
		router.dispatch('ab\r', {} as Key);
		router.dispatch('\u0015x\u007F\t', {} as Key);
		assert.deepEqual(seen, [
			['a', 'a', true],
			['b', 'b', true],
			['enter', '', true],
			['ctrl+u', '', true],
			['x', 'x', true],
			['backspace', '', true],
			['tab', '', true],
		]);
	});
});

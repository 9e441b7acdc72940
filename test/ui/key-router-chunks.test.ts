import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Key} from 'ink';
import {KeyRouter} from '../../source/hooks/key-router.js';

describe('key router: keys that arrive in one chunk', () => {
	it('splits text and turns control characters into their keys (Ink 6 passes "web\\r" raw)', () => {
		const turns: Array<() => void> = [];
		const router = new KeyRouter({nextTurn: fn => turns.push(fn)});
		const seen: Array<[string, string, boolean]> = [];
		router.add({priority: 0, handler: {current: (name, input, _key, isPasted) => (seen.push([name, input, isPasted]), true)}, isActive: {current: true}});
		router.dispatch('ab\r', {} as Key);
		router.dispatch('\u0015x\u007F\t', {} as Key);
		// One key a turn: the first now, each of the others in a later turn, in order.
		assert.deepEqual(seen, [['a', 'a', true]]);
		while (turns.length > 0) turns.shift()!();
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

	it('a key after the first of a chunk reaches the layer its first key made (a pane switch committed in between)', () => {
		const turns: Array<() => void> = [];
		const router = new KeyRouter({nextTurn: fn => turns.push(fn)});
		const newPane: string[] = [];
		const oldPane: string[] = [];
		let removeOld = () => {};
		removeOld = router.add({
			priority: 0,
			handler: {
				current: name => {
					if (name !== '6') return (oldPane.push(name), true);
					// What React does once the handler returns: the old pane's layer goes, the new one's comes.
					removeOld();
					router.add({priority: 0, handler: {current: next => (newPane.push(next), true)}, isActive: {current: true}});
					return true;
				},
			},
			isActive: {current: true},
		});
		router.dispatch('6/pg', {} as Key);
		// A chunk read while keys wait goes after them.
		router.dispatch('x', {} as Key);
		while (turns.length > 0) turns.shift()!();
		assert.deepEqual(oldPane, []);
		assert.deepEqual(newPane, ['/', 'p', 'g', 'x']);
	});

	it('text into a field that holds the keyboard goes on in the same turn (a paste is one render); Enter waits for its turn', () => {
		const turns: Array<() => void> = [];
		const router = new KeyRouter({nextTurn: fn => turns.push(fn)});
		const typed: string[] = [];
		router.add({priority: 20, handler: {current: name => (typed.push(name), true)}, isActive: {current: true}, isExclusive: true});
		router.dispatch('web app\rx', {} as Key);
		assert.deepEqual(typed, ['w', 'e', 'b', 'space', 'a', 'p', 'p', 'enter']);
		while (turns.length > 0) turns.shift()!();
		assert.deepEqual(typed, ['w', 'e', 'b', 'space', 'a', 'p', 'p', 'enter', 'x']);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Key} from 'ink';
import {KeyRouter, SWITCH_HOLD_MS} from '../../source/hooks/key-router.js';

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

	/** A router whose turns and timers the test runs, and an old pane whose `1` switches to a new one React has not committed. */
	function switching() {
		const turns: Array<() => void> = [];
		const timers: Array<{fn: () => void; ms: number; isCancelled: boolean}> = [];
		const router = new KeyRouter({
			nextTurn: fn => turns.push(fn),
			schedule: (fn, ms) => {
				const timer = {fn, ms, isCancelled: false};
				timers.push(timer);
				return () => {
					timer.isCancelled = true;
				};
			},
		});
		const oldPane: string[] = [];
		const newPane: string[] = [];
		const removeOld = router.add({
			priority: 0,
			handler: {
				current: name => {
					oldPane.push(name);
					if (name === '1') router.awaitLayers();
					return true;
				},
			},
			isActive: {current: true},
		});
		/** What React's commit does, some turns later: the old pane's layer goes, the new one's comes, the app says so. */
		const commit = () => {
			removeOld();
			router.add({priority: 0, handler: {current: name => (newPane.push(name), true)}, isActive: {current: true}});
			router.layersReady();
		};
		const runTurns = (count = Infinity) => {
			for (let turn = 0; turn < count && turns.length > 0; turn++) turns.shift()!();
		};
		return {router, turns, timers, oldPane, newPane, commit, runTurns};
	}

	it('keys after a key that switches panes wait until the new pane has registered its layers, however many turns that takes', () => {
		const {router, oldPane, newPane, commit, runTurns} = switching();
		router.dispatch('1/w', {} as Key);
		// A read of its own while the switch is not committed (Ink hands a lone Esc over a turn later): it waits too.
		router.dispatch('', {escape: true} as Key);
		runTurns(10);
		assert.deepEqual(oldPane, ['1'], 'nothing reaches the pane being left');
		assert.deepEqual(newPane, []);
		commit();
		assert.deepEqual(newPane, [], 'not inside the commit: in a turn of their own');
		runTurns();
		assert.deepEqual(newPane, ['/', 'w', 'escape']);
		assert.deepEqual(oldPane, ['1']);
	});

	it('a switch that never commits holds the keys SWITCH_HOLD_MS at most, then they go on as before', () => {
		const {router, timers, oldPane, runTurns} = switching();
		router.dispatch('1ab', {} as Key);
		runTurns();
		assert.deepEqual(oldPane, ['1']);
		const bound = timers.find(timer => !timer.isCancelled);
		assert.equal(bound?.ms, SWITCH_HOLD_MS);
		bound!.fn();
		runTurns();
		assert.deepEqual(oldPane, ['1', 'a', 'b']);
		assert.equal(router.isAwaitingLayers(), false);
	});

	it('a layer that blocks every key (the too-small screen) judges a whole chunk as it is read, not one key a turn', () => {
		const turns: Array<() => void> = [];
		const router = new KeyRouter({nextTurn: fn => turns.push(fn)});
		const pane: string[] = [];
		const blocked: string[] = [];
		const isSmall = {current: true};
		router.add({priority: 0, handler: {current: name => (pane.push(name), true)}, isActive: {current: true}});
		router.add({priority: 100, handler: {current: name => (blocked.push(name), true)}, isActive: isSmall, isBlocking: true});
		router.dispatch('\t3x', {} as Key);
		// The terminal grows back before the next turn: the keys read while it was small must not reach the pane.
		isSmall.current = false;
		while (turns.length > 0) turns.shift()!();
		assert.deepEqual(blocked, ['tab', '3', 'x']);
		assert.deepEqual(pane, []);
	});

	it('keys read with a key the typing rule refused know it (their "does nothing" line stays quiet); the next read does not', async () => {
		const turns: Array<() => void> = [];
		const router = new KeyRouter({nextTurn: fn => turns.push(fn)});
		const seen: Array<[string, boolean]> = [];
		router.add({
			priority: 0,
			handler: {
				current: (name, _input, _key, _isPasted, press) => {
					seen.push([name, press.isAfterRefusal]);
					if (name === 'x') router.refuse('x refused');
					return true;
				},
			},
			isActive: {current: true},
		});
		router.dispatch('ax y', {} as Key);
		while (turns.length > 0) turns.shift()!();
		// A read of its own: a later turn of the event loop.
		await new Promise(resolve => setImmediate(resolve));
		router.dispatch('y', {} as Key);
		assert.deepEqual(seen, [
			['a', false],
			['x', false],
			['space', true],
			['y', true],
			['y', false],
		]);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ContainerStore} from '../../source/model/container-store.js';
import {summary} from '../support/containers.js';

describe('ContainerStore', () => {
	it('keeps unchanged rows as the same objects across relists, so memoized rows stay memoized', () => {
		const store = new ContainerStore();
		const a = summary({name: 'a'});
		const b = summary({name: 'b'});
		store.replaceAll([a, b]);
		const first = store.get();
		store.replaceAll([{...a}, {...b, status: 'Exited (0) 1 second ago', state: 'exited'}]);
		const second = store.get();
		assert.notEqual(first, second);
		assert.equal(second.find(c => c.name === 'a'), a);
		assert.equal(second.find(c => c.name === 'b')!.state, 'exited');
	});

	it('does not notify when a relist changes nothing', () => {
		const store = new ContainerStore();
		const a = summary();
		store.replaceAll([a]);
		let notified = 0;
		store.subscribe(() => notified++);
		store.replaceAll([{...a}]);
		assert.equal(notified, 0);
	});

	it('applies a targeted refresh: listed ones update, asked-for but unlisted ones are gone', () => {
		const store = new ContainerStore();
		const a = summary();
		const b = summary();
		store.replaceAll([a, b]);
		const c = summary();
		store.applyRefresh([a.id, c.id], [c]);
		assert.deepEqual(
			store.get().map(x => x.id).sort(),
			[b.id, c.id].sort(),
		);
	});

	it('tells loading from empty', () => {
		const store = new ContainerStore();
		assert.equal(store.isLoaded, false);
		store.replaceAll([]);
		assert.equal(store.isLoaded, true);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ContainerSummary, EngineEvent} from '../../source/model/types.js';
import {ContainerStore} from '../../source/model/container-store.js';
import {type ContainerSource, ContainerSync} from '../../source/model/container-sync.js';
import {summary} from '../support/containers.js';

/** A scripted engine: a list the test edits and an event stream the test drives. */
class ScriptedSource implements ContainerSource {
	containers: ContainerSummary[] = [];
	listCalls: Array<string[] | undefined> = [];
	emit: (event: EngineEvent) => void = () => undefined;
	close: (error?: unknown) => void = () => undefined;
	isDown = false;
	streams = 0;

	async listContainers(options: {ids?: string[]} = {}): Promise<ContainerSummary[]> {
		this.listCalls.push(options.ids);
		if (this.isDown) throw Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'});
		return options.ids ? this.containers.filter(c => options.ids!.includes(c.id)) : [...this.containers];
	}

	async streamEvents(handlers: {onEvent: (event: EngineEvent) => void; onClose: (error?: unknown) => void}): Promise<void> {
		this.streams += 1;
		if (this.isDown) {
			handlers.onClose(new Error('down'));
			return;
		}
		this.emit = handlers.onEvent;
		this.close = handlers.onClose;
	}
}

const event = (id: string, action: string): EngineEvent => ({type: 'container', action, id, timeNano: 0, attributes: {}});
const tick = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('ContainerSync', () => {
	it('lists on start and refreshes only the containers named by events, batched', async () => {
		const source = new ScriptedSource();
		const a = summary({name: 'a'});
		source.containers = [a];
		const store = new ContainerStore();
		const sync = new ContainerSync(source, store, {throttleMs: 10, relistIntervalMs: 60_000});
		await sync.start();
		assert.deepEqual(store.get().map(c => c.name), ['a']);
		assert.equal(sync.status.get().isConnected, true);

		const b = summary({name: 'b'});
		source.containers.push(b);
		source.emit(event(b.id, 'create'));
		source.emit(event(b.id, 'start'));
		source.emit(event(a.id, 'exec_start: sh'));
		await tick(40);
		assert.deepEqual(store.get().map(c => c.name).sort(), ['a', 'b']);
		assert.deepEqual(source.listCalls.at(-1), [b.id], 'one filtered list for both events, exec events ignored');

		source.containers = source.containers.filter(c => c !== a);
		source.emit(event(a.id, 'destroy'));
		assert.deepEqual(store.get().map(c => c.name), ['b'], 'destroy removes at once');
		sync.stop();
	});

	it('repairs dropped events with the periodic relist', async () => {
		const source = new ScriptedSource();
		const store = new ContainerStore();
		const sync = new ContainerSync(source, store, {throttleMs: 5, relistIntervalMs: 30});
		await sync.start();
		source.containers.push(summary({name: 'silent'})); // no event for it
		await tick(80);
		assert.deepEqual(store.get().map(c => c.name), ['silent']);
		sync.stop();
	});

	it('reports an outage, keeps the list, reconnects with backoff and relists', async () => {
		const source = new ScriptedSource();
		source.containers = [summary({name: 'kept'})];
		const store = new ContainerStore();
		let reconnects = 0;
		const sync = new ContainerSync(source, store, {
			throttleMs: 5,
			relistIntervalMs: 60_000,
			reconnectBaseMs: 20,
			reconnectMaxMs: 40,
			describeError: () => 'engine gone',
			onReconnect: () => reconnects++,
		});
		await sync.start();
		source.isDown = true;
		source.close(new Error('socket hang up'));
		assert.equal(sync.status.get().isConnected, false);
		assert.equal(sync.status.get().problem, 'engine gone');
		assert.ok(sync.status.get().retryAt! > Date.now() - 1);
		await tick(150);
		assert.deepEqual(store.get().map(c => c.name), ['kept'], 'the list is kept while the engine is away');
		assert.ok(source.streams >= 2, 'it tried again');
		source.isDown = false;
		source.containers.push(summary({name: 'new'}));
		await tick(200);
		assert.equal(sync.status.get().isConnected, true);
		assert.deepEqual(store.get().map(c => c.name).sort(), ['kept', 'new']);
		assert.ok(reconnects >= 1);
		sync.stop();
	});
});

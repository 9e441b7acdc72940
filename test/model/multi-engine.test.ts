import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ContainerSummary} from '../../source/model/types.js';
import {ContainerStore} from '../../source/model/container-store.js';
import {type ContainerSource, ContainerSync} from '../../source/model/container-sync.js';
import {downEngines, engineDownRefusal, type EngineHealth, engineNames, engineRowKey, type EngineMember, type EngineRow, isMemberDown, isNameOnOtherEngine, MultiEngineView, splitEngineFilter, unansweringNote} from '../../source/model/multi-engine.js';
import {summary} from '../support/containers.js';

function member(name: string, containers: ContainerSummary[] | Error): EngineMember<string> {
	const source: ContainerSource = {
		listContainers: async () => {
			if (containers instanceof Error) throw containers;
			return containers;
		},
		streamEvents: async handlers => {
			if (containers instanceof Error) handlers.onClose(containers);
		},
	};
	const store = new ContainerStore();
	const sync = new ContainerSync(source, store, {relistIntervalMs: 600_000, reconnectBaseMs: 60_000, describeError: error => `${name}: ${(error as Error).message}`});
	return {name, engine: name, store, sync};
}

describe('MultiEngineView', () => {
	it('merges engines into rows that carry their engine, keyed by engine and ID, even when IDs collide', async () => {
		const shared = summary({name: 'web'});
		const view = new MultiEngineView([member('a', [shared]), member('b', [{...shared, name: 'web-copy'}])]);
		await view.start();
		try {
			const rows = view.get();
			assert.deepEqual(rows.map(row => [row.engine, row.name]), [['a', 'web'], ['b', 'web-copy']]);
			assert.deepEqual(rows.map(row => row.key), [engineRowKey('a', shared.id), engineRowKey('b', shared.id)]);
			assert.equal(view.memberOf('b')?.engine, 'b');
		} finally {
			view.stop();
		}
	});

	it('one failing engine is marked failed while the others list', async () => {
		const view = new MultiEngineView([member('up', [summary({name: 'alive'})]), member('down', new Error('connection refused'))]);
		await view.start();
		try {
			assert.deepEqual(view.get().map(row => row.name), ['alive']);
			const [up, down] = view.health.get();
			assert.equal(up?.status.isConnected, true);
			assert.equal(up?.isLoaded, true);
			assert.equal(down?.isLoaded, false);
			assert.equal(down?.status.isConnected, false);
			assert.equal(down?.status.problem, 'down: connection refused');
		} finally {
			view.stop();
		}
	});

	it('marks a listed engine’s rows as last seen while it does not answer, and live again when it does (issue 14)', async () => {
		const a = member('a', [summary({name: 'here'})]);
		const b = member('b', [summary({name: 'there'})]);
		const view = new MultiEngineView([a, b]);
		await view.start();
		try {
			// A positive control: listed and connected, nothing is down.
			assert.equal(view.get().some(row => row.isEngineDown), false);
			assert.equal(downEngines(view.health.get()).size, 0);
			b.sync.status.set({isConnected: false, problem: 'b: no answer within 3 s'});
			assert.deepEqual(view.get().map(row => [row.name, row.isEngineDown ?? false]), [['here', false], ['there', true]]);
			assert.deepEqual([...downEngines(view.health.get())], ['b']);
			b.sync.status.set({isConnected: true});
			assert.equal(view.get().some(row => row.isEngineDown), false);
		} finally {
			view.stop();
		}
	});

	it('an engine that never listed is connecting, not down: it has no rows to mark', () => {
		assert.equal(isMemberDown({isConnected: false, problem: 'refused'}, false), false);
		assert.equal(isMemberDown({isConnected: false}, true), false);
		assert.equal(isMemberDown({isConnected: false, problem: 'refused'}, true), true);
		assert.equal(engineDownRefusal('stop', ['b']), 'stop not sent: engine b does not answer (its rows are as last seen; nothing was queued)');
		assert.equal(engineDownRefusal('stop', ['b', 'c']), 'stop not sent: engine b, c do not answer (their rows are as last seen; nothing was queued)');
	});

	it('keeps row identity for unchanged containers across updates', async () => {
		const a = member('a', [summary({name: 'one'})]);
		const view = new MultiEngineView([a]);
		await view.start();
		try {
			const before = view.get()[0];
			a.store.applyRefresh([], [summary({name: 'two'})]);
			assert.equal(view.get()[0], before);
			assert.equal(view.get().length, 2);
		} finally {
			view.stop();
		}
	});

	it('names engines by host, and by full address when two would look alike', () => {
		assert.deepEqual(engineNames(['ssh://me@prod-1', 'tcp://10.0.0.2:2376', 'unix:///var/run/docker.sock']), ['prod-1', '10.0.0.2:2376', 'local']);
		assert.deepEqual(engineNames(['unix:///tmp/engine-b/docker.sock', 'unix:///srv/podman.sock']), ['engine-b', 'podman.sock']);
		assert.deepEqual(engineNames(['ssh://a@box', 'ssh://b@box']), ['ssh://a@box', 'ssh://b@box']);
	});
});

describe('a view over running members (issue 14: engines added and dropped at run time)', () => {
	it('detach stops listening to the members and leaves them running; a new view over them lists at once', async () => {
		const a = member('a', [summary({name: 'here'})]);
		const b = member('b', [summary({name: 'there'})]);
		const first = new MultiEngineView([a]);
		await first.start();
		let published = 0;
		first.subscribe(() => published++);
		first.detach();
		const next = new MultiEngineView([a, b]);
		try {
			await b.sync.start();
			assert.deepEqual(next.get().map(row => [row.engine, row.name]), [['a', 'here'], ['b', 'there']]);
			a.store.replaceAll([...a.store.get(), summary({name: 'later'})]);
			assert.equal(published, 0, 'the detached view hears nothing');
			assert.ok(next.get().some(row => row.name === 'later'), 'the member still runs, in the new view');
		} finally {
			next.stop();
		}
	});
});

describe('the engine:NAME words of a filter (issue 14)', () => {
	const names = ['b', 'engine-b', 'prod-eu-west-1'];
	it('keeps the engine named whole, else every engine whose name holds the word, and leaves the rest of the text', () => {
		const exact = splitEngineFilter('engine:b web', names);
		assert.equal(exact.rest, 'web');
		assert.deepEqual(names.filter(exact.isEngineKept), ['b']);
		const part = splitEngineFilter('ENGINE:prod', names);
		assert.equal(part.rest, '');
		assert.deepEqual(names.filter(part.isEngineKept), ['prod-eu-west-1']);
		const two = splitEngineFilter('engine:engine-b running engine:prod', names);
		assert.equal(two.rest, 'running');
		assert.deepEqual(names.filter(two.isEngineKept), ['engine-b', 'prod-eu-west-1']);
	});
	it('keeps no engine for a name no engine has, and every engine without the word', () => {
		assert.deepEqual(names.filter(splitEngineFilter('engine:nowhere', names).isEngineKept), []);
		assert.deepEqual(names.filter(splitEngineFilter('engine:', names).isEngineKept), []);
		const none = splitEngineFilter(' web ', names);
		assert.equal(none.rest, 'web');
		assert.deepEqual(names.filter(none.isEngineKept), names);
	});
});

describe('a name on two engines (issue 14)', () => {
	const row = (engine: string, overrides: Partial<EngineRow>): EngineRow => {
		const container = summary(overrides);
		return {...container, engine, key: engineRowKey(engine, container.id)};
	};
	const rows = [row('a', {name: 'web', composeProject: 'shop'}), row('b', {name: 'web'}), row('b', {name: 'db', composeProject: 'shop'}), row('a', {name: 'cache', composeProject: 'solo'})];
	it('says when another engine has a container or a project of the same name', () => {
		assert.equal(isNameOnOtherEngine(rows, 'a', {name: 'web'}), true);
		assert.equal(isNameOnOtherEngine(rows, 'b', {project: 'shop'}), true);
	});
	it('and not when only its own engine has it', () => {
		assert.equal(isNameOnOtherEngine(rows, 'a', {name: 'cache'}), false);
		assert.equal(isNameOnOtherEngine(rows, 'b', {name: 'db'}), false);
		assert.equal(isNameOnOtherEngine(rows, 'a', {project: 'solo'}), false);
	});
});

describe('what a list pane says of engines that do not answer (issue 14)', () => {
	const health = (name: string, isConnected: boolean, isLoaded: boolean): EngineHealth => ({name, status: isConnected ? {isConnected} : {isConnected, problem: `${name}: connection refused`}, isLoaded, count: 0});
	it('rows as last seen for an engine the pane listed, "nothing loaded" for one it never did, nothing when all answer', () => {
		const all = [health('a', true, true), health('b', false, true), health('c', false, true), health('never', false, false)];
		assert.equal(unansweringNote(all, name => name === 'b'), ' · b not answering: its rows as last seen · engine c, never are down — nothing loaded from them yet');
		assert.equal(unansweringNote(all.slice(0, 2), () => false), ' · engine b is down — nothing loaded from it yet');
		assert.equal(unansweringNote([health('a', true, true), health('b', true, true)], () => false), '');
	});
});

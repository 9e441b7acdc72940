import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {BackgroundRunState, BackgroundRunView as BackgroundRun} from '../../source/model/background-run-state.js';
import {Observable} from '../../source/model/observable.js';
import type {StackDefinition, StackSource} from '../../source/model/compose.js';
import {type ComposePort, defaultProjectName, StackStore} from '../../source/model/stack-store.js';
import {summary} from '../support/containers.js';

/** A scripted compose CLI: what it was asked, and the answers it gives. */
function scriptedPort(options: {missing?: string; definitions?: Record<string, StackDefinition>} = {}) {
	const runs: Array<{args: readonly string[]; source: StackSource}> = [];
	const port: ComposePort = {
		command: ['docker', 'compose'],
		check: async () => options.missing,
		readDefinition: async source => {
			const definition = options.definitions?.[source.files[0] ?? ''];
			if (!definition) throw new Error(`its compose file ${source.files[0]} is not on this machine`);
			return definition;
		},
		run: (title, args, source) => {
			runs.push({args, source});
			const run = new Observable<BackgroundRunState>({lines: [], dropped: 0, status: 'running'});
			return Object.assign(run, {title, stop: () => run.set({...run.get(), status: 'stopped'})}) as unknown as BackgroundRun & {stop: () => void};
		},
	};
	return {port, runs};
}

const shop: StackDefinition = {project: 'shop', services: [{name: 'web', image: 'nginx', hasBuild: false, profiles: [], hasHealthcheck: false, volumes: []}], profiles: [], volumes: []};

describe('StackStore', () => {
	it('names a stack by the project its file defines, and acts with its file, project and profiles', async () => {
		const {port, runs} = scriptedPort({definitions: {'/s/compose.yaml': shop}});
		const store = new StackStore(port);
		await store.addSource({files: ['/s/compose.yaml'], origin: 'cwd'}, 's');
		assert.deepEqual([...store.get().keys()], ['shop']);
		store.setProfiles('shop', ['extra', 'extra', 'debug']);
		const started = await store.start('shop', 'up', 'web');
		assert.ok('run' in started);
		assert.deepEqual(runs[0]!.args, ['--project-name', 'shop', '--file', '/s/compose.yaml', '--profile', 'extra', '--profile', 'debug', 'up', '--detach', '--', 'web']);
		assert.equal(store.lastRun.get(), started.run);
	});

	it('refuses a second command on a stack while one runs, and reads the file again when it ends', async () => {
		const definitions = {'/s/compose.yaml': shop};
		const {port, runs} = scriptedPort({definitions});
		const store = new StackStore(port);
		await store.addSource({files: ['/s/compose.yaml'], origin: 'flag'}, 's');
		const first = await store.start('shop', 'up');
		assert.ok('run' in first);
		assert.deepEqual(await store.start('shop', 'down'), {problem: 'shop: up --detach · shop is still running (o shows its output)'});
		assert.equal(runs.length, 1);
		// The file gained a service while up ran: the stack shows it once up has ended.
		definitions['/s/compose.yaml'] = {...shop, services: [...shop.services, {name: 'cache', image: 'redis', hasBuild: false, profiles: [], hasHealthcheck: false, volumes: []}]};
		(first.run as unknown as Observable<BackgroundRunState>).set({lines: [], dropped: 0, status: 'exited', exitCode: 0});
		await new Promise(resolve => setImmediate(resolve));
		assert.deepEqual(store.get().get('shop')!.definition!.services.map(service => service.name), ['web', 'cache']);
		assert.ok('run' in (await store.start('shop', 'down')));
	});

	it('keeps a stack known from labels whose file is elsewhere: down works, up says why not', async () => {
		const {port, runs} = scriptedPort();
		const store = new StackStore(port);
		store.noteContainers([summary({composeProject: 'remote', labels: {'com.docker.compose.project.config_files': '/elsewhere/compose.yaml'}})]);
		await new Promise(resolve => setImmediate(resolve));
		assert.match(store.get().get('remote')!.problem!, /not on this machine/);
		const up = await store.start('remote', 'up');
		assert.ok('problem' in up && /up --detach needs remote's compose file: its compose file \/elsewhere\/compose.yaml is not on this machine/.test(up.problem));
		const down = await store.start('remote', 'down');
		assert.ok('run' in down);
		assert.deepEqual(runs.map(run => run.args), [['--project-name', 'remote', 'down']]);
	});

	it('starts nothing when compose is missing, and says so in its one line', async () => {
		const {port, runs} = scriptedPort({missing: 'docker compose is not installed: install it', definitions: {'/s/compose.yaml': shop}});
		const store = new StackStore(port);
		await store.addSource({files: ['/s/compose.yaml'], origin: 'flag'}, 's');
		assert.deepEqual(await store.start('shop', 'stop'), {problem: 'docker compose is not installed: install it'});
		assert.equal(runs.length, 0);
	});

	it('with several engines, names its engine in each command’s title and shows it in the last run all engines share', async () => {
		const shared = new Observable<BackgroundRun | undefined>(undefined);
		const first = new StackStore(scriptedPort({definitions: {'/s/compose.yaml': shop}}).port, {engine: 'a', lastRun: shared});
		const second = new StackStore(scriptedPort({definitions: {'/s/compose.yaml': shop}}).port, {engine: 'b', lastRun: shared});
		for (const store of [first, second]) await store.addSource({files: ['/s/compose.yaml'], origin: 'flag'}, 's');
		const started = await second.start('shop', 'down');
		assert.ok('run' in started);
		assert.equal(started.run.title, 'down · shop on b');
		assert.equal(shared.get(), started.run);
		assert.equal(first.lastRun, shared);
		// One command at a time per stack of one engine: the same project on the other engine is another stack.
		assert.ok('run' in (await first.start('shop', 'down')));
	});

	it('stops the command running on a stack, and says when none runs', async () => {
		const {port} = scriptedPort({definitions: {'/s/compose.yaml': shop}});
		const store = new StackStore(port);
		await store.addSource({files: ['/s/compose.yaml'], origin: 'flag'}, 's');
		assert.equal(store.cancel('shop'), undefined);
		const started = await store.start('shop', 'up');
		assert.ok('run' in started);
		assert.equal(store.cancel('shop'), 'up --detach · shop');
		assert.equal(started.run.get().status, 'stopped');
		assert.equal(store.cancel('shop'), undefined);
		// Stopped, the stack takes the next command.
		assert.ok('run' in (await store.start('shop', 'down')));
	});

	it('names a folder as Compose does', () => {
		assert.equal(defaultProjectName('My App.v2'), 'myappv2');
	});
});

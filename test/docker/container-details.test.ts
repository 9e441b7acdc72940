import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {containerChanges, containerSize, containerTop, inspectContainer, isGone} from '../../source/docker/container-details.js';
import {docker, makeContainer, removeContainers, testEngine, waitFor} from '../support/engine.js';

const made: string[] = [];
after(() => removeContainers(...made));

describe('container details against the real engine', () => {
	it('reads config, limits, health, mounts, env and labels as inspect reports them', async () => {
		const id = await makeContainer({
			extraArgs: [
				'-e', 'DB_PASSWORD=hunter2',
				'-e', 'PLAIN=1',
				'-m', '64m',
				'--cpus', '0.5',
				'--restart', 'on-failure:3',
				'-v', '/data',
				'--label', 'team=web\u001B[2J',
				'--health-cmd', 'echo probe-said-hello; exit 0',
				'--health-interval', '1s',
			],
		});
		made.push(id);
		const engine = testEngine();
		const details = await waitFor(async () => {
			const d = await inspectContainer(engine, id);
			return d.health?.lastProbe ? d : undefined;
		}, {timeoutMs: 15_000, what: 'a first health probe'});
		assert.equal(details.state, 'running');
		assert.equal(details.memoryLimit, 64 * 1024 * 1024);
		assert.equal(details.cpus, 0.5);
		assert.deepEqual(details.restartPolicy, {name: 'on-failure', maximumRetryCount: 3});
		assert.deepEqual(details.command, ['sleep', '3600']);
		assert.deepEqual(details.env.find(v => v.name === 'DB_PASSWORD'), {name: 'DB_PASSWORD', value: 'hunter2', isSecret: true});
		assert.equal(details.env.find(v => v.name === 'PLAIN')?.isSecret, false);
		assert.equal(details.labels['team'], 'web␛[2J');
		assert.equal(details.health?.status, 'healthy');
		assert.deepEqual(details.health?.lastProbe?.output, ['probe-said-hello']);
		const volume = await docker('inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', id);
		assert.deepEqual(details.mounts, [{type: 'volume', source: volume, destination: '/data', isReadOnly: false}]);
		assert.equal(details.networkMode, 'none');
	});

	it('lists processes with top, and added, changed and deleted files with diff, with the writable layer size', async () => {
		const id = await makeContainer({command: ['sh', '-c', 'mkdir /scratch && echo 0123456789 > /scratch/new.txt && rm /bin/true && exec sleep 3600']});
		made.push(id);
		const engine = testEngine();
		const changes = await waitFor(async () => {
			const list = await containerChanges(engine, id);
			return list.some(change => change.path === '/bin/true') ? list : undefined;
		}, {what: 'the changes to show up in diff'});
		const cli = (await docker('diff', id)).split('\n').sort();
		const letter = {added: 'A', changed: 'C', deleted: 'D'} as const;
		assert.deepEqual(changes.map(change => `${letter[change.kind]} ${change.path}`).sort(), cli);
		assert.ok(cli.includes('A /scratch/new.txt') && cli.includes('D /bin/true') && cli.includes('C /bin'), cli.join(', '));

		const top = await containerTop(engine, id);
		assert.ok(top.titles.includes('PID'));
		assert.ok(top.rows.some(row => row.at(-1) === 'sleep 3600'), JSON.stringify(top.rows));

		const size = await containerSize(engine, id);
		const cliSize = Number(await docker('inspect', '--size', '-f', '{{.SizeRw}}', id));
		assert.equal(size.writable, cliSize);
		assert.ok(size.writable >= 11, `writable ${size.writable}`);
		assert.ok(size.rootFs > size.writable);
	});

	it('reads an unchanged writable layer as no changes (the engine answers "null")', async () => {
		const id = await makeContainer();
		made.push(id);
		assert.equal(await docker('diff', id), '');
		assert.deepEqual(await containerChanges(testEngine(), id), []);
	});

	it('says a removed container is gone, not a crash', async () => {
		const id = await makeContainer();
		await docker('rm', '-f', id);
		const engine = testEngine();
		for (const read of [inspectContainer, containerTop, containerChanges, containerSize]) {
			await assert.rejects(read(engine, id), (error: unknown) => isGone(error));
		}
	});
});

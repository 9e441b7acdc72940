import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {ContainerStore} from '../../source/model/container-store.js';
import {ContainerSync} from '../../source/model/container-sync.js';
import {BUSYBOX, docker, RUN_ID, TEST_LABEL, testEngine, waitFor} from '../support/engine.js';

const BURST = Number(process.env['DOCKDASH_BURST'] ?? 1000);
const BURST_LABEL = `dockdash.burst=${RUN_ID}`;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapMb(): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed / 1e6;
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({length: width}, async () => {
			while (next < items.length) await work(items[next++]!);
		}),
	);
}

after(async () => {
	const ids = (await docker('ps', '-aq', '--filter', `label=${BURST_LABEL}`)).split('\n').filter(Boolean);
	for (let i = 0; i < ids.length; i += 200) await docker('rm', '-f', ...ids.slice(i, i + 200));
});

describe(`a burst of ${BURST} containers created and removed while dockdash is busy`, () => {
	it('ends with the list equal to docker ps -a, and memory back near where it was', async () => {
		const engine = testEngine();
		const store = new ContainerStore();
		// A slow reader: every change costs 2 ms of blocked event loop, as a busy render would.
		store.subscribe(() => {
			const until = Date.now() + 2;
			while (Date.now() < until);
		});
		const sync = new ContainerSync(engine, store, {relistIntervalMs: 3000});
		await sync.start();
		const mine = () => store.get().filter(c => c.labels['dockdash.burst'] === RUN_ID);
		const before = heapMb();
		try {
			const ids: string[] = [];
			await inParallel(
				Array.from({length: BURST}, (_, i) => i),
				12,
				async i => {
					const created = await engine.docker.createContainer({
						Image: BUSYBOX,
						Cmd: ['true'],
						name: `dd-burst-${RUN_ID}-${i}`,
						Labels: {'dockdash.test': TEST_LABEL.split('=')[1]!, 'dockdash.burst': RUN_ID},
						HostConfig: {NetworkMode: 'none'},
					});
					ids.push(created.id);
				},
			);
			await waitFor(() => mine().length === BURST, {timeoutMs: 60_000, what: () => `${BURST} in the store, have ${mine().length}`});
			const listed = (await docker('ps', '-aq', '--no-trunc', '--filter', `label=${BURST_LABEL}`)).split('\n').filter(Boolean).sort();
			assert.deepEqual(mine().map(c => c.id).sort(), listed);

			await inParallel(ids, 12, id => engine.docker.getContainer(id).remove({force: true}));
			await waitFor(() => mine().length === 0, {timeoutMs: 60_000, what: () => `an empty burst in the store, have ${mine().length}`});
			assert.equal(await docker('ps', '-aq', '--filter', `label=${BURST_LABEL}`), '');
		} finally {
			sync.stop();
		}
		const afterMb = heapMb();
		assert.ok(afterMb < before + 15, `heap grew from ${before.toFixed(1)} MB to ${afterMb.toFixed(1)} MB`);
	});
});

/**
 * Disk usage while containers come and go: the containerd image store (Docker 28) fails a df that races a
 * removal (source/docker/system-df.ts); the Images and Cleanup panes must still get their answer.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {gatherInventory} from '../../source/docker/cleanup.js';
import {imageDiskUsage} from '../../source/docker/images.js';
import {BUSYBOX, docker, makeContainer, removeContainers, testEngine} from '../support/engine.js';

const made = new Set<string>();
after(async () => {
	await removeContainers(...made);
});

/** Runs and removes short-lived containers until stopped, as a busy host does. */
function churn(): {rounds: () => number; stop: () => Promise<void>} {
	let isStopped = false;
	let rounds = 0;
	const loop = (async () => {
		while (!isStopped) {
			const id = await makeContainer({command: ['true']});
			made.add(id);
			await removeContainers(id);
			made.delete(id);
			rounds++;
		}
	})();
	return {
		rounds: () => rounds,
		stop: async () => {
			isStopped = true;
			await loop;
		},
	};
}

describe('disk usage while containers are run and removed', () => {
	it('every df answers, with the images the engine has', async () => {
		const busyboxId = await docker('image', 'inspect', '--format', '{{.Id}}', BUSYBOX);
		const engine = testEngine();
		// Two hosts' worth of churn, and df asked all the while (without the retry, about 1 in 15 asks failed on
		// Docker 28 with the containerd store; never on overlay2).
		const busy = [churn(), churn()];
		const failures: string[] = [];
		let calls = 0;
		try {
			while (busy.reduce((sum, loop) => sum + loop.rounds(), 0) < 16) {
				calls++;
				try {
					const usage = await (calls % 4 === 0 ? gatherInventory(engine).then(inventory => new Map(inventory.images.map(image => [image.id, image]))) : imageDiskUsage(engine));
					assert.ok(usage.has(busyboxId), `df lists ${BUSYBOX}`);
				} catch (error) {
					failures.push(String(error));
				}
			}
		} finally {
			await Promise.all(busy.map(loop => loop.stop()));
		}
		assert.ok(calls >= 16, `df was asked ${calls} times meanwhile`);
		assert.deepEqual(failures, []);
	});
});

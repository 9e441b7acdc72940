/**
 * dockdash's adapter against Podman's Docker-compatible API (Debian's podman,
 * `podman system service` on a unix socket): containers, logs, stats, exec, images.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {createEngine, type Engine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {detectShell} from '../../source/docker/exec.js';
import {listImages} from '../../source/docker/images.js';
import {followLogs} from '../../source/docker/logs.js';
import {parseEngineStats} from '../../source/docker/stats.js';
import {BUSYBOX, TEST_LABEL, waitFor} from '../support/engine.js';
import {startCli} from '../support/pty.js';
import {PODMAN_RUN_FLAGS, startTestPodman, type TestPodman} from '../support/podman.js';

let podman: TestPodman | undefined;
let engine: Engine;
let id = '';

before(async () => {
	podman = await startTestPodman();
	engine = createEngine(parseHost(podman.host, 'test'));
	id = await podman.docker('run', '-d', '--name', 'dd-podman', '--network', 'none', '--label', TEST_LABEL, ...PODMAN_RUN_FLAGS, BUSYBOX, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done');
});

after(async () => {
	await podman?.stop();
});

describe('the adapter against Podman', () => {
	it('reads the version and lists the running container as docker ps does', async () => {
		const version = await engine.version();
		assert.match(version.apiVersion, /^1\.\d+$/);
		const [found] = await engine.listContainers({ids: [id]});
		assert.equal(found?.name, 'dd-podman');
		assert.equal(found?.state, 'running');
		assert.match(found?.image ?? '', /dockdash-test\/busybox:latest$/);
		assert.equal(found?.labels['dockdash.test'], TEST_LABEL.split('=')[1]);
	});

	it('follows the container’s logs', async () => {
		const lines: string[] = [];
		const notices: string[] = [];
		const controller = new AbortController();
		const done = followLogs(engine, {id}, {onLines: batch => lines.push(...batch.map(line => line.text)), onNotice: notice => notices.push(JSON.stringify(notice))}, {signal: controller.signal, tail: 5});
		try {
			await waitFor(() => lines.filter(line => line === 'tick').length >= 3, {timeoutMs: 15_000, what: () => `three ticks, got ${JSON.stringify(lines.slice(-5))}; notices ${notices.join(' ')}`});
		} finally {
			controller.abort();
			await done;
		}
	});

	it('reads one stats sample', async () => {
		const raw = await engine.docker.getContainer(id).stats({stream: false});
		const sample = parseEngineStats(raw as never);
		assert.ok(sample, 'a sample');
		assert.ok(sample.memoryUsed > 0, `memory used ${sample.memoryUsed}`);
		assert.ok(sample.cpuTotalNs > 0);
	});

	it('finds a shell for exec', async () => {
		assert.deepEqual(await detectShell(engine, id, [['bash'], ['sh']]), ['sh']);
	});

	it('lists the images', async () => {
		const images = await listImages(engine);
		assert.ok(images.some(image => image.repoTags.some(tag => tag.endsWith('dockdash-test/busybox:latest'))), JSON.stringify(images.map(image => image.repoTags)));
	});

	it('the dashboard shows the Podman container in a real terminal, live', async () => {
		const session = startCli(['-H', podman!.host], {columns: 160, rows: 30});
		try {
			await session.waitForText('● connected', 20_000);
			await session.waitForText(/dd-podman\s+▸ running/);
			await podman!.docker('stop', '-t', '0', 'dd-podman');
			// Podman's event stream carries the stop, as the engine's does.
			await session.waitForText(/dd-podman\s+■ exited/, 15_000);
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			session.stop();
		}
	});
});

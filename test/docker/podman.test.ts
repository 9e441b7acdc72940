/**
 * dockdash's adapter against Podman's Docker-compatible API (Debian's podman,
 * `podman system service` on a unix socket): containers, logs, stats, exec, images,
 * layers; and what Podman lacks (Swarm, the build cache) read as unsupported, not as errors.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {gatherInventory} from '../../source/docker/cleanup.js';
import {createEngine, type Engine} from '../../source/docker/engine.js';
import {isUnsupportedAnswer} from '../../source/docker/errors.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {detectShell} from '../../source/docker/exec.js';
import {imageDiskUsage, listImages} from '../../source/docker/images.js';
import {followLogs} from '../../source/docker/logs.js';
import {parseEngineStats} from '../../source/docker/stats.js';
import {listServices, swarmStatus} from '../../source/docker/swarm.js';
import {computePrunePlan, DEFAULT_PROTECT_LABEL} from '../../source/model/prune-plan.js';
import {formatBytes} from '../../source/ui/format/units.js';
import {PANES} from '../../source/ui/panes/registry.js';
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

/** `dockdash ARGS` against the Podman service: its exit code and output. */
function runDockdash(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, ['dist/cli.js', ...args, '-H', podman!.host], {maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

after(async () => {
	await podman?.stop();
});

describe('the adapter against Podman', () => {
	it('reads the version and lists the running container as docker ps does', async () => {
		const version = await engine.version();
		assert.match(version.apiVersion, /^1\.\d+$/);
		assert.equal(version.product, 'Podman');
		assert.equal(await engine.product(), 'Podman');
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

	it('reads the layers of an image Podman built itself, with the waste of a file added then deleted', async () => {
		// Built by buildah inside Podman (the compat API has no build without a registry-free base): Podman's own
		// export layout and history, not a copy of the engine's.
		const context = path.join(podman!.dir, 'context');
		mkdirSync(context);
		writeFileSync(path.join(context, 'Containerfile'), `FROM ${BUSYBOX}\nRUN dd if=/dev/zero of=/big bs=1k count=200\nRUN rm /big && echo hi > /hello\n`);
		await podman!.podman('build', ...PODMAN_RUN_FLAGS, '--network', 'none', '--label', TEST_LABEL, '-t', 'dd-podman/layers:1', context);
		const {code, stdout, stderr} = await runDockdash('layers', 'dd-podman/layers:1');
		assert.equal(code, 0, stderr);
		assert.match(stdout, /^localhost\/dd-podman\/layers:1\s+[0-9a-f]{12}\s+linux\/amd64/);
		assert.match(stdout, /\n\s+2\s+205kB\s+\d+\s+205kB\s+RUN dd if=\/dev\/zero of=\/big bs=1k count=200\n/);
		assert.match(stdout, /\n\s+3\s+\S+\s+1\s+0B\s+RUN rm \/big && echo hi > \/hello\n/);
		assert.match(stdout, /Efficiency: 9\d\.\d%\s+wasted 205kB \(204800 B\)/);
		assert.match(stdout, /205kB\s+\/big\s+\(layer 2 → deleted by layer 3\)/);
		// The fixture, built by buildah from test/support/busybox.Dockerfile, keeps its exec-form step in the history.
		const copied = await runDockdash('layers', BUSYBOX);
		assert.equal(copied.code, 0, copied.stderr);
		assert.match(copied.stdout, /RUN \["\/bin\/busybox", "--install", "-s", "\/bin"\]/);
		assert.match(copied.stdout, /Efficiency: 100\.0%/);
	});

	it('Swarm reads as not supported, not as an error: Podman has no /services', async () => {
		assert.deepEqual(await swarmStatus(engine), {role: 'none', unsupported: 'Swarm: not supported by this engine (Podman)'});
		// What an engine without Swarm answers (a bare 404), read as unsupported.
		const error = await listServices(engine).then(
			() => assert.fail('Podman listed services'),
			(caught: unknown) => caught,
		);
		assert.ok(isUnsupportedAnswer(error), String(error));
	});

	it('Cleanup: disk usage with Podman’s own tags, IDs, labels and mounts, the build cache unsupported', async () => {
		// Podman's df drops labels and mounts: a protected container and its protected volume must still be seen as such.
		await podman!.docker('volume', 'create', '--label', 'dockdash.protect=true', '--label', TEST_LABEL, 'dd-podman-keep');
		await podman!.docker('run', '--name', 'dd-podman-kept', '--label', 'dockdash.protect=true', '--label', TEST_LABEL, '-v', 'dd-podman-keep:/data', '--network', 'none', ...PODMAN_RUN_FLAGS, BUSYBOX, 'true');
		await podman!.docker('run', '--name', 'dd-podman-gone', '--label', TEST_LABEL, '--network', 'none', ...PODMAN_RUN_FLAGS, BUSYBOX, 'true');
		const inventory = await gatherInventory(engine);
		assert.deepEqual(inventory.unsupported, {buildCache: 'Build cache: not supported by this engine (Podman)'});
		assert.deepEqual(inventory.buildCache, []);
		const busybox = inventory.images.find(image => image.tags.includes(`localhost/${BUSYBOX}`));
		assert.ok(busybox, JSON.stringify(inventory.images.map(image => image.tags)));
		assert.match(busybox.id, /^sha256:[0-9a-f]{64}$/);
		// The running container's image is its image in one ID form, so "all unused images" leaves it alone.
		assert.equal(inventory.containers.find(container => container.id === id)?.imageId, busybox.id);
		const kept = inventory.containers.find(container => container.name === 'dd-podman-kept');
		assert.deepEqual([kept?.labels['dockdash.protect'], kept?.volumes], ['true', ['dd-podman-keep']]);
		const volume = inventory.volumes.find(candidate => candidate.name === 'dd-podman-keep');
		assert.deepEqual([volume?.driver, volume?.labels['dockdash.protect'], volume?.size], ['local', 'true', 0]);
		assert.match(volume?.mountpoint ?? '', /dd-podman-keep\/_data$/);
		const plan = computePrunePlan(inventory, {kinds: new Set(['images', 'containers', 'volumes']), volumeScope: 'all', labels: [], protect: DEFAULT_PROTECT_LABEL});
		const removed = plan.remove.map(item => item.name);
		assert.ok(!plan.remove.some(item => item.id === busybox.id), JSON.stringify(removed));
		assert.ok(removed.includes('dd-podman-gone'), JSON.stringify(removed));
		assert.ok(!removed.includes('dd-podman-kept') && !removed.includes('dd-podman-keep'), JSON.stringify(removed));
		// The command line says the same, and that the build cache it was asked for is not there.
		const dryRun = await runDockdash('prune', '--all', '--named-volumes', '--dry-run', '--show-kept');
		assert.equal(dryRun.code, 0, dryRun.stderr);
		assert.equal(dryRun.stderr, 'Build cache: not supported by this engine (Podman)\n');
		assert.match(dryRun.stdout, /\ncontainer\s+dd-podman-gone\s+[0-9a-f]{12}\s/);
		assert.match(dryRun.stdout, /\ncontainer\s+dd-podman-kept\s+[0-9a-f]{12}\s+protected \(dockdash\.protect=true\)/);
		assert.match(dryRun.stdout, /\nvolume\s+dd-podman-keep\s+(protected|used by dd-podman-kept)/);
		// Podman's df SharedSize is the whole size: the Images pane shows no shared/unique figures rather than wrong ones.
		assert.deepEqual((await imageDiskUsage(engine)).get(busybox.id), {sharedSize: null, uniqueSize: null});
	});

	it('Cleanup reports the bytes an image removal freed, marked as the preview\'s estimate, never 0B (issue 21)', async () => {
		const context = path.join(podman!.dir, 'prune-context');
		mkdirSync(context);
		writeFileSync(path.join(context, 'Containerfile'), `FROM ${BUSYBOX}\nRUN dd if=/dev/urandom of=/blob bs=1k count=2000\n`);
		await podman!.podman('build', ...PODMAN_RUN_FLAGS, '--network', 'none', '--label', TEST_LABEL, '--label', 'dd.case=podman-prune', '-t', 'dd-podman/prune:1', context);
		const imageId = await podman!.docker('image', 'inspect', '-f', '{{.Id}}', 'dd-podman/prune:1');
		const dry = await runDockdash('prune', '--images', '--filter', 'label=dd.case=podman-prune', '--dry-run', '--json');
		assert.equal(dry.code, 0, dry.stderr);
		const planned = JSON.parse(dry.stdout).remove as Array<{name: string; size: number}>;
		assert.equal(planned.length, 1, dry.stdout);
		assert.ok(planned[0]!.size > 2_000_000, dry.stdout);
		const removed = await runDockdash('prune', '--images', '--filter', 'label=dd.case=podman-prune', '--yes');
		assert.equal(removed.code, 0, removed.stderr);
		assert.match(removed.stdout, new RegExp(`Removed 1 of 1; reclaimed ${formatBytes(planned[0]!.size).replace('.', '\\.')} \\(estimated from the preview's sizes\\)`));
		// Podman's own word: the image is gone.
		await assert.rejects(podman!.docker('image', 'inspect', imageId));
	});

	it('the dashboard shows the Podman container in a real terminal, live', async () => {
		const session = startCli(['-H', podman!.host], {columns: 160, rows: 30});
		try {
			await session.waitForText('● connected', 20_000);
			await session.waitForText(/dd-podman\s+▸ running/);
			await session.waitForText(/· Podman 4\.\d+\.\d+ \(API 1\.\d+\)/);
			session.press('5');
			await session.waitForText(/│ Images\s+│ \d+\s+│ 1\s+│/, 20_000);
			await session.waitForText('Build cache: not supported by this engine (Podman)');
			assert.doesNotMatch(session.screen(), /✗|│ Build cache/);
			session.press('1');
			for (let step = 0; step < PANES.findIndex(pane => pane.id === 'swarm'); step++) session.press('Tab');
			await session.waitForText('Swarm: not supported by this engine (Podman)');
			assert.doesNotMatch(session.screen(), /✗|not part of a swarm/);
			session.press('1');
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

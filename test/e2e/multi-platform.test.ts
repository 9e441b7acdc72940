/**
 * A multi-platform image in the containerd image store (Docker 28 with containerd-snapshotter; issue 12):
 * built for two platforms with `docker buildx --load` from COPY steps only (no emulator needed), then read
 * per platform by `dockdash layers --platform` and by the layer explorer, named by the ID `docker images`
 * shows. Only the containerd store keeps several platforms under one image: elsewhere the test is skipped.
 */
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {docker, isContainerdStore, TEST_LABEL, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

type Result = {code: number; stdout: string; stderr: string};

function layersCli(args: string[]): Promise<Result> {
	return new Promise(resolve => {
		execFile(process.execPath, ['dist/cli.js', 'layers', ...args], {maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

// Each platform copies a file of its own size, so a layer's size says which platform was read.
const BYTES = {amd64: 1100, arm64: 2300};
const sessions: TerminalSession[] = [];
let tag = '';
let dir = '';
let isMultiPlatformStore = false;

before(async () => {
	isMultiPlatformStore = await isContainerdStore();
	if (!isMultiPlatformStore) return;
	dir = mkdtempSync(path.join(tmpdir(), 'dd-multiplatform-'));
	// buildx from the Docker 28 engine's own packages, in this test's own DOCKER_CONFIG (never the machine's).
	const config = path.join(dir, 'config');
	execFileSync('bash', ['scripts/engine.sh', 'plugins', config], {stdio: ['ignore', 'ignore', 'inherit']});
	const context = path.join(dir, 'context');
	execFileSync('mkdir', ['-p', context]);
	for (const [arch, size] of Object.entries(BYTES)) writeFileSync(path.join(context, `${arch}.bin`), Buffer.alloc(size, 1));
	writeFileSync(path.join(context, 'common.txt'), 'both platforms\n');
	writeFileSync(path.join(context, 'Dockerfile'), ['FROM scratch', 'ARG TARGETARCH', 'COPY common.txt /common.txt', 'COPY ${TARGETARCH}.bin /arch.bin', ''].join('\n'));
	tag = `dockdash-test/${uniqueName('multiplatform')}:1`;
	execFileSync('docker', ['buildx', 'build', '--platform', 'linux/amd64,linux/arm64', '--label', TEST_LABEL, '--load', '-t', tag, context], {
		env: {...process.env, DOCKER_CONFIG: config},
		stdio: ['ignore', 'ignore', 'pipe'],
	});
});

after(async () => {
	for (const session of sessions) session.stop();
	if (tag) await docker('rmi', '-f', tag).catch(() => undefined);
	if (dir) rmSync(dir, {recursive: true, force: true});
});

describe('a multi-platform image (containerd image store)', () => {
	it('dockdash layers names it by the ID docker images shows, lists its platforms and reads either with --platform', async t => {
		if (!isMultiPlatformStore) return t.skip('the engine keeps one platform per image (classic store)');
		// The engine's own answers: one image, two platforms, an ID that is the index's digest.
		const shortId = (await docker('images', '--format', '{{.ID}}', tag)).replace(/^sha256:/, '');
		const inspected = JSON.parse(await docker('image', 'inspect', '--format', '{{json .Id}}', tag)) as string;
		assert.equal(inspected.replace(/^sha256:/, '').slice(0, 12), shortId);

		const plain = await layersCli([tag]);
		assert.equal(plain.code, 0, plain.stderr);
		assert.match(plain.stdout.split('\n')[0]!, new RegExp(`^${tag}  ${shortId}  linux/(amd64|arm64)  \\(oci layout\\)$`));
		assert.match(plain.stdout, /^platforms: linux\/amd64, linux\/arm64 \(--platform OS\/ARCH reads another\)$/m);

		for (const [arch, size] of Object.entries(BYTES)) {
			const result = await layersCli([tag, '--platform', `linux/${arch}`, '--json']);
			assert.equal(result.code, 0, result.stderr);
			const json = JSON.parse(result.stdout) as {image: {id: string; platform: string; platforms: string[]}; layers: Array<{bytes: number}>};
			assert.equal(json.image.platform, `linux/${arch}`);
			assert.equal(json.image.id, inspected);
			assert.deepEqual(json.image.platforms, ['linux/amd64', 'linux/arm64']);
			assert.deepEqual(json.layers.map(layer => layer.bytes), [15, size]);
		}

		const missing = await layersCli([tag, '--platform', 'linux/s390x']);
		assert.equal(missing.code, 1);
		assert.equal(missing.stderr, `dockdash: ${tag} has no image for platform linux/s390x (it has: linux/amd64, linux/arm64)\n`);
	});

	it('the layer explorer shows which platform it read and p reads the other', async t => {
		if (!isMultiPlatformStore) return t.skip('the engine keeps one platform per image (classic store)');
		const shortId = (await docker('images', '--format', '{{.ID}}', tag)).replace(/^sha256:/, '');
		const session = startCli(['--pane', 'images'], {columns: 180, rows: 40});
		sessions.push(session);
		await filterList(session, tag.split(':')[0]!);
		await session.waitForText(new RegExp(`› ${tag.replace(/[/.]/g, '\\$&')}`));
		session.press('Enter');
		// The engine's choice first (this host's platform), named in the title with the count.
		const first = await session.waitForText(/Layers of .* · linux\/(amd64|arm64) \(\d of 2 platforms, p next\) · 2 layers/, 30_000);
		assert.ok(first.includes(`(${shortId})`), `the explorer names the image by the ID docker images shows:\n${first}`);
		const firstArch = /· linux\/(amd64|arm64) \(/.exec(first)![1] as 'amd64' | 'arm64';
		const otherArch = firstArch === 'amd64' ? 'arm64' : 'amd64';
		session.press('p');
		const second = await session.waitForText(new RegExp(`· linux/${otherArch} \\(\\d of 2 platforms, p next\\) · 2 layers`), 30_000);
		// Its own COPY layer: the other platform's file size.
		session.press('G');
		await session.waitForText(new RegExp(`arch\\.bin\\s+${(BYTES[otherArch] / 1000).toFixed(1)}kB`));
		assert.ok(!second.includes(`linux/${firstArch} (`), 'the title names only the platform shown');
		session.press('p');
		await session.waitForText(new RegExp(`· linux/${firstArch} \\(\\d of 2 platforms, p next\\)`), 30_000);
		session.press('q');
		await session.waitForExit();
	});
});

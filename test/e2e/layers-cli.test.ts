import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL, docker, uniqueName} from '../support/engine.js';
import {FIXTURE, buildLayerFixture, engineSaveLayout, removeLayerFixture} from '../support/layer-fixture.js';
import {makeOciArchive} from '../support/oci-writer.js';
import {makeTar} from '../support/tar-writer.js';

type Result = {code: number; stdout: string; stderr: string};

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Result> {
	return new Promise(resolve => {
		execFile(process.execPath, ['dist/cli.js', 'layers', ...args], {env, maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

describe('dockdash layers', () => {
	let tag = '';
	let dir = '';
	before(async () => {
		tag = await buildLayerFixture();
		dir = mkdtempSync(path.join(tmpdir(), 'dd-layers-cli-'));
	});
	after(async () => {
		await removeLayerFixture(tag);
		rmSync(dir, {recursive: true, force: true});
	});

	it('prints the layer table, the efficiency and the wasted paths', async () => {
		const result = await cli([tag]);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stderr, '');
		// Named with the short ID `docker images` shows (in the containerd store not the config's digest).
		const shortId = (await docker('images', '--format', '{{.ID}}', tag)).replace(/^sha256:/, '');
		assert.match(result.stdout.split('\n')[0]!, new RegExp(`^${tag}  ${shortId}  linux/`));
		assert.match(result.stdout, /^ {4}2 {5}3\.4kB .*RUN mkdir -p \/data\/opq\/sub/m);
		assert.match(result.stdout, /^ {4}- .*ENV FIXTURE=layers \(metadata, no files\)$/m);
		assert.match(result.stdout, new RegExp(`wasted 1\\.4kB \\(${FIXTURE.wastedBytes} B\\)`));
		assert.match(result.stdout, /^ +1\.0kB {2}\/data\/over {2}\(layer 2 → overwritten by layer 3\)$/m);
		assert.match(result.stdout, /layer 2 adds 420B in 3 files.*that layer 3 deletes/);
	});

	it('prints the analysis as JSON with exact figures', async () => {
		const result = await cli([tag, '--json']);
		assert.equal(result.code, 0, result.stderr);
		const json = JSON.parse(result.stdout) as {
			image: {references: string[]; layout: string};
			layers: Array<{bytes: number; wastedBytes: number}>;
			efficiency: {wastedBytes: number; totalBytes: number; score: number; topWasted: Array<{path: string; wastedBytes: number}>};
		};
		assert.deepEqual(json.image.references, [tag]);
		assert.equal(json.image.layout, engineSaveLayout(tag));
		assert.equal(json.layers[2]!.bytes, FIXTURE.layer2Bytes);
		assert.equal(json.layers[2]!.wastedBytes, FIXTURE.wastedBytes);
		assert.equal(json.layers[3]!.bytes, FIXTURE.layer3Bytes);
		assert.equal(json.efficiency.wastedBytes, FIXTURE.wastedBytes);
		assert.equal(json.efficiency.score, 1 - FIXTURE.wastedBytes / json.efficiency.totalBytes);
		assert.deepEqual(json.efficiency.topWasted.map(item => item.path), ['/data/over', '/data/gone', '/data/opq/sub/deep', '/data/opq/old']);
	});

	it('--ci exits 2 when a threshold fails and 0 when all pass', async () => {
		const failing = await cli([tag, '--ci', '--highest-wasted-bytes', '1000']);
		assert.equal(failing.code, 2);
		assert.match(failing.stdout, /^FAIL {2}highest-wasted-bytes: 1\.4kB \(1420 B\) \(must be <= 1\.0kB \(1000 B\)\)$/m);
		const passing = await cli([tag, '--ci', '--highest-wasted-bytes', '2kB', '--lowest-efficiency', '0.5']);
		assert.equal(passing.code, 0, passing.stdout);
		assert.match(passing.stdout, /^PASS {2}lowest-efficiency/m);
		const json = await cli([tag, '--ci', '--json', '--lowest-efficiency', '99.99%']);
		assert.equal(json.code, 2);
		assert.equal((JSON.parse(json.stdout) as {ci: {isPassed: boolean}}).ci.isPassed, false);
		const percent = await cli([tag, '--ci', '--highest-wasted-percent', '100%']);
		assert.equal(percent.code, 0);
	});

	it('reads archives without an engine: docker save and OCI files', async () => {
		const noEngine = {...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock'};
		const saved = path.join(dir, 'saved.tar');
		execFileSync('docker', ['save', '-o', saved, tag]);
		const fromSave = await cli(['--archive', saved, '--json'], noEngine);
		assert.equal(fromSave.code, 0, fromSave.stderr);
		assert.equal((JSON.parse(fromSave.stdout) as {efficiency: {wastedBytes: number}}).efficiency.wastedBytes, FIXTURE.wastedBytes);
		const oci = path.join(dir, 'oci.tar');
		writeFileSync(oci, makeOciArchive([{layers: [makeTar([{name: 'a', size: 100}]), makeTar([{name: '.wh.a'}])], history: [{created_by: 'ADD a /'}, {created_by: 'RUN rm /a'}], compression: 'zstd', refName: 'oci:1'}]));
		const fromOci = await cli(['--archive', oci], noEngine);
		assert.equal(fromOci.code, 0, fromOci.stderr);
		assert.match(fromOci.stdout, /^oci:1 .*\(oci layout\)$/m);
		assert.match(fromOci.stdout, /Efficiency: 0\.0%/);
	});

	it('fails in one line with exit 1 on a bad name, a non-tar or truncated archive and a bad flag', async () => {
		const truncated = path.join(dir, 'truncated.tar');
		const whole = makeOciArchive([{layers: [makeTar([{name: 'a', size: 5000}])], history: [{created_by: 'x'}], compression: 'none'}]);
		writeFileSync(truncated, whole.subarray(0, 3000));
		const notTar = path.join(dir, 'not.tar');
		writeFileSync(notTar, 'just some text\n'.repeat(100));
		const cases: Array<[string[], RegExp]> = [
			[['dockdash-test/no-such-image:nope'], /^dockdash: no such image: dockdash-test\/no-such-image:nope\n$/],
			[['--archive', truncated], /^dockdash: truncated image archive: .*\n$/],
			[['--archive', notTar], /^dockdash: not an image archive\n$/],
			[['--archive', path.join(dir, 'missing.tar')], /^dockdash: cannot read .*missing\.tar: ENOENT\n$/],
			[[tag, '--bogus'], /^dockdash: unknown option --bogus; see "dockdash layers --help"\n$/],
			[[tag, '--lowest-efficiency', '0.5'], /^dockdash: thresholds apply only with --ci\n$/],
			[[tag, '--ci', '--highest-wasted-bytes', 'lots'], /^dockdash: --highest-wasted-bytes takes a size/],
			[[], /^dockdash: name an image/],
		];
		for (const [args, expected] of cases) {
			const result = await cli(args);
			assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stderr, expected);
			assert.equal(result.stdout, '');
		}
	});
});

describe('dockdash layers --compare', () => {
	let first = '';
	let second = '';
	before(async () => {
		first = await buildImage('compare-a', 'RUN echo one > /a.txt && mkdir /app && echo v1 > /app/main\nRUN echo keep > /kept');
		second = await buildImage('compare-b', 'RUN echo two-two > /a.txt && mkdir /app && echo v2 > /app/main && rm /bin/vi\nRUN echo new > /new');
	});
	after(async () => {
		await docker('rmi', '-f', first, second).catch(() => undefined);
	});

	it('names the layers two images share, as the engine counts them, and the files that differ', async () => {
		const result = await cli([first, '--compare', second]);
		assert.equal(result.code, 0, result.stderr);
		const layersOf = async (image: string) => JSON.parse(await docker('image', 'inspect', '-f', '{{json .RootFS.Layers}}', image)) as string[];
		const [a, b] = [await layersOf(first), await layersOf(second)];
		let shared = 0;
		while (a[shared] !== undefined && a[shared] === b[shared]) shared++;
		assert.equal(shared, (await layersOf(BUSYBOX)).length, 'the busybox base layers, nothing above them');
		assert.match(result.stdout, new RegExp(`^shared layers: ${shared} `, 'm'));
		assert.match(result.stdout, /files: 2 only in .*, 1 only in .*, 1 changed, 1 rewritten at the same size/);
		assert.match(result.stdout, /^ {2}- \/kept {2}5B$/m);
		assert.match(result.stdout, /^ {2}- \/bin\/vi {2}symlink → \/bin\/busybox$/m);
		assert.match(result.stdout, /^ {2}\+ \/new {2}4B$/m);
		assert.match(result.stdout, /^ {2}~ \/a\.txt {2}4B → 8B$/m);
		assert.match(result.stdout, /^ {2}\? \/app\/main {2}3B$/m);
	});

	it('shares every layer of the base image it was built on (the base’s top layer too)', async () => {
		const result = await cli([first, '--compare', BUSYBOX, '--json']);
		assert.equal(result.code, 0, result.stderr);
		const json = JSON.parse(result.stdout) as {sharedLayers: number; onlyInSecond: unknown[]; changed: unknown[]; rewrittenSameSize: unknown[]};
		const baseLayers = (JSON.parse(await docker('image', 'inspect', '-f', '{{json .RootFS.Layers}}', BUSYBOX)) as string[]).length;
		assert.equal(json.sharedLayers, baseLayers);
		assert.deepEqual([json.onlyInSecond, json.changed, json.rewrittenSameSize], [[], [], []]);
	});

	it('refuses --ci with --compare and a missing image, in one line', async () => {
		const ci = await cli([first, '--compare', second, '--ci']);
		assert.equal(ci.code, 1);
		assert.equal(ci.stderr, 'dockdash: --ci checks one image; leave out --compare to check it\n');
		const missing = await cli([first, '--compare', 'dockdash-test/no-such-image:nope']);
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /^dockdash: no such image: dockdash-test\/no-such-image:nope\n$/);
	});
});

async function buildImage(name: string, steps: string): Promise<string> {
	const tag = `dockdash-test/${uniqueName(name)}:latest`;
	const dir = mkdtempSync(path.join(tmpdir(), 'dd-compare-'));
	try {
		writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\n${steps}\n`);
		await docker('build', '-q', '--label', TEST_LABEL, '-t', tag, dir);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	return tag;
}

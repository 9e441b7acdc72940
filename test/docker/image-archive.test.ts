import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {ImageArchiveError, analyseArchive, readImageArchive, readImageArchiveFile, readImageFromEngine} from '../../source/docker/image-archive.js';
import {type TreeNode, findNode, imageTreeAt, layerChangesTree} from '../../source/model/layers/index.js';
import {BUSYBOX, TEST_LABEL, docker, isContainerdStore, testEngine, uniqueName} from '../support/engine.js';
import {ESCAPE_NAME, FIXTURE, NON_UTF8_NAME, buildLayerFixture, engineSaveLayout, removeLayerFixture} from '../support/layer-fixture.js';
import {type Compression, makeOciArchive} from '../support/oci-writer.js';
import {chunked, makeTar, recycled} from '../support/tar-writer.js';

function statusOf(root: TreeNode, rawPath: string): string | undefined {
	const node = findNode(root, rawPath);
	return node ? `${node.status} ${node.kind} ${node.totalSize}` : undefined;
}

describe('reading an image from the engine (docker save: legacy layout before Docker 25, OCI after)', () => {
	const engine = testEngine({readOnly: true});
	let tag = '';
	before(async () => {
		tag = await buildLayerFixture();
	});
	after(async () => {
		await removeLayerFixture(tag);
	});

	it('streams the export, maps layers to history and gets every size exactly', async () => {
		const progress: string[] = [];
		const archive = await readImageFromEngine(engine, tag, {onProgress: item => progress.push(item.phase)});
		assert.equal(archive.layout, engineSaveLayout(tag));
		assert.deepEqual(archive.references, [tag]);
		// The ID `docker images` shows: in the containerd store that is not the config's digest the archive holds.
		assert.equal(archive.imageId, execFileSync('docker', ['images', '--no-trunc', '--format', '{{.ID}}', tag], {encoding: 'utf8'}).trim());
		assert.equal(archive.layers.length, 4);
		assert.equal(progress[0], 'preparing');
		assert.equal(progress.at(-1), 'done');
		const analysis = analyseArchive(archive);
		const {firstLayer} = FIXTURE;
		assert.equal(analysis.layers[firstLayer]!.bytes, FIXTURE.layer2Bytes);
		assert.equal(analysis.layers[firstLayer + 1]!.bytes, FIXTURE.layer3Bytes);
		assert.equal(analysis.efficiency.wastedBytes, FIXTURE.wastedBytes);
		assert.match(analysis.layers[firstLayer]!.instruction, /^RUN mkdir -p \/data\/opq\/sub/);
		const env = analysis.steps.find(step => step.instruction === 'ENV FIXTURE=layers')!;
		assert.equal(env.isMetadataOnly, true);
		assert.equal(env.layerIndex, undefined);
		assert.deepEqual(
			analysis.efficiency.topWasted.map(item => [item.path, item.wastedBytes, item.occurrences[0]!.addedBy, item.occurrences[0]!.replacedBy, item.occurrences[0]!.how]),
			[
				['data/over', 1000, 2, 3, 'overwritten'],
				['data/gone', 300, 2, 3, 'deleted'],
				['data/opq/sub/deep', 70, 2, 3, 'deleted'],
				['data/opq/old', 50, 2, 3, 'deleted'],
			],
		);

		// The directory removed and recreated comes as an opaque directory from overlay2, and as a whiteout for each
		// old entry from the containerd store's differ (Docker 28): the same change, so the same trees below.
		const recreated = archive.layers[firstLayer + 1]!;
		if ((await isContainerdStore()) && recreated.opaqueDirs.length === 0) {
			assert.deepEqual(recreated.whiteouts.filter(item => item.startsWith('data/opq/')).sort(), ['data/opq/old', 'data/opq/sub']);
		} else {
			assert.deepEqual(recreated.opaqueDirs, ['data/opq']);
		}
		const final = imageTreeAt(archive.layers, firstLayer + 1);
		assert.equal(findNode(final, 'data')!.totalSize, FIXTURE.finalDataBytes);
		assert.equal(statusOf(final, 'data/over'), 'modified file 10');
		assert.equal(statusOf(final, 'data/gone'), 'removed file 0');
		assert.equal(statusOf(final, 'data/opq/new'), 'added file 20');
		assert.equal(statusOf(final, 'data/opq/old'), 'removed file 0');
		assert.equal(statusOf(final, 'data/opq/sub'), 'removed directory 0');
		assert.equal(statusOf(final, 'data/hl'), 'unchanged file 2000');
		const hardLink = findNode(final, 'data/hl2')!;
		assert.deepEqual([hardLink.kind, hardLink.linkTarget, hardLink.size], ['hardlink', 'data/hl', 0]);
		const symlink = findNode(final, 'data/sym')!;
		assert.deepEqual([symlink.kind, symlink.linkTarget], ['symlink', '/data/over']);
		const escape = findNode(final, ESCAPE_NAME)!;
		assert.equal(escape.totalSize, 5);
		assert.equal(escape.displayName, 'esc␛[31mred');
		assert.equal(findNode(final, NON_UTF8_NAME)!.displayName, 'bad⟨xFF⟩name');

		const changes = layerChangesTree(archive.layers, firstLayer + 1);
		assert.equal(changes.totalSize, FIXTURE.layer3Bytes);
		assert.equal(findNode(changes, 'data/hl'), undefined);
		assert.equal(findNode(changes, 'data/gone')!.size, 300);
		assert.equal(findNode(changes, 'data/opq/sub')!.size, 70);
	});

	it('a directory replaced by a file in the engine’s own export: its entries removed, the file a type change (issue 20)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dd-dir2file-'));
		const dir2file = `dockdash-test/${uniqueName('dir2file')}:latest`;
		try {
			writeFileSync(
				path.join(dir, 'Dockerfile'),
				`FROM ${BUSYBOX}\nRUN mkdir -p /t/dir2file/sub && head -c 3000 /dev/zero > /t/dir2file/sub/big && echo x > /t/dir2file/x\nRUN rm -rf /t/dir2file && echo > /t/dir2file\n`,
			);
			await docker('build', '-q', '--label', TEST_LABEL, '-t', dir2file, dir);
			const archive = await readImageFromEngine(engine, dir2file);
			const last = archive.layers.length - 1;
			const changes = layerChangesTree(archive.layers, last);
			assert.equal(statusOf(changes, 't/dir2file'), 'modified file 1');
			assert.equal(findNode(changes, 't/dir2file')!.replacedKind, 'directory');
			assert.equal(statusOf(changes, 't/dir2file/sub'), 'removed directory 0');
			assert.equal(statusOf(changes, 't/dir2file/sub/big'), 'removed file 0');
			assert.equal(findNode(changes, 't/dir2file/sub/big')!.size, 3000);
			assert.equal(statusOf(changes, 't/dir2file/x'), 'removed file 0');
			const summary = analyseArchive(archive).layers[last]!;
			assert.equal(summary.removed, 3, 'sub/, sub/big and x are counted as removed');
		} finally {
			rmSync(dir, {recursive: true, force: true});
			await docker('rmi', '-f', dir2file).catch(() => undefined);
		}
	});

	it('reads the same image from a docker save file', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dd-save-'));
		try {
			const file = path.join(dir, 'image.tar');
			execFileSync('docker', ['save', '-o', file, tag]);
			const archive = await readImageArchiveFile(file);
			assert.equal(analyseArchive(archive).efficiency.wastedBytes, FIXTURE.wastedBytes);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('says "no such image" for a missing image and refuses a malformed reference', async () => {
		await assert.rejects(readImageFromEngine(engine, 'dockdash-test/does-not-exist:nope'), /^ImageArchiveError: no such image: dockdash-test\/does-not-exist:nope$/);
		await assert.rejects(readImageFromEngine(engine, 'bad name?x'), /invalid image reference/);
	});

	it('cancels the export when the signal aborts', async () => {
		const controller = new AbortController();
		let phaseAtAbort = '';
		const reading = readImageFromEngine(engine, tag, {
			signal: controller.signal,
			onProgress: item => {
				if (item.phase !== 'streaming' || controller.signal.aborted) return;
				phaseAtAbort = item.phase;
				controller.abort();
			},
		});
		await assert.rejects(reading, (error: Error) => error.name === 'AbortError');
		assert.equal(phaseAtAbort, 'streaming');
		await assert.rejects(readImageFromEngine(engine, tag, {signal: AbortSignal.abort()}), (error: Error) => error.name === 'AbortError');
	});
});

describe('reading synthetic legacy archives', () => {
	it('follows a symlinked duplicate layer, reads manifest.json at the end and picks the named image', async () => {
		const layer = makeTar([{name: 'same', size: 64}]);
		const other = makeTar([{name: 'other', size: 8}]);
		const config = (createdBy: string[]) => JSON.stringify({architecture: 'arm64', os: 'linux', history: createdBy.map(item => ({created_by: item}))});
		const archive = makeTar([
			{name: 'aaa/', type: 'dir'},
			{name: 'aaa/layer.tar', content: layer},
			{name: 'aaa/json', content: '{"id":"aaa"}'},
			{name: 'bbb/', type: 'dir'},
			// Docker writes a layer it has already written as a link to the first copy.
			{name: 'bbb/layer.tar', type: 'symlink', linkName: '../aaa/layer.tar'},
			{name: 'ccc/layer.tar', content: other},
			{name: 'c1.json', content: config(['first', 'second'])},
			{name: 'c2.json', content: config(['only'])},
			{
				name: 'manifest.json',
				content: JSON.stringify([
					{Config: 'c1.json', RepoTags: ['one:1'], Layers: ['aaa/layer.tar', 'bbb/layer.tar']},
					{Config: 'c2.json', RepoTags: ['two:2'], Layers: ['ccc/layer.tar']},
				]),
			},
		]);
		const first = await readImageArchive(chunked(archive, 1000));
		assert.equal(first.layout, 'docker-save');
		assert.deepEqual(first.references, ['one:1']);
		assert.equal(first.platform, 'linux/arm64');
		assert.equal(first.imageId, 'sha256:c1');
		assert.deepEqual(analyseArchive(first).layers.map(item => [item.instruction, item.bytes, item.wastedBytes]), [
			['RUN first', 64, 64],
			['RUN second', 64, 0],
		]);
		// A legacy archive holds one platform: asked for another, it says so instead of reading the wrong one.
		await assert.rejects(readImageArchive(chunked(archive), {platform: 'linux/amd64'}), /^ImageArchiveError: the archive has no image for platform linux\/amd64 \(it has: linux\/arm64\)$/);
		assert.equal((await readImageArchive(chunked(archive), {platform: 'linux/arm64'})).platform, 'linux/arm64');
		const second = await readImageArchive(chunked(archive), {reference: 'two:2'});
		assert.deepEqual(second.references, ['two:2']);
		assert.deepEqual(second.layers.map(item => item.bytes), [8]);
		const missing = makeTar([{name: 'manifest.json', content: JSON.stringify([{Config: 'c.json', Layers: ['gone/layer.tar']}])}]);
		await assert.rejects(readImageArchive(chunked(missing)), /^ImageArchiveError: the archive is missing layer gone\/layer.tar$/);
	});
});

describe('reading OCI layout archives', () => {
	const base = makeTar([
		{name: 'etc/', type: 'dir'},
		{name: 'etc/conf', size: 400},
		{name: 'tmp/', type: 'dir'},
		{name: 'tmp/junk', size: 123},
	]);
	const top = makeTar([{name: 'etc/conf', size: 40}, {name: 'tmp/.wh.junk'}, {name: 'app/big', size: 300_000}]);
	const history = [{created_by: 'ADD rootfs.tar /'}, {created_by: 'ENV A=1', empty_layer: true}, {created_by: 'RUN edit # buildkit'}];

	for (const compression of ['gzip', 'zstd', 'zstd-stored', 'none'] as Compression[]) {
		it(`reads ${compression} layers with index.json at the end`, async () => {
			const archive = await readImageArchive(chunked(makeOciArchive([{layers: [base, top], history, compression, refName: 'example:1'}]), 65_536));
			assert.equal(archive.layout, 'oci');
			assert.deepEqual(archive.references, ['example:1']);
			assert.equal(archive.platform, 'linux/amd64');
			assert.equal(archive.layerIds.length, 2);
			const analysis = analyseArchive(archive);
			assert.deepEqual(
				analysis.layers.map(layer => [layer.instruction, layer.bytes]),
				[
					['ADD rootfs.tar /', 523],
					['RUN edit', 300_040],
				],
			);
			assert.equal(analysis.efficiency.wastedBytes, 523);
			assert.equal(analysis.steps[1]!.isMetadataOnly, true);
		});
	}

	it('reads the same from chunks whose memory is reused once the next is read, as the engine export is read (issue 16)', async () => {
		// Long names (PAX, GNU) and JSON that straddle chunks: every byte kept past a read must have been copied.
		const longName = `etc/${'deep/'.repeat(40)}conf`;
		const layer = makeTar([{name: 'etc/', type: 'dir'}, {name: longName, size: 700}, {name: `usr/${'pax/'.repeat(40)}x`, size: 10, longName: 'pax'}, {name: 'tmp/junk', size: 123}]);
		for (const compression of ['gzip', 'zstd', 'none'] as Compression[]) {
			const data = makeOciArchive([{layers: [base, layer, top], history: [...history, {created_by: 'RUN deep'}], compression, refName: 'example:2'}]);
			// bytesRead: up to the end marker, rounded to the chunk the reader stopped in.
			const withoutCount = ({bytesRead: _, ...rest}: Awaited<ReturnType<typeof readImageArchive>>) => rest;
			const expected = withoutCount(await readImageArchive(chunked(data, 65_536)));
			assert.ok(expected.layers[1]!.entries.some(entry => entry.path === longName), 'the long name is read (positive control)');
			for (const size of [511, 700, 4099, 65_536]) {
				assert.deepEqual(withoutCount(await readImageArchive(recycled(data, size))), expected, `${compression}, ${size}-byte chunks`);
			}
		}
	});

	it('a history step that is not an object keeps its place with its fields absent, not a TypeError (issue 17)', async () => {
		const hostile = [{created_by: 'ADD rootfs.tar /'}, null, 'a string', {created_by: 'RUN edit'}] as unknown as typeof history;
		const archive = await readImageArchive(chunked(makeOciArchive([{layers: [base, top], history: hostile, refName: 'example:1'}]), 65_536));
		assert.deepEqual(archive.history.map(step => step.createdBy), ['ADD rootfs.tar /', '', '', 'RUN edit']);
		// Positive control: the whole steps are read, and the layers map onto steps by position.
		assert.equal(analyseArchive(archive).layers[0]!.instruction, 'ADD rootfs.tar /');
	});

	it('picks a platform from a nested multi-platform index and lists the others', async () => {
		const data = makeOciArchive(
			[
				{layers: [base], history: [{created_by: 'amd'}], architecture: 'amd64'},
				{layers: [top], history: [{created_by: 'arm'}], architecture: 'arm64'},
			],
			{nestedIndex: true},
		);
		const first = await readImageArchive(chunked(data));
		assert.deepEqual(first.platforms, ['linux/amd64', 'linux/arm64']);
		assert.equal(first.layers[0]!.bytes, 523);
		const arm = await readImageArchive(chunked(data), {platform: 'linux/arm64'});
		assert.equal(arm.platform, 'linux/arm64');
		assert.equal(arm.layers[0]!.bytes, 300_040);
		await assert.rejects(readImageArchive(chunked(data), {platform: 'linux/s390x'}), /no image for platform linux\/s390x \(it has: linux\/amd64, linux\/arm64\)/);
	});

	it('gives one clear error for truncated, corrupt and non-image archives', async () => {
		const whole = makeOciArchive([{layers: [base, top], history, compression: 'gzip'}]);
		await assert.rejects(readImageArchive(chunked(whole.subarray(0, Math.floor(whole.length / 2)))), (error: Error) => error instanceof ImageArchiveError && /truncated/.test(error.message));
		await assert.rejects(readImageArchive(chunked(Buffer.from('hello, this is not a tar file'.repeat(40)))), /^ImageArchiveError: not an image archive$/);
		await assert.rejects(readImageArchive(chunked(Buffer.alloc(0))), /not an image archive: it is empty/);
		await assert.rejects(readImageArchive(chunked(makeTar([{name: 'readme', content: 'hi'}]))), /neither manifest.json nor index.json/);
		const zstdTruncated = makeOciArchive([{layers: [top], history, compression: 'zstd-stored'}]);
		// Cut inside the layer blob but keep a valid outer archive: the zstd frame itself ends early.
		const blob = makeOciArchive([{layers: [top], history, compression: 'zstd-stored'}]).indexOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
		assert.ok(blob > 0 && zstdTruncated.length > blob);
		await assert.rejects(readImageArchive(chunked(zstdTruncated.subarray(0, blob + 1000))), ImageArchiveError);
	});

	it('reads an archive file and reports a missing file in one line', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dd-oci-'));
		try {
			const file = path.join(dir, 'oci.tar');
			writeFileSync(file, makeOciArchive([{layers: [base, top], history}]));
			const archive = await readImageArchiveFile(file);
			assert.equal(archive.layers.length, 2);
			await assert.rejects(readImageArchiveFile(path.join(dir, 'missing.tar')), /^ImageArchiveError: cannot read .*missing\.tar: ENOENT$/);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

/** Issue 13: the commit prompt's words, references' registries, a push's progress and the transfer tracker. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseReference, registryOf} from '../../source/model/image-reference.js';
import {imageArchiveProblem, loadedFrom, parseCommitWords, temporaryName, TransferTracker} from '../../source/model/image-transfer.js';
import {TAR_END, tarHeaderBlocks, tarPadding} from '../../source/model/layers/tar-writer.js';
import {applyPullMessage, startPull} from '../../source/model/pull-progress.js';
import {transferText} from '../../source/ui/components/transfer-line.js';

describe('commit words (issue 13)', () => {
	it('reads a reference, a message, an author and the pause as docker commit does', () => {
		assert.deepEqual(parseCommitWords(['myimg']), {repository: 'myimg', tag: 'latest', message: undefined, author: undefined, pause: true});
		assert.deepEqual(parseCommitWords(['127.0.0.1:5000/team/app:v2', '-m', 'first cut', '-a', 'Ann <a@b>', '--no-pause']), {
			repository: '127.0.0.1:5000/team/app',
			tag: 'v2',
			message: 'first cut',
			author: 'Ann <a@b>',
			pause: false,
		});
		assert.equal((parseCommitWords(['app', '--pause=false']) as {pause: boolean}).pause, false);
	});

	it('refuses what docker would refuse, in one line naming the fix', () => {
		assert.match((parseCommitWords(['MyImg']) as {error: string}).error, /is not an image reference/);
		assert.match((parseCommitWords(['app:']) as {error: string}).error, /is not an image reference/);
		assert.match((parseCommitWords([]) as {error: string}).error, /name one image to make/);
		assert.match((parseCommitWords(['a', 'b']) as {error: string}).error, /name one image to make/);
		assert.match((parseCommitWords(['app', '-m']) as {error: string}).error, /-m needs a value/);
		assert.match((parseCommitWords(['app', '--squash']) as {error: string}).error, /unknown option --squash/);
		assert.match((parseCommitWords([`app@sha256:${'a'.repeat(64)}`]) as {error: string}).error, /not a digest/);
	});
});

describe('registry of a reference (issue 13)', () => {
	it('is the host with its port, localhost, or docker.io', () => {
		assert.equal(registryOf(parseReference('busybox')), 'docker.io');
		assert.equal(registryOf(parseReference('team/app:v1')), 'docker.io');
		assert.equal(registryOf(parseReference('127.0.0.1:5000/app:v1')), '127.0.0.1:5000');
		assert.equal(registryOf(parseReference('localhost/app')), 'localhost');
		assert.equal(registryOf(parseReference('ghcr.io/me/app')), 'ghcr.io');
	});
});

describe("a push's progress (issue 13)", () => {
	it('counts uploaded bytes as the whole of a layer, and a layer the registry had as done', () => {
		let state = startPull('127.0.0.1:5000/app:v1', 0, 'push');
		state = applyPullMessage(state, {id: 'aaa', status: 'Preparing'});
		state = applyPullMessage(state, {id: 'bbb', status: 'Preparing'});
		state = applyPullMessage(state, {id: 'aaa', status: 'Pushing', current: 50, total: 100});
		state = applyPullMessage(state, {id: 'bbb', status: 'Mounted from library/busybox'});
		assert.equal(state.kind, 'push');
		assert.deepEqual(
			state.layers.map(layer => [layer.id, layer.phase, layer.fraction]),
			[
				['aaa', 'uploading', 0.5],
				['bbb', 'done', 1],
			],
		);
		state = applyPullMessage(state, {id: 'aaa', status: 'Pushed'});
		assert.equal(state.overall, 1);
	});
});

describe('transfers (issue 13)', () => {
	it('reads what the engine says it loaded', () => {
		assert.equal(loadedFrom('Loaded image: busybox:latest\n'), 'busybox:latest');
		assert.equal(loadedFrom(`Loaded image ID: sha256:${'b'.repeat(64)}`), `sha256:${'b'.repeat(64)}`);
		assert.equal(loadedFrom('Loading layer 1/2'), undefined);
	});

	it('writes beside the file under a hidden name that is never the file', () => {
		const name = temporaryName('app.tar', 42, 7);
		assert.ok(name.startsWith('.'));
		assert.notEqual(name, 'app.tar');
	});

	it('publishes bytes as they come, says how it ended, and refuses a second transfer meanwhile', async () => {
		const tracker = new TransferTracker({publishMs: 0, now: () => 1000});
		let release!: () => void;
		const running = tracker.start({verb: 'save', subject: 'busybox:latest', file: '/tmp/x.tar'}, async ({onBytes}) => {
			onBytes(2048);
			await new Promise<void>(resolve => (release = resolve));
		});
		await new Promise(resolve => setTimeout(resolve, 5));
		assert.equal(tracker.get()?.bytes, 2048);
		assert.match(transferText(tracker.get()!, 10), /^⇣ saving busybox:latest → \/tmp\/x\.tar · 2\.0kB written$/);
		await assert.rejects(tracker.start({verb: 'load', subject: 'f', file: 'f'}, async () => undefined), /a save is running/);
		release();
		const final = await running;
		assert.equal(final.isDone, true);
		assert.equal(final.error, undefined);
		assert.equal(transferText(final, 10), '✔ saved busybox:latest to /tmp/x.tar · 2.0kB');
	});

	it('a cancel ends it as cancelled', async () => {
		const tracker = new TransferTracker({publishMs: 0});
		const running = tracker.start({verb: 'export', subject: 'app', file: '/tmp/app.tar'}, ({signal}) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
		tracker.cancel();
		const final = await running;
		assert.equal(final.error, 'cancelled');
		assert.equal(transferText(final, 10), '✗ export of app failed: cancelled');
	});
});

describe('what a file says before it is loaded (issue 17)', () => {
	const entry = (name: string, body: Buffer) => Buffer.concat([tarHeaderBlocks({name, type: 'file', size: body.length, mode: 0o644, mtime: 0}), body, tarPadding(body.length)]);
	const tar = (...entries: Buffer[]) => Buffer.concat([...entries, TAR_END]);
	const problem = (file: Buffer) => {
		const reads: number[] = [];
		return {
			reads,
			result: imageArchiveProblem(file.length, async (position, length) => {
				reads.push(length);
				return file.subarray(position, position + length);
			}),
		};
	};

	it('names what is wrong: empty, not a tar, cut short, no manifest.json or index.json', async () => {
		assert.equal(await problem(Buffer.alloc(0)).result, 'it is empty');
		assert.equal(await problem(Buffer.from('not a tar file\n'.repeat(100))).result, 'it is not a tar file');
		const plain = tar(entry('a.txt', Buffer.from('hello\n')));
		assert.equal(await problem(plain).result, 'no manifest.json or index.json in it');
		assert.equal(await problem(plain.subarray(0, 515)).result, 'truncated tar archive: it ends inside a file');
		assert.equal(await problem(plain.subarray(0, 1024)).result, 'truncated tar archive: the end-of-archive marker is missing');
	});

	it('passes docker and OCI archives, finding the manifest after a big layer without reading the layer', async () => {
		const layer = Buffer.alloc(4 * 1024 * 1024, 7);
		const docker = problem(tar(entry('abc/layer.tar', layer), entry('manifest.json', Buffer.from('[]'))));
		assert.equal(await docker.result, undefined);
		assert.ok(docker.reads.every(length => length <= 512), `only headers were read: ${docker.reads.join(',')}`);
		assert.equal(await problem(tar(entry('blobs/sha256/ab', layer), entry('./index.json', Buffer.from('{}')))).result, undefined);
		// gzip: the engine unpacks it and judges.
		assert.equal(await problem(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])).result, undefined);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseReference, toImageSummary, toPullMessage} from '../../source/docker/images.js';
import {ImageStore, ImageSync, nextPlatform} from '../../source/model/image-store.js';
import {applyPullMessage, overallFraction, PullTracker, startPull} from '../../source/model/pull-progress.js';
import {imageSummary, ScriptedImages, ScriptedPull} from '../support/images.js';

describe('image references', () => {
	it('splits registry, path, tag and digest as the engine does', () => {
		assert.deepEqual(parseReference('busybox'), {repository: 'busybox', tag: undefined, digest: undefined});
		assert.deepEqual(parseReference('127.0.0.1:5000/team/app:v1.2'), {repository: '127.0.0.1:5000/team/app', tag: 'v1.2', digest: undefined});
		assert.deepEqual(parseReference('localhost/app'), {repository: 'localhost/app', tag: undefined, digest: undefined});
		const digest = `sha256:${'a'.repeat(64)}`;
		assert.equal(parseReference(`app@${digest}`).digest, digest);
	});

	it('refuses what the engine would refuse, in one line, with escapes made inert', () => {
		assert.throws(() => parseReference('Busybox'), /is not an image reference/);
		assert.throws(() => parseReference('app:'), /is not an image reference/);
		assert.throws(() => parseReference('a\u001B[2Jb'), error => (error as Error).message.includes('␛[2J'));
	});
});

describe('image summaries', () => {
	it('marks a dangling image by leaving its tags empty, and sanitizes labels', () => {
		const summary = toImageSummary({
			Id: 'sha256:abc',
			ParentId: '',
			RepoTags: ['<none>:<none>'],
			RepoDigests: ['<none>@<none>'],
			Created: 1,
			Size: 10,
			VirtualSize: 10,
			SharedSize: -1,
			Labels: {evil: '\u001B]0;x\u0007'},
			Containers: -1,
		});
		assert.deepEqual(summary.repoTags, []);
		assert.deepEqual(summary.repoDigests, []);
		assert.equal(summary.labels['evil'], '␛]0;x␇');
	});

	it('turns an error message in the pull stream into a thrown line', () => {
		assert.throws(() => toPullMessage({error: 'manifest unknown', errorDetail: {message: 'manifest unknown'}}), /pull failed: manifest unknown/);
		assert.deepEqual(toPullMessage({status: 'Downloading', id: 'abc', progressDetail: {current: 5, total: 10}}), {id: 'abc', status: 'Downloading', current: 5, total: 10});
		// The containerd store's "Extracting" counts seconds (recorded from Docker 28.5): not bytes of the layer.
		assert.deepEqual(toPullMessage({status: 'Extracting', progressDetail: {current: 1, units: 's'}, progress: '1 s', id: '260ef3d993ab'}), {id: '260ef3d993ab', status: 'Extracting', current: undefined, total: undefined});
	});
});

describe('pull progress', () => {
	it('folds per-layer messages into phases and a size-weighted overall fraction', () => {
		let state = startPull('app');
		state = applyPullMessage(state, {id: 'v1', status: 'Pulling from app'});
		state = applyPullMessage(state, {id: 'a', status: 'Already exists'});
		state = applyPullMessage(state, {id: 'b', status: 'Pulling fs layer'});
		state = applyPullMessage(state, {id: 'b', status: 'Downloading', current: 300, total: 1000});
		assert.deepEqual(state.layers.map(layer => [layer.id, layer.phase]), [['a', 'done'], ['b', 'downloading']]);
		assert.equal(state.layers[1]!.fraction, 0.15);
		// "a" has no size: it weighs as much as the average known layer (1000).
		assert.equal(state.overall, (1000 * 1 + 1000 * 0.15) / 2000);
		state = applyPullMessage(state, {id: 'b', status: 'Extracting', current: 500, total: 1000});
		assert.equal(state.layers[1]!.fraction, 0.75);
		state = applyPullMessage(state, {id: 'b', status: 'Pull complete'});
		assert.equal(state.overall, 1);
		assert.equal(state.lastStatus, 'Pulling from app');
		assert.equal(overallFraction([]), 0);
	});

	it('the tracker runs one pull at a time and can cancel it', async () => {
		const puller = new ScriptedPull();
		puller.messages = [{id: 'b', status: 'Downloading', current: 1, total: 2}];
		const tracker = new PullTracker(puller.pull, {publishMs: 1});
		const running = tracker.start('app:1');
		await assert.rejects(tracker.start('app:2'), /already pulling app:1/);
		tracker.cancel();
		const final = await running;
		assert.equal(final.error, 'cancelled');
		assert.equal(tracker.isRunning, false);
		assert.deepEqual(puller.pulled, ['app:1']);
	});
});

describe('image store and sync', () => {
	it('loads on first use, refreshes on image events only, and merges df sizes without new identities for unchanged rows', async () => {
		const a = imageSummary({size: 100});
		const source = new ScriptedImages([a]);
		const sync = new ImageSync(source, new ImageStore(), {throttleMs: 1});
		sync.handleEvent({type: 'image', action: 'pull', id: 'x', timeNano: 0, attributes: {}});
		assert.equal(sync.store.get().isLoaded, false, 'nothing loads before someone looks');
		source.usage.set(a.id, {sharedSize: 40, uniqueSize: 60});
		await sync.ensureStarted();
		const first = sync.store.get().images[0]!;
		assert.equal(first.uniqueSize, 60);
		const b = imageSummary();
		source.images = [a, b];
		sync.handleEvent({type: 'container', action: 'start', id: 'x', timeNano: 0, attributes: {}});
		await new Promise(resolve => setTimeout(resolve, 20));
		assert.equal(sync.store.get().images.length, 1, 'a container start is not an image change');
		sync.handleEvent({type: 'image', action: 'tag', id: b.id, timeNano: 0, attributes: {}});
		for (let i = 0; i < 100 && sync.store.get().images.length < 2; i++) await new Promise(resolve => setTimeout(resolve, 5));
		assert.equal(sync.store.get().images.length, 2);
		assert.equal(sync.store.get().images[0], first, 'the unchanged image kept its identity');
		sync.stop();
	});
});

describe('the platforms of a multi-platform image', () => {
	it('p goes to the next platform, round to the first, and nowhere when there is one', () => {
		const both = ['linux/amd64', 'linux/arm64'];
		assert.equal(nextPlatform(both, 'linux/amd64'), 'linux/arm64');
		assert.equal(nextPlatform(both, 'linux/arm64'), 'linux/amd64');
		// Not known yet (or not in the list): the first.
		assert.equal(nextPlatform(both, undefined), 'linux/amd64');
		assert.equal(nextPlatform(['linux/amd64'], 'linux/amd64'), undefined);
		assert.equal(nextPlatform(undefined, undefined), undefined);
	});
});

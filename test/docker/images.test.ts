import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {describeEngineError, RefusedError} from '../../source/docker/errors.js';
import type {PullMessage} from '../../source/model/image-types.js';
import {ImageConflictError, imageConflictOf, imageDiskUsage, inspectImage, listImages, pullImage, removeImage, tagImage} from '../../source/docker/images.js';
import type {ConfirmRequest} from '../../source/model/confirmations.js';
import {removeWithConfirmation} from '../../source/model/image-actions.js';
import {applyPullMessage, startPull} from '../../source/model/pull-progress.js';
import {BUSYBOX, docker, isContainerdStore, removeContainers, RUN_ID, TEST_LABEL, testEngine, uniqueName} from '../support/engine.js';
import {type LocalRegistry, startRegistry} from '../support/registry.js';

const made: string[] = [];
const images = new Set<string>();
after(async () => {
	await removeContainers(...made);
	for (const ref of images) await docker('rmi', '-f', ref).catch(() => undefined);
});

/** Builds a labelled image with its own content (so its own ID); `bytes` of random data make a layer to pull. */
async function buildImage(tag: string, options: {bytes?: number; extra?: string[]} = {}): Promise<string> {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-image-'));
	try {
		writeFileSync(path.join(dir, 'blob'), randomBytes(options.bytes ?? 16));
		writeFileSync(
			path.join(dir, 'Dockerfile'),
			[`FROM ${BUSYBOX}`, 'COPY blob /blob', ...(options.extra ?? []), `LABEL dockdash.test=${RUN_ID}`, ''].join('\n'),
		);
		const id = await docker('build', '-q', '-t', tag, dir);
		images.add(tag);
		images.add(id);
		return id;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** Equal to a size as the docker CLI prints it ("1.985MB", "3.14MB", "16B": decimal units, rounded to the digits shown). */
function assertAboutBytes(bytes: number, shown: string, what: string): void {
	const match = /^(\d+)(?:\.(\d+))?(B|kB|MB|GB|TB)$/.exec(shown);
	assert.ok(match, `the CLI's ${what} "${shown}" is a size`);
	const unit = {B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12}[match[3] as 'B'];
	const expected = Number(`${match[1]}.${match[2] ?? '0'}`) * unit;
	const halfLastDigit = (0.5 * unit) / 10 ** (match[2]?.length ?? 0);
	assert.ok(Math.abs(bytes - expected) <= halfLastDigit + 0.5, `${what}: dockdash ${bytes} B, the docker CLI ${shown}`);
}

async function tagsOf(id: string): Promise<string[]> {
	const out = await docker('image', 'inspect', '--format', '{{join .RepoTags "\\n"}}', id).catch(() => '');
	return out.split('\n').filter(Boolean).sort();
}

async function exists(ref: string): Promise<boolean> {
	return docker('image', 'inspect', ref).then(
		() => true,
		() => false,
	);
}

describe('images adapter against the real engine', () => {
	const engine = testEngine();
	let repo: string;
	let id: string;
	before(async () => {
		repo = uniqueName('img');
		id = await buildImage(`${repo}:one`, {
			extra: ['ENV GREETING=hello', 'EXPOSE 8080/tcp', 'VOLUME /data', 'WORKDIR /srv', 'USER 1000', 'HEALTHCHECK --interval=5s CMD true', 'ENTRYPOINT ["/bin/sh"]', 'CMD ["-c", "sleep 1"]'],
		});
		await docker('tag', `${repo}:one`, `${repo}:two`);
	});

	it('lists what `docker images` lists, with every tag of an image, and shared + unique size from df', async () => {
		const listed = await listImages(engine);
		const mine = listed.find(image => image.id === id);
		assert.ok(mine, 'the test image is listed');
		assert.deepEqual([...mine.repoTags].sort(), [`${repo}:one`, `${repo}:two`]);
		// The same set as `docker images`, asked at the same moment: other test files build and remove images meanwhile,
		// so the two lists are taken again until no change fell between them.
		const ids = (images: readonly {id: string}[]) => [...new Set(images.map(image => image.id))].sort();
		const cliIds = async () => [...new Set((await docker('images', '--no-trunc', '--format', '{{.ID}}')).split('\n'))].sort();
		let lists: [string[], string[]] = [ids(listed), await cliIds()];
		for (let attempt = 0; attempt < 5 && JSON.stringify(lists[0]) !== JSON.stringify(lists[1]); attempt++) {
			lists = [ids(await listImages(engine)), await cliIds()];
		}
		assert.deepEqual(lists[0], lists[1]);
		// The size `docker images` shows (in the containerd store that counts the unpacked snapshot too, so it is not
		// the content size `docker image inspect` gives there).
		const cliSize = (await docker('images', '--no-trunc', '--format', '{{.ID}} {{.Size}}')).split('\n').find(line => line.startsWith(`${id} `));
		assertAboutBytes(mine.size, cliSize?.split(' ')[1] ?? '', 'size');
		const usage = (await imageDiskUsage(engine)).get(id);
		assert.ok(usage && usage.sharedSize !== null && usage.uniqueSize !== null, `df reports the image: ${JSON.stringify(usage)}`);
		assert.equal(usage.sharedSize + usage.uniqueSize, mine.size);
		// The busybox layer is shared with the fixture image.
		assert.ok(usage.sharedSize > 0, JSON.stringify(usage));
		// Whether the COPY layer counts as unique is the engine's call: Docker 28 counts the intermediate images of a
		// classic build as sharing it, 20.10 does not. What holds on every engine: the docker CLI's figures.
		// The CLI's df races other test files' removals in the containerd store just as dockdash's does (system-df.ts).
		let cliDf = '';
		for (let attempt = 0; !cliDf; attempt++) {
			cliDf = await docker('system', 'df', '-v', '--format', '{{json .Images}}').catch((error: unknown) => {
				if (attempt >= 5 || !/does not exist|not found/.test(String(error))) throw error;
				return '';
			});
		}
		const cliRows = JSON.parse(cliDf) as Array<{ID: string; SharedSize: string; UniqueSize: string}>;
		const cliRow = cliRows.find(row => row.ID === id);
		assert.ok(cliRow, `docker system df -v lists ${id}`);
		assertAboutBytes(usage.sharedSize, cliRow.SharedSize, 'shared size');
		assertAboutBytes(usage.uniqueSize, cliRow.UniqueSize, 'unique size');
	});

	it('inspects the config a container starts with', async () => {
		const details = await inspectImage(engine, id);
		assert.deepEqual(details.entrypoint, ['/bin/sh']);
		assert.deepEqual(details.cmd, ['-c', 'sleep 1']);
		assert.ok(details.env.includes('GREETING=hello'));
		assert.deepEqual(details.exposedPorts, ['8080/tcp']);
		assert.deepEqual(details.volumes, ['/data']);
		assert.equal(details.workingDir, '/srv');
		assert.equal(details.user, '1000');
		assert.deepEqual(details.healthcheck?.test, ['CMD-SHELL', 'true']);
		assert.equal(details.healthcheck?.intervalMs, 5000);
		assert.equal(details.labels['dockdash.test'], RUN_ID);
		assert.match(details.os, /linux/);
		assert.ok(details.architecture.length > 0);
	});

	it('tags an image; `docker images` has the new tag', async () => {
		assert.equal(await tagImage(engine, id, `${repo}:three`), `${repo}:three`);
		assert.deepEqual(await tagsOf(id), [`${repo}:one`, `${repo}:three`, `${repo}:two`]);
		await assert.rejects(tagImage(engine, id, 'Not A Ref'), /is not an image reference/);
	});

	it('a tag without ":tag" is reported as the full reference the engine gave it (issue 20)', async () => {
		assert.equal(await tagImage(engine, id, repo), `${repo}:latest`);
		assert.ok((await tagsOf(id)).includes(`${repo}:latest`));
		await removeImage(engine, `${repo}:latest`);
	});

	it('refuses tag, remove and pull in read-only mode, and nothing changes', async () => {
		const readOnly = testEngine({readOnly: true});
		await assert.rejects(tagImage(readOnly, id, `${repo}:ro`), RefusedError);
		await assert.rejects(removeImage(readOnly, `${repo}:one`), RefusedError);
		await assert.rejects(pullImage(readOnly, `${repo}:one`), RefusedError);
		assert.ok(!(await tagsOf(id)).includes(`${repo}:ro`));
		assert.ok(await exists(`${repo}:one`));
	});

	it('untags one tag of several: the image stays under the others', async () => {
		const result = await removeImage(engine, `${repo}:three`);
		assert.deepEqual(result.untagged, [`${repo}:three`]);
		assert.deepEqual(result.deleted, []);
		assert.deepEqual(await tagsOf(id), [`${repo}:one`, `${repo}:two`]);
	});
});

describe('removing an image in use: refused without force, forced only after the second confirmation', () => {
	const engine = testEngine();

	async function imageWithContainer() {
		const tag = `${uniqueName('inuse')}:latest`;
		const id = await buildImage(tag);
		const name = uniqueName('user');
		const user = await docker('create', '--name', name, '--label', TEST_LABEL, '--network', 'none', tag, 'true');
		made.push(user);
		return {tag, id, target: {ref: tag, imageId: id, repoTags: [tag], containers: [{id: user, name, state: 'created'}]}};
	}

	const deps = (answers: boolean[], asked: ConfirmRequest[]) => ({
		ask: async (request: ConfirmRequest) => {
			asked.push(request);
			return answers.shift() ?? false;
		},
		remove: (ref: string, force: boolean) => removeImage(engine, ref, {force}),
		conflictOf: imageConflictOf,
		describeError: (error: unknown) => describeEngineError(error),
	});

	it('the engine refuses a plain remove with a conflict that force would override', async () => {
		const {tag} = await imageWithContainer();
		const error = await removeImage(engine, tag).catch(caught => caught);
		assert.ok(error instanceof ImageConflictError, String(error));
		assert.equal(error.canForce, true);
		assert.match(error.message, /is using its referenced image/);
		assert.ok(await exists(tag), '`docker images` still has it');
	});

	it('answering no to the second question keeps the image', async () => {
		const {tag, target} = await imageWithContainer();
		const asked: ConfirmRequest[] = [];
		const outcome = await removeWithConfirmation(target, deps([true, false], asked));
		assert.equal(outcome.outcome, 'cancelled');
		assert.equal(asked.length, 2);
		assert.equal(asked[1]!.verb, 'force remove');
		assert.deepEqual(asked[1]!.targets.map(t => t.label), [target.containers[0]!.name], 'the second question names the container');
		assert.ok(await exists(tag));
	});

	it('yes twice forces: the tag is gone from `docker images`, the container still has its image', async () => {
		const {tag, id, target} = await imageWithContainer();
		const asked: ConfirmRequest[] = [];
		const outcome = await removeWithConfirmation(target, deps([true, true], asked));
		assert.equal(outcome.outcome, 'removed', outcome.message);
		assert.equal(asked.length, 2);
		assert.equal(await exists(tag), false);
		const tags = await docker('images', '--format', '{{.Repository}}:{{.Tag}}');
		assert.ok(!tags.split('\n').includes(tag));
		assert.equal(await docker('inspect', '--format', '{{.Image}}', target.containers[0]!.id), id);
	});

	it('an unused image goes after one question, with no second one', async () => {
		const tag = `${uniqueName('unused')}:latest`;
		await buildImage(tag);
		const asked: ConfirmRequest[] = [];
		const outcome = await removeWithConfirmation({ref: tag, imageId: 'x', repoTags: [tag], containers: []}, deps([true], asked));
		assert.equal(outcome.outcome, 'removed', outcome.message);
		assert.equal(asked.length, 1);
		assert.equal(await exists(tag), false);
	});
});

describe('pull from a registry on loopback', () => {
	const engine = testEngine();
	let registry: LocalRegistry;
	before(async () => {
		registry = await startRegistry();
	});
	after(async () => {
		await registry?.stop();
	});

	it('pulls through the adapter with per-layer progress; `docker images` has the image afterwards', async () => {
		const local = `${uniqueName('pull')}:v1`;
		const id = await buildImage(local, {bytes: 3_000_000});
		const remote = `${registry.host}/dockdash-test/${local}`;
		images.add(remote);
		await docker('tag', local, remote);
		await docker('push', remote);
		// Gone locally, layers and all, so the pull has to download the new layer.
		await docker('rmi', remote, local);
		assert.equal(await exists(id), false);

		const messages: PullMessage[] = [];
		await pullImage(engine, remote, {onMessage: message => messages.push(message)});
		const listed = await docker('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}');
		assert.ok(listed.split('\n').some(line => line.startsWith(`${remote} `)), listed);
		assert.equal(await docker('image', 'inspect', '--format', '{{.Id}}', remote), id);

		const state = messages.reduce(applyPullMessage, startPull(remote));
		// The classic store reports every chunk it downloads; the containerd store reports on a timer, so a pull over
		// loopback may finish before its first report (measured on Docker 28.5).
		const downloads = messages.filter(m => m.status === 'Downloading');
		const containerdStore = await isContainerdStore();
		if (!containerdStore || downloads.length > 0) assert.ok(downloads.some(m => m.total && m.total > 1_000_000), 'download progress with a total');
		assert.ok(state.layers.some(layer => layer.status === 'Pull complete'), 'the new layer completes');
		// The classic store says "Already exists" for the busybox layer; the containerd store names only what it fetches.
		if (containerdStore) assert.equal(state.layers.length, 1, JSON.stringify(state.layers));
		else assert.ok(state.layers.some(layer => layer.status === 'Already exists'), 'the busybox layer was already there');
		assert.equal(state.layers.every(layer => layer.phase === 'done'), true);
		assert.match(state.lastStatus, /Downloaded newer image/);
	});

	it('a pull of a missing tag fails with one line', async () => {
		const error = await pullImage(engine, `${registry.host}/dockdash-test/none:nope`).catch(caught => caught as Error);
		assert.ok(error instanceof Error);
		assert.match(describeEngineError(error), /not found|manifest unknown/i);
		assert.equal(describeEngineError(error).includes('\n'), false);
	});

	it('cancelling aborts the pull', async () => {
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(pullImage(engine, `${registry.host}/dockdash-test/none:nope`, {signal: controller.signal}));
	});
});

/**
 * Issue 22, "exactly what you saw, nothing that changed": the engine changes
 * between the preview and the confirmation, the way an SRE would change it,
 * and the engine's own answer afterwards says nothing that changed was removed.
 * Also (issue 12) disk usage compared with `docker system df` itself.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {execFileSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {executePlan, gatherInventory} from '../../source/docker/cleanup.js';
import {summarizeUsage} from '../../source/model/disk-usage.js';
import {computePrunePlan, DEFAULT_PROTECT_LABEL, parseLabelFilter, type PruneKind, type PruneOptions} from '../../source/model/prune-plan.js';
import {BUSYBOX, RUN_ID, TEST_LABEL, isContainerdStore, testEngine, uniqueName, waitFor} from '../support/engine.js';
import {buildImage, dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';

const scope = pruneScope();
after(() => removeScoped(scope.label));

const options = (kinds: PruneKind[], extra: Partial<PruneOptions> = {}): PruneOptions => ({
	kinds: new Set(kinds),
	volumeScope: 'all',
	labels: [parseLabelFilter(scope.filter)],
	protect: DEFAULT_PROTECT_LABEL,
	...extra,
});
const tag = (name: string) => `dd-change-${name}:${RUN_ID}-${scope.value}`;
const network = (name: string) => dockerRun('network', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName(name));

describe('cleanup against an engine that changes after the preview', {timeout: 120_000}, () => {
	it('a network a container was created on after the preview (never started) stays, and that container can start', async () => {
		const netId = network('net-unused');
		const netName = dockerRun('network', 'inspect', '-f', '{{.Name}}', netId);
		const engine = testEngine();
		const plan = computePrunePlan(await gatherInventory(engine), options(['networks']));
		assert.deepEqual(plan.remove.map(item => item.id), [netId]);
		// While the dialog is open: a container is created on it, by name, and not started.
		const late = dockerRun('create', '--name', uniqueName('late'), '--label', TEST_LABEL, '--label', scope.label, '--network', netName, BUSYBOX, 'true');
		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.removed, []);
		assert.match(result.skipped[0]!.reason, /^now used by dd-late-/);
		assert.deepEqual(existing('network', [netId]), [netId]);
		dockerRun('start', late);
		// And a preview taken now keeps it, naming that container (it has no NetworkID until it starts).
		const second = dockerRun('create', '--name', uniqueName('never'), '--label', TEST_LABEL, '--label', scope.label, '--network', netName, BUSYBOX, 'true');
		dockerRun('rm', '-f', late);
		const again = computePrunePlan(await gatherInventory(engine), options(['networks']));
		assert.deepEqual(again.remove, []);
		assert.match(again.kept.find(item => item.id === netId)!.reason, /^used by dd-never-/);
		dockerRun('rm', second);
	});

	it('an image tagged again after the preview stays with both tags, and says why', async () => {
		const id = buildImage(tag('planned'), [scope.label, 'dd.role=planned']);
		const engine = testEngine();
		const plan = computePrunePlan(await gatherInventory(engine), options(['images']));
		assert.deepEqual(plan.remove.filter(item => item.id === id).map(item => item.tags), [[tag('planned')]]);
		dockerRun('tag', tag('planned'), tag('newtag'));
		const result = await executePlan(engine, {...plan, remove: plan.remove.filter(item => item.id === id)}, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.removed, []);
		assert.equal(result.skipped[0]!.reason, `tags changed since the preview (now also ${tag('newtag')})`);
		assert.deepEqual(dockerRun('image', 'inspect', '-f', '{{json .RepoTags}}', id), JSON.stringify([tag('planned'), tag('newtag')].sort()));
	});

	it('a volume removed and made again under the same name after the preview is another volume: it stays', async () => {
		const name = uniqueName('vol-again');
		dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, name);
		const engine = testEngine();
		const plan = computePrunePlan(await gatherInventory(engine), options(['volumes']));
		assert.deepEqual(plan.remove.map(item => item.id), [name]);
		dockerRun('volume', 'rm', name);
		// CreatedAt has one-second resolution: the new one must be visibly newer.
		await waitFor(() => Math.floor(Date.now() / 1000) > (plan.remove[0]!.created ?? 0) + 1 || undefined, {what: 'a second to pass'});
		dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, name);
		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.removed, []);
		assert.equal(result.skipped[0]!.reason, 'made again under this name since the preview');
		assert.deepEqual(existing('volume', [name]), [name]);
		// Made again within the same second, with other labels: also another volume.
		const quick = uniqueName('vol-quick');
		dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, quick);
		const quickPlan = computePrunePlan(await gatherInventory(engine), options(['volumes']));
		const planned = quickPlan.remove.filter(item => item.id === quick);
		dockerRun('volume', 'rm', quick);
		dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, '--label', 'team=db', quick);
		const quickResult = await executePlan(engine, {...quickPlan, remove: planned}, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(quickResult.skipped.map(entry => entry.reason), ['made again under this name since the preview']);
		assert.deepEqual(existing('volume', [quick]), [quick]);
	});

	it('plans a parent with its only child, and the untagged parent chain, in one go, in the order the engine needs', async () => {
		const parent = buildImage(tag('parent'), [scope.label, 'dd.role=parent']);
		const child = buildImage(tag('child'), [scope.label, 'dd.role=child'], tag('parent'));
		// The untagged images between them: the child's build steps (legacy builder).
		const chain: string[] = [];
		for (let id = dockerRun('image', 'inspect', '-f', '{{.Parent}}', child); id && id !== parent; id = dockerRun('image', 'inspect', '-f', '{{.Parent}}', id)) chain.push(id);
		assert.ok(chain.length > 0, 'the child has untagged parents');
		const engine = testEngine();
		const plan = computePrunePlan(await gatherInventory(engine), options(['images']));
		const order = plan.remove.map(item => item.id);
		assert.deepEqual(order.slice(order.indexOf(child), order.indexOf(parent) + 1), [child, ...chain, parent]);
		assert.ok(!plan.kept.some(item => item.id === parent), 'the parent is not kept as "parent of another image"');
		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.failed, []);
		assert.deepEqual(result.skipped, []);
		// One run: the parent, the child and everything between them are gone, as `docker image prune -a` leaves it.
		assert.deepEqual(existing('image', [child, ...chain, parent]), []);
		const all = dockerRun('images', '-aq', '--no-trunc').split('\n');
		assert.ok(!all.some(id => [child, ...chain, parent].includes(id)));
	});

	it('an image built on a planned one after the preview keeps it (the engine would refuse): said, not a failure', async t => {
		// The containerd image store keeps no parent links between images: untagging the base removes it whatever was built on it.
		if (await isContainerdStore()) return t.skip('the containerd image store has no image parents');
		const base = buildImage(tag('base'), [scope.label, 'dd.role=base']);
		const engine = testEngine();
		const plan = computePrunePlan(await gatherInventory(engine), options(['images']));
		const only = {...plan, remove: plan.remove.filter(item => item.id === base)};
		assert.equal(only.remove.length, 1);
		buildImage(tag('built-on'), [scope.label, 'dd.role=built-on'], tag('base'));
		dockerRun('rmi', tag('base'));
		const result = await executePlan(engine, {...only, remove: [{...only.remove[0]!, tags: []}]}, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.failed, []);
		assert.match(result.skipped[0]!.reason, /^still the parent of an image that stays/);
		assert.deepEqual(existing('image', [base]), [base]);
	});
});

/** docker's own human size (go-units HumanSize: four significant digits, decimal units). */
function humanSize(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return `${Number(value.toPrecision(4))}${units[unit]}`;
}

describe('disk usage as docker system df counts it (issue 12)', {timeout: 120_000}, () => {
	it('images sharing a base: SIZE is the layers on disk once, RECLAIMABLE as the docker CLI computes it', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dd-df-'));
		try {
			// A 3 MB base under two images, each adding its own 1 MB.
			writeFileSync(path.join(dir, 'base.bin'), randomBytes(3_000_000));
			writeFileSync(path.join(dir, 'a.bin'), randomBytes(1_000_000));
			writeFileSync(path.join(dir, 'b.bin'), randomBytes(1_000_000));
			const build = (name: string, dockerfile: string) =>
				execFileSync('docker', ['build', '-q', '-t', tag(name), '-f', '-', dir], {input: dockerfile, encoding: 'utf8', env: {...process.env, DOCKER_BUILDKIT: '0'}}).trim();
			build('df-base', `FROM ${BUSYBOX}\nCOPY base.bin /base.bin\nLABEL ${TEST_LABEL.replace('=', '="')}" ${scope.label.replace('=', '="')}"\n`);
			build('df-a', `FROM ${tag('df-base')}\nCOPY a.bin /a.bin\n`);
			const b = build('df-b', `FROM ${tag('df-base')}\nCOPY b.bin /b.bin\n`);
			// One of them in use, so RECLAIMABLE is not simply everything.
			dockerRun('create', '--name', uniqueName('df-user'), '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', b, 'true');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
		const dockerDf = () => JSON.parse(dockerRun('system', 'df', '--format', '{{json .}}').split('\n')[0]!) as {Type: string; Size: string; Reclaimable: string; TotalCount: string; Active: string};
		// Other test files may change the engine meanwhile: compare only when docker said the same before and after.
		const compared = await waitFor(async () => {
			const before = dockerDf();
			// A protect label nothing carries: then dockdash's figures are docker's own.
			const row = summarizeUsage(await gatherInventory(testEngine()), new Map(), {key: 'dd.nothing', value: scope.value})[0]!;
			const afterwards = dockerDf();
			return JSON.stringify(before) === JSON.stringify(afterwards) ? {docker: before, row} : undefined;
		}, {what: 'a quiet engine', timeoutMs: 60_000});
		assert.equal(compared.docker.Type, 'Images');
		assert.equal(String(compared.row.count), compared.docker.TotalCount);
		assert.equal(String(compared.row.active), compared.docker.Active);
		assert.equal(humanSize(compared.row.size), compared.docker.Size);
		assert.equal(`${humanSize(compared.row.reclaimable)} (${Math.floor((compared.row.reclaimable * 100) / compared.row.size)}%)`, compared.docker.Reclaimable);
	});
});

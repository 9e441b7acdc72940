/** The adapter itself refuses, whatever the UI did: read-only mode and the protect label. */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {executePlan, gatherInventory} from '../../source/docker/cleanup.js';
import {RefusedError} from '../../source/docker/errors.js';
import {computePrunePlan, DEFAULT_PROTECT_LABEL, parseLabelFilter, type PrunePlan} from '../../source/model/prune-plan.js';
import {BUSYBOX, TEST_LABEL, testEngine, uniqueName} from '../support/engine.js';
import {dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';

const scope = pruneScope();
const create = (...labels: string[]) =>
	dockerRun('create', '--name', uniqueName('cleanup'), '--label', TEST_LABEL, '--label', scope.label, ...labels.flatMap(label => ['--label', label]), '--network', 'none', BUSYBOX, 'true');

async function planFor(): Promise<PrunePlan> {
	const inventory = await gatherInventory(testEngine());
	return computePrunePlan(inventory, {kinds: new Set(['containers']), volumeScope: 'anonymous', labels: [parseLabelFilter(scope.filter)], protect: DEFAULT_PROTECT_LABEL});
}

describe('cleanup adapter refusals', () => {
	after(() => removeScoped(scope.label));

	it('refuses the whole plan in read-only mode before any request', async () => {
		const id = create();
		const plan = await planFor();
		assert.deepEqual(plan.remove.map(item => item.id), [id]);
		let requests = 0;
		const engine = testEngine({readOnly: true});
		const modem = (engine.docker as unknown as {modem: {dial: (...args: unknown[]) => void}}).modem;
		const dial = modem.dial.bind(modem);
		modem.dial = (...args: unknown[]) => {
			requests += 1;
			dial(...args);
		};
		await assert.rejects(executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL}), RefusedError);
		assert.equal(requests, 0);
		assert.deepEqual(existing('container', [id]), [id]);
	});

	it('refuses a plan that names a protected object, even next to unprotected ones, before any request', async () => {
		const plain = create();
		const guarded = create('dockdash.protect=true');
		const plan = await planFor();
		// Forge what a buggy UI could send: the protected container put into the plan.
		const forged: PrunePlan = {...plan, remove: [...plan.remove, {kind: 'container', id: guarded, name: 'guarded', labels: {'dockdash.protect': 'true'}}]};
		await assert.rejects(executePlan(testEngine(), forged, {protect: DEFAULT_PROTECT_LABEL}), /protected \(dockdash\.protect=true\); nothing was removed/);
		assert.deepEqual(existing('container', [plain, guarded]), [plain, guarded]);
	});

	it('a custom protect label is enforced when the engine shows it, even if the plan says otherwise', async () => {
		const keep = create('team.keep=yes');
		const plan = await planFor();
		const item = plan.remove.find(entry => entry.id === keep)!;
		assert.ok(item);
		// The plan's copy of the labels is stale or wrong: the engine's labels decide at execution.
		const stale: PrunePlan = {...plan, remove: [{...item, labels: {}}]};
		const result = await executePlan(testEngine(), stale, {protect: {key: 'team.keep', value: 'yes'}});
		assert.equal(result.removed.length, 0);
		assert.match(result.skipped[0]!.reason, /protected \(team\.keep=yes\)/);
		assert.deepEqual(existing('container', [keep]), [keep]);
	});
});

describe('build cache removal', () => {
	type Dial = {path: string; method: string; options?: Record<string, unknown>};
	function recordingEngine(apiVersion: string, answer: object) {
		const engine = testEngine();
		const calls: Dial[] = [];
		(engine as unknown as {version: () => Promise<object>}).version = async () => ({apiVersion, version: '?', os: '', arch: ''});
		const modem = (engine.docker as unknown as {modem: {dial: (options: Dial, callback: (error: unknown, data?: unknown) => void) => void}}).modem;
		modem.dial = (options, callback) => {
			calls.push(options);
			callback(undefined, answer);
		};
		return {engine, calls};
	}
	const record = {kind: 'buildCache' as const, id: 'r2v9k3jz0q8x1m4n5b6c7d8e9', name: 'RUN make', size: 4000, labels: {}};
	const plan: PrunePlan = {remove: [record], kept: [], totalBytes: 4000, isTotalPartial: false, notes: []};

	it('asks the engine to prune that one record by ID, never the whole cache', async () => {
		const {engine, calls} = recordingEngine('1.41', {CachesDeleted: [record.id], SpaceReclaimed: 4096});
		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.equal(calls.length, 1);
		assert.equal(calls[0]!.path, '/build/prune?');
		assert.equal(calls[0]!.method, 'POST');
		assert.deepEqual(JSON.parse(String(calls[0]!.options!['filters'])), {id: [record.id]});
		assert.equal(result.reclaimedBytes, 4096);
	});

	it('an engine too old to filter is not asked at all; one that removes more is reported as a failure', async () => {
		const old = recordingEngine('1.38', {});
		const skipped = await executePlan(old.engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.equal(old.calls.length, 0);
		assert.match(skipped.skipped[0]!.reason, /only prune the whole build cache/);
		const greedy = recordingEngine('1.41', {CachesDeleted: [record.id, 'other'], SpaceReclaimed: 1});
		const failed = await executePlan(greedy.engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.match(failed.failed[0]!.reason, /also removed build cache other/);
	});
});

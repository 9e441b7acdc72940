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

/**
 * Issue 5, "Done when": a mixed state on the real engine, an exact preview, the
 * execution of exactly that list, and the engine's own word afterwards that
 * exactly those objects are gone, including containers started or stopped
 * between the preview and the confirmation.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {executePlan, gatherInventory} from '../../source/docker/cleanup.js';
import {computePrunePlan, DEFAULT_PROTECT_LABEL, parseLabelFilter, PRUNE_KINDS, type PruneOptions} from '../../source/model/prune-plan.js';
import {BUSYBOX, RUN_ID, TEST_LABEL, testEngine, uniqueName, waitFor} from '../support/engine.js';
import {buildImage, dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';

const scope = pruneScope();
const PROTECT = 'dockdash.protect=true';
const ids: Record<string, string> = {};

function run(name: string, args: string[], command: string[] = ['sleep', '3600']): string {
	return dockerRun('run', '-d', '--name', uniqueName(name), '--label', TEST_LABEL, '--label', scope.label, ...args, BUSYBOX, ...command);
}
function create(name: string, args: string[], image = BUSYBOX): string {
	return dockerRun('create', '--name', uniqueName(name), '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', ...args, image, 'sleep', '3600');
}
const state = (id: string) => dockerRun('inspect', '--format', '{{.State.Status}}', id);

describe('prune against the real engine', {timeout: 120_000}, () => {
	before(() => {
		const tag = (name: string) => `dd-prune-${name}:${RUN_ID}-${scope.value}`;
		// Volumes and networks first: containers use them.
		ids['volNamedUnused'] = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName('vol-unused'));
		ids['volAnonUnused'] = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label);
		ids['volNamedUsed'] = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName('vol-used'));
		ids['volAnonUsed'] = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label);
		ids['volProtected'] = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, '--label', PROTECT, uniqueName('vol-keep'));
		ids['netFree'] = dockerRun('network', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName('net-free'));
		ids['netUsed'] = dockerRun('network', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName('net-used'));
		ids['netProtected'] = dockerRun('network', 'create', '--label', TEST_LABEL, '--label', scope.label, '--label', PROTECT, uniqueName('net-keep'));

		ids['imgDangling'] = buildImage(tag('rebuilt'), [scope.label, 'dd.role=first']);
		ids['imgRebuilt'] = buildImage(tag('rebuilt'), [scope.label, 'dd.role=second']);
		ids['imgTagged'] = buildImage(tag('tagged'), [scope.label, 'dd.role=tagged']);
		dockerRun('tag', ids['imgTagged'], tag('tagged-alias'));
		ids['imgUsedByStopped'] = buildImage(tag('used'), [scope.label, 'dd.role=used']);
		ids['imgLate'] = buildImage(tag('late'), [scope.label, 'dd.role=late']);
		ids['imgProtected'] = buildImage(tag('protected'), [scope.label, PROTECT]);

		ids['running'] = run('running', ['--network', ids['netUsed'], '-v', `${ids['volNamedUsed']}:/data`, '-v', `${ids['volAnonUsed']}:/anon`]);
		ids['paused'] = run('paused', ['--network', 'none']);
		dockerRun('pause', ids['paused']);
		ids['stopsLater'] = run('stops-later', ['--network', 'none']);
		ids['created'] = create('created', []);
		ids['exited'] = run('exited', ['--network', 'none'], ['true']);
		ids['protected'] = create('protected', ['--label', PROTECT], ids['imgUsedByStopped']);
		ids['startsLater'] = create('starts-later', [], ids['imgLate']);
	});

	after(() => removeScoped(scope.label));

	const options = (extra: Partial<PruneOptions> = {}): PruneOptions => ({
		kinds: new Set(PRUNE_KINDS),
		volumeScope: 'all',
		labels: [parseLabelFilter(scope.filter)],
		protect: DEFAULT_PROTECT_LABEL,
		...extra,
	});

	it('previews exactly the unused objects, executes exactly that list, and spares what changed since', async () => {
		await waitFor(() => state(ids['exited']!) === 'exited', {what: 'the short container to exit'});
		const engine = testEngine();
		const inventory = await gatherInventory(engine);

		// Anonymous-only is the cautious default: named volumes stay and the plan says so.
		const cautious = computePrunePlan(inventory, options({volumeScope: 'anonymous'}));
		assert.deepEqual(cautious.remove.filter(item => item.kind === 'volume').map(item => item.id), [ids['volAnonUnused']]);

		const plan = computePrunePlan(inventory, options());
		const planned = (kind: string) => plan.remove.filter(item => item.kind === kind).map(item => item.id).sort();
		assert.deepEqual(planned('container'), [ids['created'], ids['exited'], ids['startsLater']].sort());
		assert.deepEqual(planned('image'), [ids['imgDangling'], ids['imgRebuilt'], ids['imgTagged'], ids['imgLate']].sort());
		assert.deepEqual(planned('volume'), [ids['volNamedUnused'], ids['volAnonUnused']].sort());
		assert.deepEqual(planned('network'), [ids['netFree']]);
		assert.deepEqual(planned('buildCache'), []);
		assert.ok(plan.totalBytes >= 0 && !plan.isTotalPartial, 'every size known on a local engine');
		const keptReason = (id: string) => plan.kept.find(item => item.id === id)?.reason ?? '';
		assert.equal(keptReason(ids['running']!), 'running');
		assert.equal(keptReason(ids['paused']!), 'paused');
		assert.match(keptReason(ids['protected']!), /protected/);
		assert.match(keptReason(ids['imgUsedByStopped']!), /used by dd-protected/);
		assert.match(keptReason(ids['imgProtected']!), /protected/);
		assert.match(keptReason(ids['volNamedUsed']!), /used by dd-running/);
		assert.match(keptReason(ids['netUsed']!), /used by dd-running/);
		// Scoped: nothing outside this test's label can be in the plan, whatever else the engine holds.
		// An untagged parent goes with its children whatever its labels, as in docker; everything else is in scope.
		for (const item of plan.remove) if (!item.note?.startsWith('untagged parent of')) assert.equal(item.labels[scope.key], scope.value, `${item.kind} ${item.name} is outside the scope`);
		assert.ok(!plan.remove.some(item => item.name.includes(BUSYBOX)));

		// Between the preview and the "yes": one stopped container starts, one running container stops.
		dockerRun('start', ids['startsLater']!);
		dockerRun('stop', '-t', '0', ids['stopsLater']!);

		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.failed, []);
		assert.deepEqual(result.skipped.map(entry => entry.item.id).sort(), [ids['startsLater'], ids['imgLate']].sort());
		assert.match(result.skipped.find(entry => entry.item.id === ids['startsLater'])!.reason, /now running/);
		assert.match(result.skipped.find(entry => entry.item.id === ids['imgLate'])!.reason, /now used by/);
		assert.equal(result.removed.length, plan.remove.length - 2);

		// The engine's word: exactly those are gone, everything else is intact.
		assert.deepEqual(existing('container', [ids['created']!, ids['exited']!]), []);
		assert.equal(existing('container', [ids['running']!, ids['paused']!, ids['stopsLater']!, ids['protected']!, ids['startsLater']!]).length, 5);
		assert.equal(state(ids['startsLater']!), 'running');
		assert.equal(state(ids['paused']!), 'paused');
		assert.deepEqual(existing('image', [ids['imgDangling']!, ids['imgRebuilt']!, ids['imgTagged']!]), []);
		assert.equal(existing('image', [ids['imgUsedByStopped']!, ids['imgLate']!, ids['imgProtected']!]).length, 3);
		assert.deepEqual(existing('volume', [ids['volNamedUnused']!, ids['volAnonUnused']!]), []);
		assert.equal(existing('volume', [ids['volNamedUsed']!, ids['volAnonUsed']!, ids['volProtected']!]).length, 3);
		assert.deepEqual(existing('network', [ids['netFree']!]), []);
		assert.equal(existing('network', [ids['netUsed']!, ids['netProtected']!]).length, 2);
		// And through the listings a user would type.
		const listed = dockerRun('ps', '-a', '--filter', scope.filter, '--format', '{{.ID}}').split('\n').filter(Boolean);
		assert.equal(listed.length, 5);
		const volumes = dockerRun('volume', 'ls', '-q', '--filter', scope.filter).split('\n').filter(Boolean).sort();
		assert.deepEqual(volumes, [ids['volNamedUsed'], ids['volAnonUsed'], ids['volProtected']].sort());
		const networks = dockerRun('network', 'ls', '-q', '--filter', scope.filter).split('\n').filter(Boolean).length;
		assert.equal(networks, 2);
		const images = new Set(dockerRun('images', '-q', '--no-trunc', '--filter', scope.filter).split('\n').filter(Boolean));
		assert.deepEqual([...images].sort(), [ids['imgUsedByStopped'], ids['imgLate'], ids['imgProtected']].sort());
		assert.ok(result.reclaimedBytes >= 0);
	});
	it('removing an image takes its untagged parent along in the same plan, after it (as docker image prune does)', async () => {
		const parentTag = `dd-prune-parent:${RUN_ID}-${scope.value}`;
		const parent = buildImage(parentTag, [scope.label, 'dd.role=parent']);
		const child = buildImage(`dd-prune-child:${RUN_ID}-${scope.value}`, [scope.label, 'dd.role=child'], parentTag);
		// Untagging a parent with a child leaves it as an untagged image the child is built on.
		dockerRun('rmi', parentTag);
		const engine = testEngine();
		const plan = computePrunePlan(await gatherInventory(engine), options({kinds: new Set(['images'])}));
		const order = plan.remove.map(item => item.id);
		// Listed, named as what it is, and after its child: the engine deletes nothing another image is built on.
		assert.ok(order.indexOf(child) >= 0 && order.indexOf(parent) > order.indexOf(child));
		assert.match(plan.remove.find(item => item.id === parent)!.note!, /^untagged parent of /);
		const result = await executePlan(engine, plan, {protect: DEFAULT_PROTECT_LABEL});
		assert.deepEqual(result.failed, []);
		assert.deepEqual(existing('image', [parent, child]), []);
	});
});

/**
 * Crash-safe destruction (issue 17): `dockdash prune --yes` killed with SIGKILL at random moments, many times. Each
 * time, what the engine lost is a subset of the confirmed plan — never a bystander in the same scope (a running
 * container, a volume it uses, a protected volume) — and the next run plans exactly what is left, with no state of the
 * killed run carried over.
 */
import assert from 'node:assert/strict';
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL, uniqueName} from '../support/engine.js';
import {dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';

const scope = pruneScope();
after(() => removeScoped(scope.label));

const TRIALS = Number(process.env.DOCKDASH_CRASH_TRIALS ?? 5);
const PLANNED_VOLUMES = 12;
const PLANNED_CONTAINERS = 8;

interface Plan {
	containers: string[];
	volumes: string[];
}

function plannedObjects(): Plan {
	const volumes = Array.from({length: PLANNED_VOLUMES}, () => dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName('crash-vol')));
	const containers = Array.from({length: PLANNED_CONTAINERS}, () =>
		dockerRun('create', '--name', uniqueName('crash-ctr'), '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', BUSYBOX, 'true'),
	);
	return {containers, volumes};
}

/** What the same scope holds that no prune may take: a running container, the volume it uses, a protected volume. */
function bystanders(): {containers: string[]; volumes: string[]} {
	const used = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, uniqueName('crash-used'));
	const guarded = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label, '--label', 'dockdash.protect=true', uniqueName('crash-guarded'));
	const running = dockerRun('run', '-d', '--name', uniqueName('crash-running'), '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', '-v', `${used}:/data`, BUSYBOX, 'sleep', '3600');
	return {containers: [running], volumes: [used, guarded]};
}

const PRUNE_ARGS = ['--containers', '--named-volumes', '--filter', scope.filter];

function dryRunPlan(): Plan {
	const result = spawnSync(process.execPath, ['dist/cli.js', 'prune', ...PRUNE_ARGS, '--dry-run', '--json'], {encoding: 'utf8', timeout: 60_000});
	assert.ok(result.status === 0 || result.status === 3, `dry run exited ${result.status}: ${result.stderr}`);
	if (result.status === 3) return {containers: [], volumes: []};
	const plan = JSON.parse(result.stdout) as {remove: Array<{kind: string; id: string; name: string}>};
	return {
		containers: plan.remove.filter(item => item.kind === 'container').map(item => item.id),
		volumes: plan.remove.filter(item => item.kind === 'volume').map(item => item.name),
	};
}

/** Starts a prune and kills it with SIGKILL after `delayMs`; resolves when it is gone. */
async function pruneKilledAfter(delayMs: number): Promise<void> {
	const child = spawn(process.execPath, ['dist/cli.js', 'prune', ...PRUNE_ARGS, '--yes'], {stdio: 'ignore'});
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	await new Promise(resolve => setTimeout(resolve, delayMs));
	child.kill('SIGKILL');
	await exited;
}

// Found by this test in the CI trial of 5 Dec on Docker 28.5 with the containerd image store: a removal cut short by
// the kill goes on inside the engine, and while any container is being removed every `system df` fails as a whole
// ("rw layer snapshot not found for container …", "snapshot …-init does not exist"); the next prune could not plan
// (exit 1). Now the inventory falls back to the lists and says so (cleanup.ts usageFromLists); the exact answer is
// replayed deterministically in hostile-engine.test.ts, since here the six df asks of system-df.ts mostly find a
// moment with no removal (no failure in 8 trials without the fix, even with this churn). Other containers come and
// go beside the trials, as other tests' do in CI, so the prune plans and removes on a busy engine.
let others: ChildProcess | undefined;
after(() => {
	if (others?.pid) process.kill(-others.pid, 'SIGKILL');
});
function churn(): ChildProcess {
	const loop = `while :; do id=$(docker create --label ${TEST_LABEL} --network none ${BUSYBOX} true) && docker rm "$id" >/dev/null; done`;
	return spawn('sh', ['-c', loop], {stdio: 'ignore', detached: true});
}

describe('a prune killed with SIGKILL', () => {
	it(`loses only objects of the confirmed plan, over ${TRIALS} kills at random moments, and leaves nothing for the next run`, async () => {
		const kept = bystanders();
		others = churn();
		const sorted = (list: readonly string[]) => [...list].sort();
		// How long a whole run takes here, measured, so the kills can be spread over its removals (the plan is read
		// first, then the objects go one by one) instead of guessed.
		plannedObjects();
		const started = Date.now();
		const whole = spawnSync(process.execPath, ['dist/cli.js', 'prune', ...PRUNE_ARGS, '--yes'], {encoding: 'utf8', timeout: 120_000});
		assert.equal(whole.status, 0, whole.stderr);
		const runMs = Date.now() - started;
		let partial = 0;
		// The kill moments home in on the removals: a kill before the first removal moves the next one later, a kill
		// after the last moves it earlier (a fixed spread over one measured run missed every removal on a loaded CI host).
		let earliest = 0;
		let latest = runMs * 1.2;
		for (let trial = 0; trial < TRIALS; trial++) {
			const created = plannedObjects();
			const plan = dryRunPlan();
			// The plan the user would confirm is exactly what was made to go: the bystanders are not in it.
			assert.deepEqual(sorted(plan.volumes), sorted(created.volumes));
			assert.ok(created.containers.every(id => plan.containers.includes(id)), 'every stopped container of the scope is planned');
			for (const id of [...kept.containers, ...kept.volumes]) assert.ok(!plan.containers.includes(id) && !plan.volumes.includes(id), `${id} is not planned`);

			// Between the latest kill that removed nothing and the earliest that removed everything, with some jitter.
			const killAfter = Math.floor(earliest + (latest - earliest) * (0.35 + Math.random() * 0.3));
			await pruneKilledAfter(killAfter);

			// Every bystander is still there, running where it ran.
			assert.deepEqual(existing('volume', kept.volumes), kept.volumes);
			assert.deepEqual(existing('container', kept.containers), kept.containers);
			assert.equal(dockerRun('inspect', '--format', '{{.State.Running}}', kept.containers[0]!), 'true');
			// What is left of the plan is what the next run plans: no half-state carried over.
			const left = {containers: existing('container', plan.containers), volumes: existing('volume', plan.volumes)};
			const leftCount = left.containers.length + left.volumes.length;
			if (leftCount === plan.containers.length + plan.volumes.length) earliest = killAfter;
			else if (leftCount === 0) latest = killAfter;
			else partial++;
			const next = dryRunPlan();
			assert.deepEqual(sorted(next.containers), sorted(left.containers));
			assert.deepEqual(sorted(next.volumes), sorted(left.volumes));
			// Empty the scope's plan for the next trial, by the same command, not killed.
			const finish = spawnSync(process.execPath, ['dist/cli.js', 'prune', ...PRUNE_ARGS, '--yes'], {encoding: 'utf8', timeout: 120_000});
			assert.ok(finish.status === 0 || finish.status === 3, `the finishing prune exited ${finish.status}: ${finish.stderr}`);
		}
		// A positive control on the random moments: some kills must land in the middle of a run, or this proved little.
		assert.ok(partial > 0, `no kill landed mid-run in ${TRIALS} trials`);
	});
});

/**
 * `dockdash prune` as a script and a person use it: each exit code, the plan on
 * stdout, and the prompt in a real terminal. Every run is scoped to this file's
 * own label, so it can never reach anything else on the engine.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {containerSizeText, dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const scope = pruneScope();
const sessions: TerminalSession[] = [];
after(() => {
	for (const session of sessions) session.stop();
	removeScoped(scope.label);
});

function prune(...args: string[]) {
	// stdin is a pipe here, as in a script or CI.
	return spawnSync(process.execPath, ['dist/cli.js', 'prune', ...args], {encoding: 'utf8', input: '', timeout: 60_000});
}

function stopped(...labels: string[]): {id: string; name: string} {
	const name = uniqueName('prune-cli');
	const id = dockerRun('create', '--name', name, '--label', TEST_LABEL, '--label', scope.label, ...labels.flatMap(label => ['--label', label]), '--network', 'none', BUSYBOX, 'sleep', '3600');
	return {id, name};
}

describe('dockdash prune', {timeout: 180_000}, () => {
	it('exit 1 on bad input, in one line naming the fix', () => {
		const none = prune('--filter', scope.filter);
		assert.equal(none.status, 1);
		assert.match(none.stderr, /^dockdash: say what to prune: --containers/);
		const badFilter = prune('--containers', '--filter', 'dangling=true');
		assert.equal(badFilter.status, 1);
		assert.match(badFilter.stderr, /unsupported filter "dangling=true"/);
		const badUntil = prune('--containers', '--until', 'soon');
		assert.equal(badUntil.status, 1);
		assert.equal(badUntil.stderr.trim().split('\n').length, 1);
	});

	it('exit 3 when nothing matches', () => {
		const result = prune('--all', '--named-volumes', '--filter', scope.filter);
		assert.equal(result.status, 3);
		assert.match(result.stdout, /^Total: 0 objects, 0B freed$/m);
		assert.match(result.stdout, /^Nothing to do\.$/m);
	});

	it('--dry-run prints the plan and removes nothing (exit 0); without --yes and no terminal it refuses (exit 1)', () => {
		const container = stopped();
		const dry = prune('--containers', '--filter', scope.filter, '--dry-run');
		assert.equal(dry.status, 0, dry.stderr);
		// The size the engine gives the container's writable layer (0B on overlay2, 4.1kB in the containerd store).
		const size = containerSizeText(container.id);
		assert.match(dry.stdout, new RegExp(`^KIND\\s+NAME\\s+ID\\s+SIZE\\s+NOTE\\ncontainer\\s+${container.name}\\s+${container.id.slice(0, 12)}\\s+${size}`, 'm'));
		assert.match(dry.stdout, new RegExp(`Total: 1 object, ${size} freed`));
		const unasked = prune('--containers', '--filter', scope.filter);
		assert.equal(unasked.status, 1);
		assert.match(unasked.stderr, /stdin is not a terminal to ask on; add --yes/);
		const readOnly = prune('--containers', '--filter', scope.filter, '--yes', '--read-only');
		assert.equal(readOnly.status, 1);
		assert.match(readOnly.stderr, /read-only mode: nothing was removed/);
		assert.deepEqual(existing('container', [container.id]), [container.id]);
		dockerRun('rm', container.id);
	});

	it('--protect-label keeps what carries it, and --show-kept says why', () => {
		const name = uniqueName('prune-keep');
		const id = dockerRun('create', '--name', name, '--label', TEST_LABEL, '--label', scope.label, '--label', 'team.keep=yes', '--network', 'none', BUSYBOX, 'true');
		const result = prune('--containers', '--filter', scope.filter, '--protect-label', 'team.keep=yes', '--show-kept', '--yes');
		assert.equal(result.status, 3, result.stderr);
		assert.match(result.stdout, new RegExp(`container\\s+${name}\\s+${id.slice(0, 12)}\\s+protected \\(team\\.keep=yes\\)`));
		assert.deepEqual(existing('container', [id]), [id]);
		dockerRun('rm', id);
	});

	it('--yes removes exactly the plan (exit 0)', () => {
		const container = stopped();
		const size = containerSizeText(container.id);
		const result = prune('--containers', '--filter', scope.filter, '--yes');
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stdout, new RegExp(`Removed 1 of 1; reclaimed ${size}`));
		assert.deepEqual(existing('container', [container.id]), []);
	});

	it('asks on the terminal; a container started before the yes survives and the exit is 4 (partial)', async () => {
		const container = stopped();
		const size = containerSizeText(container.id);
		const session = startCli(['prune', '--containers', '--filter', scope.filter], {columns: 160, rows: 20});
		sessions.push(session);
		await session.waitForText(`Remove these 1 object, ${size} freed? [y/N]`);
		dockerRun('start', container.id);
		session.type('y');
		session.press('Enter');
		assert.equal(await session.waitForExit(20_000), 4);
		assert.match(session.screen(), /kept container .*: now running: changed since the preview/);
		assert.equal(dockerRun('inspect', '--format', '{{.State.Status}}', container.id), 'running');
	});

	it('a "no" at the prompt removes nothing (exit 1)', async () => {
		const container = stopped();
		const session = startCli(['prune', '--containers', '--filter', scope.filter], {columns: 160, rows: 20});
		sessions.push(session);
		await session.waitForText('[y/N]');
		session.type('n');
		session.press('Enter');
		assert.equal(await session.waitForExit(20_000), 1);
		await waitFor(() => /answered no: nothing was removed/.test(session.screen()), {what: 'the refusal line'});
		assert.deepEqual(existing('container', [container.id]), [container.id]);
	});

	it('--until reads what docker reads: Unix timestamps, -5m; refuses 2026-02-30 in one line; says it does not apply to volumes', () => {
		const only = `dd.case=until-${scope.value}`;
		const container = stopped(only);
		// Five minutes ahead, as docker reads a negative duration: the container just made is older than that.
		const ahead = prune('--containers', '--filter', `label=${only}`, '--until', '-5m', '--dry-run');
		assert.equal(ahead.status, 0, ahead.stderr);
		assert.match(ahead.stdout, new RegExp(`container\\s+${container.name}`));
		const stamp = prune('--containers', '--filter', `label=${only}`, '--until', String(Math.floor(Date.now() / 1000) + 60) + '.5', '--dry-run');
		assert.equal(stamp.status, 0, stamp.stderr);
		assert.match(stamp.stdout, /Total: 1 object/);
		const past = prune('--containers', '--filter', `label=${only}`, '--until', '1h', '--dry-run');
		assert.equal(past.status, 3, past.stderr);
		const rolled = prune('--containers', '--until', '2026-02-30');
		assert.equal(rolled.status, 1);
		assert.equal(rolled.stderr, 'dockdash: cannot read until "2026-02-30": day out of range; use a duration such as 10m, 1h30m or 7d, a date or time such as 2026-01-31 or 2026-01-31T12:00:00Z, or a Unix timestamp\n');
		const volume = dockerRun('volume', 'create', '--label', TEST_LABEL, '--label', scope.label);
		const volumes = prune('--volumes', '--filter', scope.filter, '--until', '-5m', '--show-kept', '--dry-run');
		assert.equal(volumes.status, 3, volumes.stderr);
		assert.match(volumes.stdout, /Note: volumes: until does not apply to volumes \(docker volume prune refuses it too\)/);
		assert.match(volumes.stdout, new RegExp(`volume\\s+\\(anonymous\\)\\s+${volume.slice(0, 12)}\\s+until does not apply to volumes`));
		assert.deepEqual(existing('volume', [volume]), [volume]);
		// The note on named volumes names the pane's real key.
		const anonymous = prune('--volumes', '--filter', scope.filter, '--dry-run');
		assert.match(anonymous.stdout, /named volumes are kept \(--named-volumes, or V in the Cleanup pane, includes them\)/);
		dockerRun('rm', container.id);
		dockerRun('volume', 'rm', volume);
	});

	it('--json: the plan with --dry-run and the result with --yes, for scripts, with the same exit codes', () => {
		const only = `dd.case=json-${scope.value}`;
		const container = stopped(only);
		const keepName = uniqueName('prune-json-keep');
		const keep = dockerRun('create', '--name', keepName, '--label', TEST_LABEL, '--label', scope.label, '--label', only, '--label', 'dockdash.protect=true', '--network', 'none', BUSYBOX, 'true');
		// The engine's own figure for the writable layer: 0 B on overlay2, 4.1 kB in the containerd image store.
		const sizeRw = Number(dockerRun('inspect', '--size', '--format', '{{.SizeRw}}', container.id));
		const dry = prune('--containers', '--filter', `label=${only}`, '--dry-run', '--json');
		assert.equal(dry.status, 0, dry.stderr);
		const plan = JSON.parse(dry.stdout);
		assert.equal(plan.dryRun, true);
		assert.deepEqual(plan.remove, [{kind: 'container', id: container.id, name: container.name, size: sizeRw}]);
		// Kept holds everything else on the engine too, each with its reason.
		assert.deepEqual(plan.kept.find((item: {id: string}) => item.id === keep), {kind: 'container', id: keep, name: keepName, reason: 'protected (dockdash.protect=true)'});
		assert.equal(plan.totalBytes, sizeRw);
		assert.deepEqual(existing('container', [container.id]), [container.id]);
		const done = prune('--containers', '--filter', `label=${only}`, '--yes', '--json');
		assert.equal(done.status, 0, done.stderr);
		const result = JSON.parse(done.stdout);
		assert.equal(result.dryRun, false);
		assert.deepEqual(result.removed, [{kind: 'container', id: container.id, name: container.name, bytes: sizeRw}]);
		assert.deepEqual([result.changed, result.failed, result.reclaimedBytes], [[], [], sizeRw]);
		// The engine's word afterwards.
		assert.deepEqual(existing('container', [container.id, keep]), [keep]);
		const nothing = prune('--containers', '--filter', `label=${only}`, '--yes', '--json');
		assert.equal(nothing.status, 3);
		assert.deepEqual(JSON.parse(nothing.stdout).remove, []);
		const asked = prune('--containers', '--json');
		assert.equal(asked.status, 1);
		assert.match(asked.stderr, /^dockdash: --json needs --dry-run \(prints the plan\) or --yes/);
		dockerRun('rm', keep);
	});

	it('a container created on the planned network at the prompt keeps the network (exit 4), and it can start', async () => {
		const net = uniqueName('net-unused');
		const netId = dockerRun('network', 'create', '--label', TEST_LABEL, '--label', scope.label, net);
		const session = startCli(['prune', '--networks', '--filter', scope.filter], {columns: 160, rows: 20});
		sessions.push(session);
		await session.waitForText(/Remove these 1 object, 0B freed\? \[y\/N\]/);
		assert.match(session.screen(), new RegExp(`network\\s+${net}`));
		const late = uniqueName('late');
		dockerRun('create', '--name', late, '--label', TEST_LABEL, '--label', scope.label, '--network', net, BUSYBOX, 'true');
		session.type('y');
		session.press('Enter');
		assert.equal(await session.waitForExit(20_000), 4);
		assert.match(session.screen(), new RegExp(`kept network ${net}: now used by ${late}`));
		assert.deepEqual(existing('network', [netId]), [netId]);
		dockerRun('start', late);
	});
});

/**
 * The cleanup pane end to end in a real terminal: measure, scope the plan to
 * this test's label, confirm, and the engine says the object is gone while a
 * running one with the same label is still there.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {BUSYBOX, RUN_ID, TEST_LABEL, uniqueName} from '../support/engine.js';
import {buildImage, containerSizeText, dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const scope = pruneScope();
const sessions: TerminalSession[] = [];
after(() => {
	for (const session of sessions) session.stop();
	removeScoped(scope.label);
});

describe('cleanup pane in a real terminal', {timeout: 180_000}, () => {
	/** Opens the Cleanup pane scoped to this file's label; returns the session with the plan measured. */
	async function scopedPane(): Promise<TerminalSession> {
		const session = startCli(['--pane', 'prune'], {columns: 170, rows: 40});
		sessions.push(session);
		await session.waitForText(/measured \d+s ago/, 30_000);
		session.press('f');
		await session.waitForText('labels (label=K[=V] label!=K):');
		session.type(scope.filter);
		session.press('Enter');
		await session.waitForText(`f labels: ${scope.filter}`);
		return session;
	}
	// Past the typing gap, so the next key is pressed on its own as a person presses it (issue 19).
	const read = () => new Promise(resolve => setTimeout(resolve, 400));

	it('previews, confirms and removes exactly the scoped stopped container', async () => {
		const stoppedName = uniqueName('pane-stopped');
		const stopped = dockerRun('create', '--name', stoppedName, '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', BUSYBOX, 'true');
		const running = dockerRun('run', '-d', '--name', uniqueName('pane-running'), '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', BUSYBOX, 'sleep', '600');

		const session = await scopedPane();
		// The size the engine gives the container's writable layer (0B on overlay2, 4.1kB in the containerd store).
		const size = containerSizeText(stopped);
		const plan = await session.waitForText(`Plan: 1 object, ${size} freed`);
		assert.match(plan, new RegExp(`container\\s+${stoppedName}\\s+${stopped.slice(0, 12)}`));
		await session.act('d');
		const dialog = await session.waitForText(`Remove 1 object, ${size} freed?`);
		assert.match(dialog, new RegExp(`container ${stoppedName}`));
		await session.confirm();
		await session.waitForText('last prune: removed 1, kept 0, failed 0', 20_000);
		assert.deepEqual(existing('container', [stopped, running]), [running]);
		session.press('q');
		await session.waitForExit();
	});

	it('a toggle and "d" typed in one burst open the dialog with the plan for the toggles on screen, never the previous one', async () => {
		const tag = `dd-pane-burst:${RUN_ID}-${scope.value}`;
		const image = buildImage(tag, [scope.label]);
		const stoppedName = uniqueName('pane-burst');
		const stopped = dockerRun('create', '--name', stoppedName, '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', BUSYBOX, 'true');
		const session = await scopedPane();
		session.press('I');
		// The image, and the untagged parent its build left, which goes with it.
		const planned = await session.waitForText(/Plan: 3 objects/);
		// Beside what any prune could free, what this plan frees, per type.
		assert.match(planned, /│ TYPE +│ TOTAL +│ ACTIVE +│ SIZE +│ RECLAIMABLE +│ THIS PLAN +│/);
		assert.match(session.screen(), new RegExp(`image\\s+${tag.replace(/[.:]/g, '\\$&')}`));
		// One write, as a fast typist's "I" then "d": the "d" is part of typing, so it removes nothing and says so
		// (issue 19); it never opens a dialog with the plan from before the toggle (issue 22).
		session.type('Id');
		await session.waitForText('`d` came in one piece with other keys');
		assert.doesNotMatch(session.screen(), /Remove \d+ object/);
		await read();
		session.press('d');
		const dialog = await session.waitForText(/Remove 1 object, /);
		assert.match(dialog, new RegExp(`container ${stoppedName}`));
		assert.doesNotMatch(dialog, new RegExp(`image ${tag.replace(/[.:]/g, '\\$&')}`));
		await session.confirm();
		const after = await session.waitForText('last prune: removed 1, kept 0, failed 0', 20_000);
		// The toggle the dialog's plan followed is the one the pane shows.
		assert.match(after, /I \[ \] all unused images/);
		assert.deepEqual(existing('container', [stopped]), []);
		assert.deepEqual(existing('image', [image]), [image]);
		session.press('q');
		await session.waitForExit();
	});

	it('a container created on the planned network while the dialog is open keeps the network; the pane says why', async () => {
		const net = uniqueName('net-unused');
		const netId = dockerRun('network', 'create', '--label', TEST_LABEL, '--label', scope.label, net);
		const session = await scopedPane();
		// Only networks: c and i off, n on.
		session.type('cin');
		await session.waitForText('Plan: 1 object');
		// "d" on its own, as a person presses it (a "d" right after other keys is typing: issue 19).
		await read();
		session.press('d');
		const dialog = await session.waitForText('Remove 1 object');
		assert.match(dialog, new RegExp(`network ${net}`));
		const late = uniqueName('late');
		dockerRun('create', '--name', late, '--label', TEST_LABEL, '--label', scope.label, '--network', net, BUSYBOX, 'true');
		await session.confirm();
		const outcome = await session.waitForText('last prune: removed 0, kept 1, failed 0', 20_000);
		assert.match(outcome, new RegExp(`${net}: now used by ${late}`));
		assert.deepEqual(existing('network', [netId]), [netId]);
		dockerRun('start', late);
		session.press('q');
		await session.waitForExit();
	});

	it('the named-volumes text names the key that does it, from the keymap', async () => {
		const session = await scopedPane();
		session.press('v');
		const shown = await session.waitForText('v [x] volumes');
		assert.match(shown, /v \[x\] volumes \(anonymous only; V: named too\)/);
		assert.match(shown, /named volumes are kept \(V includes them\)/);
		assert.doesNotMatch(shown, /"a"/);
		session.press('V');
		await session.waitForText('(named AND anonymous)');
		session.press('q');
		await session.waitForExit();
	});
});

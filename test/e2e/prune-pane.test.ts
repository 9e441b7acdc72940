/**
 * The cleanup pane end to end in a real terminal: measure, scope the plan to
 * this test's label, confirm, and the engine says the object is gone while a
 * running one with the same label is still there.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL, uniqueName} from '../support/engine.js';
import {containerSizeText, dockerRun, existing, pruneScope, removeScoped} from '../support/prune-fixtures.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const scope = pruneScope();
const sessions: TerminalSession[] = [];
after(() => {
	for (const session of sessions) session.stop();
	removeScoped(scope.label);
});

describe('cleanup pane in a real terminal', {timeout: 90_000}, () => {
	it('previews, confirms and removes exactly the scoped stopped container', async () => {
		const stoppedName = uniqueName('pane-stopped');
		const stopped = dockerRun('create', '--name', stoppedName, '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', BUSYBOX, 'true');
		const running = dockerRun('run', '-d', '--name', uniqueName('pane-running'), '--label', TEST_LABEL, '--label', scope.label, '--network', 'none', BUSYBOX, 'sleep', '600');

		const session = startCli(['--pane', 'prune'], {columns: 150, rows: 40});
		sessions.push(session);
		await session.waitForText(/measured \d+s ago/, 30_000);
		session.press('f');
		await session.waitForText('labels (label=K[=V] label!=K):');
		session.type(scope.filter);
		session.press('Enter');
		// The size the engine gives the container's writable layer (0B on overlay2, 4.1kB in the containerd store).
		const size = containerSizeText(stopped);
		const plan = await session.waitForText(`Plan: 1 object, ${size} freed`);
		assert.match(plan, new RegExp(`container\\s+${stoppedName}\\s+${stopped.slice(0, 12)}`));
		await session.act('d');
		const dialog = await session.waitForText(`Remove 1 object, ${size} freed?`);
		assert.match(dialog, new RegExp(`container ${stoppedName}`));
		// Past the dialog's grace period, as a person reading it would be.
		await new Promise(resolve => setTimeout(resolve, 400));
		session.press('y');
		await session.waitForText('last prune: removed 1, kept 0, failed 0', 20_000);
		assert.deepEqual(existing('container', [stopped, running]), [running]);
		session.press('q');
		await session.waitForExit();
	});
});

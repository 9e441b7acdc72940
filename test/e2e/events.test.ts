/**
 * The Events pane in a real terminal (issue 14): what happened before it opened (the last hour,
 * read with since/until), what happens while it is open, the filter and the type, and a label
 * full of escapes shown inert.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const made: string[] = [];
const volumes: string[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	for (const volume of volumes) await docker('volume', 'rm', '-f', volume).catch(() => undefined);
});

describe('the Events pane', () => {
	it('shows the last hour on open, live events after, filters by text and by type, with every field inert', async () => {
		const name = uniqueName('ev');
		made.push(await makeContainer({name, command: ['true'], extraArgs: ['--label', 'evil=x\u001b[2J\u001b]0;pwned\u0007y']}));
		const session = startCli(['--pane', 'events'], {columns: 200, rows: 40});
		sessions.push(session);
		await session.waitForText('since an hour before this pane opened');
		// From the history: the container was made and ran before dockdash started.
		await session.waitForText(new RegExp(`container\\s+create\\s+${name}\\s`));
		await session.waitForText(new RegExp(`container\\s+die\\s+${name}\\s`));
		// The label's clear-screen and title sequences show as visible symbols, acting on nothing.
		// Only this container's rows on screen: the columns are sized from the rows shown, and a shared engine's last
		// hour (other tests' long names and exec commands) can leave the attributes a few columns (CI trial 2).
		await filterList(session, name);
		await session.waitForText('evil=x␛[2J␛]0;pwned␇y');
		session.press('Escape');
		// Live: a volume made now.
		const volume = uniqueName('evvol');
		volumes.push(await docker('volume', 'create', '--label', TEST_LABEL, volume));
		await session.waitForText(new RegExp(`volume\\s+create\\s+${volume}\\s`));
		// Filter by text: only that volume's event.
		session.press('/');
		session.type(volume);
		session.press('Enter');
		await session.waitForText(/Events 1 event /);
		assert.doesNotMatch(session.screen(), new RegExp(`container\\s+create\\s+${name}`));
		session.press('Escape');
		await session.waitForText(new RegExp(`container\\s+create\\s+${name}\\s`));
		// t: only container events; the volume's goes.
		session.press('t');
		await session.waitForText(/of type container/);
		assert.doesNotMatch(session.screen(), new RegExp(`volume\\s+create\\s+${volume}`));
		assert.match(session.screen(), new RegExp(`container\\s+die\\s+${name}\\s`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it("says in an exited container's details why it stopped: the signal, the health checks, its last lines and its events", async () => {
		const name = uniqueName('why');
		const id = await makeContainer({name, command: ['sh', '-c', 'echo starting up; echo about to fail >&2; sleep 1000'], extraArgs: ['--health-cmd', 'echo probe-says-no; false', '--health-interval', '1s']});
		made.push(id);
		await waitFor(async () => (await docker('inspect', '-f', '{{len .State.Health.Log}}', id)) !== '0', {what: 'a health check ran'});
		await docker('kill', id);
		assert.equal(await docker('inspect', '-f', '{{.State.ExitCode}}', id), '137');
		const session = startCli([], {columns: 160, rows: 60});
		sessions.push(session);
		await session.waitForText('● connected');
		await filterList(session, name);
		session.press('Enter');
		await session.waitForText('Why it stopped');
		await session.waitForText('exit code       137 (128 + 9: ended by SIGKILL)');
		// The kill happened before dockdash started: its event comes from the last hour, read for the details.
		await session.waitForText(/signal sent {5}SIGKILL \(9\) at /);
		assert.match(session.screen(), /exit 1 at \S+ │ probe-says-no/);
		await session.waitForText('│ starting up');
		assert.match(session.screen(), /│ about to fail/);
		assert.match(session.screen(), /UTC {2}die {2}exitCode=137/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

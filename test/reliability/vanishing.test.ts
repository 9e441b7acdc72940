import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

function open(args: string[] = []): TerminalSession {
	const session = startCli(args, {columns: 160, rows: 40});
	sessions.push(session);
	return session;
}

/** Still alive and still answering keys. */
async function assertAlive(session: TerminalSession): Promise<void> {
	assert.ok(session.isRunning(), `dockdash ended:\n${session.screen()}`);
	session.type('?');
	await session.waitForText('? or Esc to close');
	session.press('Escape');
	// Until the help has closed, a q could join the Esc as Alt+q.
	await waitFor(() => !session.screen().includes('? or Esc to close'), {what: 'the help to close'});
}

describe('a container removed, renamed or recreated under its name while a pane shows it', () => {
	it('logs: a rename shows the new name, a removal says so, a new container under the old name is not taken for it', async () => {
		const name = uniqueName('vanish-logs');
		const id = await makeContainer({name, command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "vanish line $i"; sleep 0.2; done']});
		made.push(id);
		const session = open();
		await session.waitForText('● connected');
		await filterList(session, 'dd-vanish-logs');
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		await session.waitForText('vanish line');

		await docker('rename', name, `${name}-renamed`);
		await session.waitForText(`Logs · ${name}-renamed`);
		await docker('rm', '-f', id);
		await session.waitForText(/removed/, 15_000);
		const again = await makeContainer({name, command: ['sh', '-c', 'echo from-the-new-one; sleep 600']});
		made.push(again);
		await new Promise(resolve => setTimeout(resolve, 2000));
		assert.doesNotMatch(session.screen(), /from-the-new-one/, 'the new container under the old name is another container');
		assert.match(session.screen(), /removed/);
		await assertAlive(session);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('details: a removal while open says so; recreated under the same name it is still the removed one', async () => {
		const name = uniqueName('vanish-details');
		const id = await makeContainer({name});
		made.push(id);
		const session = open();
		await session.waitForText('● connected');
		await filterList(session, name);
		session.press('Enter');
		await session.waitForText(/Environment \(/);
		await docker('rm', '-f', id);
		made.push(await makeContainer({name}));
		await session.waitForText('no longer exists', 15_000);
		await assertAlive(session);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('stats: the history of a container removed while shown says so, and the overview goes on', async () => {
		const name = uniqueName('vanish-stats');
		const id = await makeContainer({name});
		made.push(id);
		const session = open(['--pane', 'stats']);
		await session.waitForText('● connected');
		session.type('/');
		session.type(name);
		session.press('Enter');
		await session.waitForText(new RegExp(`${name}\\s+\\d+\\.\\d\\d%`), 15_000);
		session.press('Enter');
		await session.waitForText(new RegExp(`Stats · ${name} \\(`));
		await docker('rm', '-f', id);
		await session.waitForText(`${name} (${id.slice(0, 12)}) was removed while its history was shown`, 15_000);
		await assertAlive(session);
		session.press('Escape');
		await session.waitForText(/Stats \d+ of \d+ running/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

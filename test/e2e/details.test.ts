import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

/** The dashboard in a pty, its containers list narrowed to names containing `text`. */
async function dashboardFiltered(text: string): Promise<TerminalSession> {
	const session = startCli([], {columns: 140, rows: 60});
	sessions.push(session);
	await session.waitForText('● connected');
	await filterList(session, text);
	return session;
}

describe('details view in a real terminal', () => {
	it('shows a real container with its secret masked, reveals it on v, and survives the container being removed', async () => {
		const name = uniqueName('details');
		const id = await makeContainer({name, extraArgs: ['-e', 'API_TOKEN=s3cr3t-value', '-e', 'PLAIN_VAR=plain-value', '-m', '32m']});
		made.push(id);
		const session = await dashboardFiltered(name);
		await session.waitForText(new RegExp(`› ?\\s*${name}`));
		session.press('Enter');
		const shown = await session.waitForText('PLAIN_VAR=plain-value');
		assert.match(shown, new RegExp(`Details · ${name} \\(${id.slice(0, 12)}\\)`));
		assert.match(shown, /API_TOKEN=•+/);
		assert.doesNotMatch(shown, /s3cr3t-value/);
		assert.match(shown, /memory limit {4}32MiB/);
		session.press('v');
		await session.waitForText('API_TOKEN=s3cr3t-value');

		await docker('rm', '-f', id);
		await session.waitForText('no longer exists: it was removed while this view was open');
		session.press('Escape');
		await session.waitForText(`no container matches "${name}"`);
		session.press('q');
		await session.waitForExit();
	});

	it('goes back to the list on Backspace, the 0x7f byte a terminal sends for it (issue 22)', async () => {
		const name = uniqueName('details-back');
		made.push(await makeContainer({name}));
		const session = await dashboardFiltered(name);
		await session.waitForText(new RegExp(`› ?\\s*${name}`));
		session.press('Enter');
		await session.waitForText(`Details · ${name}`);
		session.press('BSpace');
		await session.waitForText(/Containers 1 of \d+/);
		assert.doesNotMatch(session.screen(), /Details · /);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

/**
 * Compose projects in a real terminal: containers made with Compose's labels
 * (no compose binary needed), stopped as a whole project and started one
 * service at a time; the engine says what happened.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {CONFIRM_GRACE_MS} from '../../source/model/confirmations.js';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
const stateOf = async (id: string) => docker('inspect', '-f', '{{.State.Status}}', id);

async function composeContainer(project: string, service: string, index: number): Promise<string> {
	const id = await makeContainer({
		name: `${project}-${service}-${index}`,
		command: POLITE,
		extraArgs: ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`],
	});
	made.push(id);
	return id;
}

describe('the Compose pane', () => {
	it('groups a project by service, stops the whole project after confirmation, and starts one service', async () => {
		const project = uniqueName('proj');
		const web1 = await composeContainer(project, 'web', 1);
		const web2 = await composeContainer(project, 'web', 2);
		const db = await composeContainer(project, 'db', 1);
		const session = startCli([], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		for (let step = 0; step < PANES.findIndex(pane => pane.id === 'compose'); step++) session.press('Tab');
		await session.waitForText(/Compose \d+ projects? /);
		session.press('/');
		session.type(project);
		session.press('Enter');
		await session.waitForText(new RegExp(`▾ ${project}\\s+3/3\\s+3 running`));
		await session.waitForText(/^\s+db\s+1\/1/m);
		await session.waitForText(/^\s+web\s+2\/2/m);
		// The project row is selected: x stops all three, after a dialog that names them.
		await session.act('x');
		await session.waitForText('Stop 3 containers?');
		const dialog = session.screen();
		for (const name of [`${project}-web-1`, `${project}-web-2`, `${project}-db-1`]) assert.ok(dialog.includes(name), `${name} in the dialog`);
		await sleep(CONFIRM_GRACE_MS + 100);
		session.press('y');
		await waitFor(async () => (await Promise.all([web1, web2, db].map(stateOf))).every(state => state === 'exited'), {what: 'all three exited'});
		await session.waitForText(new RegExp(`▾ ${project}\\s+0/3\\s+3 exited`));
		// Down to the db service: u starts only db.
		session.press('Down');
		await session.act('u');
		await waitFor(async () => (await stateOf(db)) === 'running', {what: 'db running again'});
		await session.waitForText(new RegExp(`▾ ${project}\\s+1/3`));
		assert.deepEqual(await Promise.all([web1, web2].map(stateOf)), ['exited', 'exited']);
		// Enter closes the project: its services leave the list.
		session.press('Enter');
		await session.waitForText(new RegExp(`▸ ${project}\\s+1/3`));
		assert.doesNotMatch(session.screen(), /^\s+web\s+0\/2/m);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

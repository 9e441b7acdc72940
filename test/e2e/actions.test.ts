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

// Exits on SIGTERM at once, so a stop from the UI does not wait out the kill timeout.
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

async function stateOf(id: string): Promise<string> {
	return (await docker('ps', '-a', '--no-trunc', '--filter', `id=${id}`, '--format', '{{.State}}')) || 'gone';
}

/** The dashboard in a pty, its containers list narrowed to names containing `text`. */
async function dashboardFiltered(text: string): Promise<TerminalSession> {
	const session = startCli([], {columns: 160, rows: 40});
	sessions.push(session);
	await session.waitForText('● connected');
	await filterList(session, text);
	return session;
}

describe('container actions from the keyboard, in a real terminal', () => {
	it('stops the selected container after confirmation: docker ps -a shows it exited', async () => {
		const name = uniqueName('stop');
		const id = await makeContainer({name, command: POLITE});
		made.push(id);
		const session = await dashboardFiltered(name);
		await session.waitForText(new RegExp(`› ?\\s*${name}\\s+▸ running`));
		session.press('x');
		await session.waitForText(`Stop ${name} (${id.slice(0, 12)})?`);
		await session.confirm();
		await session.waitForText(`stopped ${name}`);
		await waitFor(async () => (await stateOf(id)) === 'exited', {what: `${name} exited in docker ps -a`});
		await session.waitForText(new RegExp(`${name}\\s+■ exited \\(0\\)`));
		session.press('q');
		await session.waitForExit();
	});

	it('removes a marked pair after confirmation; the unmarked one survives', async () => {
		const prefix = uniqueName('rm');
		const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(suffix => makeContainer({name: `${prefix}-${suffix}`})));
		made.push(a!, b!, c!);
		const session = await dashboardFiltered(prefix);
		await session.waitForText(`${prefix}-c`);
		// Rows sort by name within a state: a, b, c. Space marks and moves down.
		session.press('Space');
		await session.waitForText('1 marked');
		session.press('Space');
		await session.waitForText('2 marked');
		await session.act('d');
		const dialog = await session.waitForText('Remove 2 containers?');
		assert.match(dialog, new RegExp(`${prefix}-a\\s+${a!.slice(0, 12)}`));
		assert.match(dialog, new RegExp(`${prefix}-b\\s+${b!.slice(0, 12)}`));
		assert.doesNotMatch(dialog, new RegExp(`${prefix}-c`));
		assert.match(dialog, /running containers are killed first \(force\)/);
		await session.confirm();
		await session.waitForText('removed 2 containers');
		await waitFor(async () => (await stateOf(a!)) === 'gone' && (await stateOf(b!)) === 'gone', {what: 'both marked containers gone'});
		assert.equal(await stateOf(c!), 'running');
		await session.waitForText(/Containers 1 of \d+/);
		session.press('q');
		await session.waitForExit();
	});
});

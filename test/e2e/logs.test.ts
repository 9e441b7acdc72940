import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

describe('logs pane in a real terminal', () => {
	it('opens the logs of the selected container and shows lines as they arrive', async () => {
		const name = uniqueName('e2e-logs');
		made.push(await makeContainer({name, command: ['sh', '-c', 'echo first-line; echo oops-on-stderr >&2; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done']}));
		const session = startCli([], {columns: 140, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		await session.waitForText(name);
		session.type(`/${name}`);
		// Enter in the same chunk as the text would arrive as a pasted character, not as a key.
		await session.waitForText(`filter: ${name}`);
		session.press('Enter');
		await session.waitForText(/Containers 1 of \d+/);
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		const screen = await session.waitForText('first-line');
		assert.match(screen, /^! oops-on-stderr/m, 'stderr is marked');
		// Following: lines written after the pane opened keep coming.
		const tick = Number(/tick-(\d+)/.exec(screen)?.[1] ?? 0);
		await session.waitForText(`tick-${tick + 3}`);
		assert.match(session.screen(), /following/);
		// Search and only-matching lines, typed like a user.
		session.type('/oops');
		await session.waitForText('search: oops');
		session.press('Enter');
		session.type('o');
		const only = await session.waitForText('only matching: 1 line');
		assert.doesNotMatch(only, /first-line/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

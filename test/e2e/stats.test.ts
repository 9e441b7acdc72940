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

describe('stats pane in a real terminal', () => {
	it('shows a running test container with live figures, and its history graphs on Enter', async () => {
		const name = uniqueName('stats');
		made.push(await makeContainer({name, command: ['sh', '-c', 'while :; do :; done'], extraArgs: ['--cpus', '0.5']}));
		const session = startCli(['--pane', 'stats'], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		// The filter keeps other engineers' containers off the screen; the row needs two samples for a CPU figure.
		session.type('/');
		session.type(name);
		session.press('Enter');
		const screen = await session.waitForText(new RegExp(`${name}\\s+\\d+\\.\\d\\d%\\s+\\S+ / \\S+\\s+\\d+\\.\\d\\d%`), 15_000);
		assert.match(screen, /Stats 1 of \d+ running · read from cgroup files/);
		assert.doesNotMatch(screen, /NaN/);
		session.press('Enter');
		await session.waitForText(new RegExp(`Stats · ${name} \\(`));
		await session.waitForText(/CPU\s+\d+\.\d\d%\s+[▁▂▃▄▅▆▇█ ]+/);
		session.press('Escape');
		await session.waitForText(/Stats 1 of \d+ running/);
		session.press('q');
		await session.waitForExit();
	});
});

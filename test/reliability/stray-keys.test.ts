import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

/** Writes bytes to dockdash's terminal input in one write, as a terminal answering a query does. */
function sendRaw(session: TerminalSession, bytes: string): void {
	execFileSync('tmux', ['send-keys', '-t', session.name, '-l', bytes]);
}

// A terminal's answers to queries a container could have made it ask, each followed by a "y" in the same read.
const ANSWERS: Record<string, string> = {
	'device attributes (DA1)': '\u001B[?1;2c',
	'cursor position report (DSR)': '\u001B[12;40R',
	'OSC colour answer': '\u001B]11;rgb:0000/0000/0000\u001B\\',
	'focus in': '\u001B[I',
};

describe('a single stray key cannot confirm a destructive action', () => {
	it('a terminal answer plus a pasted "y" leaves the remove dialog unanswered and the container in place', async () => {
		const name = uniqueName('stray');
		const id = await makeContainer({name});
		made.push(id);
		const session = startCli([], {columns: 140, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		await filterList(session, name);
		for (const [what, answer] of Object.entries(ANSWERS)) {
			session.type('d');
			// Past the grace period (the dialog shows its y live): only the way the key arrived may refuse it.
			await session.waitForLiveDialog();
			sendRaw(session, `${answer}y`);
			await new Promise(resolve => setTimeout(resolve, 700));
			assert.equal(await docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`), id, `${what} + "y" removed the container`);
			sendRaw(session, 'yy');
			await new Promise(resolve => setTimeout(resolve, 500));
			assert.equal(await docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`), id, `pasted "yy" after ${what} removed the container`);
			session.press('Escape');
			await new Promise(resolve => setTimeout(resolve, 300));
		}
		// The same dialog still answers a real key press: the test is not passing because the dialog is deaf.
		session.type('d');
		await session.confirm();
		for (let i = 0; i < 50 && (await docker('ps', '-a', '-q', '--filter', `id=${id}`)) !== ''; i++) await new Promise(resolve => setTimeout(resolve, 200));
		assert.equal(await docker('ps', '-a', '-q', '--filter', `id=${id}`), '', 'a typed y removes it');
		session.press('q');
		await session.waitForExit();
	});
});

/** Rough edges of a first session (issue 19), seen in a real terminal. */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
after(() => {
	for (const session of sessions) session.stop();
});

describe('a first session in a real terminal', () => {
	it('help at 160 columns shows every description whole, the right column included', async () => {
		const session = startCli([], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press('?');
		const help = await session.waitForText('? or Esc to close');
		// The right column wraps a long description to its next row rather than cutting it (issue 18).
		assert.match(help, /\(pressed on its own: a(\n[^\n]*)? y after typed or pasted keys asks again\)/);
		assert.match(help, /mark or unmark, then move to the next row/);
		assert.doesNotMatch(help.replace("1…9", ""), /…/, help);
		session.press('Escape');
		// Escape and q in one read are Alt-q: wait for the help to close first.
		await session.waitForText(/^(?![\s\S]*or Esc to close)/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

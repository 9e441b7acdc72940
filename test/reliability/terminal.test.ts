import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

function open(columns: number, rows: number, env: Record<string, string> = {}): TerminalSession {
	const session = startCli([], {columns, rows, env});
	sessions.push(session);
	return session;
}

describe('terminals of every size and kind', () => {
	it('in 40×10 asks for a larger terminal, grows to 300×80 and shrinks back without crashing', async () => {
		const name = uniqueName('size');
		made.push(await makeContainer({name}));
		const session = open(40, 10);
		// Below 80×24 one line asks for more room instead of a broken layout (issue 18).
		const small = await session.waitForText('needs at least');
		assert.ok(small.split('\n').every(line => line.length <= 40), 'no line wider than the terminal');
		session.resize(300, 80);
		await session.waitForText(new RegExp(`${name}\\s+▸ running`));
		session.resize(40, 10);
		await session.waitForText('needs at least');
		// Only quitting works meanwhile: help does not open behind the message.
		session.press('?');
		await new Promise(resolve => setTimeout(resolve, 300));
		assert.doesNotMatch(session.screen(), /Keys/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('works with NO_COLOR and TERM=dumb: the state reads from its text marker', async () => {
		const name = uniqueName('nocolor');
		made.push(await makeContainer({name}));
		const session = open(160, 30, {NO_COLOR: '1', TERM: 'dumb'});
		await session.waitForText(new RegExp(`${name}\\s+▸ running`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('draws no colour under NO_COLOR on a colour terminal, FORCE_COLOR=1 brings it back', async () => {
		const name = uniqueName('nocolor-env');
		made.push(await makeContainer({name}));
		// A colour SGR parameter: 30–38, 40–48, 90–97, 100–107 (39 and 49, the default colours, tmux writes anyway).
		const colorSgr = /\u001B\[(?:[\d;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[\d;]*)?m/;
		for (const [env, wantsColor] of [
			[{NO_COLOR: '1', TERM: 'xterm-256color'}, false],
			[{NO_COLOR: '1', FORCE_COLOR: '1', TERM: 'xterm-256color'}, true],
		] as const) {
			const session = open(160, 30, env);
			await session.waitForText(new RegExp(`${name}\\s+▸ running`));
			const colored = execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', session.name], {encoding: 'utf8'});
			assert.equal(colorSgr.test(colored), wantsColor, `${JSON.stringify(env)}: colour ${wantsColor ? 'expected' : 'drawn'}:\n${JSON.stringify(colored.slice(0, 400))}`);
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		}
	});
});

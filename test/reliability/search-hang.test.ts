/**
 * A search that cannot hang the dashboard (issue 21): catastrophic regular
 * expressions on a container that printed one 2 MB line, typed into the Logs
 * pane of the real CLI in a real terminal. The dashboard keeps answering keys,
 * and SIGTERM or SIGINT, even sent while the search runs, ends it with the
 * terminal given back: main screen, cursor shown, mouse reporting off, cooked.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {cliPid} from '../support/proc-stats.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {CLEAN_MODES, isCooked, terminalModes} from '../support/terminal-modes.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
let name = '';

before(async () => {
	name = uniqueName('regex-hang');
	// One line of 2 MiB of "a" (what a minified bundle or a base64 blob in a log looks like to a regex), then a short one.
	made.push(await makeContainer({name, command: ['sh', '-c', "head -c 2097152 /dev/zero | tr '\\000' a; echo; echo tail-line; sleep 3600"]}));
});

after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

async function logsOfTheLongLine(): Promise<TerminalSession> {
	const session = startCli([], {columns: 140, rows: 30});
	sessions.push(session);
	await session.waitForText('● connected', 20_000);
	await filterList(session, name);
	session.press('Tab');
	await session.waitForText(`Logs · ${name}`);
	await session.waitForText('tail-line', 20_000);
	return session;
}

/**
 * The pattern typed as a person types it, then Enter. The first time, it goes in as plain text and
 * `r` turns it into a regular expression: the bottom line shows each step, so the keys never arrive as one burst.
 */
async function searchRegex(session: TerminalSession, pattern: string, isFirst: boolean): Promise<void> {
	session.type('/');
	await session.waitForText(isFirst ? 'search:' : 'search (regex):');
	session.type(pattern);
	await session.waitForText(pattern);
	session.press('Enter');
	if (isFirst) {
		await session.waitForText(`search: ${pattern}`);
		session.type('r');
	}
}

async function assertGivenBack(session: TerminalSession): Promise<void> {
	assert.deepEqual(terminalModes(session, ['cursor_flag']), {...CLEAN_MODES, cursor_flag: '1'});
	assert.ok(isCooked(session), 'the tty is back in cooked mode (icanon, echo)');
}

describe('catastrophic regular expressions on a 2 MB log line', () => {
	it('(a+)+b, (a|aa)*c and (.*a){20}: the pane answers every key, and SIGTERM gives the terminal back', async () => {
		const session = await logsOfTheLongLine();
		const patterns = ['(a+)+b', '(a|aa)*c', '(.*a){20}'];
		for (const [index, pattern] of patterns.entries()) {
			await searchRegex(session, pattern, index === 0);
			await session.waitForText(`regex: ${pattern}`, 10_000);
			// Only-matching answers too: the scan of every kept line is linear and sliced.
			session.type('o');
			const expected = pattern === '(.*a){20}' ? /only matching: [1-9]\d* lines?/ : 'only matching: 0 lines';
			await session.waitForText(expected, 15_000);
			session.type('o');
			await session.waitForText(new RegExp(`^(?![\\s\\S]*only matching:)[\\s\\S]*regex: ${pattern.replace(/[()+|*{}.]/g, '\\$&')}`), 10_000);
			session.press('Escape');
			await session.waitForText(/following|paused/, 10_000);
		}
		// A search running when SIGTERM arrives: the dashboard ends within seconds, the terminal clean.
		await searchRegex(session, '(.*a){20}', false);
		session.type('o');
		process.kill(await cliPid(session), 'SIGTERM');
		assert.equal(await session.waitForExit(15_000), 0);
		await assertGivenBack(session);
	});

	it('SIGINT (kill -INT) during a search also ends it and gives the terminal back', async () => {
		const session = await logsOfTheLongLine();
		await searchRegex(session, '(a|aa)*c', true);
		process.kill(await cliPid(session), 'SIGINT');
		assert.equal(await session.waitForExit(15_000), 0);
		await assertGivenBack(session);
	});
});

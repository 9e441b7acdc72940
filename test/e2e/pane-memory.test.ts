import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {TAB_CHORD_MS} from '../../source/app.js';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

describe('a pane keeps its filter, sort and selection for the session (issue 19)', () => {
	it('/prefix, the cursor on chatty, reversed: after the logs pane and back, the same rows, order and container, and 2 follows it', async () => {
		const prefix = uniqueName('keep');
		const alpha = `${prefix}-alpha`;
		const chatty = `${prefix}-chatty`;
		made.push(await makeContainer({name: alpha, command: ['sh', '-c', 'echo alpha says hello; sleep 3600']}));
		made.push(await makeContainer({name: chatty, command: ['sh', '-c', 'echo chatty says hello; sleep 3600']}));
		const session = startCli([], {columns: 160, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		await filterList(session, prefix);
		await session.waitForText(/Containers 2 of \d+/);
		// alpha sorts first; move to chatty, then reverse the order: the cursor stays on chatty.
		await session.waitForText(new RegExp(`› ${alpha}`));
		session.press('j');
		await session.waitForText(new RegExp(`› ${chatty}`));
		session.press('S');
		await session.waitForText('sort: state ↓');
		const reversed = session.screen();
		assert.ok(reversed.indexOf(chatty) < reversed.indexOf(alpha), reversed);
		assert.match(reversed, new RegExp(`› ${chatty}`));

		session.press('2');
		await session.waitForText(`Logs · ${chatty}`);
		await session.waitForText('chatty says hello');
		session.press('1');
		const back = await session.waitForText(/Containers 2 of \d+/);
		assert.match(back, new RegExp(`filter: ${prefix}`));
		assert.match(back, /sort: state ↓/);
		assert.match(back, new RegExp(`› ${chatty}`));
		assert.ok(back.indexOf(chatty) < back.indexOf(alpha), back);
		// 1 then 2 within the chord's time is tab 12 (issue 20): a person going back to Logs pauses after 1.
		await session.settled(TAB_CHORD_MS);
		session.press('2');
		await session.waitForText(`Logs · ${chatty}`);
		assert.doesNotMatch(session.screen(), /alpha says hello/);
		// The palette's jump to a container the kept filter hides lands on that container, not on one left in the list.
		const other = `${prefix.replace('keep', 'kept')}-other`;
		made.push(await makeContainer({name: other}));
		session.press('1');
		await session.waitForText(/Containers 2 of \d+/);
		session.type(':');
		await session.waitForText('Enter run');
		session.type(other);
		await session.waitForText(/1 match/);
		session.press('Enter');
		const jumped = await session.waitForText(new RegExp(`› ${other}`));
		assert.doesNotMatch(jumped, /filter: /);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

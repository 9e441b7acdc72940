/**
 * Keys typed in one read with a key that switches panes, in a real terminal on a real engine (issue 19's typing
 * family). Fast typing over SSH, or a paste, arrives in one read: "1/web" from Images must open Containers filtered by
 * web, not Images' filter. And a key the typing rule refuses keeps its line when a key that does nothing follows it in
 * the same read. (test/ui/typing.test.tsx has the same cases on a router whose turns come before React commits.)
 */
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

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('keys read with a pane switch reach the pane it shows (issue 19)', () => {
	it('"1/PREFIX-web" in one write from Images: Containers opens filtered to the web container, the filter field holding it', async () => {
		const prefix = uniqueName('burst');
		const web = `${prefix}-web`;
		const db = `${prefix}-db`;
		made.push(await makeContainer({name: web}), await makeContainer({name: db}));
		const session = startCli([], {columns: 160, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		// The positive control: both containers are listed under the prefix, so the web filter below has one to hide.
		await filterList(session, prefix);
		const both = await session.waitForText(/^Containers 2 of \d+/m);
		assert.match(both, new RegExp(`${escaped(web)}\\b`));
		assert.match(both, new RegExp(`${escaped(db)}\\b`));
		session.press('Escape');
		await session.waitForText(/^Containers \d+ · /m);
		session.press('3');
		await session.waitForText(/^Images /m);
		// One write, one read. Before, "/" opened Images' filter (React had not shown Containers yet), "we…" went into it,
		// and the rest of the name ran as Containers' keys ("`b` does nothing here").
		session.type(`1/${web}`);
		const filtered = await session.waitForText(`filter: ${web}`);
		assert.match(filtered, /^Containers 1 of \d+/m);
		assert.match(filtered, new RegExp(`› ${escaped(web)}\\b`));
		assert.doesNotMatch(filtered, new RegExp(escaped(db)));
		assert.doesNotMatch(filtered, /does nothing here/);
		session.press('Enter');
		await session.waitForText(/^Containers 1 of \d+/m);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('"6" and Esc in one write from a filtered Containers: Esc clears Volumes\' filter, Containers keeps its own', async () => {
		const prefix = uniqueName('esc');
		made.push(await makeContainer({name: `${prefix}-web`}), await makeContainer({name: `${prefix}-db`}));
		const session = startCli([], {columns: 160, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		await filterList(session, `${prefix}-web`);
		await session.waitForText(/^Containers 1 of \d+/m);
		session.press('6');
		await session.waitForText(/^Volumes /m);
		await filterList(session, 'zz');
		session.press('1');
		await session.waitForText(`filter: ${prefix}-web`);
		// One write: "6" then a lone Esc, which Ink hands over a turn later. Before, the Esc could reach Containers, being
		// left (its filter cleared), and Volumes kept the filter the user meant to clear.
		session.type('6\u001B');
		await session.waitForText(/^Volumes /m);
		await session.waitForText(/^(?![\s\S]*filter: zz)/);
		session.press('1');
		const back = await session.waitForText(/^Containers /m);
		assert.match(back, /^Containers 1 of \d+/m);
		assert.match(back, new RegExp(`filter: ${escaped(prefix)}-web`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('"x y" in one write on a running container: nothing is stopped and the line saying why stays', async () => {
		const name = uniqueName('xy');
		made.push(await makeContainer({name}));
		const session = startCli([], {columns: 160, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		await filterList(session, name);
		await session.waitForText(new RegExp(`› ${escaped(name)}\\b`));
		// x stops (a key that changes the engine), Space marks, y does nothing here: one write.
		session.type('x y');
		await session.waitForText('1 marked');
		const screen = await session.waitForText('`x` came in one piece with other keys (a paste?): stop not run — press x on its own');
		assert.doesNotMatch(screen, /`y` does nothing here/);
		assert.equal(await docker('inspect', '-f', '{{.State.Running}}', name), 'true');
		// The positive control: y read on its own says that it does nothing, as before.
		session.press('y');
		await session.waitForText('`y` does nothing here');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

/**
 * The command palette in a real terminal against the real engine (issue 20): images, volumes and
 * networks are found without visiting their panes, and choosing one puts the cursor on it in its
 * pane, so the next `d` acts on what was chosen; `docker volume ls` and `docker images` say so.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const prefix = uniqueName('pal');
const volumes = [`${prefix}-vol-a`, `${prefix}-vol-b`, `${prefix}-vol-c`];
const hidden = `${prefix}-vol-d`;
const later = `${prefix}-vol-later`;
const network = `${prefix}-net`;
const repo = `${prefix}-img`;

before(async () => {
	for (const volume of [...volumes, hidden]) await docker('volume', 'create', '--label', TEST_LABEL, volume);
	await docker('network', 'create', '--label', TEST_LABEL, network);
	for (const tag of ['one', 'two']) await docker('tag', BUSYBOX, `${repo}:${tag}`);
});

after(async () => {
	for (const session of sessions) session.stop();
	for (const volume of [...volumes, hidden, later]) await docker('volume', 'rm', volume).catch(() => undefined);
	await docker('network', 'rm', network).catch(() => undefined);
	for (const tag of ['one', 'two']) await docker('rmi', `${repo}:${tag}`).catch(() => undefined);
});

/** Opens the palette, types the query, and waits until the chosen line is the first one. */
async function choose(session: TerminalSession, query: string, line: RegExp): Promise<void> {
	session.press(':');
	await session.waitForText(/\d+ match/);
	session.type(query);
	await session.waitForText(line);
	session.press('Enter');
}

describe('the palette chooses objects of every kind, and the pane selects what was chosen', () => {
	it('a volume, an image tag and a network, found from the Containers pane; d then removes the one chosen', async () => {
		const session = startCli([], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');

		// The second volume: the pane's cursor must not stay on the first row.
		await choose(session, volumes[1]!, new RegExp(`› vol\\s+${volumes[1]}`));
		await session.waitForText(new RegExp(`› ${volumes[1]}`));
		await session.act('d');
		await session.waitForText(`Remove volume ${volumes[1]}?`);
		await session.confirm();
		await waitFor(async () => !(await docker('volume', 'ls', '-q')).split('\n').includes(volumes[1]!), {what: `${volumes[1]} to be removed`});
		assert.ok((await docker('volume', 'ls', '-q')).split('\n').includes(volumes[0]!), 'the other volume stays');

		// The second tag of the image: sorted by name it is not the first row.
		await choose(session, `${repo}:two`, new RegExp(`› img\\s+${repo}:two`));
		await session.waitForText(new RegExp(`› ${repo}:two`));
		await session.act('d');
		await session.waitForText(`Untag ${repo}:two?`);
		await session.confirm();
		await waitFor(async () => !(await docker('images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n').includes(`${repo}:two`), {what: `${repo}:two to be untagged`});
		assert.match(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(`${repo}:one`), 'the other tag stays');

		// Removed between the palette's listing and Enter: the pane says the cursor is on another row.
		session.press(':');
		await session.waitForText(/\d+ match/);
		session.type(volumes[2]!);
		await session.waitForText(new RegExp(`› vol\\s+${volumes[2]}`));
		await docker('volume', 'rm', volumes[2]!);
		session.press('Enter');
		await session.waitForText(`volume ${volumes[2]} is not in this list as last read: the cursor is on another row`);

		await choose(session, network, new RegExp(`› net\\s+${network}`));
		await session.waitForText(new RegExp(`› ${network}`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('a jump to a volume the kept filter hides lands on it with no false "not in this list" (issue 20, found by an adversarial pass)', async () => {
		const session = startCli([], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press('6');
		await session.waitForText(volumes[0]!);
		await filterList(session, 'vol-a');
		await session.waitForText(/Volumes 1 of \d+/);
		session.press('1');
		await session.waitForText(/Containers \d+/);
		// The Volumes pane opens with the jump, its filter kept: its first rows are the filtered ones.
		await choose(session, hidden, new RegExp(`› vol\\s+${hidden}`));
		await session.waitForText(new RegExp(`› ${hidden}`));
		// A change of the list after the jump: the pane has checked the jump against the whole list since.
		await docker('volume', 'create', '--label', TEST_LABEL, later);
		await session.waitForText(later);
		assert.doesNotMatch(session.screen(), /not in this list/, 'the jump was right: no message says otherwise');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

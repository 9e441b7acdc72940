/**
 * Adding and dropping an engine at run time (issue 14), in a real terminal against two private engines. dockdash
 * starts with one -H; `a` in the Engines pane adds the second: its containers, images and events join every pane with
 * their ENGINE value, and a stop on its row reaches it (its own `docker inspect` says so). `X` drops it after the
 * confirmation: its rows leave the panes, the engine sees dockdash's connections closed, and actions on the first
 * engine still work. The engine dashboard started on is dropped too: the next takes its place. Bad input is one
 * line; under --read-only both keys work (neither sends anything to an engine).
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {engineNames} from '../../source/model/multi-engine.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {BUSYBOX, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const execFileAsync = promisify(execFile);
const sessions: TerminalSession[] = [];
const work = mkdtempSync(path.join(os.tmpdir(), 'dd-join-e2e-'));
const dockerConfig = path.join(work, 'docker-config');
let first: PrivateEngine;
let second: PrivateEngine;

before(async () => {
	await execFileAsync('bash', ['scripts/engine.sh', 'plugins', dockerConfig]);
	[first, second] = await Promise.all([startPrivateEngine('join-a'), startPrivateEngine('join-b')]);
});

after(async () => {
	for (const session of sessions) session.stop();
	await Promise.all([first?.purge(), second?.purge()]);
	rmSync(work, {recursive: true, force: true});
});

const paneKey = (id: string) => String(PANES.findIndex(pane => pane.id === id) + 1);

/** A running container that stops at TERM at once. */
async function polite(engine: PrivateEngine, name: string): Promise<string> {
	return engine.docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done');
}
const status = (engine: PrivateEngine, id: string) => engine.docker('inspect', '-f', '{{.State.Status}}', id);

/**
 * Connections open to the engine's socket, as the kernel lists them (/proc/net/unix: the engine's accepted sockets
 * carry its socket's path, state 03 is connected). Only dockdash talks to a private engine between the test's own
 * short `docker` calls.
 */
function connectionsTo(engine: PrivateEngine): number {
	const socket = engine.host.replace(/^unix:\/\//, '');
	return readFileSync('/proc/net/unix', 'utf8')
		.split('\n')
		.filter(line => {
			const fields = line.trim().split(/\s+/);
			return fields[7] === socket && fields[5] === '03';
		}).length;
}

/** Opens the add field in the Engines pane, types the address, and submits it. */
async function addEngine(session: TerminalSession, host: string): Promise<void> {
	session.press('a');
	await session.waitForText('add engine (-H');
	session.type(host);
	await session.waitForText(`): ${host}`);
	session.press('Enter');
}

/** Asks to drop an engine from the palette: the dialog naming it shows (the caller answers it). */
async function askToDrop(session: TerminalSession, name: string, row = new RegExp(`› eng\\s+drop engine ${name}`)): Promise<void> {
	session.press(':');
	await session.waitForText(/\d+ match/);
	session.type(`drop engine ${name}`);
	await session.waitForText(row);
	session.press('Enter');
	await session.waitForText(`Drop engine ${name} from the view?`);
}

describe('an engine added and dropped at run time', () => {
	it('joins every pane and takes actions on its rows, then leaves them with its connections closed', async () => {
		const prefix = uniqueName('join');
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const [here, there] = [`${prefix}-here`, `${prefix}-there`];
		const hereId = await polite(first, here);
		const thereId = await polite(second, there);
		const session = startCli(['-H', first.host], {columns: 160, rows: 36});
		sessions.push(session);
		await session.waitForText('● connected');
		assert.equal(connectionsTo(second), 0, 'nothing talks to the second engine before it is added');

		session.press(paneKey('engines'));
		await session.waitForText('Engines 1');
		await addEngine(session, second.host);
		await session.waitForText(`added engine ${secondName} (${second.host})`);
		await session.waitForText(/Engines 2 · 2 connected/);
		// The pane it was added from stays in front, with both engines' rows.
		await session.waitForText(new RegExp(`${secondName}\\s+${there}\\s+▸ running`));
		await session.waitForText(new RegExp(`${firstName}\\s+${here}\\s+▸ running`));
		assert.ok(connectionsTo(second) >= 1, 'dockdash listens to the added engine (its event stream)');

		// Containers: its row with its ENGINE value; a stop on it reaches the second engine only.
		session.press(paneKey('containers'));
		await session.waitForText(/Containers \d+/);
		await filterList(session, prefix);
		await session.waitForText(new RegExp(`${secondName}\\s+${there}\\s+▸ running`));
		await session.waitForText(/2 of 2 engines/);
		session.press('j');
		await session.waitForText(new RegExp(`› ${secondName}\\s+${there}`));
		await session.act('x');
		await session.waitForText(`Stop ${there}`);
		await session.confirm();
		await waitFor(async () => (await status(second, thereId)) === 'exited', {what: `${there} to exit on the second engine`});
		assert.equal(await status(first, hereId), 'running', 'the first engine’s container was not touched');
		await session.waitForText(new RegExp(`${secondName}\\s+${there}\\s+■ exited`));
		// Images: the second engine's rows with its name. Events: its stop, named by its engine.
		session.press(paneKey('images'));
		// The ENGINE column may cut a long name with …: its start names it.
		await session.waitForText(new RegExp(`${secondName.slice(0, 16)}\\S*\\s+dockdash-test/busybox:latest`));
		await session.waitForText(new RegExp(`${firstName.slice(0, 16)}\\S*\\s+dockdash-test/busybox:latest`));
		session.press(paneKey('events'));
		await session.waitForText(/Events \d+ events/);
		await session.waitForText(new RegExp(`${secondName}\\s.*die\\s.*${there}`));

		// Drop: from the Engines pane, the selected row's engine, asked first.
		session.press(paneKey('engines'));
		await session.waitForText(/Engines 2 · 2 connected/);
		await filterList(session, there);
		await session.waitForText(new RegExp(`› ${secondName}\\s+${there}`));
		session.press('X');
		await session.waitForText(`Drop engine ${secondName} from the view?`);
		await session.waitForText('Nothing is sent to the engine: nothing on it changes.');
		await session.confirm();
		await session.waitForText(`dropped engine ${secondName} from the view`);
		await session.waitForText('Engines 1');
		// The Logs pane followed its container: it names the dropped engine, never "removed" (the container is there).
		session.press(paneKey('logs'));
		await session.waitForText(`The selected container's engine ${secondName} was dropped from the view (nothing on it changed)`);
		assert.doesNotMatch(session.screen(), /gone \(removed\)/);
		// Its connections close: no event stream, no kept-alive socket (the global agent's idle ones within its 5 s).
		await waitFor(() => connectionsTo(second) === 0, {timeoutMs: 20_000, what: () => `dockdash's connections to the dropped engine to close (${connectionsTo(second)} open)`});
		assert.equal(await status(second, thereId), 'exited', 'nothing on the dropped engine changed');

		// Its rows have left the panes; the first engine's stay, and an action on one reaches it.
		session.press(paneKey('images'));
		await session.waitForText(/Images \d+ · /);
		await session.waitForText(new RegExp(`› dockdash-test/busybox:latest`));
		assert.doesNotMatch(session.screen(), new RegExp(`${secondName.slice(0, 16)}\\S*\\s+dockdash-test`), 'the dropped engine’s images left the list');
		assert.doesNotMatch(session.screen(), /ENGINE/, 'one engine again: no ENGINE column');
		session.press(paneKey('events'));
		await session.waitForText(/Events \d+ events/);
		assert.doesNotMatch(session.screen(), new RegExp(`${there}`), 'the dropped engine’s events left the list');
		session.press(paneKey('containers'));
		await session.waitForText(/Containers \d+/);
		await filterList(session, prefix);
		await session.waitForText(new RegExp(`› ${here}\\s+▸ running`));
		assert.doesNotMatch(session.screen(), new RegExp(there));
		await session.act('x');
		await session.waitForText(`Stop ${here}`);
		await session.confirm();
		await waitFor(async () => (await status(first, hereId)) === 'exited', {what: `${here} to exit on the first engine`});
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('refuses bad input with one line, and adds and drops under --read-only', async () => {
		const [, secondName] = engineNames([first.host, second.host]) as [string, string];
		// A row of the first engine of its own, for X on it below.
		await polite(first, uniqueName('join-own'));
		const session = startCli(['-H', first.host, '--read-only', '--request-timeout', '8'], {columns: 160, rows: 36});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press(paneKey('engines'));
		await session.waitForText('Engines 1');
		await session.waitForText(/a add engine/);
		// No engine there: nothing added, one line naming the address.
		await addEngine(session, 'unix:///nonexistent/dockdash-join/docker.sock');
		await session.waitForText(/engine not added: .*unix:\/\/\/nonexistent\/dockdash-join\/docker\.sock/);
		await addEngine(session, 'bogus://somewhere');
		await session.waitForText(/engine not added: .*bogus:\/\/somewhere/);
		await addEngine(session, 'no-such-context-here');
		await session.waitForText(/engine not added: .*no-such-context-here/);
		await addEngine(session, first.host);
		await session.waitForText(`engine not added: ${first.host} is already shown`);
		assert.match(session.screen(), /Engines 1/);
		assert.doesNotMatch(session.screen(), /Error:|\s+at /, 'no stack trace');

		// Read-only: adding and dropping change the view, never an engine; `-H ADDRESS` typed whole is the address.
		await addEngine(session, `-H ${second.host}`);
		await session.waitForText(`added engine ${secondName}`);
		await session.waitForText(/Engines 2 · 2 connected/);
		// While another engine is being connected to (one that never answers), nothing is dropped: the add would
		// otherwise bring the dropped engine back (the adversarial pass).
		const silentSocket = path.join(work, 'silent.sock');
		const silent = net.createServer(socket => socket.on('error', () => undefined));
		await new Promise<void>(resolve => silent.listen(silentSocket, resolve));
		try {
			await addEngine(session, `unix://${silentSocket}`);
			await session.waitForText(`connecting to unix://${silentSocket}…`);
			await askToDrop(session, secondName);
			await session.confirm();
			await session.waitForText(`engine ${secondName} not dropped: an engine is being connected to; wait for it`);
			await session.waitForText(/engine not added: version: no answer from unix:\/\/\S+silent\.sock within 8 s/, 20_000);
			assert.match(session.screen(), /Engines 2 · 2 connected/);
		} finally {
			silent.close();
		}
		// The palette drops it too, asked first.
		await askToDrop(session, secondName);
		await session.confirm();
		await session.waitForText(`dropped engine ${secondName} from the view`);
		await session.waitForText('Engines 1');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('drops the engine the dashboard started on: the next one takes its place, and actions on it work', async () => {
		const prefix = uniqueName('dropown');
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const [here, there] = [`${prefix}-here`, `${prefix}-there`];
		const hereId = await polite(first, here);
		const thereId = await polite(second, there);
		const session = startCli(['-H', first.host, '-H', second.host], {columns: 160, rows: 36});
		sessions.push(session);
		session.press(paneKey('engines'));
		await session.waitForText(/Engines 2 · 2 connected/);
		// Both containers marked in Containers: the mark on the engine that stays outlives the drop, the dropped one's goes.
		session.press(paneKey('containers'));
		await session.waitForText(/Containers \d+/);
		await filterList(session, prefix);
		await session.waitForText(new RegExp(`${firstName}\\s+${here}`));
		await session.waitForText(new RegExp(`${secondName}\\s+${there}`));
		session.press('Space');
		await session.waitForText(/· 1 marked/);
		session.press('Space');
		await session.waitForText(/· 2 marked/);
		// The palette drops the engine dashboard started on, asked first.
		await askToDrop(session, firstName);
		await session.waitForText(`It is the dashboard’s own engine: ${secondName} takes its place.`);
		await session.confirm();
		await session.waitForText(`dropped engine ${firstName} from the view: nothing on it changed; ${secondName} is the dashboard’s own engine now`);
		await session.waitForText(/Containers \d+ .*· 1 marked/);
		await session.waitForText(new RegExp(`✓\\s*${there}\\s+▸ running`));
		assert.doesNotMatch(session.screen(), new RegExp(here));
		// The header names the engine left.
		assert.match(session.screen(), new RegExp(second.host.replace(/[/.]/g, '\\$&')));
		await waitFor(() => connectionsTo(first) === 0, {timeoutMs: 20_000, what: () => `dockdash's connections to the dropped first engine to close (${connectionsTo(first)} open)`});
		assert.equal(await status(first, hereId), 'running', 'nothing on the dropped engine changed');

		// Its rows have left the panes; the second engine's are there, and an action on one reaches it.
		session.press(paneKey('containers'));
		await session.waitForText(/Containers \d+/);
		await filterList(session, prefix);
		await session.waitForText(new RegExp(`›✓\\s*${there}\\s+▸ running`));
		assert.doesNotMatch(session.screen(), new RegExp(here));
		assert.doesNotMatch(session.screen(), /ENGINE/, 'one engine left: no ENGINE column');
		await session.act('x');
		await session.waitForText(`Stop ${there}`);
		await session.confirm();
		await waitFor(async () => (await status(second, thereId)) === 'exited', {what: `${there} to exit on the second engine`});
		assert.equal(await status(first, hereId), 'running', 'the dropped engine’s container was not touched');
		await session.waitForText(new RegExp(`${there}\\s+■ exited`));
		session.press(paneKey('events'));
		await session.waitForText(/Events \d+ events/);
		await session.waitForText(new RegExp(`die\\s.*${there}`));
		// The last engine is never dropped.
		session.press(paneKey('engines'));
		await session.waitForText('Engines 1');
		session.press('X');
		await session.waitForText(/only one engine: nothing to drop|is the only engine/);
		assert.doesNotMatch(session.screen(), /Drop engine .* from the view\?/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('does not drop the engine started on when the one to take its place does not answer: one line, nothing changes', async () => {
		const dead = `unix://${path.join(work, 'nothere.sock')}`;
		const [firstName, deadName] = engineNames([first.host, dead]) as [string, string];
		const session = startCli(['-H', first.host, '-H', dead, '--request-timeout', '3'], {columns: 160, rows: 36});
		sessions.push(session);
		await session.waitForText(new RegExp(`○ ${deadName.slice(0, 12)}`));
		await askToDrop(session, firstName, new RegExp(`› eng\\s+drop engine ${firstName}\\s`));
		await session.confirm();
		await session.waitForText(`engine ${firstName} not dropped: ${deadName}, which would take its place, does not answer`);
		assert.match(session.screen(), new RegExp(`dockdash · ${first.host.replace(/[/.]/g, '\\$&')}`), 'the header still names the engine started on');
		session.press(paneKey('engines'));
		await session.waitForText(/Engines 2 · 1 connected/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('a stack given with -f shows on an engine added at run time, as down there, and up brings it up on that engine', async () => {
		const [, secondName] = engineNames([first.host, second.host]) as [string, string];
		const name = uniqueName('joinstack');
		const folder = path.join(work, name);
		mkdirSync(folder);
		const stackFile = path.join(folder, 'compose.yaml');
		writeFileSync(stackFile, `name: ${name}\nservices:\n  app:\n    image: ${BUSYBOX}\n    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]\n    labels: {${TEST_LABEL.replace('=', ': "')}"}\n`);
		const session = startCli(['-H', first.host, '-f', stackFile], {columns: 170, rows: 36, env: {DOCKER_CONFIG: dockerConfig}});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press(paneKey('engines'));
		await session.waitForText('Engines 1');
		await addEngine(session, second.host);
		await session.waitForText(/Engines 2 · 2 connected/);
		session.press(paneKey('compose'));
		await session.waitForText(new RegExp(`${secondName.slice(0, 16)}\\S*\\s+▾ ${name}\\s+0/0\\s+down`), 20_000);
		await filterList(session, `engine:${secondName} ${name}`);
		await session.waitForText(new RegExp(`› ${secondName.slice(0, 16)}\\S*\\s+▾ ${name}`));
		await session.act('u');
		await session.waitForText(new RegExp(`${secondName.slice(0, 16)}\\S*\\s+▾ ${name}\\s+1/1\\s+1 running`), 30_000);
		await waitFor(async () => (await second.docker('ps', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.State}}')) === 'running', {what: `${name} running on the added engine`});
		assert.equal(await first.docker('ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}}'), '', 'nothing of it on the first engine');
		await second.docker('compose', '--file', stackFile, 'down').catch(() => undefined);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

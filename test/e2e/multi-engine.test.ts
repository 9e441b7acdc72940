/**
 * Several engines in one view, in a real terminal: a private engine, the test
 * engine and an address where no engine runs, all given with -H.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {engineNames} from '../../source/model/multi-engine.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {BUSYBOX, docker, makeContainer, removeContainers, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
let other: PrivateEngine;

before(async () => {
	other = await startPrivateEngine('multi');
});

after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	await other?.purge();
});

const execFileAsync = promisify(execFile);
const SYSTEM_SOCKET = '/var/run/docker.sock';

/** Whether an engine answers at the system socket (the "default" context), as the docker CLI would find out. */
async function systemEngineAnswers(): Promise<boolean> {
	return execFileAsync('docker', ['-H', `unix://${SYSTEM_SOCKET}`, 'version', '--format', '{{.Server.Version}}'], {timeout: 10_000}).then(
		() => true,
		() => false,
	);
}
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

describe('dockdash -H a -H b -H dead: the Engines pane', () => {
	it('shows every engine’s containers with their engine, a dead engine as failed, and stops a container on the right engine', async () => {
		const here = uniqueName('multi-here');
		const hereId = await makeContainer({name: here});
		made.push(hereId);
		const there = uniqueName('multi-there');
		const thereId = await other.docker('run', '-d', '--name', there, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, ...POLITE);
		const shared = process.env['DOCKER_HOST']!;
		const session = startCli(['-H', other.host, '-H', shared, '-H', 'unix:///nonexistent/dockdash/docker.sock'], {columns: 160, rows: 40});
		sessions.push(session);
		// With several engines the header shows each one's state; the Containers pane counts those that answer (issue 14).
		await session.waitForText(/[1-9]\d* of \d+ engines/);
		session.press(String(PANES.findIndex(pane => pane.id === 'engines') + 1));
		await session.waitForText(/Engines 3 · 2 connected/);
		// Only this test's rows, the private engine's first: the shared engine may list hundreds of others.
		await filterList(session, 'dd-multi-');
		await session.waitForText(/○ dockdash · failed: cannot reach the Docker Engine at unix:\/\/\/nonexistent\/dockdash\/docker\.sock/);
		await session.waitForText(new RegExp(`${path.basename(other.root)}\\s+${there}\\s+▸ running`));
		// The shared engine is whatever DOCKER_HOST names (a throwaway engine's socket folder, "local" for the
		// system socket, a host name for tcp://): named as dockdash names it, which test/model/multi-engine.test.ts pins.
		const sharedName = engineNames([other.host, shared, 'unix:///nonexistent/dockdash/docker.sock'])[1]!;
		const sharedPattern = sharedName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		await session.waitForText(new RegExp(`● ${sharedPattern} · \\d+ containers?`));
		// The ENGINE column cuts a long name (dockdash-ci-engine-28-containerd): its start, then the row.
		await session.waitForText(new RegExp(`${sharedPattern.slice(0, 12).replace(/\\$/, '')}\\S*\\s+${here}\\s+▸ running`));
		// The private engine was given first and holds one container: it is the first row, selected.
		// Every confirmation names the engine as well as the container (issue 20).
		session.press('x');
		await session.waitForText(`Stop ${there} (${thereId.slice(0, 12)}) on ${path.basename(other.root)}?`);
		await session.confirm();
		await session.waitForText(`stopped ${there}`);
		await waitFor(async () => (await other.docker('inspect', '-f', '{{.State.Status}}', thereId)) === 'exited', {what: `${there} exited on the private engine`});
		await session.waitForText(new RegExp(`${there}\\s+■ exited \\(0\\)`));
		// The other engine was not touched.
		assert.equal(await docker('inspect', '-f', '{{.State.Status}}', hereId), 'running');
		// The shared engine's row: its own engine is named.
		session.press('j');
		await session.act('x');
		await session.waitForText(`Stop ${here} (${hereId.slice(0, 12)}) on ${sharedName}?`);
		session.press('n');
		await session.waitForText('stop cancelled');
		assert.equal(await docker('inspect', '-f', '{{.State.Status}}', hereId), 'running');
		// A pane of the app's own engine names it too: the Containers pane shows the private engine.
		session.press('1');
		await session.waitForText(/Containers \d+ · /);
		await filterList(session, there);
		await session.act('d');
		await session.waitForText(`Remove ${there} (${thereId.slice(0, 12)}) on ${path.basename(other.root)}?`);
		session.press('n');
		await session.waitForText('remove cancelled');
		// The Swarm pane shows the app's own engine, and says which.
		session.press('Escape');
		for (let step = 0; step < PANES.findIndex(pane => pane.id === 'swarm'); step++) session.press('Tab');
		await session.waitForText(`Swarm of ${path.basename(other.root)}`);
		await session.waitForText('this engine is not part of a swarm');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('the Events pane shows every engine’s events with an ENGINE column, filters by engine, and a dead engine holds up none', async () => {
		const shared = process.env['DOCKER_HOST']!;
		const session = startCli(['--pane', 'events', '-H', other.host, '-H', shared, '-H', 'unix:///nonexistent/dockdash/docker.sock'], {columns: 200, rows: 40});
		sessions.push(session);
		const [otherName, sharedName] = engineNames([other.host, shared, 'unix:///nonexistent/dockdash/docker.sock']);
		// The dead engine's last hour cannot be read: said in the title, and the others' events are there.
		await session.waitForText(/the last hour could not be read: dockdash: cannot reach the Docker Engine/);
		const there = uniqueName('evthere');
		const here = uniqueName('evhere');
		await other.docker('volume', 'create', '--label', TEST_LABEL, there);
		await docker('volume', 'create', '--label', TEST_LABEL, here);
		try {
			const cut = (name: string) => name.slice(0, 10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			await session.waitForText(new RegExp(`^\\s*(› )?${cut(otherName!)}\\S*\\s+\\S+ \\S+\\s+volume\\s+create\\s+${there}\\s`, 'm'));
			await session.waitForText(new RegExp(`^\\s*(› )?${cut(sharedName!)}\\S*\\s+\\S+ \\S+\\s+volume\\s+create\\s+${here}\\s`, 'm'));
			// Filter by the private engine's name and the word volume: the shared engine's volume goes.
			await filterList(session, `${otherName} volume`);
			await session.waitForText(new RegExp(`volume\\s+create\\s+${there}\\s`));
			assert.doesNotMatch(session.screen(), new RegExp(here));
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			await other.docker('volume', 'rm', there).catch(() => undefined);
			await docker('volume', 'rm', here).catch(() => undefined);
		}
	});

	it('--all-contexts adds every docker context, named by its context', async () => {
		const config = mkdtempSync(path.join(tmpdir(), 'dockdash-contexts-'));
		try {
			await execFileAsync('docker', ['context', 'create', 'spare', '--docker', `host=${other.host}`], {env: {...process.env, DOCKER_CONFIG: config}});
			const there = uniqueName('ctx-there');
			await other.docker('create', '--name', there, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'true');
			const session = startCli(['--all-contexts'], {columns: 160, rows: 40, env: {DOCKER_CONFIG: config}});
			sessions.push(session);
			// With several engines the header shows each one's state; the Containers pane counts those that answer (issue 14).
			await session.waitForText(/[1-9]\d* of \d+ engines/);
			session.press(String(PANES.findIndex(pane => pane.id === 'engines') + 1));
			// The "default" context is always the system socket: which engines there are depends on whether one runs
			// there, and on whether it is the engine DOCKER_HOST chose (then it is named by that context).
			const shared = process.env['DOCKER_HOST']!;
			const isSharedDefault = shared === `unix://${SYSTEM_SOCKET}` || shared === 'unix:///run/docker.sock';
			const defaultAnswers = !isSharedDefault && (await systemEngineAnswers());
			await session.waitForText(isSharedDefault ? /Engines 2 ·/ : /Engines 3 ·/);
			// Only this test's row: the shared engine may list hundreds of others.
			await filterList(session, there);
			await session.waitForText(isSharedDefault ? '● default' : '● current');
			await session.waitForText('● spare');
			if (defaultAnswers) await session.waitForText('● default');
			else if (!isSharedDefault) await session.waitForText(`○ default · failed: cannot reach the Docker Engine at unix://${SYSTEM_SOCKET}`);
			await session.waitForText(new RegExp(`spare\\s+${there}\\s+`));
			// c on that row switches the whole dashboard to its context, as ":context spare" does (issue 14).
			assert.match(session.screen(), /c context/);
			session.press('c');
			await session.waitForText(`switched to context spare: ${other.host}`);
			await session.waitForText(`dockdash · context spare · ${other.host} · Docker`);
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			rmSync(config, {recursive: true, force: true});
		}
	});

	it('":context NAME" switches the whole dashboard to that context, and a dead one leaves it where it was', async () => {
		const config = mkdtempSync(path.join(tmpdir(), 'dockdash-contexts-'));
		try {
			const env = {...process.env, DOCKER_CONFIG: config};
			await execFileAsync('docker', ['context', 'create', 'spare', '--docker', `host=${other.host}`], {env});
			await execFileAsync('docker', ['context', 'create', 'dead', '--docker', 'host=unix:///nonexistent/dockdash/docker.sock'], {env});
			const here = uniqueName('ctxsw-here');
			made.push(await makeContainer({name: here}));
			const there = uniqueName('ctxsw-there');
			await other.docker('create', '--name', there, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'true');
			const shared = process.env['DOCKER_HOST']!;
			const session = startCli([], {columns: 160, rows: 40, env: {DOCKER_CONFIG: config}});
			sessions.push(session);
			await session.waitForText('● connected');
			await session.waitForText(`dockdash · ${shared} · Docker`);
			// Only this test's rows: the shared engine may list hundreds of others.
			await filterList(session, 'ctxsw');
			await session.waitForText(here);

			// An engine that does not answer: one line, and the dashboard stays on the engine it had.
			// Typing waits for the palette: keys sent before it is drawn would reach the pane (e opens a shell).
			const palette = async (text: string) => {
				session.press(':');
				await session.waitForText('Enter run · Esc close');
				session.type(text);
			};
			await palette('context dead');
			await session.waitForText(/context dead\s+unix:\/\/\/nonexistent\/dockdash\/docker\.sock/);
			session.press('Enter');
			// A message longer than the status line wraps onto the hint line at a space (issue 20): any space may be a line break.
			const refused = `could not switch to context dead, still on ${shared}: cannot reach the Docker Engine at unix:///nonexistent/`;
			await session.waitForText(new RegExp(refused.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+')));
			assert.match(session.screen(), new RegExp(`dockdash · ${shared.replace(/[/.]/g, '\\$&')} · Docker`));
			assert.ok(session.screen().includes(here), 'the old engine’s containers are still shown');

			// A live one: the header names the context and its engine, and the list is that engine's.
			await palette('context spare');
			await session.waitForText(new RegExp(`context spare\\s+${other.host.replace(/[/.]/g, '\\$&')}`));
			session.press('Enter');
			await session.waitForText(`switched to context spare: ${other.host}`);
			await session.waitForText(`dockdash · context spare · ${other.host} · Docker`);
			await session.waitForText(there);
			assert.ok(!session.screen().includes(here), 'the old engine’s containers are gone');

			// The palette now marks spare as the current context.
			await palette('context spare');
			await session.waitForText(new RegExp(`context spare\\s+current · ${other.host.replace(/[/.]/g, '\\$&')}`));
			session.press('Escape');
			session.press('q');
			assert.equal(await session.waitForExit(), 0);

			// Chosen with -c at the start, the context is named in the header the same way.
			const started = startCli(['-c', 'spare'], {columns: 160, rows: 40, env: {DOCKER_CONFIG: config}});
			sessions.push(started);
			await started.waitForText(`dockdash · context spare · ${other.host} · Docker`);
			started.press('q');
			assert.equal(await started.waitForExit(), 0);
		} finally {
			rmSync(config, {recursive: true, force: true});
		}
	});

	it('the palette searches every engine, each object labelled with its engine; a container of another engine opens on its row in Containers (issues 20 and 14)', async () => {
		const volume = uniqueName('rx-vol');
		await other.docker('volume', 'create', '--label', TEST_LABEL, volume);
		const here = uniqueName('pal-here');
		made.push(await makeContainer({name: here}));
		const shared = process.env['DOCKER_HOST']!;
		const otherName = path.basename(other.root);
		const sharedName = engineNames([other.host, shared])[1]!;
		try {
			const session = startCli(['-H', other.host, '-H', shared], {columns: 160, rows: 40});
			sessions.push(session);
			// With several engines the header shows each one's state; the Containers pane counts those that answer (issue 14).
			await session.waitForText(/[1-9]\d* of \d+ engines/);
			const palette = async (text: string, line: RegExp) => {
				session.press(':');
				await session.waitForText('Enter run · Esc close');
				session.type(text);
				await session.waitForText(line);
			};
			// The first engine's volume, found without visiting Volumes, named with its engine.
			await palette(volume, new RegExp(`› vol\\s+${volume}\\s+on ${otherName} · local`));
			session.press('Escape');
			// A container of the second engine: Enter lands on its row in the Containers pane, which lists every engine's (issue 14).
			await palette(here, new RegExp(`› ctr\\s+${here}\\s+on ${sharedName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · running`));
			session.press('Enter');
			await session.waitForText(/Containers \d+ · \d+ running · 2 of 2 engines/);
			await session.waitForText(new RegExp(`› \\S+\\s+${here}\\s+▸ running`));
			// A command the focused pane has acts on its row on screen, on that row's engine: `:stop` once switched
			// panes and stopped another pane's selection on the other engine (found by an adversarial pass).
			await palette('stop', /› cmd\s+stop \(SIGTERM/);
			session.press('Enter');
			await session.waitForText(new RegExp(`Stop ${here} \\([0-9a-f]{12}\\) on ${sharedName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?`));
			session.press('n');
			await session.waitForText('stop cancelled');
			await session.waitForText(new RegExp(`Containers \\d+ · \\d+ running · 2 of 2 engines[^]*› \\S+\\s+${here}\\s+▸ running`));
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			await other.docker('volume', 'rm', volume).catch(() => undefined);
		}
	});
});

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import net from 'node:net';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {CLEAN_MODES, terminalModes} from '../support/terminal-modes.js';
import {seeded, sendLiteral, typeLikeAPerson} from '../support/typing.js';

// The header's first line, which drops the name `dockdash` first when the terminal is narrow (issue 18).
const HEADER = /^(dockdash · )?[a-z]+:\/\/\S+ · Docker /m;
const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

/**
 * A TCP front for the engine's unix socket that can cut the exec attach
 * connections (the ones that POST /exec/ID/start), as a flaky network or a
 * proxy timeout would, while every other connection keeps working.
 */
async function cuttableEngineProxy(): Promise<{host: string; cutExecAttach: () => number; close: () => void}> {
	const socketPath = (process.env['DOCKER_HOST'] ?? '').replace(/^unix:\/\//, '');
	const attaches = new Set<net.Socket>();
	const all = new Set<net.Socket>();
	const server = net.createServer(client => {
		const upstream = net.connect(socketPath);
		all.add(client);
		// Connections are reused (keep-alive), so any request on one may be the attach.
		client.on('data', chunk => {
			if (/(^|\n)POST \S*\/exec\/[0-9a-f]+\/start/.test(chunk.toString('latin1'))) attaches.add(client);
		});
		client.pipe(upstream).pipe(client);
		const done = () => {
			client.destroy();
			upstream.destroy();
			all.delete(client);
			attaches.delete(client);
		};
		client.on('close', done).on('error', done);
		upstream.on('close', done).on('error', done);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		host: `tcp://127.0.0.1:${port}`,
		cutExecAttach: () => {
			const count = attaches.size;
			for (const socket of attaches) socket.destroy();
			return count;
		},
		close: () => {
			for (const socket of all) socket.destroy();
			server.close();
		},
	};
}

/** dockdash's PID: the pane runs `sh -c "env … node dist/cli.js; …"`, and env execs node, the shell's only child. */
function cliPid(session: TerminalSession): number {
	const panePid = execFileSync('tmux', ['display-message', '-p', '-t', session.name, '#{pane_pid}'], {encoding: 'utf8'}).trim();
	return Number(execFileSync('pgrep', ['-P', panePid], {encoding: 'utf8'}).trim().split('\n')[0]);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Starts dockdash with only the named container shown and selected. */
async function dashboardOn(name: string, env: Record<string, string> = {}): Promise<TerminalSession> {
	const session = startCli([], {columns: 120, rows: 30, env});
	sessions.push(session);
	await session.waitForText('● connected');
	await filterList(session, name);
	await session.waitForText(new RegExp(`› ${name}\\s`));
	return session;
}

/** A running container, dockdash on it, and a shell opened in it with `e`. */
async function shellIn(prefix: string, env: Record<string, string> = {}): Promise<{name: string; id: string; session: TerminalSession}> {
	const name = uniqueName(prefix);
	const id = await makeContainer({name});
	made.push(id);
	const session = await dashboardOn(name, env);
	session.press('e');
	await session.waitForText(`dockdash: sh in ${name}.`);
	return {name, id, session};
}

/** The normal screen, kept by tmux while the alternate one is shown. */
function normalScreen(session: TerminalSession): string {
	return execFileSync('tmux', ['capture-pane', '-p', '-a', '-t', session.name], {encoding: 'utf8'});
}

/** The execs the engine created in the container since a time (its own event log: ExecIDs forgets ended ones). */
async function execsCreated(id: string, sinceSeconds: number): Promise<string[]> {
	const until = String(Math.floor(Date.now() / 1000) + 1);
	const lines = await docker('events', '--since', String(sinceSeconds), '--until', until, '--filter', `container=${id}`, '--filter', 'event=exec_create', '--format', '{{.Action}}');
	return lines.split('\n').filter(Boolean);
}

async function shellProcesses(id: string): Promise<string[]> {
	const top = await docker('top', id, '-o', 'pid,args');
	return top.split('\n').slice(1).filter(line => !/sleep 3600$/.test(line.trim()));
}

describe('exec in a real terminal', () => {
	it('e opens a shell: commands run, Ctrl-C reaches the container, and exit brings the dashboard back with its terminal modes', async () => {
		const name = uniqueName('exec');
		const id = await makeContainer({name});
		made.push(id);
		const session = await dashboardOn(name);
		const dashboardModes = terminalModes(session);
		assert.equal(dashboardModes['alternate_on'], '1');
		assert.equal(dashboardModes['mouse_sgr_flag'], '1', 'dockdash reports the mouse by default');
		session.press('e');
		await session.waitForText(`dockdash: sh in ${name}. Exit the shell to return to the dashboard.`);
		session.type('echo hello-from-exec');
		session.press('Enter');
		await session.waitForText(/^hello-from-exec\s*$/m);
		// Ctrl-C interrupts the sleep in the container, not dockdash.
		session.type('sleep 300');
		session.press('Enter');
		await waitFor(async () => (await shellProcesses(id)).some(line => line.includes('sleep 300')), {what: 'sleep 300 in the container'});
		session.press('C-c');
		session.type('echo "after-ctrl-c-$((40 + 2))"');
		session.press('Enter');
		await session.waitForText(/^after-ctrl-c-42\s*$/m);
		// dockdash's own mouse reporting is off while the shell has the terminal.
		assert.equal(terminalModes(session)['mouse_any_flag'], '0');
		// The terminal size reached the shell, and a resize is forwarded.
		session.resize(100, 25);
		await waitFor(() => {
			session.type('stty size');
			session.press('Enter');
			return /^25 100\s*$/m.test(session.screen());
		}, {intervalMs: 300, what: () => `"25 100" from stty size; the screen was:\n${session.screen()}`});
		// Leave the modes a full-screen program might leave behind when it dies:
		// mouse reporting, bracketed paste, keypad mode, line drawing shifted out,
		// a hidden cursor and its own alternate screen.
		session.type(String.raw`printf '\033[?1000h\033[?1002h\033[?1006h\033[?2004h\033[?1h\033)0\016\033[?25l\033[?1049h'`);
		session.press('Enter');
		await waitFor(() => terminalModes(session)['mouse_sgr_flag'] === '1', {what: 'the child to switch the mouse on'});
		session.type('exit');
		session.press('Enter');
		// The header is plain text again: with shift-out still active its letters would be line-drawing glyphs.
		await session.waitForText(HEADER);
		await session.waitForText(`shell in ${name} exited with code 0`);
		await session.waitForText(new RegExp(`› ${name}\\s+▸ running`));
		// Exactly the modes dockdash had before: its own mouse reporting (normal, SGR) on again, the child's off.
		assert.deepEqual(terminalModes(session), dashboardModes);
		assert.equal(dashboardModes['mouse_button_flag'], '0');
		assert.deepEqual(await shellProcesses(id), []);
		// The dashboard has the keys again.
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('the shell runs on a screen of its own: a full-screen program in it draws and leaves there, and after exit and q nothing of it is left (issue 19)', async () => {
		const {name, session} = await shellIn('exscr');
		assert.equal(terminalModes(session)['alternate_on'], '1', 'the shell is on the alternate screen');
		session.type('echo "transcript-$((40 + 2))"');
		session.press('Enter');
		await session.waitForText(/^transcript-42\s*$/m);
		// What less and vim do: the alternate screen, a page, a key read, the normal screen back.
		session.type(String.raw`printf '\033[?1049hpager-%s' page; read -r key; printf '\033[?1049l'; echo "after-$key"`);
		session.press('Enter');
		const page = await session.waitForText(/^pager-page/m);
		assert.doesNotMatch(page, /transcript-42/, 'the page has the screen to itself');
		assert.equal(terminalModes(session)['alternate_on'], '1', 'the program\'s switch stays on the shell\'s screen');
		assert.doesNotMatch(normalScreen(session), /transcript-42|pager-page|sh in/, 'nothing reaches the screen dockdash started from');
		session.type('q');
		session.press('Enter');
		const back = await session.waitForText(/^after-q\s*$/m);
		assert.doesNotMatch(back, /pager-page/, 'the page is gone when the program leaves');
		session.type('echo still-typing');
		session.press('Enter');
		await session.waitForText(/^still-typing\s*$/m);
		session.type('exit');
		session.press('Enter');
		await session.waitForText(`shell in ${name} exited with code 0`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		const left = session.screen();
		assert.doesNotMatch(left, /transcript-42|pager-page|after-q|still-typing|dockdash: sh in/, left);
	});

	// "s" would re-sort the list, "4" switch panes and "x" ask to stop the container, were these keys the dashboard's.
	const typedAhead = 'echo "ahead-$((40 + 2))-sx"';
	it('keys typed once e has acted, before the shell is there, go to the shell and not to the dashboard', async () => {
		const name = uniqueName('exec-ahead');
		const id = await makeContainer({name});
		made.push(id);
		const session = await dashboardOn(name);
		session.press('e');
		// e acts once the typing gap has passed with no other key (issue 19); the shell is found after that.
		await session.settled();
		session.type(typedAhead);
		session.press('Enter');
		await session.waitForText(/^ahead-42-sx\s*$/m);
		session.type('exit');
		session.press('Enter');
		await session.waitForText(`shell in ${name} exited with code 0`);
		const screen = await session.waitForText(new RegExp(`› ${name}\\s+▸ running`));
		assert.match(screen, /sort: state ↑/);
		assert.match(screen, /^Containers 1 of \d+/m);
	});

	// A shell is no deletion, but a typed word's tail would land in a root shell in the container (issue 19).
	it('e inside a typed word or a paste opens no shell and sends the container nothing; e on its own does', async () => {
		const name = uniqueName('exec-word');
		const id = await makeContainer({name});
		made.push(id);
		const session = await dashboardOn(name);
		const since = Math.floor(Date.now() / 1000) - 1;
		// (The status line's refusal is soon replaced by what s and the pasted keys do.)
		await typeLikeAPerson(session, 'yes', seeded(19));
		await session.settled();
		sendLiteral(session, 'exit\r');
		// Longer than any gap: a shell that was going to open would be looking for one by now.
		await new Promise(resolve => setTimeout(resolve, 1000));
		assert.doesNotMatch(session.screen(), /dockdash: sh in|looking for a shell/);
		assert.deepEqual(await execsCreated(id, since), [], 'the engine created no exec in the container');
		assert.equal(await docker('inspect', '-f', '{{.State.Running}}', id), 'true');
		// Enter opened the details; back to the list, where e pressed on its own opens the shell.
		session.press('Escape');
		await session.waitForText(new RegExp(`› ${name}\\s`));
		await session.act('e');
		await session.waitForText(`dockdash: sh in ${name}.`);
		assert.notDeepEqual(await execsCreated(id, since), []);
		session.type('exit');
		session.press('Enter');
		await session.waitForText(`shell in ${name} exited with code 0`);
	});

	it('says why when the container is not running, and stays on the dashboard', async () => {
		const name = uniqueName('exec-idle');
		const id = await makeContainer({name, start: false});
		made.push(id);
		const session = await dashboardOn(name);
		session.press('e');
		await session.waitForText(`${name} is created: a shell needs a running container`);
		assert.equal(await docker('inspect', '-f', '{{len .ExecIDs}}', id), '0');
		assert.ok(session.isRunning());
	});

	const fates: Array<[string, string[], RegExp]> = [
		['dies', ['kill'], /shell in NAME exited with code \d+/],
		// rm -f kills first: the end of the stream may be seen before or after the removal, and before the exec has an
		// exit code (then it "ended", as honest as the others: seen once on 20.10 under load, the line gone before the wait's end).
		['is removed', ['rm', '-f'], /shell in NAME (ended: the container was removed|exited with code 137|ended\s*$)/m],
	];
	for (const [fate, command, expected] of fates) {
		it(`comes back when the container ${fate} under the shell`, async () => {
			const {name, id, session} = await shellIn('exec-fate');
			await docker(...command, id);
			await session.waitForText(new RegExp(expected.source.replace('NAME', name), expected.flags));
			await session.waitForText(HEADER);
			assert.equal(terminalModes(session)['alternate_on'], '1');
		});
	}

	it('comes back and hangs up the shell when the connection to the engine drops', async () => {
		const proxy = await cuttableEngineProxy();
		try {
			const {name, id, session} = await shellIn('exec-cut', {DOCKER_HOST: proxy.host});
			session.type('sleep 4444');
			session.press('Enter');
			await waitFor(async () => (await shellProcesses(id)).some(line => line.includes('sleep 4444')), {what: 'sleep 4444 in the container'});
			assert.equal(proxy.cutExecAttach(), 1);
			// The engine alone would keep this shell running (moby/moby#9098); dockdash hangs it up.
			await session.waitForText(`shell in ${name} closed; its processes were hung up`, 15_000);
			await session.waitForText(HEADER);
			assert.deepEqual(await shellProcesses(id), []);
		} finally {
			proxy.close();
		}
	});

	it('quitting dockdash with SIGTERM while in a shell ends the shell and gives the terminal back clean', async () => {
		const {id, session} = await shellIn('exec-term');
		session.type(String.raw`printf '\033[?1002h\033[?2004h'; sleep 4545`);
		session.press('Enter');
		await waitFor(async () => (await shellProcesses(id)).some(line => line.includes('sleep 4545')), {what: 'sleep 4545 in the container'});
		process.kill(cliPid(session), 'SIGTERM');
		assert.equal(await session.waitForExit(15_000), 0);
		assert.deepEqual(await shellProcesses(id), []);
		assert.deepEqual(terminalModes(session), CLEAN_MODES);
		// The shell ran on a screen of its own: nothing of it on the one dockdash gave back (issue 19).
		assert.doesNotMatch(session.screen(), /sleep 4545|dockdash: sh in/, session.screen());
	});

	it('leaves no shell in the container when the terminal goes away (the SSH session drops)', async () => {
		const {id, session} = await shellIn('exec-hup');
		session.type('sleep 4343');
		session.press('Enter');
		await waitFor(async () => (await shellProcesses(id)).some(line => line.includes('sleep 4343')), {what: 'sleep 4343 in the container'});
		const pid = cliPid(session);
		// Closing the tmux session hangs up the pty: dockdash gets SIGHUP and its stdin ends.
		session.stop();
		await waitFor(async () => (await shellProcesses(id)).length === 0, {
			timeoutMs: 15_000,
			what: 'the shell and its sleep to be gone from docker top',
		});
		assert.equal(await docker('inspect', '-f', '{{.State.Running}}', id), 'true');
		await waitFor(() => !isAlive(pid), {what: 'dockdash to exit after the hang-up'});
	});
});

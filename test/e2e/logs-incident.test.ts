/**
 * The logs pane as an incident needs it (issue 21), against the real engine in a real terminal: merged backlogs
 * in time order, saved files that hold each line whole, exits said plainly, progress bars and colours as sent.
 */
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const execFileAsync = promisify(execFile);
const made: string[] = [];
const sessions: TerminalSession[] = [];
const dirs: string[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** `docker logs ARGS` exactly as it prints (stdout, untrimmed). */
async function dockerLogs(...args: string[]): Promise<string> {
	const {stdout} = await execFileAsync('docker', ['logs', ...args], {maxBuffer: 256 * 1024 * 1024, encoding: 'utf8'});
	return stdout;
}

function saveDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'dockdash-incident-'));
	dirs.push(dir);
	return dir;
}

/** The one file S wrote, split into its header and its body (what follows the first empty line). */
async function savedFile(dir: string): Promise<{header: string; body: string}> {
	const file = await waitFor(() => readdirSync(dir)[0], {what: `a saved file in ${dir}`});
	const text = readFileSync(path.join(dir, file), 'utf8');
	const cut = text.indexOf('\n\n');
	return {header: text.slice(0, cut), body: text.slice(cut + 2)};
}

async function openLogs(name: string, env: Record<string, string> = {}, size = {columns: 140, rows: 30}): Promise<TerminalSession> {
	const session = startCli([], {...size, env});
	sessions.push(session);
	await session.waitForText('● connected');
	await filterList(session, name);
	return session;
}

describe('logs an incident can trust', () => {
	it('merges the backlogs of several containers in time order, on screen and in a saved file, as docker logs -t dates them', async () => {
		const prefix = uniqueName('merge');
		// Two containers that take turns: a at 0, 0.4, 0.8 … s; b in between.
		const script = (who: string, delay: string) => `sleep ${delay}; i=1; while [ $i -le 6 ]; do echo ${who}-line-$i; i=$((i+1)); sleep 0.4; done; echo ${who}-done; sleep 3600`;
		const [a, b] = await Promise.all([
			makeContainer({name: `${prefix}-a`, command: ['sh', '-c', script('aaa', '0')]}),
			makeContainer({name: `${prefix}-b`, command: ['sh', '-c', script('bbb', '0.2')]}),
		]);
		made.push(a, b);
		// Everything is written before the pane opens: all of it is backlog.
		await waitFor(async () => (await dockerLogs(a)).includes('aaa-done') && (await dockerLogs(b)).includes('bbb-done'), {timeoutMs: 20_000, what: 'both containers to finish writing'});
		const stamped = [...(await dockerLogs('-t', a)).split('\n'), ...(await dockerLogs('-t', b)).split('\n')].filter(Boolean);
		const expected = stamped
			.map(line => ({time: line.slice(0, line.indexOf(' ')), text: line.slice(line.indexOf(' ') + 1)}))
			.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0))
			.map(line => line.text);
		assert.equal(expected.length, 14);
		assert.notDeepEqual(expected.slice(0, 7), expected.filter(text => text.startsWith('aaa')), 'the containers interleave');

		const dir = saveDir();
		const session = await openLogs(prefix, {DOCKDASH_SAVE_DIR: dir}, {columns: 140, rows: 40});
		await session.waitForText(`${prefix}-b`);
		session.press('Space');
		await session.waitForText('1 marked');
		session.press('Space');
		await session.waitForText('2 marked');
		session.press('Tab');
		await session.waitForText('Logs · 2 marked containers');
		const screen = await session.waitForText(/aaa-done[\s\S]*bbb-done|bbb-done[\s\S]*aaa-done/);
		const shown = [...screen.matchAll(/(aaa|bbb)-(line-\d|done)/g)].map(match => match[0]);
		assert.deepEqual(shown, expected, `the screen in time order:\n${screen}`);
		await session.act('S');
		await session.waitForText(/saved \d+ lines to/);
		const {body} = await savedFile(dir);
		assert.deepEqual(
			body.split('\n').filter(line => / \| (aaa|bbb)-/.test(line)).map(line => line.replace(/^.*? \| /, '')),
			expected,
			`the saved file in time order:\n${body}`,
		);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('saves each line whole, as docker logs prints it, however long (787,584 characters is one line, not four)', async () => {
		const name = uniqueName('long-lines');
		// Distinct characters all along, so a line cut and joined elsewhere could not compare equal.
		const long = (n: number) => `seq 1 200000 | tr '\\n' ',' | head -c ${n}; echo`;
		const script = [`echo before`, long(787_584), `echo between`, long(300_001), `echo after-long-lines`, 'sleep 3600'].join('; ');
		made.push(await makeContainer({name, command: ['sh', '-c', script]}));
		await waitFor(async () => (await dockerLogs(name)).includes('after-long-lines'), {timeoutMs: 20_000, what: 'the container to write its lines'});
		const expected = await dockerLogs(name);
		assert.equal(expected.split('\n')[1]!.length, 787_584);

		const dir = saveDir();
		const session = await openLogs(name, {DOCKDASH_SAVE_DIR: dir});
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		await session.waitForText('after-long-lines', 20_000);
		await session.act('S');
		await session.waitForText('saved 5 lines to');
		const {header, body} = await savedFile(dir);
		assert.match(header, /^# dockdash: logs of .*: 5 lines, without the engine's timestamps/);
		assert.doesNotMatch(header, /cut/);
		assert.ok(body === expected, `the saved lines are docker logs' output byte for byte (lengths ${body.split('\n').map(line => line.length)} against ${expected.split('\n').map(line => line.length)})`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('wraps a line taller than the screen: neighbours stay, it scrolls by rows to its end, and following shows the end of the last line', async () => {
		const name = uniqueName('wrap');
		// Numbers of five columns in rows of 80 (82 columns less the 2 of the gutter): no number is cut by a wrap.
		const long = (from: number, to: number, start: string, end: string) => `printf '${start} '; seq ${from} ${to} | tr '\\n' ' '; echo ${end}`;
		const script = ['echo before-line', long(1000, 1600, 'MID-START', 'MID-END'), 'echo after-line', long(2000, 2400, 'LAST-START', 'LAST-END'), 'sleep 3600'].join('; ');
		made.push(await makeContainer({name, command: ['sh', '-c', script]}));
		const session = await openLogs(name, {}, {columns: 82, rows: 24});
		session.press('Tab');
		await session.waitForText('after-line');
		session.type('w');
		// Following: the last line's end at the bottom, the view full of its rows above.
		let screen = await session.waitForText('LAST-END');
		const rows = screen.split('\n');
		const body = rows.slice(rows.findIndex(row => row.startsWith('Logs · ')) + 1, rows.map(row => row.includes('LAST-END')).lastIndexOf(true) + 1);
		assert.ok(body.length >= 15 && body.every(row => /^ {2,3}\d{4} /.test(row)), `the view full of the last line's rows:\n${screen}`);
		assert.match(body.at(-1)!, /2400 LAST-END$/);

		// From the top, page by page to the end: every number of the middle line shows on the way, and its neighbours.
		session.type('g');
		screen = await session.waitForText('before-line');
		assert.match(screen, /before-line\n {2}MID-START 1000 1001/);
		// One row down: the first row of the long line goes out, not the whole line.
		session.press('Down');
		await waitFor(() => !session.screen().includes('before-line'), {what: () => `before-line to scroll out; the screen was:\n${session.screen()}`});
		assert.match(session.screen(), /^ {2}MID-START 1000/m);
		const seen = new Set<number>();
		for (let page = 0; page < 10 && !session.screen().includes('after-line'); page++) {
			for (const match of session.screen().matchAll(/\b1\d{3}\b/g)) seen.add(Number(match[0]));
			const before = session.screen();
			session.press('PageDown');
			await waitFor(() => session.screen() !== before, {what: 'the next page'});
		}
		for (const match of session.screen().matchAll(/\b1\d{3}\b/g)) seen.add(Number(match[0]));
		const missing = Array.from({length: 601}, (_, i) => 1000 + i).filter(n => !seen.has(n));
		assert.deepEqual(missing, [], 'every row of the long line can be reached');
		assert.match(session.screen(), /1600 MID-END\n {2}after-line/);
		session.type('G');
		await session.waitForText(/2400 LAST-END/);
		assert.match(session.screen(), /following/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('notes in the header a line longer than the ring’s budget, kept in part', async () => {
		const name = uniqueName('over-budget');
		made.push(await makeContainer({name, command: ['sh', '-c', "echo first; seq 1 100000 | tr '\\n' ',' | head -c 200000; echo; echo last-line; sleep 3600"]}));
		const dir = saveDir();
		// A small ring: 200,000 characters, so a line keeps at most 100,000.
		const session = await openLogs(name, {DOCKDASH_SAVE_DIR: dir, DOCKDASH_LOG_CHARS: '200000'});
		session.press('Tab');
		await session.waitForText('last-line', 20_000);
		await session.act('S');
		await session.waitForText(/saved \d+ lines to/);
		const {header, body} = await savedFile(dir);
		assert.match(header, /# line \d+ \(\S+\) is cut: its first 100,000 characters are kept, 100,000 more were not \(a line keeps at most half the ring's 200,000 characters\)/);
		assert.match(header, /: 3 lines, /);
		const cut = body.split('\n').find(line => line.startsWith('1,2,3,'));
		assert.equal(cut?.length, 100_000);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('says a killed container exited, with its code, and follows it when it starts again', async () => {
		const name = uniqueName('killed');
		const id = await makeContainer({name, command: ['sh', '-c', 'echo run-started-$(date +%s%N); sleep 3600']});
		made.push(id);
		const session = await openLogs(name);
		session.press('Tab');
		await session.waitForText('run-started-');
		await docker('kill', id);
		const screen = await session.waitForText('exited with code 137 (SIGKILL)', 15_000);
		assert.doesNotMatch(screen, /waiting for it to start|start again/, 'no restart policy: no promise that it comes back');
		assert.match(screen, /exited \(137\)/);
		assert.equal(await docker('inspect', '-f', '{{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}}', id), '137 no');
		await docker('start', id);
		await waitFor(() => (session.screen().match(/run-started-/g) ?? []).length === 2, {timeoutMs: 15_000, what: () => `the second run's line; the screen was:\n${session.screen()}`});
		await session.waitForText('started again');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('shows a TTY progress bar in its last state, sanitized, with its 256-colour index as sent', async () => {
		const name = uniqueName('progress');
		const script = [
			"bar=''; i=1; while [ $i -le 5 ]; do bar=\"$bar#\"; printf '\\rprogress %d0%% [%s]' $i \"$bar\"; i=$((i+1)); done; echo",
			// 50 KB of redraws with no newline: the engine stores it as 16 KiB messages, each with its own timestamp.
			"i=0; while [ $i -lt 2000 ]; do printf '\\r\\033[32mfetching\\033[0m %d%%' $((i % 100)); i=$((i+1)); done; echo",
			"printf 'half\\r\\033[2Jover\\n'",
			"printf '\\033[38;5;202morange-202\\033[0m\\n'",
			'echo tty-done; sleep 3600',
		].join('; ');
		made.push(await makeContainer({name, command: ['sh', '-c', script], extraArgs: ['-t']}));
		const session = await openLogs(name, {}, {columns: 140, rows: 30});
		session.press('Tab');
		const screen = await session.waitForText('tty-done', 15_000);
		assert.match(screen, /^ {2}progress 50% \[#####\] *$/m, `the last state only:\n${screen}`);
		assert.doesNotMatch(screen, /progress 10%|␍/);
		assert.match(screen, /^ {2}␛\[2Jover *$/m, 'what overwrote is still sanitized');
		assert.match(screen, /^ {2}fetching 99% *$/m, `a long redrawn line shows its last state, no timestamp of the engine's in it:\n${screen}`);
		const colored = execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', session.name], {encoding: 'utf8'});
		assert.match(colored, /\u001B\[38;5;202morange-202/, `the index as sent:\n${JSON.stringify(colored.split('\n').find(line => line.includes('orange')))}`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
after(() => {
	for (const session of sessions) session.stop();
});

function configHome(text: string): string {
	const home = mkdtempSync(path.join(tmpdir(), 'dockdash-xdg-'));
	mkdirSync(path.join(home, 'dockdash'));
	writeFileSync(path.join(home, 'dockdash', 'config.yaml'), text);
	return home;
}

function cli(args: string[], env: Record<string, string> = {}) {
	return spawnSync(process.execPath, ['dist/cli.js', ...args], {encoding: 'utf8', env: {...process.env, ...env}, timeout: 20_000});
}

describe('the config file, end to end', () => {
	it('--print-config shows the defaults when there is no file', () => {
		const result = cli(['--print-config'], {XDG_CONFIG_HOME: mkdtempSync(path.join(tmpdir(), 'dockdash-empty-'))});
		assert.equal(result.status, 0);
		assert.match(result.stdout, /^# no config file; these are the defaults\n/);
		assert.match(result.stdout, /refresh: 10\n/);
		assert.match(result.stdout, /protectLabel: dockdash\.protect=true/);
	});

	it('--print-config shows the file merged with flags', () => {
		const home = configHome('refresh: 3\nlogs: {tail: 50}\n');
		const result = cli(['--print-config', '--request-timeout', '7'], {XDG_CONFIG_HOME: home});
		assert.equal(result.status, 0);
		assert.match(result.stdout, new RegExp(`^# read from ${home}/dockdash/config\\.yaml`));
		assert.match(result.stdout, /refresh: 3\n/);
		assert.match(result.stdout, /tail: 50\n/);
		assert.match(result.stdout, /requestTimeout: 7\n/);
	});

	it('a bad file stops dockdash before it starts, naming file, line and field', () => {
		const home = configHome('refresh: 3\nlogs:\n  tail: many\n');
		const result = cli([], {XDG_CONFIG_HOME: home});
		assert.equal(result.status, 1);
		assert.equal(result.stderr, `dockdash: ${home}/dockdash/config.yaml:3:9: logs.tail must be a whole number from 0 to 10000000\n`);
	});

	it('a --config that does not exist is an error, not the defaults', () => {
		const result = cli(['--config', '/nonexistent/dockdash.yaml']);
		assert.equal(result.status, 1);
		assert.match(result.stderr, /^dockdash: cannot read the config file \/nonexistent\/dockdash\.yaml: no such file\n$/);
	});

	it('key overrides from the file drive the dashboard and its help', async () => {
		const home = configHome('keys:\n  app.quit: Q\n');
		const session = startCli([], {columns: 140, rows: 40, env: {XDG_CONFIG_HOME: home}});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press('?');
		await session.waitForText(/Q\s+quit/);
		session.press('Escape');
		// Help closed before q: Esc and q read together are one key, Alt-Q, as in any terminal (CI trial 2, load 13).
		await waitFor(() => !session.screen().includes('Keys · '), {what: 'help to close'});
		session.press('q'); // no longer bound
		// The key was heard (the dashboard says it does nothing), not lost: then it is known not to have quit.
		await session.waitForText('`q` does nothing here');
		assert.equal(session.isRunning(), true);
		session.press('Q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('a global key that a pane already uses is refused in one line, naming the file', () => {
		const home = configHome('keys:\n  app.quit: x\n');
		const result = cli([], {XDG_CONFIG_HOME: home});
		assert.equal(result.status, 1);
		assert.equal(result.stderr, `dockdash: ${home}/dockdash/config.yaml:2:13: key "x" would do both app.quit (everywhere) and containers.stop in Containers: change one of them in keys\n`);
	});

	it('--print-config refuses the file the dashboard refuses, with the same line (issue 19)', () => {
		const home = configHome('refresh: 5\nkeys:\n  containers.remove: [q]\n');
		const expected = `dockdash: ${home}/dockdash/config.yaml:3:23: key "q" would do both app.quit (everywhere) and containers.remove in Containers: change one of them in keys\n`;
		const printed = cli(['--print-config'], {XDG_CONFIG_HOME: home});
		assert.equal(printed.status, 1);
		assert.equal(printed.stdout, '');
		assert.equal(printed.stderr, expected);
		const dashboard = cli([], {XDG_CONFIG_HOME: home});
		assert.equal(dashboard.status, 1);
		assert.equal(dashboard.stderr, expected);
	});

	it('--print-config refuses what the dashboard refuses: a key two commands of a pane would share (issue 22)', () => {
		const home = configHome('keys:\n  containers.remove: [D]\n');
		const expected = `dockdash: ${home}/dockdash/config.yaml:2:23: key "D" would do both containers.remove and containers.removeWithVolumes in Containers: change one of them in keys\n`;
		for (const args of [['--print-config'], []]) {
			const result = cli(args, {XDG_CONFIG_HOME: home});
			assert.equal(result.status, 1, args.join(' '));
			assert.equal(result.stderr, expected);
			assert.equal(result.stdout, '');
		}
	});

	it('startPane and --pane take "cleanup", the Cleanup pane\'s name, as well as its id "prune" (issue 22)', async () => {
		const home = configHome('startPane: cleanup\n');
		const printed = cli(['--print-config'], {XDG_CONFIG_HOME: home});
		assert.equal(printed.status, 0, printed.stderr);
		assert.match(printed.stdout, /^startPane: prune$/m);
		const wrong = cli(['--pane', 'cleanups', '--print-config']);
		assert.equal(wrong.status, 1);
		assert.equal(wrong.stderr, 'dockdash: --pane: there is no pane "cleanups": choose one of containers, logs, images, layers, prune (cleanup), volumes, networks, engines, stats, compose, swarm, events\n');
		const session = startCli(['--pane', 'cleanup'], {columns: 150, rows: 40});
		sessions.push(session);
		await session.waitForText(/measured \d+s ago/, 30_000);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('logs.tail, logs.bufferLines and exec.shells from the file reach the logs pane and the shell key', async () => {
		const name = uniqueName('config-logs');
		const id = await makeContainer({name, command: ['sh', '-c', 'for i in $(seq 1 30); do echo "config line $i"; done; sleep 3600']});
		try {
			const home = configHome('logs:\n  tail: 5\n  bufferLines: 200\nexec:\n  shells: [dd-no-such-shell, "dd-other -l"]\n');
			const session = startCli([], {columns: 140, rows: 40, env: {XDG_CONFIG_HOME: home}});
			sessions.push(session);
			await session.waitForText('● connected');
			await filterList(session, name);
			session.type('e');
			await session.waitForText(`no shell in ${name}: tried dd-no-such-shell, dd-other -l`);
			session.press('Tab');
			await session.waitForText('config line 30');
			const screen = await session.waitForText('tail 5 · 5/200 lines');
			assert.doesNotMatch(screen, /config line 25\b/, 'only the last five lines');
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
			// DOCKDASH_EXEC_SHELLS wins over the file's exec.shells (read once at start, issue 15).
			const withEnv = startCli([], {columns: 140, rows: 40, env: {XDG_CONFIG_HOME: home, DOCKDASH_EXEC_SHELLS: 'dd-env-shell, dd-env-other -x'}});
			sessions.push(withEnv);
			await withEnv.waitForText('● connected');
			await filterList(withEnv, name);
			withEnv.type('e');
			await withEnv.waitForText(`no shell in ${name}: tried dd-env-shell, dd-env-other -x`);
			withEnv.press('q');
			assert.equal(await withEnv.waitForExit(), 0);
		} finally {
			await removeContainers(id);
		}
	});
});

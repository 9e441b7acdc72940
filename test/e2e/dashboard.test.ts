import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

function cli(args: string[], env: Record<string, string> = {}) {
	return spawnSync(process.execPath, ['dist/cli.js', ...args], {encoding: 'utf8', env: {...process.env, ...env}, timeout: 20_000});
}

describe('dockdash in a real terminal', () => {
	it('shows a container the test starts, and its state change when the test stops it', async () => {
		const session = startCli([], {columns: 140, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		const name = uniqueName('e2e');
		made.push(await makeContainer({name}));
		await session.waitForText(new RegExp(`${name}\\s+▸ running`));
		await docker('stop', '-t', '0', name);
		await session.waitForText(new RegExp(`${name}\\s+■ exited \\(137\\)`));
		session.press('q');
		await session.waitForExit();
	});

	it('draws its first frame whole: the list comes with its hint bar, not in a frame of its own before it (issue 16)', () => {
		// Every byte written to a real pty until the hint bar's first appearance (test/support/pty_record.py).
		const out = path.join(mkdtempSync(path.join(tmpdir(), 'dockdash-first-frame-')), 'raw.bin');
		const result = spawnSync('python3', ['test/support/pty_record.py', out, '160', '50', 'q quit', '--', process.execPath, 'dist/cli.js'], {encoding: 'utf8', env: process.env});
		assert.equal(result.status, 0, `dockdash never drew its hint bar: ${result.stderr}`);
		const raw = readFileSync(out, 'latin1');
		const beforeHints = raw.slice(0, raw.indexOf('q quit'));
		// The list's title was drawn (the positive control), and only once: a frame without hints came first when twice.
		assert.equal(beforeHints.match(/Containers \d+ /g)?.length, 1, `the title of the list before the first hint bar:\n${JSON.stringify(beforeHints.slice(-3000))}`);
	});

	it('makes no Intl.Segmenter before its first frame: ICU\'s break rules load for the first string that needs them (issue 16)', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-segmenters-'));
		const count = path.join(dir, 'count');
		const command = [process.execPath, '--require', './test/support/count-segmenters.cjs', 'dist/cli.js'];
		const result = spawnSync('python3', ['test/support/pty_record.py', path.join(dir, 'raw.bin'), '160', '50', 'q quit', '--', ...command], {encoding: 'utf8', env: {...process.env, DOCKDASH_TEST_SEGMENTERS_OUT: count}});
		assert.equal(result.status, 0, `dockdash never drew its hint bar: ${result.stderr}`);
		// 1: the preload's own (it counts), none of the dashboard's.
		assert.equal(readFileSync(count, 'utf8'), '1', 'Intl.Segmenters made by the time the first frame was written, the preload\'s own included');
	});

	it('leaves the alternate screen on quit: the shell screen is back', async () => {
		const session = startCli([], {columns: 100, rows: 24});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press('q');
		await session.waitForExit();
		assert.doesNotMatch(session.screen(), /● connected/);
	});
});

describe('dockdash on bad input: one line, exit code 1, no stack trace', () => {
	const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
		['an unknown flag', ['--frobnicate'], {}, /^dockdash: unknown option --frobnicate; see "dockdash --help"\n$/],
		['an unknown flag named as typed', ['--pane', 'logs', '--bogus-flag'], {}, /^dockdash: unknown option --bogus-flag; see "dockdash --help"\n$/],
		['an unknown negated flag named as typed', ['--no-bogus_thing=1'], {}, /^dockdash: unknown option --no-bogus_thing; see "dockdash --help"\n$/],
		['a malformed --host', ['--host', 'bogus://x'], {}, /^dockdash: --host "bogus:\/\/x" uses an unknown scheme bogus/],
		['an unknown context', ['--context', 'no-such-context'], {}, /^dockdash: docker context "no-such-context" does not exist/],
		['missing TLS files', [], {DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent'}, /^dockdash: TLS file \/nonexistent\/ca\.pem is missing/],
	];
	for (const [what, args, env, expected] of cases) {
		it(what, () => {
			const result = cli(args, env);
			assert.equal(result.status, 1);
			assert.match(result.stderr, expected);
			assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
			assert.doesNotMatch(result.stderr, /\n\s+at /);
		});
	}

	it('an engine that is not there names the socket and the fix', async () => {
		const session = startCli([], {columns: 220, env: {DOCKER_HOST: 'unix:///nonexistent/docker.sock'}});
		sessions.push(session);
		await session.waitForExit();
		assert.match(session.screen(), /dockdash: cannot reach the Docker Engine at unix:\/\/\/nonexistent\/docker\.sock: no such socket\. Start dockerd/);
	});

	it('a refused tcp port names the address', async () => {
		const session = startCli([], {columns: 220, env: {DOCKER_HOST: 'tcp://127.0.0.1:1'}});
		sessions.push(session);
		await session.waitForExit();
		assert.match(session.screen(), /dockdash: connection refused at tcp:\/\/127\.0\.0\.1:1/);
	});

	it('says it needs a terminal when stdout is not one', () => {
		const result = cli([]);
		assert.equal(result.status, 1);
		assert.match(result.stderr, /the dashboard needs a terminal/);
	});

	it('prints --version and --help', () => {
		assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
		const help = cli(['--help']);
		assert.equal(help.status, 0);
		assert.match(help.stdout, /--read-only/);
	});
});

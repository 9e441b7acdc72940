import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const {version} = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

async function showsContainer(command: string[], env: Record<string, string> = {}): Promise<void> {
	const name = uniqueName('packaged');
	made.push(await makeContainer({name}));
	const session = startCli([], {command, columns: 140, rows: 30, env});
	sessions.push(session);
	await session.waitForText(new RegExp(`${name}\\s+▸ running`), 20_000);
	session.press('q');
	assert.equal(await session.waitForExit(), 0);
}

describe('the npm package', () => {
	let prefix: string;
	let files: string[];
	before(() => {
		const work = mkdtempSync(path.join(tmpdir(), 'dockdash-pack-'));
		const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})) as Array<{filename: string; files: Array<{path: string}>}>;
		files = packed!.files.map(file => file.path).sort();
		prefix = path.join(work, 'prefix');
		// No dependencies to fetch: the bundle is the whole program.
		execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(work, packed!.filename)], {stdio: 'ignore'});
	});

	it('ships only what runs', () => {
		assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/bundle.js', 'dist/cli.js', 'dist/layers.js', 'package.json']);
	});

	it('installs into an empty prefix and runs: --version and the dashboard', async () => {
		const bin = path.join(prefix, 'bin', 'dockdash');
		assert.equal(execFileSync(bin, ['--version'], {encoding: 'utf8'}), `${version}\n`);
		await showsContainer([bin]);
	});
});

describe('the standalone executable (npm run build:binary)', () => {
	before(() => {
		execFileSync('npm', ['run', '-s', 'build:binary'], {stdio: 'ignore'});
	});

	it('runs without Node.js on the PATH: --version and the dashboard', async () => {
		const cache = mkdtempSync(path.join(tmpdir(), 'dockdash-cache-'));
		const env = {PATH: '/usr/bin:/bin', XDG_CACHE_HOME: cache};
		assert.equal(execFileSync('dist/dockdash', ['--version'], {encoding: 'utf8', env: {...process.env, ...env}}), `${version}\n`);
		await showsContainer([path.resolve('dist/dockdash')], env);
	});
});

/**
 * The V8 code cache that spares compiling the bundle at each start (scripts/lib/code-cache.mjs, issue 16):
 * written when missing, replaced when V8 refuses it (another Node or V8 version, other flags, a damaged file),
 * never the cause of an error, and never written when turned off or when there is nowhere to write it.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const {version} = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
const sessions: TerminalSession[] = [];
const made: string[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

function cacheHome(): {home: string; dir: string} {
	const home = mkdtempSync(path.join(tmpdir(), 'dockdash-cache-'));
	return {home, dir: path.join(home, 'dockdash')};
}

/** `dockdash --version` with these environment variables and Node flags; it must print the version and nothing else. */
function printsVersion(env: Record<string, string>, nodeFlags: string[] = []): void {
	const result = spawnSync(process.execPath, [...nodeFlags, 'dist/cli.js', '--version'], {encoding: 'utf8', env: {...process.env, ...env}, timeout: 20_000});
	assert.equal(result.stderr, '');
	assert.equal(result.stdout, `${version}\n`);
	assert.equal(result.status, 0);
}

const caches = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter(name => name.endsWith('.cache')).sort() : []);

describe('the code cache', () => {
	it('is written by a launch that found none, and kept by the next', () => {
		const {home, dir} = cacheHome();
		printsVersion({XDG_CACHE_HOME: home});
		const [file] = caches(dir);
		assert.match(file ?? '', new RegExp(`^cli-[0-9a-f]{8}-v8-[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}\\.brief\\.cache$`));
		const written = readFileSync(path.join(dir, file!));
		assert.ok(written.length > 100_000, `a cache of ${written.length} bytes`);
		assert.equal(statSync(path.join(dir, file!)).mode & 0o777, 0o600);
		printsVersion({XDG_CACHE_HOME: home});
		assert.deepEqual(caches(dir), [file]);
		assert.deepEqual(readFileSync(path.join(dir, file!)), written);
	});

	it('is replaced when damaged or refused by V8 (made under other V8 flags), never an error', () => {
		const {home, dir} = cacheHome();
		printsVersion({XDG_CACHE_HOME: home});
		const [file] = caches(dir);
		const full = path.join(dir, file!);
		writeFileSync(full, 'not a code cache');
		printsVersion({XDG_CACHE_HOME: home});
		assert.ok(readFileSync(full).length > 100_000, 'the damaged cache was replaced');
		// V8 checks its version and flags against the cache's: a cache made with other flags is refused, as one
		// of another Node version would be, and replaced by one this Node accepts.
		printsVersion({XDG_CACHE_HOME: home}, ['--no-lazy-feedback-allocation']);
		const other = readFileSync(full);
		printsVersion({XDG_CACHE_HOME: home});
		assert.notDeepEqual(readFileSync(full), other, 'the refused cache was replaced');
	});

	it('replaces caches of other builds at the same place, and leaves those of other installs and the binary', () => {
		const {home, dir} = cacheHome();
		printsVersion({XDG_CACHE_HOME: home});
		const [ours] = caches(dir);
		const place = ours!.slice(0, ours!.indexOf('-v8-'));
		const oldBuild = `${place}-v8-0123456789abcdef-${process.version}-${process.arch}.full.cache`;
		const elsewhere = `cli-00000000-v8-0123456789abcdef-${process.version}-${process.arch}.full.cache`;
		const binary = `binary-00000000-v8-0123456789abcdef-${process.version}-${process.arch}.full.cache`;
		writeFileSync(path.join(dir, oldBuild), 'x');
		writeFileSync(path.join(dir, binary), 'x');
		writeFileSync(path.join(dir, elsewhere), 'x');
		writeFileSync(path.join(dir, 'notes.txt'), 'x');
		writeFileSync(path.join(dir, ours!), 'damaged, so it is written again');
		printsVersion({XDG_CACHE_HOME: home});
		assert.deepEqual(readdirSync(dir).sort(), [binary, elsewhere, ours, 'notes.txt'].sort());
	});

	it('keeps the 16 most recently written caches of other installs, and no brief cache beside a full one (issue 16)', async () => {
		const {home, dir} = cacheHome();
		printsVersion({XDG_CACHE_HOME: home});
		const [brief] = caches(dir);
		assert.match(brief!, /\.brief\.cache$/);
		// 20 installs elsewhere, written a minute apart, the newest first.
		const others = Array.from({length: 20}, (_, index) => `cli-${String(index).padStart(8, '0')}-v8-0123456789abcdef-${process.version}-${process.arch}.full.cache`);
		for (const [index, other] of others.entries()) {
			writeFileSync(path.join(dir, other), 'x');
			const when = new Date(Date.now() - (index + 1) * 60_000);
			utimesSync(path.join(dir, other), when, when);
		}
		writeFileSync(path.join(dir, 'notes.txt'), 'x');
		// A dashboard run long enough to write its full cache.
		const session = startCli(['--pane', 'containers'], {env: {XDG_CACHE_HOME: home}});
		sessions.push(session);
		await session.waitForText(/Containers \d/);
		const full = brief!.replace(/\.brief\.cache$/, '.full.cache');
		await waitFor(() => existsSync(path.join(dir, full)), {timeoutMs: 20_000, what: 'the full cache'});
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		assert.deepEqual(readdirSync(dir).sort(), [full, 'notes.txt', ...others.slice(0, 15)].sort());
	});

	it('is not written when turned off, or when the cache folder cannot be made', () => {
		const {home, dir} = cacheHome();
		printsVersion({XDG_CACHE_HOME: home, DOCKDASH_CODE_CACHE: '0'});
		assert.deepEqual(caches(dir), []);
		const file = path.join(home, 'a-file');
		writeFileSync(file, '');
		printsVersion({XDG_CACHE_HOME: file});
		// Where mkdir answers ENOENT under a folder that exists, Node's recursive mkdir never returned: --version hung at exit.
		printsVersion({XDG_CACHE_HOME: '/proc/dockdash-no-such-folder'});
		assert.equal(existsSync('/proc/dockdash-no-such-folder'), false);
	});

	it('`dockdash layers` runs its own script, without the dashboard, with a code cache of its own (issue 16)', () => {
		// The dashboard's script carries Ink's build patches; the layers script carries none of them.
		const marker = (name: string) => `__dockdashPatches.push(${JSON.stringify(name)})`;
		assert.ok(readFileSync('dist/bundle.js', 'utf8').includes(marker('row-cached-ink-output')));
		const layersScript = readFileSync('dist/layers.js', 'utf8');
		for (const name of ['row-cached-ink-output', 'yoga-without-fetch', 'bounded-ink-measure-text']) assert.ok(!layersScript.includes(marker(name)), `${name} in dist/layers.js`);
		assert.ok(layersScript.length * 4 < readFileSync('dist/bundle.js', 'utf8').length, 'dist/layers.js is a fraction of the whole program');
		// A folder with the loader and the layers script only: `layers` runs; anything else needs bundle.js.
		const folder = mkdtempSync(path.join(tmpdir(), 'dockdash-dist-'));
		copyFileSync('dist/cli.js', path.join(folder, 'cli.js'));
		copyFileSync('dist/layers.js', path.join(folder, 'layers.js'));
		const {home, dir} = cacheHome();
		const run = (...args: string[]) => spawnSync(process.execPath, [path.join(folder, 'cli.js'), ...args], {encoding: 'utf8', env: {...process.env, XDG_CACHE_HOME: home}, timeout: 20_000});
		const noBundle = run('--version');
		assert.equal(noBundle.status, 1);
		assert.equal(noBundle.stderr, `dockdash: cannot read ${path.join(folder, 'bundle.js')} (ENOENT): reinstall dockdash\n`);
		const help = run('layers', '--help');
		assert.equal(help.stderr, '');
		assert.equal(help.status, 0);
		assert.match(help.stdout, /\$ dockdash layers IMAGE \[options\]/);
		const usage = run('layers');
		assert.equal(usage.status, 1);
		assert.equal(usage.stderr, 'dockdash: name an image (dockdash layers IMAGE) or an archive (--archive PATH)\n');
		// Its cache is its own: the whole program's cache, written beside it, stays.
		assert.equal(caches(dir).length, 1);
		copyFileSync('dist/bundle.js', path.join(folder, 'bundle.js'));
		assert.equal(run('--version').stdout, `${version}\n`);
		assert.equal(run('layers', '--help').status, 0);
		assert.equal(caches(dir).length, 2);
	});

	it('a bundle that is missing or damaged is one line naming the fix, never a stack trace', () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'dockdash-dist-'));
		copyFileSync('dist/cli.js', path.join(folder, 'cli.js'));
		const run = () => spawnSync(process.execPath, [path.join(folder, 'cli.js'), '--version'], {encoding: 'utf8', env: {...process.env, XDG_CACHE_HOME: cacheHome().home}, timeout: 20_000});
		const missing = run();
		assert.equal(missing.status, 1);
		assert.equal(missing.stderr, `dockdash: cannot read ${path.join(folder, 'bundle.js')} (ENOENT): reinstall dockdash\n`);
		writeFileSync(path.join(folder, 'bundle.js'), readFileSync('dist/bundle.js', 'utf8').slice(0, 100_000));
		const cut = run();
		assert.equal(cut.status, 1);
		assert.match(cut.stderr, /^dockdash: unexpected error: .+ \(please report this; DOCKDASH_DEBUG_LOG=FILE keeps its stack\)\n$/);
		// What the line promises holds for a bundle that fails before its own handler exists (the loader's line).
		const log = path.join(folder, 'debug.log');
		const logged = spawnSync(process.execPath, [path.join(folder, 'cli.js'), '--version'], {encoding: 'utf8', env: {...process.env, XDG_CACHE_HOME: cacheHome().home, DOCKDASH_DEBUG_LOG: log}, timeout: 20_000});
		assert.equal(logged.status, 1);
		const written = readFileSync(log, 'utf8');
		assert.match(written, /uncaught exception: /);
		assert.match(written, /SyntaxError: .+\n\s+at /);
		assert.ok(written.split('\n').every(line => line.length < 600), 'no line of the minified bundle whole in the log');
	});

	it('holds the first frame’s functions once the dashboard has run for a few seconds', async () => {
		const {home, dir} = cacheHome();
		const name = uniqueName('cache');
		made.push(await makeContainer({name}));
		const session = startCli([], {columns: 140, rows: 30, env: {XDG_CACHE_HOME: home}});
		sessions.push(session);
		await session.waitForText(new RegExp(`${name}\\s+▸ running`), 20_000);
		// Written 3 s after the start: wait for the file itself.
		const deadline = Date.now() + 20_000;
		while (!caches(dir).some(file => file.endsWith('.full.cache')) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
		const full = caches(dir).find(file => file.endsWith('.full.cache'));
		assert.ok(full, `no full cache in ${caches(dir).join(', ')}`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		// It holds more than a --version launch compiles: the panes' functions.
		const brief = cacheHome();
		printsVersion({XDG_CACHE_HOME: brief.home});
		assert.ok(statSync(path.join(dir, full)).size > statSync(path.join(brief.dir, caches(brief.dir)[0]!)).size * 2);
	});
});

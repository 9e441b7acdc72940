/**
 * Every shell and YAML example in README.md and docs/ is run here, as written (issue 22: the install lines and the
 * Configuration example failed when copied). Shell lines run in a copy of this checkout, in order, with HOME and
 * npm's global prefix in a temporary folder (so `npm install -g` installs there) and npm offline; lines that open
 * the dashboard run in a real terminal and are quit with q. YAML examples go through `--print-config` (the same
 * checks as the dashboard) and then start the dashboard. A line that cannot run here is listed below with the
 * reason, so a new example fails this test until it is run or its reason is written down.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

interface Block {
	file: string;
	line: number;
	lang: string;
	body: string;
}

/** The fenced code blocks of a Markdown file, with the line each starts on. */
function fencedBlocks(file: string): Block[] {
	const lines = readFileSync(file, 'utf8').split('\n');
	const blocks: Block[] = [];
	for (let index = 0; index < lines.length; index++) {
		const open = /^```(\S*)\s*$/.exec(lines[index]!);
		if (!open) continue;
		const end = lines.findIndex((line, at) => at > index && line.startsWith('```'));
		assert.ok(end > index, `${file}:${index + 1}: a code block that is never closed`);
		blocks.push({file, line: index + 1, lang: open[1]!, body: lines.slice(index + 1, end).join('\n')});
		index = end;
	}
	return blocks;
}

/** A shell line as a reader copies it: without its trailing comment. */
const commandOf = (line: string) => line.replace(/\s+#\s.*$/, '').trim();

const DOCS = ['README.md', ...readdirSync('docs').filter(name => name.endsWith('.md')).sort().map(name => `docs/${name}`)];
const blocks = DOCS.flatMap(fencedBlocks);
const shellLines = blocks.filter(block => block.lang === 'sh').flatMap(block => block.body.split('\n').map(commandOf).filter(Boolean));

interface Context {
	/** The copy of this checkout the lines run in. */
	work: string;
	home: string;
	prefix: string;
	/** Holds a `dockdash` that is the copy's build, for the lines that assume dockdash is installed. */
	bin: string;
}

type Runner = (context: Context, line: string) => Promise<void> | void;
type Example = {run: Runner} | {skip: string; coveredBy?: {file: string; text: string}};

const made: TerminalSession[] = [];
let privateEngine: PrivateEngine | undefined;

function environment(context: Context): Record<string, string> {
	return {
		HOME: context.home,
		PATH: `${context.bin}:${context.prefix}/bin:${process.env['PATH'] ?? ''}`,
		npm_config_prefix: context.prefix,
		npm_config_offline: 'true',
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

function sh(context: Context, line: string, env: Record<string, string> = {}) {
	const result = spawnSync('sh', ['-c', line], {cwd: context.work, env: {...process.env, ...environment(context), ...env}, encoding: 'utf8', timeout: 240_000});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}`};
}

/** Runs a line in a shell and expects exit code 0. */
function succeeds(context: Context, line: string) {
	const result = sh(context, line);
	assert.equal(result.status, 0, `${line} failed:\n${result.output}`);
	return result;
}

/** Runs a line that opens the dashboard in a real terminal: it must reach the engine, then quit on q with exit code 0. */
async function opensDashboard(context: Context, line: string, options: {beforeDashboard?: (session: TerminalSession) => Promise<void>; shows?: string | RegExp} = {}): Promise<void> {
	const session = startCli([], {command: ['sh', '-c', `cd '${context.work}' && ${line}`], columns: 150, rows: 40, env: environment(context)});
	made.push(session);
	await options.beforeDashboard?.(session);
	await session.waitForText('● connected', 120_000);
	if (options.shows) await session.waitForText(options.shows);
	session.press('q');
	assert.equal(await session.waitForExit(20_000), 0);
}

const installed = (context: Context, where = context.prefix) => path.join(where, 'bin', 'dockdash');
const versionOf = (bin: string) => execFileSync(bin, ['--version'], {encoding: 'utf8'}).trim();
const {version} = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};

const EXAMPLES: Record<string, Example> = {
	'npm install': {run: (context, line) => void succeeds(context, line)},
	'npm start': {run: async (context, line) => opensDashboard(context, line)},
	'npm start -- --read-only': {run: async (context, line) => opensDashboard(context, line, {shows: '· read-only'})},
	'npm install && npm pack': {
		run: (context, line) => {
			succeeds(context, line);
			assert.ok(existsSync(path.join(context.work, `dockdash-${version}.tgz`)), 'npm pack wrote no tarball');
		},
	},
	'npm install -g ./dockdash-0.1.0.tgz': {
		run: (context, line) => {
			succeeds(context, line);
			assert.equal(versionOf(installed(context)), version);
		},
	},
	'npx --package ./dockdash-0.1.0.tgz dockdash': {
		run: async (context, line) =>
			opensDashboard(context, line, {
				// What a person sees the first time: npx asks before it installs the package into its cache.
				beforeDashboard: async session => {
					await session.waitForText('Ok to proceed?', 60_000);
					session.press('y', 'Enter');
				},
			}),
	},
	'npm uninstall -g dockdash': {
		run: (context, line) => {
			succeeds(context, line);
			assert.equal(existsSync(installed(context)), false, 'the dockdash command is still there');
			assert.equal(existsSync(path.join(context.prefix, 'lib', 'node_modules', 'dockdash')), false, 'the package is still there');
		},
	},
	'npm install -g --prefix ~/.local ./dockdash-0.1.0.tgz': {
		run: (context, line) => {
			succeeds(context, line);
			assert.equal(versionOf(installed(context, path.join(context.home, '.local'))), version);
		},
	},
	'npm uninstall -g --prefix ~/.local dockdash': {
		run: (context, line) => {
			succeeds(context, line);
			assert.equal(existsSync(installed(context, path.join(context.home, '.local'))), false);
			assert.deepEqual(readdirSync(path.join(context.home, '.local', 'lib', 'node_modules')), []);
		},
	},
	'npm install -g dockdash': {skip: 'dockdash is not published to the npm registry yet (the README says so beside it)'},
	'npx dockdash': {skip: 'dockdash is not published to the npm registry yet (the README says so beside it)'},
	'npm install && npm run build:binary': {
		skip: 'builds a 96 MiB executable; test/e2e/package.test.ts builds it with npm run build:binary and runs it without Node on the PATH',
		coveredBy: {file: 'test/e2e/package.test.ts', text: "'build:binary'"},
	},
	'dockdash -H ssh://deploy@prod-1': {
		skip: 'needs a real server; ssh:// is run against a loopback sshd in test/e2e/remote.test.ts',
		coveredBy: {file: 'test/e2e/remote.test.ts', text: 'ssh://'},
	},
	'DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=~/.docker/prod dockdash -H tcp://prod-1:2376': {
		skip: 'needs a real server; DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are run against a private --tlsverify engine in test/docker/tls.test.ts',
		coveredBy: {file: 'test/docker/tls.test.ts', text: 'DOCKER_CERT_PATH'},
	},
	'dockdash --context default --host unix:///var/run/docker.sock': {
		run: (context, line) => {
			const result = sh(context, line);
			assert.equal(result.status, 1);
			assert.equal(result.stderr, 'dockdash: --host and --context cannot be used together: choose one\n');
		},
	},
	'dockdash prune --containers --dangling --dry-run': {
		run: (context, line) => {
			const result = sh(context, line);
			// 0: a plan was printed, 3: nothing to do; either way nothing was removed.
			assert.ok(result.status === 0 || result.status === 3, `${line} exited ${result.status}:\n${result.output}`);
			assert.match(result.stdout, /^Total: \d+ objects?, /m);
		},
	},
	'dockdash prune --all --until 7d --filter label!=keep --yes': {
		// It removes for real, so on an engine of its own: the shared one holds other tests' objects.
		run: async (context, line) => {
			privateEngine = await startPrivateEngine('readme-prune');
			const young = await privateEngine.docker('create', '--name', 'readme-young', 'dockdash-test/busybox', 'true');
			const kept = await privateEngine.docker('create', '--label', 'keep', '--name', 'readme-keep', 'dockdash-test/busybox', 'true');
			const result = sh(context, line, {DOCKER_HOST: privateEngine.host});
			assert.ok(result.status === 0 || result.status === 3, `${line} exited ${result.status}:\n${result.output}`);
			assert.doesNotMatch(result.stderr, /^dockdash: /m);
			// Made a moment ago, so --until 7d keeps it; the other is kept by its label as well.
			const left = await privateEngine.docker('ps', '-aq', '--no-trunc');
			assert.ok(left.includes(young) && left.includes(kept), `the prune removed a container it should have kept:\n${result.output}`);
		},
	},
	'npm test': {skip: 'the command that runs this file; CI runs it on a clean checkout (.ci/run)', coveredBy: {file: '.ci/run', text: 'npm test'}},
	'npm test -- --unit': {skip: 'a part of npm test, which CI runs on a clean checkout (.ci/run)', coveredBy: {file: '.ci/run', text: 'npm test'}},
	'npm run typecheck': {skip: 'CI runs it on a clean checkout (.ci/run)', coveredBy: {file: '.ci/run', text: 'npm run typecheck'}},
};

after(async () => {
	for (const session of made) session.stop();
	await privateEngine?.purge();
});

describe('the examples in README.md and docs/', () => {
	it('are fenced as sh or yaml, so this test finds every one of them', () => {
		for (const block of blocks) assert.ok(['sh', 'yaml'].includes(block.lang), `${block.file}:${block.line}: a code block fenced as "${block.lang}"; fence it as sh or yaml`);
		assert.ok(shellLines.length > 10 && blocks.some(block => block.lang === 'yaml'));
	});

	it('are each run below or skipped with a reason, and this list holds no line the docs lost', () => {
		assert.deepEqual([...new Set(shellLines)].sort(), Object.keys(EXAMPLES).sort());
		for (const [line, example] of Object.entries(EXAMPLES)) {
			if ('coveredBy' in example && example.coveredBy) {
				assert.ok(readFileSync(example.coveredBy.file, 'utf8').includes(example.coveredBy.text), `${line}: ${example.coveredBy.file} no longer runs it`);
			}
		}
	});
});

describe('the shell examples, run as written', {timeout: 900_000}, () => {
	const context: Context = {work: '', home: '', prefix: '', bin: ''};
	before(() => {
		const root = mkdtempSync(path.join(tmpdir(), 'dockdash-readme-'));
		Object.assign(context, {work: path.join(root, 'dockdash'), home: path.join(root, 'home'), prefix: path.join(root, 'prefix'), bin: path.join(root, 'bin')});
		for (const folder of [context.work, context.home, context.prefix, context.bin]) mkdirSync(folder, {recursive: true});
		// The checkout as it is now (tracked and new files, not what .gitignore leaves out: no dist/, no node_modules/).
		const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {encoding: 'utf8'}).split('\0').filter(Boolean);
		for (const file of files) if (existsSync(file)) cpSync(file, path.join(context.work, file), {recursive: true});
		// node_modules hard-linked, so `npm install` finds it complete and fetches nothing (a fresh clone's install
		// is what CI's npm ci does); a copy where hard links cannot be made.
		if (spawnSync('cp', ['-al', 'node_modules', context.work]).status !== 0) cpSync('node_modules', path.join(context.work, 'node_modules'), {recursive: true});
		symlinkSync(path.join(context.work, 'dist', 'cli.js'), path.join(context.bin, 'dockdash'));
	});
	after(() => {
		rmSync(path.dirname(context.work), {recursive: true, force: true});
	});

	for (const line of [...new Set(shellLines)]) {
		const example = EXAMPLES[line];
		if (example && 'run' in example) it(line, async () => example.run(context, line));
		else it(line, {skip: example && 'skip' in example ? example.skip : 'not in the list above'}, () => {});
	}
});

describe('the YAML examples, through the checks the dashboard makes', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'dockdash-readme-yaml-'));
	after(() => rmSync(folder, {recursive: true, force: true}));
	for (const block of blocks.filter(candidate => candidate.lang === 'yaml')) {
		it(`${block.file}:${block.line} is a config dockdash accepts and starts with`, async () => {
			const file = path.join(folder, `line-${block.line}.yaml`);
			writeFileSync(file, block.body);
			const printed = spawnSync(process.execPath, ['dist/cli.js', '--config', file, '--print-config'], {encoding: 'utf8'});
			assert.equal(printed.stderr, '');
			assert.equal(printed.status, 0);
			assert.ok(printed.stdout.startsWith(`# read from ${file}\n`));
			const session = startCli(['--config', file], {columns: 150, rows: 40});
			made.push(session);
			await session.waitForText('● connected', 30_000);
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		});
	}
});

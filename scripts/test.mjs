// The README's test command (`npm test`): finds an engine or starts a throwaway
// one, builds the fixture images and the CLI, runs every test file with Node's
// test runner, then removes what the tests made and stops what it started.
//
//   npm test                 everything
//   npm test -- --unit       only tests that need no engine
//   npm test -- --engine     only tests that need the engine (.ci/run runs them once per engine kind)
//   npm test -- FILE...      only these files
// DOCKER_HOST picks the engine; without one that answers, a throwaway engine of
// DOCKDASH_ENGINE_KIND (scripts/engine.sh: 20.10, 28 or 28-containerd) is started.
import {execFileSync, spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const engineOnly = args.includes('--engine');
const explicitFiles = args.filter(arg => !arg.startsWith('--'));

function findTests(dir) {
	const out = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) {
			// test/vm runs inside a VM of its own: npm run test:cgroup2.
			if (entry !== 'support' && entry !== 'fixtures' && entry !== 'vm') out.push(...findTests(full));
		} else if (/\.test\.tsx?$/.test(entry)) out.push(full);
	}
	return out.sort();
}

// Tests under test/docker, test/e2e, test/integration and test/reliability need the engine.
const isUnit = file => !/^test\/(docker|e2e|integration|reliability)\//.test(file);
let files = explicitFiles.length > 0 ? explicitFiles : findTests('test');
if (unitOnly) files = files.filter(isUnit);
if (engineOnly) files = files.filter(file => !isUnit(file));

const needsEngine = files.some(file => !isUnit(file));
let startedEngine = false;
const env = {...process.env, DOCKDASH_TEST_RUN: process.env.DOCKDASH_TEST_RUN || `run-${process.pid}-${Date.now()}`};
// Ink decides when it is imported that a CI run gets no frames until it exits. The bundle patches that decision out
// (scripts/build.mjs; test/e2e/build-patches.test.ts runs the CLI with CI=true), but component and frame tests import
// Ink itself, so the test processes run without CI: a CI runner's CI=true would otherwise blank every frame they read.
delete env.CI;

function engineAnswers(host) {
	const result = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {env: {...process.env, DOCKER_HOST: host}, encoding: 'utf8', timeout: 10_000});
	return result.status === 0 ? result.stdout.trim() : undefined;
}

if (needsEngine) {
	// The engine tests also drive a registry, sshd, tmux and openssl for real: install what is missing.
	execFileSync('bash', ['scripts/engine.sh', 'deps'], {stdio: 'inherit'});
	const candidate = process.env.DOCKER_HOST;
	const version = candidate ? engineAnswers(candidate) : undefined;
	if (candidate && version) {
		console.log(`test setup: using the engine at DOCKER_HOST=${candidate} (Docker ${version})`);
	} else {
		if (candidate) console.log(`test setup: DOCKER_HOST=${candidate} does not answer; starting a throwaway engine instead`);
		const running = spawnSync('bash', ['scripts/engine.sh', 'env'], {encoding: 'utf8'}).stdout.trim();
		const line = running || execFileSync('bash', ['scripts/engine.sh', 'start'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']}).trim();
		startedEngine = !running;
		env.DOCKER_HOST = line.replace(/^DOCKER_HOST=/, '');
		console.log(`test setup: ${startedEngine ? 'started' : 'reusing'} the throwaway engine at DOCKER_HOST=${env.DOCKER_HOST} (Docker ${engineAnswers(env.DOCKER_HOST)})`);
	}
	execFileSync('bash', ['test/support/fixtures.sh'], {env, stdio: 'inherit'});
	execFileSync('node', ['scripts/build.mjs'], {stdio: 'inherit'});
}

const concurrency = process.env.DOCKDASH_TEST_CONCURRENCY || '2';
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--import', './test/support/ink-output.mjs', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...files],
	{env, stdio: 'inherit'},
);

if (needsEngine) {
	// Nothing a test did may be left behind, even when a test crashed before its own cleanup.
	spawnSync('bash', ['test/support/cleanup.sh'], {env, stdio: 'inherit'});
	if (startedEngine && !process.env.DOCKDASH_KEEP_ENGINE) spawnSync('bash', ['scripts/engine.sh', 'stop'], {stdio: 'inherit'});
}
process.exit(result.status ?? 1);

/**
 * Issue 13: `dockdash build` against the real engine, with a Dockerfile whose cache is broken on purpose
 * (the whole context copied before the install), checked with docker images and docker run.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, RUN_ID, uniqueName} from '../support/engine.js';

const CLI = path.resolve('dist/cli.js');
let context = '';
let state = '';
const tag = `${uniqueName('build')}:test`;

function dockdash(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [CLI, ...args], {env: {...process.env, XDG_STATE_HOME: state}, timeout: 120_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

before(() => {
	context = mkdtempSync(path.join(tmpdir(), 'dockdash-build-'));
	state = mkdtempSync(path.join(tmpdir(), 'dockdash-build-state-'));
	mkdirSync(path.join(context, 'src'));
	mkdirSync(path.join(context, 'node_modules'));
	writeFileSync(path.join(context, 'package.json'), '{"name": "app"}\n');
	writeFileSync(path.join(context, 'src', 'app.js'), 'console.log(1)\n');
	writeFileSync(path.join(context, 'node_modules', 'huge.bin'), 'x'.repeat(1000));
	writeFileSync(path.join(context, 'secret.txt'), 'do not send\n');
	writeFileSync(path.join(context, '.dockerignore'), 'node_modules\nsecret.txt\n');
	writeFileSync(
		path.join(context, 'Dockerfile'),
		[
			`FROM ${BUSYBOX}`,
			'ARG FLAVOR=plain',
			'RUN echo "flavor $FLAVOR" > /flavor',
			// Broken on purpose: any source change re-runs the "install".
			'COPY . /app',
			'RUN echo "npm install (pretend)" && sleep 1',
			`LABEL dockdash.test=${RUN_ID}`,
			'',
		].join('\n'),
	);
});
after(async () => {
	await docker('rmi', '-f', tag).catch(() => undefined);
	rmSync(context, {recursive: true, force: true});
	rmSync(state, {recursive: true, force: true});
});

describe('dockdash build (issue 13)', () => {
	it('builds as the docker CLI would send the context, then explains a cache miss caused by a changed source file', async () => {
		const first = await dockdash('build', context, '-t', tag);
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stdout, /\[4\/6\] built .* COPY \. \/app/);
		assert.match(first.stdout, new RegExp(`built sha256:[0-9a-f]{64} as ${tag}`));
		// .dockerignore honoured: what it names never reached the engine.
		assert.equal(await docker('run', '--rm', '--network', 'none', tag, 'ls', '-a', '/app'), ['.', '..', '.dockerignore', 'Dockerfile', 'package.json', 'src'].join('\n'));

		writeFileSync(path.join(context, 'src', 'app.js'), 'console.log(2)\n');
		const second = await dockdash('build', context, '-t', tag);
		assert.equal(second.code, 0, second.stderr);
		assert.match(second.stdout, /\[2\/6\] cached .* ARG FLAVOR=plain/);
		assert.match(second.stdout, /\[3\/6\] cached .* RUN echo "flavor \$FLAVOR" > \/flavor/);
		assert.match(second.stdout, /cache: first miss at step 4: COPY \. \/app\n {2}why: files it copies changed: src\/app\.js\n {2}2 later steps ran again because of it: \d/);
		assert.match(second.stdout, /advice: step 5 installs dependencies after step 4 copies the whole context/);
	});

	it('--json names a changed build arg as the reason', async () => {
		const result = await dockdash('build', context, '-t', tag, '--build-arg', 'FLAVOR=spicy', '--json');
		assert.equal(result.code, 0, result.stderr);
		const report = JSON.parse(result.stdout);
		assert.equal(report.ok, true);
		assert.equal(report.cache.firstMiss.index, 3);
		assert.match(report.cache.firstMiss.reason, /build arg FLAVOR \(unset → spicy\) changed/);
		assert.deepEqual(report.steps.map((step: {cached: boolean | null}) => step.cached), [null, true, false, false, false, false]);
		assert.equal((await docker('run', '--rm', '--network', 'none', tag, 'cat', '/flavor')).trim(), 'flavor spicy');
	});

	it('a failing step exits 1 with its log; a bad path or option is one line', async () => {
		const failing = mkdtempSync(path.join(tmpdir(), 'dockdash-build-fail-'));
		try {
			writeFileSync(path.join(failing, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN echo about to fail && exit 3\n`);
			const result = await dockdash('build', failing);
			assert.equal(result.code, 1);
			assert.match(result.stderr, /\| about to fail\n/);
			assert.match(result.stderr, /dockdash: build failed at step 2: .*returned a non-zero code: 3/);
		} finally {
			rmSync(failing, {recursive: true, force: true});
		}
		const missing = await dockdash('build', path.join(tmpdir(), 'no-such-dir-dockdash'));
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /no such file or directory/);
		const unreachable = await new Promise<{code: number; stderr: string}>(resolve => {
			execFile(process.execPath, [CLI, 'build', context], {env: {...process.env, XDG_STATE_HOME: state, DOCKER_HOST: 'unix:///nonexistent/dockdash.sock'}}, (error, _stdout, stderr) => resolve({code: error ? Number(error.code) : 0, stderr}));
		});
		assert.equal(unreachable.code, 1);
		assert.match(unreachable.stderr, /cannot reach the Docker Engine at unix:\/\/\/nonexistent\/dockdash\.sock: no such socket/);
		const usage = await dockdash('build', context, '--build-arg', 'novalue');
		assert.equal(usage.code, 1);
		assert.match(usage.stderr, /--build-arg takes KEY=VALUE/);
		assert.doesNotMatch(usage.stderr, /\n\s+at /);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {dockerfileInstructions} from '../../source/build-runner.js';
import {type BuildProgress, cacheReport, copySources, dockerfileAdvice, foldBuildLine} from '../../source/model/build.js';

const fold = (lines: Array<[string, number]>): BuildProgress => lines.reduce((progress, [line, at]) => foldBuildLine(progress, line, at), {steps: [], preamble: []} as BuildProgress);

describe('build output and the cache report (issue 13)', () => {
	it('reads the classic builder: one step per "Step N/M", cached or built, its time and log', () => {
		const progress = fold([
			['Step 1/3 : FROM busybox', 0],
			[' ---> abc123', 5],
			['Step 2/3 : COPY . /app', 10],
			[' ---> Using cache', 12],
			[' ---> def456', 13],
			['Step 3/3 : RUN make', 20],
			[' ---> Running in 0123456789ab', 21],
			['compiling', 30],
			['Removing intermediate container 0123456789ab', 90],
			[' ---> 789abc', 95],
			['Successfully built 789abc', 100],
		]);
		assert.deepEqual(
			progress.steps.map(step => [step.index, step.isCached, step.ms, step.log]),
			[
				[1, undefined, 10, []],
				[2, true, 10, []],
				[3, false, 80, ['compiling']],
			],
		);
		assert.equal(progress.imageId, '789abc');
		assert.equal(progress.total, 3);
	});

	it('names the changed files a COPY copies, and the steps re-run after it', () => {
		const steps = [
			{index: 1, instruction: 'FROM x', startedMs: 0, ms: 1, log: []},
			{index: 2, instruction: 'COPY src/ /app/src', isCached: false, startedMs: 0, ms: 5, log: []},
			{index: 3, instruction: 'RUN build', isCached: false, startedMs: 0, ms: 700, log: []},
		];
		const instructions = ['FROM x', 'COPY src/ /app/src', 'RUN build'];
		const report = cacheReport(steps, {instructions, buildArgs: {}, files: {'src/a.js': '2', 'src/b.js': '1', 'README': '9'}}, {instructions, buildArgs: {}, files: {'src/a.js': '1', 'src/b.js': '1', 'README': '1'}});
		assert.deepEqual(report.firstMiss, {index: 2, instruction: 'COPY src/ /app/src', reason: 'files it copies changed: src/a.js', changedFiles: ['src/a.js']});
		assert.deepEqual(report.rerun, {count: 1, ms: 700});
		const changed = cacheReport(steps, {instructions: ['FROM x', 'COPY src/ /app/src', 'RUN build'], buildArgs: {}, files: {}}, {instructions: ['FROM x', 'COPY lib/ /app/src', 'RUN build'], buildArgs: {}, files: {}});
		assert.match(changed.firstMiss!.reason, /instruction changed \(it was: COPY lib\/ \/app\/src\)/);
	});

	it('gives the advice the seeds teach', () => {
		const advice = dockerfileAdvice(['FROM node', 'COPY . .', 'RUN npm ci', 'RUN apt-get update', 'RUN apt-get install -y curl', 'RUN apk add git', 'RUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*']);
		assert.equal(advice.length, 4);
		assert.match(advice[0]!, /step 3 installs dependencies after step 2 copies the whole context/);
		assert.match(advice[1]!, /step 4 runs apt-get update alone/);
		assert.match(advice[2]!, /step 5 leaves its package cache/);
		assert.match(advice[3]!, /step 6 leaves its package cache/);
		assert.deepEqual(dockerfileAdvice(['FROM node', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .']), []);
	});

	it('reads COPY and ADD sources, and Dockerfile instructions as the builder prints them', () => {
		assert.deepEqual(copySources('COPY --chown=1:1 a b /dst/'), ['a', 'b']);
		assert.deepEqual(copySources('COPY ["a b", "/dst"]'), ['a b']);
		assert.deepEqual(copySources('COPY --from=build /out /out'), []);
		assert.equal(copySources('RUN x'), undefined);
		assert.deepEqual(dockerfileInstructions('# c\nfrom x\nRUN a \\\n  && b\n\nCOPY . /app\n'), ['FROM x', 'RUN a && b', 'COPY . /app']);
	});
});

describe('the build context as sent (issue 13)', () => {
	it('honours .dockerignore, always keeps the Dockerfile, and hashes a symlink to a directory without following it', async () => {
		const {mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const path = await import('node:path');
		const {contextFiles, hashContext} = await import('../../source/docker/build.js');
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-context-'));
		try {
			mkdirSync(path.join(dir, 'src'));
			mkdirSync(path.join(dir, 'logs'));
			writeFileSync(path.join(dir, 'src', 'a.js'), 'a');
			writeFileSync(path.join(dir, 'logs', 'x.log'), 'x');
			writeFileSync(path.join(dir, 'Dockerfile'), 'FROM x');
			writeFileSync(path.join(dir, '.dockerignore'), 'logs\n*.md\nDockerfile\n!src/a.js\n');
			writeFileSync(path.join(dir, 'README.md'), 'r');
			symlinkSync('/etc', path.join(dir, 'etc-link'));
			const files = contextFiles(dir);
			assert.deepEqual(files, ['.dockerignore', 'Dockerfile', 'etc-link', 'src/a.js']);
			const hashes = hashContext(dir, files);
			assert.equal(Object.keys(hashes).length, 4);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

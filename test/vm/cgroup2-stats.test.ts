/**
 * dockdash's stats collector on a real cgroup v2 host: the VM of ../shared/cgroup2-vm
 * (Debian's 6.1 kernel with only the unified hierarchy, Docker 20.10, cgroupfs driver),
 * whose Docker API DOCKER_HOST points at. The collector runs inside the VM, where the
 * files are (a container sharing the host's PID and cgroup namespaces and the engine's
 * socket), and its figures are compared with `docker stats --no-stream` taken over the
 * same seconds. Run by `npm run test:cgroup2`, which boots and stops the VM.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {build, stop as stopEsbuild} from 'esbuild';
import {TEST_LABEL, docker, waitFor} from '../support/engine.js';

const BUSYBOX = 'dockdash-cg2/busybox:latest';
const PROBE = 'dockdash-cg2/probe:latest';
const ROUNDS = 24;
const work = mkdtempSync(path.join(os.tmpdir(), 'dockdash-cg2-test-'));
const started: string[] = [];

/** A FROM scratch image of `files` (host path → path in the image). */
function buildImage(tag: string, files: Record<string, string>, dockerfileTail: string): void {
	const context = path.join(work, tag.replace(/\W/g, '_'));
	for (const [from, to] of Object.entries(files)) {
		mkdirSync(path.join(context, 'root', path.dirname(to)), {recursive: true});
		copyFileSync(from, path.join(context, 'root', to));
	}
	writeFileSync(path.join(context, 'Dockerfile'), `FROM scratch\nCOPY root/ /\n${dockerfileTail}\n`);
	execFileSync('docker', ['build', '-q', '--network', 'none', '--label', TEST_LABEL, '-t', tag, context], {env: {...process.env, DOCKER_BUILDKIT: '0'}, stdio: ['ignore', 'ignore', 'inherit']});
}

/** Node and the shared libraries it loads, as they are on this machine (the VM runs the same Debian). */
function nodeFiles(): Record<string, string> {
	const files: Record<string, string> = {[process.execPath]: '/usr/bin/node'};
	for (const library of execFileSync('ldd', [process.execPath], {encoding: 'utf8'}).matchAll(/(\/\S+)/g)) files[library[1]!] = library[1]!;
	return files;
}

const UNITS: Record<string, number> = {B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3};
const size = (text: string) => {
	const [, value, unit] = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text.trim())!;
	return Number(value) * UNITS[unit!]!;
};

interface Probed {
	at: number;
	figures: Record<string, {method?: string; cpuPercent?: number; memoryUsed?: number; pids?: number}>;
	mismatches: string[];
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('stats on a cgroup v2 host, inside it', {timeout: 900_000}, () => {
	let spinner = '';
	let holder = '';

	before(async () => {
		assert.equal(await docker('info', '--format', '{{.CgroupVersion}}'), '2', 'DOCKER_HOST must be a cgroup v2 engine (npm run test:cgroup2 boots one)');
		const bundle = path.join(work, 'probe.js');
		// As scripts/build.mjs bundles the CLI: ssh2's native helpers are optional and loaded in a try/catch.
		await build({
			entryPoints: [path.join(import.meta.dirname, '../support/cgroup2-probe.ts')],
			outfile: bundle,
			bundle: true,
			platform: 'node',
			format: 'esm',
			external: ['cpu-features', '*.node'],
			banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url); const __dirname = '/';"},
			logLevel: 'error',
		});
		// esbuild's service process would keep the test file running after its last test.
		await stopEsbuild();
		buildImage(BUSYBOX, {'/bin/busybox': '/bin/busybox'}, 'RUN ["/bin/busybox", "--install", "-s", "/bin"]');
		buildImage(PROBE, {...nodeFiles(), [bundle]: '/probe.mjs'}, 'ENTRYPOINT ["/usr/bin/node", "/probe.mjs"]');
		spinner = await docker('run', '-d', '--label', TEST_LABEL, '--cpus', '0.5', '--memory', '128m', BUSYBOX, 'sh', '-c', 'while :; do :; done');
		// A shell holding a 20 MB string: memory that stays put while both tools read it.
		holder = await docker('run', '-d', '--label', TEST_LABEL, BUSYBOX, 'sh', '-c', 'x=$(head -c 20000000 /dev/zero | tr "\\0" a); while sleep 3600; do :; done');
		started.push(spinner, holder);
		await waitFor(async () => size((await docker('stats', '--no-stream', '--format', '{{.MemUsage}}', holder)).split('/')[0]!) > 19e6, {timeoutMs: 120_000, intervalMs: 2000, what: 'the holder to fill its memory'});
	});

	after(async () => {
		if (started.length > 0) await docker('rm', '-f', ...started).catch(() => undefined);
		rmSync(work, {recursive: true, force: true});
	});

	it('reads every container from the v2 files, and agrees with docker stats (CPU within 5 points, memory within 5 %)', async () => {
		const probe = spawn('docker', ['run', '--rm', '--label', TEST_LABEL, '--pid=host', '--cgroupns=host', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-e', 'DOCKER_HOST=unix:///var/run/docker.sock', PROBE, String(ROUNDS), spinner, holder], {stdio: ['ignore', 'pipe', 'pipe']});
		// Each round is stamped with this machine's clock as it arrives: the VM's clock is its own.
		const rounds: Probed[] = [];
		let output = '';
		let errors = '';
		probe.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			const lines = output.split('\n');
			output = lines.pop()!;
			for (const line of lines) if (line.trim()) rounds.push({...(JSON.parse(line) as Probed), at: Date.now()});
		});
		probe.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
		const exited = new Promise<number | null>(resolve => probe.on('exit', resolve));
		// docker stats, streaming over the same seconds (one line per container and second), until the probe is done:
		// both tools then average over the same window.
		const fromDocker: Array<{at: number; id: string; cpu: number; memory: number}> = [];
		// One docker stats per container: with several, it prints nothing until every one has answered.
		const watchers = [spinner, holder].map(id => {
			const watcher = spawn('docker', ['stats', '--format', '{{.ID}} {{.CPUPerc}} {{.MemUsage}}', id], {stdio: ['ignore', 'pipe', 'ignore']});
			let pending = '';
			watcher.stdout.setEncoding('utf8').on('data', (chunk: string) => {
				pending += chunk;
				const lines = pending.split('\n');
				pending = lines.pop()!;
				for (const line of lines) {
					// Each refresh writes the line twice, the second time followed by an erase-line sequence: count that one.
					const match = /([0-9a-f]{12}) ([\d.]+)% ([\d.]+\s*[A-Za-z]+) \/.*\u001B\[K/.exec(line);
					if (match) fromDocker.push({at: Date.now(), id: match[1]!, cpu: Number(match[2]), memory: size(match[3]!)});
				}
			});
			return watcher;
		});
		const status = await exited;
		// docker stats does not end on SIGTERM.
		for (const watcher of watchers) watcher.kill('SIGKILL');
		assert.equal(status, 0, `the probe failed: ${errors}`);
		assert.deepEqual(rounds.at(-1)!.mismatches, [], 'no container disagreed with the engine');
		const fromFiles = rounds.filter(round => [spinner, holder].every(id => round.figures[id]?.method === 'cgroup' && round.figures[id]?.cpuPercent !== undefined));
		assert.ok(fromFiles.length >= 4, `at least 4 rounds read from cgroup files (methods: ${rounds.map(round => round.figures[spinner]?.method).join(',')})`);
		const window = {from: fromFiles[0]!.at, to: fromFiles.at(-1)!.at};
		for (const [id, name] of [[spinner, 'spinner'], [holder, 'holder']] as const) {
			const ours = fromFiles.map(round => round.figures[id]!);
			const theirs = fromDocker.filter(sample => id.startsWith(sample.id) && sample.at >= window.from && sample.at <= window.to);
			assert.ok(theirs.length >= 4, `${name}: docker stats answered ${theirs.length} times during the window ${JSON.stringify(window)} (${fromDocker.length} lines in all, from ${fromDocker[0]?.at} to ${fromDocker.at(-1)?.at})`);
			const cpu = {ours: mean(ours.map(figure => figure.cpuPercent!)), theirs: mean(theirs.map(sample => sample.cpu))};
			const memory = {ours: mean(ours.map(figure => figure.memoryUsed!)), theirs: mean(theirs.map(sample => sample.memory))};
			console.log(`${name}: dockdash CPU ${ours.map(figure => figure.cpuPercent!.toFixed(0)).join(' ')}; docker stats ${theirs.map(sample => sample.cpu.toFixed(0)).join(' ')}`);
			console.log(`${name}: CPU ${cpu.ours.toFixed(1)} % vs docker stats ${cpu.theirs.toFixed(1)} %; memory ${(memory.ours / 2 ** 20).toFixed(2)} MiB vs ${(memory.theirs / 2 ** 20).toFixed(2)} MiB`);
			assert.ok(Math.abs(cpu.ours - cpu.theirs) <= 5, `${name}: CPU ${cpu.ours} vs docker stats ${cpu.theirs}`);
			assert.ok(Math.abs(memory.ours - memory.theirs) <= 0.05 * memory.theirs + 64 * 1024, `${name}: memory ${memory.ours} vs docker stats ${memory.theirs}`);
		}
		assert.ok(mean(fromFiles.map(round => round.figures[spinner]!.cpuPercent!)) > 20, 'positive control: the spinner is seen busy');
	});
});

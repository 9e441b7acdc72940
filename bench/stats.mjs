// Steady cost of live stats for N running containers: CPU of the collector, of
// dockerd, of containerd and of the containerd shims, over DURATION seconds
// (from /proc/PID/stat), for each way of collecting, beside `docker stats`
// doing the same job and beside the engine idle. Writes the table into
// bench/README.md between the stats markers.
//   node bench/stats.mjs [COUNTS...]            default: 50 200; DURATION=30
// Needs DOCKER_HOST pointing at a local engine (its dockerd must be visible in /proc).
// READER_HOST: the address the readers use instead (tcp://127.0.0.1:PORT of the same engine, as a remote engine
// is reached); MODES: a comma-separated subset of idle,cli,auto,one-shot,stream,dashboard,floor,floor-new (bare
// one-shot GETs at each of FLOOR_RATES a second, default 10,25,50: the engine's own cost per request; only when named); BASELINE_CLI: another
// build's cli.js, whose dashboard is measured beside this one's.
import {execFile, execFileSync, spawn} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {promisify} from 'node:util';
import {build} from 'esbuild';

const counts = process.argv.slice(2).map(Number).filter(Boolean);
const DURATION = Number(process.env.DURATION || 30);
const WARMUP_MS = 4000;
const LABEL = 'dockdash.bench=stats';
const IMAGE = 'dockdash-test/busybox:latest';
const TICKS_PER_SECOND = 100;
const execFileAsync = promisify(execFile);
const docker = (...args) => execFileSync('docker', args, {encoding: 'utf8', maxBuffer: 1 << 26}).trim();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function cpuTicks(pid) {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return 0;
	}
}

function cmdline(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
	} catch {
		return [];
	}
}

function hostBusyTicks() {
	const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const idle = fields[3] + fields[4];
	return {busy: fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle, total: fields.slice(0, 8).reduce((a, b) => a + b, 0)};
}

/** dockerd serving DOCKER_HOST, its containerd, and that containerd's shims. */
function enginePids() {
	const socket = (process.env.DOCKER_HOST || 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
	const pids = readdirSync('/proc').filter(name => /^\d+$/.test(name));
	const dockerd = pids.find(pid => cmdline(pid)[0]?.endsWith('dockerd') && cmdline(pid).some(arg => arg.includes(socket)));
	if (!dockerd) throw new Error(`no dockerd for ${socket} in /proc: run this on the engine's host`);
	const containerd = pids.find(pid => cmdline(pid)[0]?.endsWith('containerd') && readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1] === dockerd);
	const config = cmdline(containerd ?? '').find(arg => arg.endsWith('containerd.toml'));
	const address = config ? config.replace(/containerd\.toml$/, 'containerd.sock') : undefined;
	const shims = () => pids.filter(pid => cmdline(pid)[0]?.includes('containerd-shim') && address && cmdline(pid).includes(address));
	return {dockerd, containerd, shims};
}

async function startContainers(count) {
	const have = docker('ps', '-q', '--filter', `label=${LABEL}`).split('\n').filter(Boolean).length;
	const todo = Array.from({length: Math.max(0, count - have)}, (_, index) => have + index);
	const worker = async () => {
		while (todo.length > 0) {
			const index = todo.shift();
			await execFileAsync('docker', ['run', '-d', '--network', 'none', '--label', LABEL, '--name', `bench-stats-${index}-${process.pid}`, IMAGE, 'sleep', '3600']);
		}
	};
	await Promise.all(Array.from({length: 4}, worker));
	return docker('ps', '-q', '--no-trunc', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
}

function removeContainers() {
	const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	// Killed in small batches first: one `rm -f` of 50 running containers at once once left dockerd 20.10 wedged
	// (every later remove hung) after the 200-container round.
	for (let start = 0; start < ids.length; start += 10) {
		try {
			execFileSync('docker', ['kill', ...ids.slice(start, start + 10)], {stdio: 'ignore', timeout: 120_000});
		} catch {
			// One already stopped fails the batch; rm -f below takes them all the same.
		}
	}
	for (let start = 0; start < ids.length; start += 50) execFileSync('docker', ['rm', '-f', ...ids.slice(start, start + 50)], {stdio: 'ignore', timeout: 120_000});
}

async function bundleCollector() {
	await build({
		entryPoints: ['bench/stats-collector.ts'],
		outfile: 'dist/bench-stats-collector.mjs',
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		packages: 'external',
		logLevel: 'warning',
	});
}

/** Measures one way of collecting: start it, let it settle, count CPU ticks over DURATION. */
async function measure(name, start) {
	const engine = enginePids();
	const reader = start?.();
	await sleep(WARMUP_MS);
	const shims = engine.shims();
	const tool = reader?.pid;
	const snapshot = () => ({tool: tool ? cpuTicks(tool) : 0, dockerd: cpuTicks(engine.dockerd), containerd: cpuTicks(engine.containerd), shims: shims.reduce((sum, pid) => sum + cpuTicks(pid), 0), host: hostBusyTicks()});
	const before = snapshot();
	const startedAt = process.hrtime.bigint();
	await sleep(DURATION * 1000);
	const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
	const after = snapshot();
	// A reader may have ended by itself (`docker stats` gives up on a slow engine with 200 containers): no RSS then.
	const status = tool && existsSync(`/proc/${tool}/status`) ? readFileSync(`/proc/${tool}/status`, 'utf8') : undefined;
	const rss = status ? Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024 : undefined;
	const percent = key => ((after[key] - before[key]) / TICKS_PER_SECOND / seconds) * 100;
	const check = (reader ? await reader.stop() : '') || (tool && !status ? 'the reader ended before the window did' : '');
	const hostBusy = ((after.host.busy - before.host.busy) / (after.host.total - before.host.total)) * 100 * os.cpus().length;
	return {name, tool: tool ? percent('tool') : undefined, dockerd: percent('dockerd'), containerd: percent('containerd'), shims: percent('shims'), hostBusy, rss, check};
}

/** A child process as a reader; its stdout (the collector's check line) comes back from stop(). */
const readerEnv = {...process.env, DOCKER_HOST: process.env.READER_HOST || process.env.DOCKER_HOST};

function processReader(command, args, options = {isChecked: true}) {
	const child = spawn(command, args, {stdio: ['ignore', options.isChecked ? 'pipe' : 'ignore', 'inherit'], env: readerEnv});
	let output = '';
	child.stdout?.on('data', chunk => (output += chunk));
	return {
		pid: child.pid,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return output.trim();
			const exited = new Promise(resolve => child.once('exit', resolve));
			// The collector prints its check line on SIGTERM; `docker stats` ignores SIGTERM, so it gets SIGKILL after a second.
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 1000);
			await exited;
			clearTimeout(killer);
			return output.trim();
		},
	};
}

/** The whole dashboard on its stats pane in a 160×50 tmux pty, as a user would run it. */
const dashboardReader = (cli = 'dist/cli.js') => () => {
	const session = `dockdash-bench-stats-${process.pid}`;
	const env = `DOCKER_HOST=${readerEnv.DOCKER_HOST ?? ''}`;
	execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', `exec env ${env} ${process.execPath} ${cli} --read-only --pane stats`]);
	const pid = Number(execFileSync('tmux', ['display', '-p', '-t', session, '#{pane_pid}'], {encoding: 'utf8'}).trim());
	return {
		pid,
		stop: async () => {
			const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'});
			execFileSync('tmux', ['kill-session', '-t', session]);
			return /Stats \d+ running[^\n]*?(?=\s{2,}|$)/m.exec(screen)?.[0] ?? 'stats pane not shown';
		},
	};
};

const collector = (method, limit = 0) => () => processReader(process.execPath, ['dist/bench-stats-collector.mjs', method, LABEL, String(limit)]);
/** Bare one-shot GETs at a fixed rate (bench/stats-floor.mjs): the engine's cost per request, with no dockdash code. */
const floor = (rate, connection, sampling = 'one-shot') => () => processReader(process.execPath, ['bench/stats-floor.mjs', LABEL, String(rate), connection, sampling]);
const streamRows = Number(process.env.STREAM_ROWS || 30);
const floorRates = (process.env.FLOOR_RATES || '10,25,50').split(',').map(Number);
const dockerStats = ids => () => processReader('docker', ['stats', '--format', '{{.Container}} {{.CPUPerc}} {{.MemUsage}}', ...ids], {isChecked: false});

const fmt = value => (value === undefined ? '–' : value.toFixed(2));

async function main() {
	await bundleCollector();
	const rows = [];
	try {
		for (const count of counts.length ? counts : [50, 200]) {
			const ids = await startContainers(count);
			console.error(`${ids.length} running bench containers`);
			const via = process.env.READER_HOST ? `, over ${process.env.READER_HOST}` : '';
			const modes = [
				['idle', 'engine idle (no stats reader)', undefined],
				['cli', `\`docker stats\` (one stream per container)${via}`, dockerStats(ids)],
				['auto', `dockdash collector, auto (cgroup files on a local engine)${via}`, collector('auto')],
				['one-shot', `dockdash collector, one-shot API polls${via}`, collector('one-shot')],
				['stream', `dockdash collector, streams for ${streamRows} visible rows only${via}`, collector('stream', streamRows)],
				['dashboard', `dockdash dashboard on the stats pane, 160×50 pty${via}`, dashboardReader()],
				...floorRates.map(rate => ['floor', `bare one-shot GETs, ${rate}/s, keep-alive${via}`, floor(rate, 'keep-alive')]),
				...floorRates.slice(-1).map(rate => ['floor-new', `bare one-shot GETs, ${rate}/s, a connection each${via}`, floor(rate, 'new-connection')]),
				...(process.env.BASELINE_CLI ? [['dashboard', `baseline build's dashboard on the stats pane, 160×50 pty${via}`, dashboardReader(process.env.BASELINE_CLI)]] : []),
			].filter(([key]) => (process.env.MODES ? process.env.MODES.split(',').includes(key) : !key.startsWith('floor')));
			for (const [, name, start] of modes) {
				const row = {count: ids.length, ...(await measure(name, start))};
				console.error(JSON.stringify(row));
				rows.push(row);
			}
		}
	} finally {
		if (!process.env.KEEP) removeContainers();
	}
	const version = docker('version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})');
	const cgroup = docker('info', '--format', 'cgroup v{{.CgroupVersion}}, {{.CgroupDriver}}');
	const lines = [
		'<!-- stats:begin -->',
		'## Stats collection (`node bench/stats.mjs`)',
		'',
		`Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Linux ${os.release()}, Docker ${version}, ${cgroup}.`,
		`CPU is % of one core, averaged over ${DURATION} s after a ${WARMUP_MS / 1000} s warm-up, read from /proc/PID/stat (10 ms ticks).`,
		'"host busy" is the whole machine (200 % = both cores): the machine is shared with other work, so the engine figures carry that noise.',
		'',
		'| running | reader | reader CPU % | dockerd % | containerd % | dockerd + containerd % | shims % | reader RSS MB | host busy % | check |',
		'| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
		...rows.map(row => `| ${row.count} | ${row.name} | ${fmt(row.tool)} | ${fmt(row.dockerd)} | ${fmt(row.containerd)} | ${fmt(row.dockerd + row.containerd)} | ${fmt(row.shims)} | ${row.rss === undefined ? '–' : row.rss.toFixed(0)} | ${fmt(row.hostBusy)} | ${row.check.replace(/\|/g, '/') || ''} |`),
		'<!-- stats:end -->',
	];
	const table = lines.join('\n');
	console.log(table);
	// A subset or another reader address is a comparison of its own: printed, not written over the full table.
	if (process.env.MODES || process.env.READER_HOST) return;
	const readme = existsSync('bench/README.md') ? readFileSync('bench/README.md', 'utf8') : '# Benchmarks\n';
	const marked = /<!-- stats:begin -->[\s\S]*?<!-- stats:end -->/;
	writeFileSync('bench/README.md', marked.test(readme) ? readme.replace(marked, table) : `${readme.trimEnd()}\n\n${table}\n`);
}

await main();

// `npm run bench`: every benchmark in one go, against a real engine, in real
// pseudo-terminals. Prints a summary against the budgets of issue 8 plus each
// benchmark's own table, and writes it all to bench/results.md with the machine.
//
//   npm run bench                    own throwaway engine (/tmp/dockdash-engine-bench), stopped at the end
//   BENCH_ENGINE=current npm run bench   use DOCKER_HOST as it is (it must be a local unix socket)
//   BENCH_QUICK=1 npm run bench      a few minutes: fewer containers, shorter windows, fewer lines
//   BENCH_ONLY=first-frame,keys      a subset (first-frame, keys, start, stats, logs, layers, typing)
//   BENCH_OUT=FILE                   write the results there instead of bench/results.md
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import {measureFirstFrame, removeFirstFrameContainers} from './first-frame.mjs';
import {measureKeys} from './keys.mjs';
import {measureStart, removeStartContainers} from './start.mjs';

const QUICK = Boolean(process.env.BENCH_QUICK);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wants = name => !ONLY || ONLY.has(name);
const RUNS = Math.max(Number(process.env.RUNS || 5), 1);
const plan = {
	frameCounts: QUICK ? [100, 300] : [100, 1000],
	statsCounts: QUICK ? ['50'] : ['50', '200'],
	statsSeconds: QUICK ? '10' : process.env.DURATION || '30',
	logLines: QUICK ? '200000' : process.env.LINES || '1000000',
	layerRuns: String(RUNS),
};

const log = text => process.stderr.write(`bench: ${text}\n`);
const run = (command, args, options = {}) => execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options}).trim();

function startEngine() {
	if (process.env.BENCH_ENGINE === 'current') return {stop() {}};
	const env = {...process.env, DOCKDASH_ENGINE_ROOT: '/tmp/dockdash-engine-bench'};
	const wasRunning = spawnSync('bash', ['scripts/engine.sh', 'env'], {env, encoding: 'utf8'}).stdout.startsWith('DOCKER_HOST=');
	const line = run('bash', ['scripts/engine.sh', 'start'], {env});
	process.env.DOCKER_HOST = line.replace(/^DOCKER_HOST=/, '');
	return {
		stop() {
			if (!wasRunning) run('bash', ['scripts/engine.sh', 'stop'], {env});
		},
	};
}

/** A benchmark script as a child process: its stdout, or the reason it failed. */
function child(args, env = {}) {
	return new Promise(resolve => {
		const process_ = spawn(process.execPath, args, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'inherit']});
		let output = '';
		process_.stdout.on('data', chunk => (output += chunk));
		process_.on('exit', code => resolve(code === 0 ? {output} : {output, error: `${args.join(' ')} exited ${code}`}));
	});
}

const ms = value => (value === undefined ? '–' : `${value.toFixed(value < 100 ? 1 : 0)} ms`);
const spread = s => `${ms(s.median)} (${ms(s.min)} – ${ms(s.max)})`;
const verdict = (value, budget, unit = 'ms') =>
	value === undefined ? 'not measured' : value <= budget ? `met (${((1 - value / budget) * 100).toFixed(0)} % under)` : `missed by ${(value - budget).toFixed(1)} ${unit} (${((value / budget - 1) * 100).toFixed(0)} %)`;

/** Rows of a markdown table in `text` whose first cells match. */
function tableRows(text) {
	return text
		.split('\n')
		.filter(line => line.startsWith('|') && !/^\|\s*-/.test(line))
		.map(line => line.slice(1, -1).split('|').map(cell => cell.trim()));
}

/** Stops with one line naming what to install, before anything is created. */
function checkTools() {
	const missing = [
		['python3', 'python3'],
		['tmux', 'tmux'],
		['/usr/bin/time', 'time'],
		['docker', 'docker.io'],
	].filter(([tool]) => spawnSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'}).status !== 0);
	if (missing.length > 0) {
		process.stderr.write(`bench: missing ${missing.map(([tool]) => tool).join(', ')}: apt-get install -y ${missing.map(([, pkg]) => pkg).join(' ')}\n`);
		process.exit(1);
	}
}

async function main() {
	checkTools();
	const started = new Date();
	const loadBefore = os.loadavg();
	const engine = startEngine();
	const summary = [];
	const sections = [];
	try {
		log(`engine ${process.env.DOCKER_HOST}; fixtures and build`);
		run('bash', ['test/support/fixtures.sh']);
		run(process.execPath, ['scripts/build.mjs']);
		const machine = {
			cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}`,
			memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
			kernel: `${os.type()} ${os.release()}`,
			docker: run('docker', ['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}']),
			node: process.version,
		};

		if (wants('first-frame') || wants('keys')) {
			const frames = [];
			try {
				for (const count of plan.frameCounts) {
					log(`first frame with ${count} containers`);
					const row = await measureFirstFrame(count, RUNS);
					frames.push(row);
					summary.push([`First frame, ${row.count} containers`, `${spread(row.frame)}; CPU used by then ${ms(row.cpu.median)}`, `\`docker ps -a\`: ${spread(row.ps)}`, count === 100 ? '≤ 200 ms' : '–', count === 100 ? `${verdict(row.frame.median, 200)}; CPU alone ${verdict(row.cpu.median, 200)}` : '–']);
				}
				if (wants('keys')) {
					log(`key-to-frame with ${frames.at(-1)?.count} containers`);
					const keys = measureKeys();
					const count = frames.at(-1)?.count;
					summary.push([`Key to frame, move selection (j/k), ${count} containers`, spread(keys.move), `pty round trip: ${spread(keys.floor)}`, '≤ 30 ms', verdict(keys.move.median, 30)]);
					summary.push([`Key to frame, switch pane (Tab through all panes), ${count} containers`, `${spread(keys.tab)}, p95 ${ms(keys.tab.p95)}`, `pty round trip: ${spread(keys.floor)}`, '≤ 30 ms', verdict(keys.tab.median, 30)]);
					sections.push(['Key to frame', [`${count} containers, ${keys.move.n} presses each; from writing the key to the pty until the first byte of the answering frame.`, '', '| key | median | p95 | min | max |', '| --- | ---: | ---: | ---: | ---: |', ...[['j/k', keys.move], ['Tab', keys.tab], ['pty round trip (`cat`)', keys.floor]].map(([name, s]) => `| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.min)} | ${ms(s.max)} |`)].join('\n')]);
				}
			} finally {
				await removeFirstFrameContainers();
			}
			sections.unshift(['First frame', [`Launch of \`node dist/cli.js\` in a 160×50 pty until the header, the container count and the hint bar are drawn; ${RUNS} runs, each followed by \`docker ps -a\`. CPU is user + system time of the dockdash process when the frame appeared (/proc, 10 ms ticks): on a shared machine it moves far less than the wall clock.`, '', '| containers | dockdash median | min | max | its CPU by then (median) | `docker ps -a` median | min | max |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...frames.map(row => `| ${row.count} | ${ms(row.frame.median)} | ${ms(row.frame.min)} | ${ms(row.frame.max)} | ${ms(row.cpu.median)} | ${ms(row.ps.median)} | ${ms(row.ps.min)} | ${ms(row.ps.max)} |`)].join('\n')]);
		}

		if (wants('start')) {
			// Issue 16: `--version` and the first frame beside Node's own start and (BASELINE_CLI) an older build, interleaved.
			log('start: --version and the first frame, interleaved with node -e 0 and BASELINE_CLI');
			try {
				const {count, rows} = await measureStart(100, Math.max(RUNS, 9));
				const of = name => rows.find(row => row.name === name);
				const ours = of('dockdash');
				const node = of('node -e 0');
				const baseline = of('baseline build');
				summary.push([`Start (issue 16), ${count} containers: first full frame; CPU by then; \`--version\``, `${spread(ours.frame)}; CPU ${ms(ours.cpu.median)}; \`--version\` ${ms(ours.version.median)}`, `\`node -e 0\`: ${ms(node.version.median)}${baseline ? `; the build at BASELINE_CLI: frame ${ms(baseline.frame.median)}, CPU ${ms(baseline.cpu.median)}, \`--version\` ${ms(baseline.version.median)}` : ''}`, "≤ 1.5× lazydocker (issue 16 measured 83 ms; it cannot be installed here)", verdict(ours.frame.median, 125)]);
				const cell = s => (s.n ? `${ms(s.median)} (${ms(s.min)} – ${ms(s.max)})` : '–');
				sections.push(['Start', [`\`bench/start.mjs\`: ${Math.max(RUNS, 9)} interleaved launches of each, ${count} containers, 160×50 pty; the code cache warmed by one launch first; "no code cache" is \`DOCKDASH_CODE_CACHE=0\`.`, '', '| variant | `--version` | first full frame | its CPU by then |', '| --- | ---: | ---: | ---: |', ...rows.map(row => `| ${row.name === 'baseline build' ? `the build at BASELINE_CLI (${process.env.BASELINE_CLI})` : row.name} | ${cell(row.version)} | ${cell(row.frame)} | ${cell(row.cpu)} |`)].join('\n')]);
			} finally {
				await removeStartContainers();
			}
		}

		if (wants('stats')) {
			log(`stats with ${plan.statsCounts.join(' and ')} running containers, ${plan.statsSeconds} s per reader`);
			const result = await child(['bench/stats.mjs', ...plan.statsCounts], {DURATION: plan.statsSeconds});
			sections.push(['Stats', result.error ? `failed: ${result.error}` : result.output.replace(/<!--.*-->\n?/g, '').replace(/^## .*\n/m, '').trim()]);
			const rows = tableRows(result.output).filter(row => /^\d+$/.test(row[0]));
			for (const count of new Set(rows.map(row => row[0]))) {
				const of = name => rows.find(row => row[0] === count && row[1].includes(name));
				const idle = of('engine idle');
				const dashboard = of('dashboard');
				const cli = of('`docker stats`');
				if (!idle || !dashboard) continue;
				const engineCost = Number(dashboard[5]) - Number(idle[5]);
				summary.push([`Stats, ${count} running: dockerd + containerd above idle`, `${engineCost.toFixed(2)} points`, cli ? `\`docker stats\`: ${(Number(cli[5]) - Number(idle[5])).toFixed(2)} points` : '–', '≤ 1.5 points', verdict(engineCost, 1.5, 'points')]);
				summary.push([`Stats, ${count} running: dockdash CPU, RSS`, `${dashboard[2]} % of a core, ${dashboard[7]} MB`, cli ? `\`docker stats\`: ${cli[2]} %, ${cli[7]} MB` : '–', count === '50' ? '< 3 %, < 100 MB' : '< 100 MB', `${count === '50' ? `CPU ${verdict(Number(dashboard[2]), 3, 'points')}; ` : ''}RSS ${verdict(Number(dashboard[7]), 100, 'MB')}`]);
			}
		}

		if (wants('logs')) {
			log(`log ingest of ${plan.logLines} lines`);
			const result = await child(['--expose-gc', 'bench/logs.mjs'], {LINES: plan.logLines});
			sections.push(['Log ingest', result.error ? `failed: ${result.error}` : result.output.trim()]);
			const rows = tableRows(result.output);
			for (const mode of ['live', 'backlog']) {
				const ours = rows.find(row => row[0] === `${mode}: dockdash pipeline`);
				const cli = rows.find(row => row[0].startsWith(`${mode}: docker logs`));
				if (!ours || !cli) continue;
				const rate = cell => Number(cell.replace(/,/g, ''));
				const ratio = rate(ours[3]) / rate(cli[3]);
				// The engine's own answer, read and discarded (bench/logs.mjs): the pace the engine sets.
				const raw = mode === 'backlog' ? rows.find(row => row[0].startsWith("backlog: the engine's answer")) : undefined;
				summary.push([`Log ingest, ${mode}`, `${ours[3]} lines/s, peak RSS ${ours[5]} MiB`, `\`docker logs -f\`: ${cli[3]} lines/s${raw ? `; the engine's answer alone: ${raw[3]} lines/s` : ''}`, '≥ `docker logs -f`', ratio >= 1 ? `met (${ratio.toFixed(2)}×)` : `missed: ${ratio.toFixed(2)}× (${((1 - ratio) * 100).toFixed(0)} % slower)`]);
			}
		}

		if (wants('layers')) {
			log(`layer analysis, ${plan.layerRuns} runs`);
			const result = await child(['bench/layers.mjs'], {RUNS: plan.layerRuns});
			const line = result.output.split('\n').find(text => text.startsWith('dockdash layers:'));
			sections.push(['Layer analysis', result.error ? `failed: ${result.error}` : line ?? result.output.trim()]);
			const json = /\{[\s\S]*\n\}/.exec(result.output)?.[0];
			if (json) {
				const figures = JSON.parse(json);
				const seconds = figures.dockdashLayersSeconds;
				summary.push([`Layer analysis, ${figures.imageMb} MB image, ${figures.entries.toLocaleString('en-US')} files`, `${seconds.median.toFixed(2)} s (${seconds.min.toFixed(2)} – ${seconds.max.toFixed(2)})`, `\`docker save\`: ${figures.dockerSaveSeconds.median.toFixed(2)} s`, '≤ 1.2×', figures.ratio <= 1.2 ? `met (${figures.ratio.toFixed(2)}×)` : `missed: ${figures.ratio.toFixed(2)}×`]);
				summary.push(['Layer analysis, peak RSS', `${figures.dockdashPeakRssMb.median.toFixed(0)} MB (max ${figures.dockdashPeakRssMb.max.toFixed(0)})`, '–', '< 250 MB', verdict(figures.dockdashPeakRssMb.max, 250, 'MB')]);
			}
		}

		if (wants('typing')) {
			log('typing: words and bursts into every pane and dialog, the engine asked after each');
			const result = await child(['bench/typing.mjs']);
			sections.push(['Typing never deletes', result.output.trim() || `failed: ${result.error}`]);
			const runs = tableRows(result.output).filter(row => /^\d+$/.test(row[0]));
			const keys = runs.reduce((sum, row) => sum + (Number(row[1]) || 0), 0);
			// A run that failed prints no count of keys: say so, rather than "0 keys" (the 5 Dec run's summary).
			const counted = runs.filter(row => /^\d+$/.test(row[1] ?? ''));
			const typed = counted.length === runs.length ? `${keys} keys, ${runs.length} seeds` : `${runs.length - counted.length} of ${runs.length} seeds failed before the end${counted.length > 0 ? `; ${keys} keys in the others` : ''}`;
			summary.push(['Typing (issue 19): words and bursts into every pane and dialog', typed, '–', 'nothing changed', result.error ? 'missed: see the Typing section' : 'met']);
		}

		const finished = new Date();
		const text = [
			'# dockdash benchmark results',
			'',
			`Written by \`npm run bench\`${QUICK ? ' (BENCH_QUICK=1: fewer containers, shorter windows)' : ''} on ${started.toISOString()}, ${((finished - started) / 60000).toFixed(1)} min.`,
			'',
			`Machine: ${machine.cpus}, ${machine.memory} memory, ${machine.kernel}; Docker ${machine.docker}; Node ${machine.node}; engine ${process.env.BENCH_ENGINE === 'current' ? process.env.DOCKER_HOST : 'a throwaway one of its own'}. Load average ${loadBefore.map(n => n.toFixed(1)).join(' ')} at the start, ${os.loadavg().map(n => n.toFixed(1)).join(' ')} at the end (other work on the machine inflates every figure).`,
			'',
			'| measure | dockdash: median (min – max) | baseline, same run | budget | verdict |',
			'| --- | --- | --- | --- | --- |',
			...summary.map(row => `| ${row.join(' | ')} |`),
			'',
			...sections.flatMap(([title, body]) => [`## ${title}`, '', body, '']),
		].join('\n');
		const file = process.env.BENCH_OUT || 'bench/results.md';
		writeFileSync(file, text);
		process.stdout.write(`${text}\n`);
		log(`written to ${file}`);
		// The README quotes this summary; keep it in step (test/docs/readme-bench.test.ts checks it).
		if (file === 'bench/results.md') execFileSync(process.execPath, ['--import', 'tsx', 'scripts/docs-bench.ts'], {stdio: 'inherit'});
	} finally {
		engine.stop();
	}
}

await main();

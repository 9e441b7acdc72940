// Start time (issue 16): `dockdash --version` and launch → first full frame, interleaved with Node's own
// start (`node -e 0`) and, when BASELINE_CLI names another build's cli.js, that build, all in the same run.
//   npm run build && node bench/start.mjs [CONTAINERS]     (default 100; RUNS=9)
// The code cache is warmed by one launch held for 4 s first; "no code cache" runs with DOCKDASH_CODE_CACHE=0.
import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {containerCount, ensureCreated, labelled, removeLabelled, summary} from './support.mjs';
import {firstFrame} from './first-frame.mjs';

const LABEL = 'dockdash.bench=start';

function timeMs(command, args, env) {
	const start = process.hrtime.bigint();
	execFileSync(command, args, {stdio: 'ignore', env});
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The variants: [name, cli.js or undefined for `node -e 0`, environment]. */
export function startVariants(baseline = process.env.BASELINE_CLI) {
	const cache = mkdtempSync(path.join(tmpdir(), 'dockdash-bench-cache-'));
	const cached = {...process.env, XDG_CACHE_HOME: cache};
	return [
		['node -e 0', undefined, process.env],
		['dockdash', 'dist/cli.js', cached],
		['dockdash, no code cache', 'dist/cli.js', {...cached, DOCKDASH_CODE_CACHE: '0'}],
		...(baseline ? [['baseline build', baseline, process.env]] : []),
	];
}

/** RUNS interleaved launches of each variant: --version wall ms, and the first frame (wall and CPU ms). */
export async function measureStart(count = 100, runs = Number(process.env.RUNS || 9)) {
	const others = (await containerCount()) - (await labelled(LABEL)).length;
	await ensureCreated(LABEL, count - others, 'bench-start');
	const variants = startVariants();
	// One launch held for 4 s to write the code cache (written 3 s after start; scripts/lib/code-cache.mjs).
	for (const [, cli, env] of variants) if (cli) firstFrame(cli, {...env, HOLD_MS: '4000'});
	const figures = new Map(variants.map(([name]) => [name, {version: [], frame: [], cpu: []}]));
	for (let run = 0; run < runs; run++) {
		for (const [name, cli, env] of variants) {
			const figure = figures.get(name);
			figure.version.push(timeMs(process.execPath, cli ? [cli, '--version'] : ['-e', '0'], env));
			if (!cli) continue;
			const frame = firstFrame(cli, env);
			figure.frame.push(frame.wall);
			figure.cpu.push(frame.cpu);
		}
	}
	return {count: await containerCount(), rows: [...figures].map(([name, figure]) => ({name, version: summary(figure.version), frame: summary(figure.frame), cpu: summary(figure.cpu)}))};
}

export const removeStartContainers = () => removeLabelled(LABEL);

if (import.meta.url === `file://${process.argv[1]}`) {
	const format = s => (s.n ? `${s.median.toFixed(0)} / ${s.min.toFixed(0)} / ${s.max.toFixed(0)}` : '–');
	try {
		const {count, rows} = await measureStart(Number(process.argv[2]) || 100);
		console.log(`| ${count} containers, Node ${process.version} | --version ms (median / min / max) | first frame ms | its CPU ms |`);
		console.log('| --- | --- | --- | --- |');
		for (const row of rows) console.log(`| ${row.name} | ${format(row.version)} | ${format(row.frame)} | ${format(row.cpu)} |`);
	} finally {
		if (!process.env.KEEP) await removeStartContainers();
	}
}

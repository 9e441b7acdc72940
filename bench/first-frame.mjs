// Time from launch to the first full frame with N containers, in a real pty,
// beside `docker ps -a` on the same containers (median, min, max of RUNS).
//   npm run build && node bench/first-frame.mjs [COUNTS...]      e.g. 100 1000 (default 100); RUNS=5
import {execFileSync, spawnSync} from 'node:child_process';
import {containerCount, ensureCreated, labelled, removeLabelled, summary} from './support.mjs';

const LABEL = 'dockdash.bench=first-frame';

function timeMs(command, args) {
	const start = process.hrtime.bigint();
	execFileSync(command, args, {stdio: 'ignore'});
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Launch → first full frame of `node dist/cli.js` in a 160×50 pty: wall ms and the CPU ms it had used by then. */
export function firstFrame(cli = 'dist/cli.js', env = process.env) {
	// The frame is full when the header, the count of all containers and the hint bar are drawn
	// (the dashboard draws nothing before the list has arrived).
	const result = spawnSync('python3', ['bench/pty_time.py', '160', '50', 'Containers \\d+ [\\s\\S]*q quit', '--', process.execPath, cli], {encoding: 'utf8', env});
	if (result.status !== 0) throw new Error(`first frame: ${result.stderr}`);
	const [wall, cpu] = result.stdout.trim().split(' ').map(Number);
	return {wall, cpu};
}

/** Creates containers up to `count` in all, then RUNS interleaved launches and `docker ps -a`. */
export async function measureFirstFrame(count, runs = Number(process.env.RUNS || 5)) {
	// `count` containers in all on the engine: the bench's own make up what others do not.
	const others = (await containerCount()) - (await labelled(LABEL)).length;
	await ensureCreated(LABEL, count - others, 'bench-ff');
	const total = await containerCount();
	const frames = [];
	const ps = [];
	// A user's second start: the code cache written by a first launch that ran for a few seconds (issue 16).
	firstFrame('dist/cli.js', {...process.env, HOLD_MS: '4000'});
	for (let run = 0; run < runs; run++) {
		frames.push(firstFrame());
		ps.push(timeMs('docker', ['ps', '-a']));
	}
	return {count: total, frame: summary(frames.map(frame => frame.wall)), cpu: summary(frames.map(frame => frame.cpu)), ps: summary(ps)};
}

export const removeFirstFrameContainers = () => removeLabelled(LABEL);

if (import.meta.url === `file://${process.argv[1]}`) {
	const counts = process.argv.slice(2).map(Number).filter(Boolean);
	const format = s => `${s.median.toFixed(0)} / ${s.min.toFixed(0)} / ${s.max.toFixed(0)}`;
	console.log('| containers | dockdash first frame ms (median / min / max) | its CPU ms by then | docker ps -a ms (median / min / max) |');
	console.log('| --- | --- | --- | --- |');
	try {
		for (const count of counts.length ? counts : [100]) {
			const row = await measureFirstFrame(count);
			console.log(`| ${row.count} | ${format(row.frame)} | ${format(row.cpu)} | ${format(row.ps)} |`);
		}
	} finally {
		if (!process.env.KEEP) await removeFirstFrameContainers();
	}
}

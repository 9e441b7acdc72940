// Time from launch to the first full frame with N containers, in a real pty,
// beside `docker ps -a` on the same containers (median, min, max of RUNS).
//   node bench/first-frame.mjs [COUNTS...]      e.g. node bench/first-frame.mjs 100 1000
import {execFileSync, spawnSync} from 'node:child_process';

const counts = process.argv.slice(2).map(Number).filter(Boolean);
const RUNS = Number(process.env.RUNS || 5);
const LABEL = 'dockdash.bench=first-frame';
const docker = (...args) => execFileSync('docker', args, {encoding: 'utf8', maxBuffer: 1 << 26}).trim();

function stats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return {median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1)};
}

function ensureContainers(count) {
	const have = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean).length;
	for (let i = have; i < count; i++) docker('create', '--label', LABEL, '--network', 'none', '--name', `bench-ff-${i}`, 'dockdash-test/busybox:latest', 'true');
}

function timeMs(command, args) {
	const start = process.hrtime.bigint();
	execFileSync(command, args, {stdio: 'ignore'});
	return Number(process.hrtime.bigint() - start) / 1e6;
}

export function measureFirstFrame(counts) {
	const rows = [];
	for (const count of counts) {
		ensureContainers(count);
		const total = docker('ps', '-aq').split('\n').filter(Boolean).length;
		const frames = [];
		const ps = [];
		for (let run = 0; run < RUNS; run++) {
			// The frame is full when the header, the count of all containers and the hint bar are drawn.
			const result = spawnSync('python3', ['bench/pty_time.py', '160', '50', `Containers ${total} [\\s\\S]*q quit`, '--', process.execPath, 'dist/cli.js'], {encoding: 'utf8'});
			if (result.status !== 0) throw new Error(result.stderr);
			frames.push(Number(result.stdout.trim()));
			ps.push(timeMs('docker', ['ps', '-a']));
		}
		rows.push({count: total, frame: stats(frames), ps: stats(ps)});
	}
	return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const rows = measureFirstFrame(counts.length ? counts : [100]);
	console.log('| containers | dockdash first frame ms (median / min / max) | docker ps -a ms (median / min / max) |');
	console.log('| --- | --- | --- |');
	for (const row of rows) {
		console.log(`| ${row.count} | ${row.frame.median.toFixed(0)} / ${row.frame.min.toFixed(0)} / ${row.frame.max.toFixed(0)} | ${row.ps.median.toFixed(0)} / ${row.ps.min.toFixed(0)} / ${row.ps.max.toFixed(0)} |`);
	}
	if (!process.env.KEEP) {
		const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
		if (ids.length) execFileSync('docker', ['rm', '-f', ...ids], {stdio: 'ignore'});
	}
}

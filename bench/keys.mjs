// Key-to-frame latency with N containers listed: moving the selection (j/k)
// and switching panes (Tab), measured in a real pty from writing the key to
// the first byte of the answering frame.
//   node bench/keys.mjs [COUNT]     (default 1000)
import {execFileSync, spawnSync} from 'node:child_process';

const COUNT = Number(process.argv[2] || 1000);
const LABEL = 'dockdash.bench=keys';
const docker = (...args) => execFileSync('docker', args, {encoding: 'utf8', maxBuffer: 1 << 26}).trim();

export function ensureContainers(label, count, prefix) {
	const have = docker('ps', '-aq', '--filter', `label=${label}`).split('\n').filter(Boolean).length;
	for (let i = have; i < count; i++) docker('create', '--label', label, '--network', 'none', '--name', `${prefix}-${i}`, 'dockdash-test/busybox:latest', 'true');
}

function summary(values) {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	const at = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return {median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted.at(-1), n: sorted.length};
}

export function measureKeys(count) {
	ensureContainers(LABEL, count, 'bench-keys');
	const total = docker('ps', '-aq').split('\n').filter(Boolean).length;
	const run = keys => {
		const result = spawnSync('python3', ['bench/pty_keys.py', '160', '50', `Containers ${total} `, keys, '40', '--', process.execPath, 'dist/cli.js'], {encoding: 'utf8'});
		if (result.status !== 0) throw new Error(result.stderr);
		return summary(result.stdout.trim().split('\n').map(Number));
	};
	return {total, move: run('jjjjjkkkkk'), tab: run('\\t')};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const {total, move, tab} = measureKeys(COUNT);
	console.log(`| key (${total} containers) | median ms | p95 ms | min | max | n |`);
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (const [name, s] of [['move selection (j/k)', move], ['switch pane (Tab)', tab]]) {
		console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} | ${s.n} |`);
	}
	if (!process.env.KEEP) {
		const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
		for (let i = 0; i < ids.length; i += 200) execFileSync('docker', ['rm', '-f', ...ids.slice(i, i + 200)], {stdio: 'ignore'});
	}
}

// Key-to-frame latency with N containers listed: moving the selection (j/k)
// and switching panes (Tab through every pane, each mounting as it opens),
// measured in a real pty from writing the key to the first byte of the
// answering frame, beside the pty's own round trip (the measurement floor).
//   npm run build && node bench/keys.mjs [COUNT]     (default 1000 containers in all; DOCKDASH_CLI=PATH for another build)
import {spawnSync} from 'node:child_process';
import {containerCount, ensureCreated, labelled, removeLabelled, summary} from './support.mjs';

const LABEL = 'dockdash.bench=keys';

/** Latencies of `repeats` presses, and the CPU milliseconds per press (busy minus idle over as long). */
function keyLatencies(keys, repeats, command, ready) {
	const result = spawnSync('python3', ['bench/pty_keys.py', '160', '50', ready, keys, String(repeats), '--', ...command], {encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`keys: ${result.stderr}`);
	const lines = result.stdout.trim().split('\n');
	const [busy, idle] = lines.find(line => line.startsWith('cpu ')).split(' ').slice(1).map(Number);
	return {...summary(lines.filter(line => !line.startsWith('cpu ')).map(Number)), cpuPerKey: (busy - idle) / repeats};
}

/** Key-to-frame latencies with the containers already on the engine. */
export function measureKeys(repeats = Number(process.env.KEY_REPEATS || 40), cli = process.env.DOCKDASH_CLI || 'dist/cli.js') {
	const dashboard = [process.execPath, cli];
	return {
		move: keyLatencies('jjjjjkkkkk', repeats, dashboard, 'Containers \\d+ '),
		tab: keyLatencies('\\t', repeats, dashboard, 'Containers \\d+ '),
		floor: keyLatencies('j', repeats, ['sh', '-c', 'echo ready; exec cat'], 'ready'),
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const count = Number(process.argv[2] || 1000);
	try {
		const others = (await containerCount()) - (await labelled(LABEL)).length;
		await ensureCreated(LABEL, count - others, 'bench-keys');
		const total = await containerCount();
		const {move, tab, floor} = measureKeys();
		console.log(`| key (${total} containers) | median ms | p95 ms | min | max | n | CPU ms per key |`);
		console.log('| --- | --- | --- | --- | --- | --- | --- |');
		for (const [name, s] of [['move selection (j/k)', move], ['switch pane (Tab, every pane in turn)', tab], ['pty round trip (cat), the floor', floor]]) {
			console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} | ${s.n} | ${s.cpuPerKey.toFixed(1)} |`);
		}
	} finally {
		if (!process.env.KEEP) await removeLabelled(LABEL);
	}
}

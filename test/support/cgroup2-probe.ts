/**
 * Runs dockdash's stats collector inside a cgroup v2 Docker host (the VM of
 * ../shared/cgroup2-vm), in a container that shares the host's PID and cgroup
 * namespaces and its engine socket, so it reads the same files dockdash reads
 * on such a host. Prints one JSON line per round: every container's figures and
 * how they were read. Bundled into one file by test/vm/cgroup2-stats.test.ts.
 *
 *   node probe.js ROUNDS ID...
 */
import {createEngine} from '../../source/docker/engine.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {StatsCollector} from '../../source/docker/stats.js';
import {StatsStore} from '../../source/model/stats-store.js';

const [roundsText, ...ids] = process.argv.slice(2);
const rounds = Number(roundsText);
const engine = createEngine(resolveEndpoint({env: process.env}));
const store = new StatsStore();
const mismatches: string[] = [];
let seen = 0;
const collector = new StatsCollector(engine, {
	onSamples(samples) {
		store.apply(samples);
		const figures = Object.fromEntries(
			ids.map(id => {
				const latest = store.get().get(id)?.latest;
				return [id, {method: collector.methodOf(id), cpuPercent: latest?.cpuPercent, memoryUsed: latest?.memoryUsed, memoryLimit: latest?.memoryLimit, pids: latest?.pids}];
			}),
		);
		console.log(JSON.stringify({at: Date.now(), figures, mismatches}));
		if (++seen >= rounds) {
			collector.stop();
			process.exit(0);
		}
	},
	onError: (id, error) => console.error(`error ${id}: ${String(error)}`),
	onCgroupMismatch: (id, reason) => mismatches.push(`${id}: ${reason}`),
});
collector.setTargets(ids);
collector.start();

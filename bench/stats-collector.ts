// Runs dockdash's stats collector alone, for bench/stats.mjs: collects the
// running containers carrying LABEL with METHOD until SIGTERM, then prints how
// many rounds and samples it made (so a silent failure cannot pass as "cheap").
//   stats-collector METHOD LABEL [LIMIT]      METHOD: auto | cgroup | one-shot | stream
import {resolveEndpoint} from '../source/docker/endpoint.js';
import {createEngine} from '../source/docker/engine.js';
import {StatsCollector} from '../source/docker/stats.js';
import {type StatsMethod} from '../source/model/stats.js';
import {StatsStore} from '../source/model/stats-store.js';

const [method = 'auto', label = '', limit = '0'] = process.argv.slice(2);
const engine = createEngine(resolveEndpoint(), {readOnly: true});
const store = new StatsStore();
let rounds = 0;
let samples = 0;
let errors = 0;
const collector = new StatsCollector(engine, {
	method: method as StatsMethod | 'auto',
	concurrency: Number(process.env['STATS_CONCURRENCY']) || undefined,
	onSamples: batch => {
		rounds++;
		samples += batch.size;
		store.apply(batch);
	},
	onError: () => errors++,
});
const running = await engine.docker.listContainers({filters: {label: [label], status: ['running']}});
const ids = running.map(container => container.Id);
collector.setTargets(Number(limit) > 0 ? ids.slice(0, Number(limit)) : ids);
collector.start();
process.on('SIGTERM', () => {
	collector.stop();
	process.stdout.write(`${JSON.stringify({rounds, samples, errors, targets: Math.min(ids.length, Number(limit) || ids.length), methods: [...new Set(ids.map(id => collector.methodOf(id)))]})}\n`);
	process.exit(0);
});

// Times one bulk action through the adapter at several concurrencies:
// N labelled containers are started, stopped in one call, started again, and
// finally removed in one call. Run:
//   DOCKER_HOST=unix:///tmp/dockdash-engine/docker.sock node --import tsx bench/bulk-actions.ts [N]
import {applyContainerAction} from '../source/docker/container-actions.js';
import {docker, makeContainer, removeContainers, testEngine} from '../test/support/engine.js';

const count = Number(process.argv[2] ?? 20);
const engine = testEngine();
const polite = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
const ids = await Promise.all(Array.from({length: count}, () => makeContainer({command: polite})));
try {
	for (const concurrency of [1, 4, 8]) {
		const started = performance.now();
		const results = await applyContainerAction(engine, 'stop', ids, {concurrency});
		const stopMs = performance.now() - started;
		if (results.some(result => !result.isOk)) throw new Error(results.find(result => !result.isOk)!.error);
		const restart = performance.now();
		await applyContainerAction(engine, 'start', ids, {concurrency});
		const startMs = performance.now() - restart;
		console.log(`${count} containers, concurrency ${concurrency}: stop ${Math.round(stopMs)} ms, start ${Math.round(startMs)} ms`);
	}
	const removing = performance.now();
	await applyContainerAction(engine, 'remove', ids.map(id => ({id, force: true})), {concurrency: 4});
	console.log(`${count} containers: force-remove ${Math.round(performance.now() - removing)} ms (concurrency 4)`);
	console.log(`left running: ${(await docker('ps', '-q', '--filter', `id=${ids[0]}`)) || 'none'}`);
} finally {
	await removeContainers(...ids);
}

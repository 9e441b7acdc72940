/**
 * dockdash's stats against `docker stats --no-stream` on the same containers,
 * through both collection methods: cgroup files (this host runs the engine) and
 * one-shot API polls.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {engineStatus} from '../../source/docker/errors.js';
import {CgroupReader, StatsCollector} from '../../source/docker/stats.js';
import {createStatsRequest} from '../../source/docker/stats-request.js';
import {type StatsMethod} from '../../source/model/stats.js';
import {StatsStore} from '../../source/model/stats-store.js';
import {docker, makeContainer, removeContainers, testEngine, waitFor} from '../support/engine.js';

const engine = testEngine();
let spinner = '';
let holder = '';

const UNITS: Record<string, number> = {B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1000, MB: 1000 ** 2, GB: 1000 ** 3};
function parseSize(text: string): number {
	const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text.trim());
	assert.ok(match && UNITS[match[2]!], `size "${text}"`);
	return Number(match[1]) * UNITS[match[2]!]!;
}

async function dockerStats(id: string): Promise<{cpu: number; memory: number}> {
	const line = await docker('stats', '--no-stream', '--format', '{{.CPUPerc}}|{{.MemUsage}}', id);
	const [cpu, memory] = line.split('|');
	return {cpu: Number.parseFloat(cpu!), memory: parseSize(memory!.split('/')[0]!)};
}

/** Runs a collector until each container has `rounds` CPU figures; returns the store. */
async function collect(method: StatsMethod | 'auto', ids: string[], rounds: number): Promise<{store: StatsStore; methods: Array<StatsMethod | undefined>}> {
	const store = new StatsStore();
	const errors: string[] = [];
	const collector = new StatsCollector(engine, {method, onSamples: samples => store.apply(samples), onError: (_id, error) => errors.push(String(error))});
	collector.setTargets(ids);
	collector.start();
	try {
		await waitFor(() => ids.every(id => (store.get().get(id)?.history.values('cpuPercent').filter(value => value !== undefined).length ?? 0) >= rounds), {
			timeoutMs: (rounds + 6) * 1000,
			what: () => `${rounds} rounds of ${method} stats (errors: ${errors.join('; ') || 'none'})`,
		});
		return {store, methods: ids.map(id => collector.methodOf(id))};
	} finally {
		collector.stop();
	}
}

const mean = (values: Array<number | undefined>) => {
	const known = values.filter((value): value is number => value !== undefined);
	return known.reduce((sum, value) => sum + value, 0) / known.length;
};

describe('stats collection against the engine', () => {
	before(async () => {
		spinner = await makeContainer({command: ['sh', '-c', 'while :; do :; done'], extraArgs: ['--cpus', '0.5']});
		// A shell holding a 20 MB string: memory that stays put while both tools read it
		// (a loop, so ash does not exec the last command and drop the string).
		holder = await makeContainer({command: ['sh', '-c', 'x=$(head -c 20000000 /dev/zero | tr "\\0" a); while sleep 3600; do :; done']});
		await waitFor(async () => (await dockerStats(holder)).memory > 19e6, {timeoutMs: 15_000, intervalMs: 500, what: 'the holder to fill its memory'});
	});
	after(async () => {
		await removeContainers(spinner, holder);
	});

	// CPU tolerance: the --cpus 0.5 quota is enforced per 100 ms CFS period, so
	// a one-second window can hold 4 to 6 periods' worth (45–55 %), and
	// `docker stats` and dockdash read different windows; on this shared 2-core
	// host the spinner also gets less than its quota when others are busy (30 %
	// was seen). So: within 20 % of docker's figure (at least 4 points), averaging
	// dockdash's rounds and three docker stats runs over the same seconds. That
	// still fails a formula that is off by the CPU count (×2), takes one core for
	// all (÷2) or shows a since-start average.
	for (const method of ['auto', 'one-shot'] as const) {
		it(`${method}: CPU % of a spinning --cpus 0.5 container matches docker stats`, async t => {
			const store = new StatsStore();
			const points: Array<{at: number; cpu?: number}> = [];
			store.subscribe(() => {
				const latest = store.get().get(spinner)?.latest;
				if (latest) points.push({at: latest.at, cpu: latest.cpuPercent});
			});
			const collector = new StatsCollector(engine, {method, onSamples: samples => store.apply(samples)});
			collector.setTargets([spinner]);
			collector.start();
			const references: number[] = [];
			let from = 0;
			let to = 0;
			try {
				await waitFor(() => points.length > 0, {what: `a first ${method} sample`});
				assert.equal(collector.methodOf(spinner), method === 'auto' ? 'cgroup' : 'one-shot', 'this host runs the engine, so auto reads cgroup files');
				// A one-shot answer has no precpu, and a cgroup read has no previous one: the first round shows '–'.
				// (Were `one-shot` ignored, the engine would wait a second and send a precpu pair.)
				assert.equal(points[0]!.cpu, undefined);
				// Both tools over the same seconds: three docker stats runs back to back, and dockdash's rounds meanwhile.
				from = Date.now();
				for (let run = 0; run < 3; run++) references.push((await dockerStats(spinner)).cpu);
				to = Date.now();
				await waitFor(() => points.some(point => point.at > to), {what: 'a round after docker stats finished'});
			} finally {
				collector.stop();
			}
			const ours = mean(points.filter(point => point.at >= from && point.at <= to + 1000).map(point => point.cpu));
			const reference = mean(references);
			t.diagnostic(`dockdash ${ours.toFixed(2)}% vs docker stats ${reference.toFixed(2)}% (means over the same ${((to - from) / 1000).toFixed(1)} s)`);
			assert.ok(reference > 10 && reference < 60, `docker stats says ${reference}% for a spinning --cpus 0.5 container (host overloaded?)`);
			assert.ok(Math.abs(ours - reference) <= Math.max(4, reference * 0.2), `dockdash ${ours.toFixed(2)}% vs docker stats ${reference.toFixed(2)}%`);
			assert.ok(ours <= 60, `dockdash ${ours.toFixed(2)}% is above the 50 % quota`);
		});

		it(`${method}: memory (without inactive file cache) matches docker stats`, async t => {
			const [{store}, reference] = await Promise.all([collect(method, [holder], 1), dockerStats(holder)]);
			const ours = store.get().get(holder)!.latest;
			t.diagnostic(`dockdash ${ours.memoryUsed} B vs docker stats ${reference.memory} B`);
			// docker stats prints 3 significant digits (e.g. 20.6MiB): allow that rounding plus 1 MiB of drift.
			assert.ok(Math.abs(ours.memoryUsed - reference.memory) <= reference.memory * 0.005 + 1024 ** 2, `dockdash ${ours.memoryUsed} B vs docker stats ${reference.memory} B`);
			assert.ok(ours.memoryLimit > 0 && ours.memoryPercent! > 0);
			assert.equal(ours.pids, 2, 'sh and sleep');
		});
	}

	it('cgroup files beyond the ones kept open are read through the one read buffer: the same figures, no buffer per read (issue 16)', async t => {
		const kept = new CgroupReader();
		const perRead = new CgroupReader({}, {maxKeptFiles: 0});
		const handle = kept.find(holder);
		if (!handle || kept.version !== 1) return t.skip('needs the cgroup v1 files of a local engine');
		const systemCpuNs = kept.systemCpuNs()!;
		// Counting the buffers of 4 KiB and more made meanwhile (readFileSync makes two of 64 KiB for each of these
		// files, which say their size is 0: at 200 containers, ~80 MB a second of garbage).
		const allocUnsafe = Buffer.allocUnsafe;
		let large = 0;
		Buffer.allocUnsafe = (size: number) => {
			if (size >= 4096) large++;
			return allocUnsafe(size);
		};
		let counted: {control: number; reads: number};
		let samples: ReturnType<CgroupReader['read']>[];
		try {
			readFileSync(`/sys/fs/cgroup/memory/${handle.relative}/memory.stat`, 'latin1');
			const control = large;
			samples = [kept.read(handle, systemCpuNs, 1), perRead.read(handle, systemCpuNs, 1)];
			for (let round = 0; round < 20; round++) perRead.read(handle, systemCpuNs, 1);
			counted = {control, reads: large - control};
		} finally {
			Buffer.allocUnsafe = allocUnsafe;
			kept.close();
			perRead.close();
		}
		assert.ok(counted.control > 0, 'the count sees readFileSync of a cgroup file (positive control)');
		assert.equal(counted.reads, 0, 'buffers made by 21 samples read file by file');
		const [fromKept, fromOnce] = samples;
		assert.ok(fromOnce!.memoryUsed > 19e6 && Math.abs(fromOnce!.memoryUsed - fromKept!.memoryUsed) < 1024 ** 2, `${fromOnce!.memoryUsed} vs ${fromKept!.memoryUsed}`);
		assert.deepEqual([fromOnce!.pids, fromOnce!.memoryLimit], [fromKept!.pids, fromKept!.memoryLimit]);
	});

	it('auto: cgroup files that disagree with the engine are not trusted; the container is read through the engine', async () => {
		// A host tree where the spinner's cgroup says the wrong things (another container's
		// files, a parent cgroup, a PID from another namespace would look like this).
		const root = mkdtempSync(path.join(os.tmpdir(), 'dockdash-wrong-cgroup-'));
		const write = (file: string, text: string) => {
			mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
			writeFileSync(path.join(root, file), text);
		};
		write('cpuacct/cpuacct.usage', '1\n');
		write(`cpuacct/docker/${spinner}/cpuacct.usage`, '900000000000000\n');
		write(`memory/docker/${spinner}/memory.usage_in_bytes`, '999000000\n');
		write(`memory/docker/${spinner}/memory.stat`, 'total_inactive_file 0\n');
		write(`memory/docker/${spinner}/memory.limit_in_bytes`, '1000000000\n');
		write(`blkio/docker/${spinner}/blkio.throttle.io_service_bytes`, '');
		write(`pids/docker/${spinner}/pids.current`, '77\n');
		const mismatches: string[] = [];
		const store = new StatsStore();
		const collector = new StatsCollector(engine, {hostPaths: {cgroupRoot: root}, onSamples: samples => store.apply(samples), onCgroupMismatch: (id, reason) => mismatches.push(`${id} ${reason}`)});
		collector.setTargets([spinner]);
		collector.start();
		try {
			await waitFor(() => mismatches.length > 0, {what: 'the check against the engine'});
			assert.match(mismatches[0]!, new RegExp(`^${spinner} docker/${spinner}: CPU time`));
			const before = store.get().get(spinner)?.latest.at ?? 0;
			await waitFor(() => (store.get().get(spinner)?.latest.at ?? 0) > before, {what: 'a round after the check'});
			assert.equal(collector.methodOf(spinner), 'one-shot');
			assert.equal(store.get().get(spinner)!.latest.pids, 1, 'the figures are the engine\'s, not the 77 PIDs of the wrong files');
		} finally {
			collector.stop();
			rmSync(root, {recursive: true, force: true});
		}
	});

	it('a stopped container gives no figures and no crash', async () => {
		const stopped = await makeContainer({start: false});
		try {
			const errors: unknown[] = [];
			const store = new StatsStore();
			const collector = new StatsCollector(engine, {method: 'one-shot', onSamples: samples => store.apply(samples), onError: (_id, error) => errors.push(error)});
			collector.setTargets([stopped, holder]);
			collector.start();
			await waitFor(() => store.get().has(holder), {what: 'a sample of the running container'});
			collector.stop();
			assert.equal(store.get().has(stopped), false);
		} finally {
			await removeContainers(stopped);
		}
	});

	it('through the engine, the rows on screen are streamed (fresh each second) and the others asked for in their first two rounds, then once every few (issue 16)', async () => {
		const third = await makeContainer({});
		try {
			const counts = new Map<string, number>();
			const collector = new StatsCollector(engine, {
				method: 'one-shot',
				intervalMs: 250,
				backgroundRounds: 8,
				onSamples: samples => {
					for (const id of samples.keys()) counts.set(id, (counts.get(id) ?? 0) + 1);
				},
			});
			collector.setTargets([spinner, holder, third]);
			collector.setVisible([spinner]);
			const startedAt = Date.now();
			collector.start();
			try {
				await waitFor(() => (counts.get(spinner) ?? 0) >= 5, {timeoutMs: 20_000, what: () => `5 samples of the visible container (${JSON.stringify([...counts])})`});
				const rounds = Math.ceil((Date.now() - startedAt) / 250) + 1;
				assert.equal(collector.methodOf(spinner), 'stream');
				assert.equal(collector.methodOf(holder), 'one-shot');
				for (const hidden of [holder, third]) {
					const count = counts.get(hidden) ?? 0;
					// The first two rounds (CPU % takes two samples), then once every 8 rounds.
					assert.ok(count >= 2 && count <= 3 + Math.ceil(rounds / 8), `hidden container sampled ${count} times in ${rounds} rounds`);
				}
				// The row leaves the screen: the one now shown gets a stream and its samples; the old one's stream
				// lingers a few seconds (rows trading places at the screen's edge), then closes.
				collector.setVisible([holder]);
				const before = counts.get(holder) ?? 0;
				await waitFor(() => collector.methodOf(holder) === 'stream', {timeoutMs: 5000, what: 'a stream for the row now shown'});
				const leftAt = Date.now();
				assert.equal(collector.methodOf(spinner), 'stream');
				await waitFor(() => collector.methodOf(spinner) === 'one-shot', {timeoutMs: 15_000, what: 'the stream of the row off screen to close'});
				assert.ok(Date.now() - leftAt >= 3000, `closed ${Date.now() - leftAt} ms after the row left`);
				await waitFor(() => (counts.get(holder) ?? 0) >= before + 2, {timeoutMs: 10_000, what: () => `streamed samples of the row now shown (${JSON.stringify([...counts])})`});
			} finally {
				collector.stop();
			}
		} finally {
			await removeContainers(third);
		}
	});

	it('through the engine, at most maxHiddenPerRound rows off screen are asked for each round, however many there are (issue 16)', async () => {
		const third = await makeContainer({});
		try {
			const counts = new Map<string, number>();
			const ids = [spinner, holder, third];
			let total = 0;
			/** Sizes of the batches handed over after each container's first two rounds (CPU % takes two samples). */
			const later: number[] = [];
			const collector = new StatsCollector(engine, {
				method: 'one-shot',
				intervalMs: 250,
				backgroundRounds: 1,
				maxHiddenPerRound: 1,
				onSamples: samples => {
					if (total >= 2 * ids.length) later.push(samples.size);
					total += samples.size;
					for (const id of samples.keys()) counts.set(id, (counts.get(id) ?? 0) + 1);
				},
			});
			collector.setTargets(ids);
			collector.setVisible([]);
			collector.start();
			try {
				// Positive control: every one is asked for in its first two rounds, and they go on being asked for.
				await waitFor(() => ids.every(id => (counts.get(id) ?? 0) >= 4), {timeoutMs: 30_000, what: () => `4 samples of each (${JSON.stringify([...counts])})`});
			} finally {
				collector.stop();
			}
			// Uncapped (backgroundRounds 1) each round would ask for all three.
			assert.ok(later.length >= 6 && later.every(size => size === 1), `batches after the first two rounds: ${later.join(', ')}`);
		} finally {
			await removeContainers(third);
		}
	});

	it('the lean stats request answers as the engine does, errors included', async () => {
		const request = createStatsRequest(engine.endpoint, {timeoutMs: 5000});
		assert.ok(request, 'a request for a unix socket endpoint');
		const json = (await request(holder, new AbortController().signal)) as {memory_stats?: {usage?: number}; id?: string};
		assert.ok((json.memory_stats?.usage ?? 0) > 19e6, `memory of the holder: ${json.memory_stats?.usage}`);
		const missing = await request('no-such-container-dockdash', new AbortController().signal).then(
			() => assert.fail('a missing container answered'),
			(error: unknown) => error,
		);
		assert.equal(engineStatus(missing), 404);
		assert.match(String((missing as {json?: {message?: string}}).json?.message), /no-such-container-dockdash/);
		const aborted = new AbortController();
		aborted.abort();
		await assert.rejects(request(holder, aborted.signal), {name: 'AbortError'});
	});
});

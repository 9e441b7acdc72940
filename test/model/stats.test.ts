import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import {
	CgroupReader,
	type EngineStatsJson,
	memoryStatValue,
	parseBlkioServiceBytes,
	parseDecimalBytes,
	parseEngineStats,
	parseNetDev,
	parseProcStatCpu,
} from '../../source/docker/stats.js';
import {StatsStore} from '../../source/model/stats-store.js';
import {StatsHistory, type StatsSample, cpuPercent, deriveStats, memoryUsedBytes, ratePerSecond} from '../../source/model/stats.js';

// Recorded from the test engine (Docker 20.10.24, cgroup v1, 2 CPUs) on a
// container run with `--cpus 0.5 … sh -c 'while :; do :; done'`;
// `docker stats --no-stream` said 50.55% at the time.
function fixture(name: string): EngineStatsJson {
	return JSON.parse(readFileSync(path.join('test/fixtures/stats', `${name}.json`), 'utf8')) as EngineStatsJson;
}

function sample(overrides: Partial<StatsSample> = {}): StatsSample {
	return {
		readAt: 1_000,
		cpuTotalNs: 0,
		systemCpuNs: 0,
		onlineCpus: 2,
		memoryUsed: 0,
		memoryLimit: 1000,
		networkRx: 0,
		networkTx: 0,
		blockRead: 0,
		blockWrite: 0,
		pids: 1,
		...overrides,
	};
}

describe('stats maths on recorded engine samples', () => {
	it('uses the engine’s own precpu pair from a stream=false answer', () => {
		const parsed = parseEngineStats(fixture('spin-stream-false'))!;
		const point = deriveStats(undefined, parsed);
		// (2058747960 − 1555466287) / (8429040000000 − 8427040000000) × 2 × 100
		assert.ok(Math.abs(point.cpuPercent! - 50.328) < 0.01, String(point.cpuPercent));
		assert.equal(point.memoryUsed, 561_152);
		assert.equal(point.memoryLimit, 25_276_502_016);
		assert.equal(point.pids, 1);
	});

	it('shows nothing for a first one-shot sample (empty precpu), then CPU % from two', () => {
		const first = parseEngineStats(fixture('spin-one-shot-1'))!;
		assert.equal(first.previousCpu, undefined);
		const alone = deriveStats(undefined, first);
		assert.equal(alone.cpuPercent, undefined);
		assert.equal(alone.networkRxRate, undefined);
		assert.equal(alone.blockWriteRate, undefined);
		const second = parseEngineStats(fixture('spin-one-shot-2'))!;
		const point = deriveStats(first, second);
		// (3080466839 − 2565938591) / (8433050000000 − 8431030000000) × 2 × 100
		assert.ok(Math.abs(point.cpuPercent! - 50.943) < 0.01, String(point.cpuPercent));
		assert.equal(point.networkRxRate, 0);
		assert.equal(point.blockReadRate, 0);
	});

	it('ignores a stopped container’s answer (Go zero time)', () => {
		assert.equal(parseEngineStats({...fixture('spin-one-shot-1'), read: '0001-01-01T00:00:00Z'}), undefined);
		assert.equal(parseEngineStats({}), undefined);
	});

	it('sums networks and the read/write block ops like the docker CLI', () => {
		const parsed = parseEngineStats({
			...fixture('spin-one-shot-1'),
			networks: {eth0: {rx_bytes: 100, tx_bytes: 10}, eth1: {rx_bytes: 1, tx_bytes: 2}},
			blkio_stats: {
				io_service_bytes_recursive: [
					{op: 'Read', value: 4096},
					{op: 'Write', value: 8192},
					{op: 'Sync', value: 1},
					{op: 'Total', value: 12288},
					{op: 'read', value: 1},
					{op: 'write', value: 2},
				],
			},
		})!;
		assert.deepEqual([parsed.networkRx, parsed.networkTx, parsed.blockRead, parsed.blockWrite], [101, 12, 4097, 8194]);
	});
});

describe('memoryUsedBytes', () => {
	it('subtracts total_inactive_file on cgroup v1', () => {
		assert.equal(memoryUsedBytes(10_000, {total_inactive_file: 4000, inactive_file: 1000}), 6000);
	});
	it('subtracts inactive_file on cgroup v2', () => {
		assert.equal(memoryUsedBytes(10_000, {inactive_file: 3000}), 7000);
	});
	it('keeps the usage when the cache figure is not below it, or missing', () => {
		assert.equal(memoryUsedBytes(10_000, {total_inactive_file: 20_000, inactive_file: 1}), 10_000);
		assert.equal(memoryUsedBytes(10_000, undefined), 10_000);
	});
});

describe('cpuPercent and rates', () => {
	it('is 0, never NaN or negative, when a delta is ≤ 0', () => {
		assert.equal(cpuPercent({cpuTotalNs: 5, systemCpuNs: 100}, {cpuTotalNs: 5, systemCpuNs: 200}, 2), 0);
		assert.equal(cpuPercent({cpuTotalNs: 9, systemCpuNs: 100}, {cpuTotalNs: 5, systemCpuNs: 200}, 2), 0);
		assert.equal(cpuPercent({cpuTotalNs: 5, systemCpuNs: 100}, {cpuTotalNs: 50, systemCpuNs: 100}, 2), 0);
		assert.equal(cpuPercent({cpuTotalNs: 0, systemCpuNs: 0}, {cpuTotalNs: 0, systemCpuNs: 0}, 0), 0);
	});
	it('scales by the online CPUs: one full core of two is 100 %', () => {
		assert.equal(cpuPercent({cpuTotalNs: 0, systemCpuNs: 0}, {cpuTotalNs: 1e9, systemCpuNs: 2e9}, 2), 100);
	});
	it('gives bytes per second, 0 for a counter that went down, undefined with no time between', () => {
		assert.equal(ratePerSecond(1000, 3000, 500), 4000);
		assert.equal(ratePerSecond(3000, 1000, 1000), 0);
		assert.equal(ratePerSecond(1000, 3000, 0), undefined);
	});
	it('derives every rate from two of dockdash’s own samples', () => {
		const point = deriveStats(
			sample({readAt: 1000, cpuTotalNs: 0, systemCpuNs: 0, networkRx: 0, networkTx: 0, blockRead: 0, blockWrite: 0}),
			sample({readAt: 3000, cpuTotalNs: 1e9, systemCpuNs: 4e9, networkRx: 2000, networkTx: 400, blockRead: 8000, blockWrite: 4000, memoryUsed: 250}),
		);
		assert.equal(point.cpuPercent, 50);
		assert.deepEqual([point.networkRxRate, point.networkTxRate, point.blockReadRate, point.blockWriteRate], [1000, 200, 4000, 2000]);
		assert.equal(point.memoryPercent, 25);
	});
	it('has no memory % without a limit', () => {
		assert.equal(deriveStats(undefined, sample({memoryLimit: 0, memoryUsed: 5})).memoryPercent, undefined);
	});
});

describe('StatsHistory', () => {
	it('keeps only the last N points, oldest first, and unknowns as undefined', () => {
		const history = new StatsHistory(3);
		for (const cpu of [undefined, 1, 2, 3]) history.push({...deriveStats(undefined, sample()), cpuPercent: cpu});
		assert.equal(history.size, 3);
		assert.deepEqual(history.values('cpuPercent'), [1, 2, 3]);
		const fresh = new StatsHistory(3);
		fresh.push(deriveStats(undefined, sample()));
		assert.deepEqual(fresh.values('cpuPercent'), [undefined]);
	});
});

describe('StatsStore', () => {
	it('derives figures per container across rounds, drops stale samples, and forgets containers', () => {
		const store = new StatsStore({historyPoints: 4});
		let notified = 0;
		store.subscribe(() => notified++);
		store.apply(new Map([['a', sample({readAt: 1000})], ['b', sample({readAt: 1000})]]));
		assert.equal(notified, 1, 'one notification per round');
		assert.equal(store.get().get('a')!.latest.cpuPercent, undefined);
		store.apply(new Map([['a', sample({readAt: 2000, cpuTotalNs: 5e8, systemCpuNs: 2e9})]]));
		assert.equal(store.get().get('a')!.latest.cpuPercent, 50);
		store.apply(new Map([['a', sample({readAt: 1500, cpuTotalNs: 1, systemCpuNs: 1})]]));
		assert.equal(store.get().get('a')!.latest.cpuPercent, 50, 'an older answer does not replace a newer one');
		assert.deepEqual(store.get().get('a')!.history.values('cpuPercent'), [undefined, 50]);
		store.retain(new Set(['a']));
		assert.deepEqual([...store.get().keys()], ['a']);
	});
});

describe('cgroup v1 and /proc parsing', () => {
	it('reads host CPU time from /proc/stat in ns', () => {
		assert.equal(parseProcStatCpu('cpu  10 20 30 40 50 60 70 80 0 0\ncpu0 1 1 1 1 1 1 1\n'), 280 * 1e7);
		assert.equal(parseProcStatCpu('intr 1 2 3\n'), undefined);
	});
	it('sums blkio Read and Write lines', () => {
		assert.deepEqual(parseBlkioServiceBytes('8:0 Read 4096\n8:0 Write 100\n8:0 Sync 1\n8:0 Total 4196\n8:16 Read 4\nTotal 4200\n'), {read: 4100, write: 100});
	});
	it('sums net/dev without loopback', () => {
		const text = 'Inter-|   Receive\n face |bytes packets\n    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0\n  eth0: 1500 10 0 0 0 0 0 0 700 5 0 0 0 0 0 0\n';
		assert.deepEqual(parseNetDev(text), {rx: 1500, tx: 700});
	});
	it('finds a memory.stat key without matching a longer one', () => {
		const text = 'inactive_file 5\ntotal_inactive_file 7\n';
		assert.equal(memoryStatValue(text, 'total_inactive_file'), 7);
		assert.equal(memoryStatValue(text, 'inactive_file'), 5);
		assert.equal(memoryStatValue(text, 'missing'), undefined);
		// The pattern is made once per key: asked again, the same answers.
		assert.equal(memoryStatValue('total_inactive_file 9\n', 'total_inactive_file'), 9);
		assert.equal(memoryStatValue(text, 'inactive_file'), 5);
	});
	it('reads a counter from the bytes as Number(text.trim()) does, whatever the bytes (issue 16)', () => {
		for (const text of ['4096\n', ' 12 ', '', '\n', '9223372036854771712\n', '123456789012345\n', '1234567890123456\n', 'max\n', '12a\n', '0\n']) {
			assert.ok(Object.is(parseDecimalBytes(Buffer.from(text, 'latin1'), text.length), Number(text.trim())), JSON.stringify(text));
		}
		const counterText = fc.stringMatching(/^[ \n]{0,2}[0-9]{0,20}[ \n]{0,2}$/);
		const anyText = fc.string({unit: fc.constantFrom('0', '1', '9', ' ', '\n', '\t', '\r', '\v', '\f', '\u00a0', '.', '-', 'e', 'x', 'm', '+'), maxLength: 24});
		fc.assert(
			fc.property(fc.oneof(counterText, anyText), fc.string({maxLength: 4}), (text, stale) => {
				// The read buffer holds older bytes past the length read: they must not count.
				const bytes = Buffer.from(text + stale, 'latin1');
				return Object.is(parseDecimalBytes(bytes, text.length), Number(text.trim()));
			}),
		);
	});
});

describe('CgroupReader on a fake host tree', () => {
	const root = mkdtempSync(path.join(os.tmpdir(), 'dockdash-cgroup-'));
	after(() => rmSync(root, {recursive: true, force: true}));
	const id = 'a'.repeat(64);
	const write = (file: string, text: string) => {
		mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
		writeFileSync(path.join(root, file), text);
	};
	write('cg/cpuacct/cpuacct.usage', '1\n');
	write(`cg/cpuacct/docker/${id}/cpuacct.usage`, '500000000\n');
	write(`cg/memory/docker/${id}/memory.usage_in_bytes`, '10000\n');
	write(`cg/memory/docker/${id}/memory.stat`, 'cache 9\ninactive_file 1\ntotal_inactive_file 4000\n');
	write(`cg/memory/docker/${id}/memory.limit_in_bytes`, '9223372036854771712\n');
	write(`cg/blkio/docker/${id}/blkio.throttle.io_service_bytes`, '8:0 Read 10\n8:0 Write 20\nTotal 30\n');
	write(`cg/pids/docker/${id}/pids.current`, '3\n');
	write(`cg/pids/docker/${id}/cgroup.procs`, '4242\n');
	write('proc/stat', 'cpu  100 0 100 0 0 0 0 0 0 0\n');
	write('proc/4242/net/dev', 'h\nh\n  eth0: 300 0 0 0 0 0 0 0 30 0 0 0 0 0 0 0\n');
	mkdirSync(path.join(root, 'proc/1/ns'), {recursive: true});
	mkdirSync(path.join(root, 'proc/4242/ns'), {recursive: true});
	symlinkSync('net:[1]', path.join(root, 'proc/1/ns/net'));
	symlinkSync('net:[2]', path.join(root, 'proc/4242/ns/net'));

	it('finds the container under docker/ID and reads every counter', () => {
		const reader = new CgroupReader({cgroupRoot: path.join(root, 'cg'), procRoot: path.join(root, 'proc')});
		assert.ok(reader.isAvailable());
		assert.equal(reader.find('b'.repeat(64)), undefined);
		const handle = reader.find(id)!;
		assert.deepEqual(handle, {relative: `docker/${id}`, pid: 4242});
		const read = reader.read(handle, reader.systemCpuNs()!, 5000);
		assert.equal(read.systemCpuNs, 200 * 1e7);
		assert.equal(read.cpuTotalNs, 5e8);
		assert.equal(read.memoryUsed, 6000);
		assert.equal(read.memoryLimit, os.totalmem(), 'an unlimited cgroup shows the host memory, as the engine does');
		assert.deepEqual([read.networkRx, read.networkTx, read.blockRead, read.blockWrite, read.pids], [300, 30, 10, 20, 3]);
	});

	it('re-reads the files it keeps open, and reopens them after forget', () => {
		const reader = new CgroupReader({cgroupRoot: path.join(root, 'cg'), procRoot: path.join(root, 'proc')});
		const handle = reader.find(id)!;
		assert.equal(reader.read(handle, 1, 1).cpuTotalNs, 5e8);
		write(`cg/cpuacct/docker/${id}/cpuacct.usage`, '700000000\n');
		assert.equal(reader.read(handle, 1, 2).cpuTotalNs, 7e8, 'a kept file is read afresh each round');
		reader.forget(handle);
		write(`cg/cpuacct/docker/${id}/cpuacct.usage`, '900000000\n');
		assert.equal(reader.read(handle, 1, 3).cpuTotalNs, 9e8);
		reader.close();
		write(`cg/cpuacct/docker/${id}/cpuacct.usage`, '500000000\n');
	});

	it('is unavailable where there is no cgroup v1 tree', () => {
		assert.equal(new CgroupReader({cgroupRoot: path.join(root, 'nothing'), procRoot: path.join(root, 'proc')}).isAvailable(), false);
	});
});

/**
 * The cgroup v2 reader on real trees recorded on a cgroup v2 Docker host (the VM of
 * ../shared/cgroup2-vm, Docker 20.10.24, cgroupfs driver) by test/support/record-cgroup2.sh,
 * beside `docker stats --no-stream` taken at the same moment. The systemd and rootless
 * layouts are the same recorded files moved to where those drivers put a container.
 */
import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {
	CgroupReader,
	cgroupLayoutOf,
	parseCpuStatUsageNs,
	parseIoStat,
	parseMemoryMax,
	parseProcCgroup,
} from '../../source/docker/stats.js';
import {type StatsSample, disagreementWithEngine} from '../../source/model/stats.js';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/cgroup2/vm-cgroupfs');

interface Recorded {
	id: string;
	pid: number;
	name: string;
}

const recorded: Recorded[] = readFileSync(path.join(FIXTURE, 'containers'), 'utf8')
	.trim()
	.split('\n')
	.map(line => {
		const [id, pid, name] = line.split(' ');
		return {id: id!, pid: Number(pid), name: name!};
	});

const UNITS: Record<string, number> = {B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1000, MB: 1000 ** 2, GB: 1000 ** 3};
const size = (text: string) => {
	const [, value, unit] = /^([\d.]+)([A-Za-z]+)$/.exec(text)!;
	return Number(value) * UNITS[unit!]!;
};

/** `docker stats` at the moment of recording: memory used, block write and PIDs, by short ID. */
const dockerStats = new Map(
	readFileSync(path.join(FIXTURE, 'docker-stats'), 'utf8')
		.trim()
		.split('\n')
		.map(line => {
			// "255f0708e886 109.11% 316KiB / 128MiB 0B / 0B 1"
			const [shortId, , used, , limit, , , blockWrite, pids] = line.split(' ');
			return [shortId!, {used: size(used!), limit: size(limit!), blockWrite: size(blockWrite!), pids: Number(pids)}] as const;
		}),
);

/** A host root (cg/ and proc/) made from the recording; `move` relocates a container's cgroup as another driver would. */
function hostFromRecording(move?: (id: string) => string): {cgroupRoot: string; procRoot: string} {
	const root = mkdtempSync(path.join(os.tmpdir(), 'dockdash-cgroup2-'));
	const cgroupRoot = path.join(root, 'cg');
	const procRoot = path.join(root, 'proc');
	cpSync(path.join(FIXTURE, 'sys-fs-cgroup'), cgroupRoot, {recursive: true});
	cpSync(path.join(FIXTURE, 'proc'), procRoot, {recursive: true});
	writeFileSync(path.join(cgroupRoot, 'cgroup.controllers'), readFileSync(path.join(FIXTURE, 'cgroup.controllers')));
	writeFileSync(path.join(procRoot, 'stat'), readFileSync(path.join(FIXTURE, 'proc-stat')));
	mkdirSync(path.join(procRoot, '1/ns'), {recursive: true});
	symlinkSync('net:[4026531840]', path.join(procRoot, '1/ns/net'));
	for (const {id, pid} of recorded) {
		mkdirSync(path.join(procRoot, `${pid}/ns`), {recursive: true});
		symlinkSync(`net:[40265320${pid}]`, path.join(procRoot, `${pid}/ns/net`));
		mkdirSync(path.join(procRoot, `${pid}/net`), {recursive: true});
		writeFileSync(path.join(procRoot, `${pid}/net/dev`), 'h\nh\n    lo: 9 0 0 0 0 0 0 0 9 0 0 0 0 0 0 0\n');
		if (move) {
			const relative = move(id);
			mkdirSync(path.dirname(path.join(cgroupRoot, relative)), {recursive: true});
			renameSync(path.join(cgroupRoot, 'docker', id), path.join(cgroupRoot, relative));
			writeFileSync(path.join(procRoot, `${pid}/cgroup`), `0::/${relative}\n`);
		}
	}
	return {cgroupRoot, procRoot};
}

const roots: string[] = [];
after(() => {
	for (const root of roots) rmSync(path.dirname(root), {recursive: true, force: true});
});

function readerFor(move?: (id: string) => string): CgroupReader {
	const paths = hostFromRecording(move);
	roots.push(paths.cgroupRoot);
	return new CgroupReader(paths);
}

describe('cgroup v2 file parsers', () => {
	it('reads usage_usec from cpu.stat as nanoseconds, and nothing from a file without it', () => {
		assert.equal(parseCpuStatUsageNs('usage_usec 19058962\nuser_usec 12631631\n'), 19_058_962_000);
		assert.equal(parseCpuStatUsageNs('user_usec 5\n'), undefined);
	});
	it('sums rbytes and wbytes of every device in io.stat, and an empty io.stat is zero', () => {
		assert.deepEqual(parseIoStat('254:0 rbytes=10 wbytes=16777216 rios=0 wios=20 dbytes=0 dios=0\n8:0 rbytes=5 wbytes=1 rios=1 wios=1\n'), {read: 15, write: 16_777_217});
		assert.deepEqual(parseIoStat(''), {read: 0, write: 0});
	});
	it('reads memory.max as bytes, or no limit for "max"', () => {
		assert.equal(parseMemoryMax('134217728\n'), 134_217_728);
		assert.equal(parseMemoryMax('max\n'), Number.POSITIVE_INFINITY);
	});
	it('finds a process cgroup in /proc/PID/cgroup on v2 and on v1', () => {
		assert.equal(parseProcCgroup('0::/docker/abc\n', 2), 'docker/abc');
		assert.equal(parseProcCgroup('0::/user.slice/user-1000.slice/user@1000.service/docker.service/abc\n', 2), 'user.slice/user-1000.slice/user@1000.service/docker.service/abc');
		const v1 = '12:pids:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n';
		assert.equal(parseProcCgroup(v1, 1), 'docker/abc');
		assert.equal(parseProcCgroup('0::/\n', 2), undefined, 'the root cgroup is not a container');
	});
	it('names a layout by the path with the ID taken out', () => {
		assert.equal(cgroupLayoutOf('system.slice/docker-abc.scope', 'abc'), 'system.slice/docker-{id}.scope');
	});
});

describe('CgroupReader on recorded cgroup v2 trees', () => {
	it('detects v2 and reads each container as docker stats did at the same moment', () => {
		const reader = readerFor();
		assert.equal(reader.version, 2);
		assert.ok(reader.isAvailable());
		for (const {id, pid, name} of recorded) {
			const handle = reader.find(id);
			assert.deepEqual(handle, {relative: `docker/${id}`, pid}, name);
			const sample = reader.read(handle!, reader.systemCpuNs()!, 1);
			const expected = dockerStats.get(id.slice(0, 12))!;
			// docker stats prints 3-4 significant digits: equal to within its rounding.
			assert.ok(Math.abs(sample.memoryUsed - expected.used) <= expected.used * 0.005 + 1024, `${name}: memory ${sample.memoryUsed} vs docker stats ${expected.used}`);
			assert.ok(Math.abs(Math.min(sample.memoryLimit, os.totalmem()) - Math.min(expected.limit, os.totalmem())) <= expected.limit * 0.005 || !Number.isFinite(parseMemoryMax(readFileSync(path.join(FIXTURE, `sys-fs-cgroup/docker/${id}/memory.max`), 'utf8'))), `${name}: limit`);
			assert.ok(Math.abs(sample.blockWrite - expected.blockWrite) <= expected.blockWrite * 0.005, `${name}: block write ${sample.blockWrite} vs ${expected.blockWrite}`);
			assert.equal(sample.pids, expected.pids, `${name}: PIDs`);
		}
	});

	it('takes memory as memory.current less inactive_file, as the docker CLI does on v2', () => {
		const reader = readerFor();
		const io = recorded.find(container => container.name === 'io')!;
		const dir = path.join(FIXTURE, `sys-fs-cgroup/docker/${io.id}`);
		const current = Number(readFileSync(path.join(dir, 'memory.current'), 'utf8'));
		const inactive = Number(/(?:^|\n)inactive_file (\d+)/.exec(readFileSync(path.join(dir, 'memory.stat'), 'utf8'))![1]);
		assert.ok(inactive > 0, 'the recording has page cache (dd wrote 16 MB)');
		assert.equal(reader.read(reader.find(io.id)!, 1, 1).memoryUsed, current - inactive);
	});

	it('finds the systemd driver scope in the usual place', () => {
		const reader = readerFor(id => `system.slice/docker-${id}.scope`);
		const {id} = recorded[0]!;
		assert.equal(reader.find(id)?.relative, `system.slice/docker-${id}.scope`);
	});

	it('finds a rootless or custom-parent cgroup only through the container process', () => {
		const reader = readerFor(id => `user.slice/user-1000.slice/user@1000.service/docker.service/${id}`);
		const {id, pid} = recorded[0]!;
		assert.equal(reader.find(id), undefined, 'not in the usual places');
		assert.equal(reader.find(id, {pid})?.relative, `user.slice/user-1000.slice/user@1000.service/docker.service/${id}`);
	});
});

describe('checking cgroup files against the engine', () => {
	const base: StatsSample = {
		readAt: 0,
		cpuTotalNs: 10e9,
		systemCpuNs: 1e12,
		onlineCpus: 2,
		memoryUsed: 100 * 1024 * 1024,
		memoryLimit: 256 * 1024 * 1024,
		networkRx: 0,
		networkTx: 0,
		blockRead: 0,
		blockWrite: 0,
		pids: 4,
	};
	const options = {elapsedMs: 20, hostMemoryBytes: 2 * 1024 ** 3};
	it('agrees when the files are a moment ahead of the engine', () => {
		assert.equal(disagreementWithEngine(base, {...base, cpuTotalNs: base.cpuTotalNs + 0.9e9, memoryUsed: base.memoryUsed + 1e6, pids: 5}, options), undefined);
	});
	it('agrees on an unlimited container whichever way each side writes "no limit"', () => {
		assert.equal(disagreementWithEngine({...base, memoryLimit: options.hostMemoryBytes}, {...base, memoryLimit: Number.POSITIVE_INFINITY}, options), undefined);
	});
	it('disagrees with a parent cgroup or another container', () => {
		assert.match(disagreementWithEngine(base, {...base, cpuTotalNs: base.cpuTotalNs * 50}, options)!, /CPU time/);
		assert.match(disagreementWithEngine(base, {...base, cpuTotalNs: base.cpuTotalNs / 2}, options)!, /CPU time/);
		assert.match(disagreementWithEngine(base, {...base, memoryLimit: 64 * 1024 * 1024}, options)!, /memory limit/);
		assert.match(disagreementWithEngine(base, {...base, memoryUsed: base.memoryUsed * 3}, options)!, /memory /);
		assert.match(disagreementWithEngine(base, {...base, pids: 40}, options)!, /processes/);
	});
});

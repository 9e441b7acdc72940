// Log ingest rate of the logs pane's pipeline (adapter → demultiplexer → ring
// of 10,000 lines → a 50 ms batched "render" that lays out the last screenful),
// with its memory, beside `docker logs -f CONTAINER > /dev/null` on the same
// container in the same run.
//   node --expose-gc bench/logs.mjs      LINES=1000000 by default
// Two measurements:
//   live     one container writes LINES lines as fast as it can; dockdash and
//            `docker logs -f` follow it at the same time, from its start.
//   backlog  the container has stopped; each reader reads all LINES stored lines
//            with follow (the way the pane reads), alternating, BACKLOG_PAIRS times each (medians).
// Writes its table into bench/README.md between the logs markers.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import {build} from 'esbuild';

const LINES = Number(process.env.LINES || 1_000_000);
const LABEL = 'dockdash.bench=logs';
const IMAGE = 'dockdash-test/busybox:latest';
const LINE_TEXT = 'bench log line: the quick brown fox jumps over the lazy dog 0123456789';
const docker = (...args) => execFileSync('docker', args, {encoding: 'utf8'}).trim();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function cpuSeconds(pid) {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return Number.NaN;
	}
}

function rssMiB(pid) {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : Number.NaN;
	} catch {
		return Number.NaN;
	}
}

async function bundlePipeline() {
	const outfile = 'dist/bench-logs-pipeline.mjs';
	await build({
		stdin: {
			contents: `
export {createEngine} from './source/docker/engine.js';
export {resolveEndpoint} from './source/docker/endpoint.js';
export {followLogs} from './source/docker/logs.js';
export {LogBuffer} from './source/model/log-buffer.js';
export {LogDecoder} from './source/model/log-decoder.js';
export {allLines, viewWindow} from './source/model/log-view.js';
export {layoutLine, rowCount} from './source/ui/components/log-rows.js';
`,
			resolveDir: process.cwd(),
			loader: 'ts',
		},
		outfile,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		packages: 'external',
		jsx: 'automatic',
		logLevel: 'warning',
	});
	return import(`${process.cwd()}/${outfile}`);
}

/** The pane's pipeline, in this process: returns a promise of its figures once the container has exited. */
function runPipeline(lib, engine, id, options) {
	const buffer = new lib.LogBuffer({capacity: 10_000});
	const layout = {width: 160, showTimestamps: false, isWrapped: false, sourceWidth: 0, widths: new Map()};
	let renders = 0;
	// What the pane does per batch: pick the last screenful and lay it out.
	buffer.subscribe(() => {
		renders++;
		const window = lib.viewWindow(lib.allLines(buffer), 40, undefined, seq => lib.rowCount(buffer.at(seq), layout));
		for (const seq of window.seqs) lib.layoutLine(buffer.at(seq), layout, []);
		// The pane reports each render's cost after its commit; the buffer paces the next notification by it.
		buffer.rendered?.();
	});
	const controller = new AbortController();
	const started = performance.now();
	const cpuStart = process.cpuUsage();
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
	const clock = options.clock ?? {};
	return new Promise(resolve => {
		void lib.followLogs(
			engine,
			{id},
			{
				onLines: lines => {
					// Time is counted from the first line: the writer sleeps before it starts.
					clock.first ??= performance.now();
					buffer.append(lines);
				},
				onNotice: notice => {
					if (notice.kind === 'attached') return;
					const seconds = (performance.now() - (clock.first ?? started)) / 1000;
					const cpu = process.cpuUsage(cpuStart);
					clearInterval(sampler);
					controller.abort();
					// Live heap with the ring still full: what stays, as opposed to garbage not yet collected.
					globalThis.gc?.();
					const heapMiB = process.memoryUsage().heapUsed / 1048576;
					buffer.dispose();
					resolve({heapMiB, lines: buffer.totalAppended, seconds, cpu: (cpu.user + cpu.system) / 1e6, peakRssMiB: peakRss / 1048576, renders, kept: buffer.size, notice: notice.kind});
				},
			},
			{signal: controller.signal, tail: options.tail, since: options.since, timestamps: false},
		);
	});
}

/** The same pipeline fed from memory: what it could take if the engine sent faster. */
function runInMemory(lib, lines) {
	const payload = Buffer.from(`${LINE_TEXT}\n`);
	const frame = Buffer.alloc(8 + payload.length);
	frame[0] = 1;
	frame.writeUInt32BE(payload.length, 4);
	payload.copy(frame, 8);
	// 64 KiB chunks, as the socket hands them over.
	const perChunk = Math.floor(65536 / frame.length);
	const chunk = Buffer.concat(Array.from({length: perChunk}, () => frame));
	const buffer = new lib.LogBuffer({capacity: 10_000});
	const decoder = new lib.LogDecoder({isTty: false, onLines: batch => buffer.append(batch)});
	const cpuStart = process.cpuUsage();
	const started = performance.now();
	for (let sent = 0; sent < lines; sent += perChunk) decoder.push(chunk);
	decoder.end();
	const seconds = (performance.now() - started) / 1000;
	const cpu = process.cpuUsage(cpuStart);
	buffer.dispose();
	return {lines: buffer.totalAppended, seconds, cpu: (cpu.user + cpu.system) / 1e6, peakRssMiB: process.memoryUsage().rss / 1048576};
}

/** `docker logs -f ID > /dev/null`: its time and CPU until it ends (the container has exited). */
function runDockerCli(id, extra = [], clock = {}) {
	return new Promise(resolve => {
		const started = performance.now();
		const child = spawn('docker', ['logs', '-f', ...extra, id], {stdio: ['ignore', 'ignore', 'ignore']});
		let cpu = 0;
		let rss = 0;
		const sampler = setInterval(() => {
			cpu = Math.max(cpu, cpuSeconds(child.pid) || 0);
			rss = Math.max(rss, rssMiB(child.pid) || 0);
		}, 20);
		child.on('exit', () => {
			clearInterval(sampler);
			resolve({seconds: (performance.now() - (clock.first ?? started)) / 1000, cpu, peakRssMiB: rss});
		});
	});
}

/**
 * The engine's own answer to the pipeline's request (follow, tail=LINES), read over the socket and discarded: how long the
 * engine takes to send it, from the request (the pipeline is timed from its first line). `tail=all` is what `docker logs -f` asks.
 */
function runRawEngine(id, tail) {
	const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
	if (!host.startsWith('unix://')) return Promise.resolve(undefined);
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const cpuStart = process.cpuUsage();
		const request = http.get({socketPath: host.slice('unix://'.length), path: `/containers/${id}/logs?follow=true&stdout=true&stderr=true&tail=${tail}`}, response => {
			response.on('data', () => {});
			response.on('end', () => {
				const cpu = process.cpuUsage(cpuStart);
				resolve({seconds: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6});
			});
		});
		request.on('error', reject);
	});
}

function cleanup() {
	const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
	if (ids.length > 0) execFileSync('docker', ['rm', '-f', ...ids], {stdio: 'ignore'});
}

const fmt = n => Math.round(n).toLocaleString('en-US');
const BACKLOG_PAIRS = Math.max(1, Number(process.env.BACKLOG_PAIRS || 3));

/** The read with the median time, its other figures with it. */
function median(reads) {
	return [...reads].sort((a, b) => a.seconds - b.seconds)[Math.floor(reads.length / 2)];
}

async function main() {
	const lib = await bundlePipeline();
	const engine = lib.createEngine(lib.resolveEndpoint());
	cleanup();
	const baseRss = process.memoryUsage().rss / 1048576;
	// The writer waits for a go file so both readers are attached before the first line.
	const id = docker(
		'create', '--label', LABEL, '--network', 'none', '--log-opt', 'max-size=512m', '--log-opt', 'max-file=1',
		IMAGE, 'sh', '-c', `sleep 2; yes '${LINE_TEXT}' | head -n ${LINES}`,
	);
	try {
		docker('start', id);
		const since = Math.floor(Date.now() / 1000) - 5;
		// Both follow the same container at the same time; both clocks start at the first line dockdash sees.
		const clock = {};
		const [live, liveCli] = await Promise.all([runPipeline(lib, engine, id, {tail: 0, since, clock}), runDockerCli(id, ['--since', String(since)], clock)]);
		const written = LINES;
		// The two backlog readers cannot read at the same time without sharing the engine, and one read alone swings
		// by 2x on a shared machine: alternate them and take medians (BACKLOG_PAIRS, 3 by default).
		const pipelineReads = [];
		const cliReads = [];
		const rawReads = [];
		const rawAllReads = [];
		for (let pair = 0; pair < BACKLOG_PAIRS; pair++) {
			pipelineReads.push(await runPipeline(lib, engine, id, {tail: LINES}));
			cliReads.push(await runDockerCli(id));
			const raw = await runRawEngine(id, LINES);
			if (raw) rawReads.push(raw);
			const rawAll = await runRawEngine(id, 'all');
			if (rawAll) rawAllReads.push(rawAll);
		}
		const backlog = median(pipelineReads);
		const backlogCli = median(cliReads);
		const spread = reads => `${BACKLOG_PAIRS > 1 ? `median of ${BACKLOG_PAIRS} alternating reads, ${Math.min(...reads.map(read => read.seconds)).toFixed(1)}–${Math.max(...reads.map(read => read.seconds)).toFixed(1)} s` : ''}`;
		const memory = runInMemory(lib, LINES);
		const rows = [
			['live: dockdash pipeline', live.lines, live.seconds, live.cpu, live.peakRssMiB, `${live.renders} renders, ${fmt(live.kept)} lines kept, heap after GC ${live.heapMiB.toFixed(0)} MiB`],
			['live: docker logs -f > /dev/null', written, liveCli.seconds, liveCli.cpu, liveCli.peakRssMiB, 'same container, same time'],
			['backlog: dockdash pipeline', backlog.lines, backlog.seconds, backlog.cpu, backlog.peakRssMiB, `${backlog.renders} renders, ${fmt(backlog.kept)} lines kept, heap after GC ${backlog.heapMiB.toFixed(0)} MiB; ${spread(pipelineReads)}`],
			['backlog: docker logs -f > /dev/null', written, backlogCli.seconds, backlogCli.cpu, backlogCli.peakRssMiB, spread(cliReads)],
			...(rawReads.length > 0 ? [
				['backlog: the engine\'s answer to the pipeline\'s request (tail=LINES), read and discarded', written, median(rawReads).seconds, median(rawReads).cpu, Number.NaN, `timed from the request (the pipeline from its first line, after dockerd found where tail starts); ${spread(rawReads)}`],
				['backlog: the same with tail=all (what `docker logs -f` asks)', written, median(rawAllReads).seconds, median(rawAllReads).cpu, Number.NaN, spread(rawAllReads)],
			] : []),
			['no engine: demultiplexer + ring from memory', memory.lines, memory.seconds, memory.cpu, memory.peakRssMiB, 'the pipeline alone, 64 KiB chunks'],
		];
		const table = [
			`${fmt(LINES)} lines of ${LINE_TEXT.length + 1} bytes, json-file driver, Docker ${docker('version', '--format', '{{.Server.Version}}')}, ${os.cpus().length} CPUs shared with other work; bench process RSS before: ${baseRss.toFixed(0)} MiB`,
			'',
			'| reader | lines | seconds | lines/s | CPU s | peak RSS MiB | notes |',
			'| --- | ---: | ---: | ---: | ---: | ---: | --- |',
			...rows.map(([name, lines, seconds, cpu, rss, note]) => `| ${name} | ${fmt(lines)} | ${seconds.toFixed(2)} | ${fmt(lines / seconds)} | ${cpu.toFixed(2)} | ${Number.isNaN(rss) ? '–' : rss.toFixed(0)} | ${note} |`),
		].join('\n');
		console.log(table);
		if (live.lines !== LINES || backlog.lines !== LINES) console.log(`\nWARNING: dockdash saw ${live.lines} (live) and ${backlog.lines} (backlog) of ${LINES} lines`);
		writeReadme(table);
	} finally {
		cleanup();
	}
}

function writeReadme(table) {
	const file = 'bench/README.md';
	const start = '<!-- logs:start -->';
	const end = '<!-- logs:end -->';
	const section = `${start}\n${table}\n${end}`;
	let text = existsSync(file) ? readFileSync(file, 'utf8') : '# dockdash benchmarks\n';
	if (text.includes(start) && text.includes(end)) text = text.slice(0, text.indexOf(start)) + section + text.slice(text.indexOf(end) + end.length);
	else text += `\n## Log ingest (\`node bench/logs.mjs\`)\n\n${section}\n`;
	writeFileSync(file, text);
}

await main();
process.exit(0);

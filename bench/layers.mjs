// Time `dockdash layers IMAGE` against `docker save IMAGE > /dev/null` on the
// same image in the same run (the engine's export is the floor), and the peak
// RSS of dockdash, median of RUNS interleaved runs.
//   npm run build && node bench/layers.mjs [--keep]
// The image (≈330 MB, ≈25,000 files made by the shell's builtin printf, with 150 MB wasted) is built locally from
// the busybox fixture in well under a minute and labelled dockdash.bench=layers;
// it is removed afterwards unless --keep is given (rebuilding it is cheap).
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.RUNS || 5);
const IMAGE = 'dockdash-bench/layers:latest';
const LABEL = 'dockdash.bench=layers';
const keep = process.argv.includes('--keep');
const docker = (...args) => execFileSync('docker', args, {encoding: 'utf8', maxBuffer: 1 << 26}).trim();

const DOCKERFILE = `FROM dockdash-test/busybox:latest
RUN mkdir -p /bench/small && cd /bench/small && i=0 && while [ $i -lt 25000 ]; do printf '%4000s' '' > f$i; i=$((i+1)); done
RUN mkdir -p /bench/big && head -c 150000000 /dev/zero > /bench/big/one
RUN head -c 80000000 /dev/zero > /bench/big/two && rm /bench/big/one
`;

function ensureImage() {
	const exists = spawnSync('docker', ['image', 'inspect', IMAGE], {stdio: 'ignore'}).status === 0;
	if (exists) return {built: false, seconds: 0};
	const dir = mkdtempSync(path.join(tmpdir(), 'dd-bench-layers-'));
	writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
	const start = Date.now();
	try {
		execFileSync('docker', ['build', '-q', '--label', LABEL, '-t', IMAGE, dir], {stdio: ['ignore', 'ignore', 'inherit']});
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	return {built: true, seconds: (Date.now() - start) / 1000};
}

function stats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return {median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1)};
}

/** Runs a command under /usr/bin/time -v; returns wall seconds and max RSS in MB. */
function measure(command, args, stdoutFile = '/dev/null') {
	const report = path.join(tmpdir(), `dd-bench-time-${process.pid}.txt`);
	const start = process.hrtime.bigint();
	const result = spawnSync('/usr/bin/time', ['-v', '-o', report, 'sh', '-c', `exec "$@" > ${stdoutFile}`, 'sh', command, ...args], {stdio: ['ignore', 'inherit', 'inherit']});
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
	const text = readFileSync(report, 'utf8');
	rmSync(report, {force: true});
	const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? 0);
	return {seconds, rssMb: rssKb / 1024};
}

const image = ensureImage();
const inspect = JSON.parse(docker('image', 'inspect', IMAGE))[0];
const json = path.join(tmpdir(), `dd-bench-layers-${process.pid}.json`);
measure('node', ['dist/cli.js', 'layers', IMAGE, '--json'], json);
const analysis = JSON.parse(readFileSync(json, 'utf8'));
rmSync(json, {force: true});
const files = analysis.layers.reduce((sum, layer) => sum + layer.entryCount, 0);

// The same export read by Node with no parsing at all: how much of the gap is Node's socket reading.
const RAW_READ = `import http from 'node:http';
const socketPath = new URL(process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').pathname;
http.get({socketPath, path: '/images/${IMAGE}/get'}, async res => { for await (const _ of res); });`;

const save = [];
const layers = [];
const raw = [];
for (let run = 0; run < RUNS; run++) {
	save.push(measure('docker', ['save', IMAGE]));
	layers.push(measure('node', ['dist/cli.js', 'layers', IMAGE, '--json']));
	raw.push(measure('node', ['--input-type=module', '-e', RAW_READ]));
}
const saveTime = stats(save.map(item => item.seconds));
const layersTime = stats(layers.map(item => item.seconds));
const rawTime = stats(raw.map(item => item.seconds));
const pairRatio = stats(layers.map((item, index) => item.seconds / save[index].seconds));
const rss = stats(layers.map(item => item.rssMb));
const result = {
	image: IMAGE,
	imageMb: Math.round(inspect.Size / 1e6),
	archiveMb: Math.round(analysis.image.archiveBytes / 1e6),
	layers: analysis.layers.length,
	entries: files,
	wastedMb: Math.round(analysis.efficiency.wastedBytes / 1e6),
	built: image,
	runs: RUNS,
	dockerSaveSeconds: saveTime,
	dockdashLayersSeconds: layersTime,
	nodeRawReadSeconds: rawTime,
	ratio: layersTime.median / saveTime.median,
	ratioPerPair: pairRatio,
	loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
	dockdashPeakRssMb: rss,
};
console.log(JSON.stringify(result, null, 2));
console.log(
	`\ndockdash layers: median ${layersTime.median.toFixed(2)} s vs docker save ${saveTime.median.toFixed(2)} s (ratio ${result.ratio.toFixed(2)}, ` +
		`per-pair median ${pairRatio.median.toFixed(2)}; Node reading the export with no parsing: ${rawTime.median.toFixed(2)} s), ` +
		`peak RSS median ${rss.median.toFixed(0)} MB (max ${rss.max.toFixed(0)} MB); image ${result.imageMb} MB, ${files} entries, ${result.layers} layers`,
);
if (!keep) docker('rmi', IMAGE);

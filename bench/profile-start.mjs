// Where a launch's CPU goes until the first frame (issue 16): `node --cpu-prof` of dist/cli.js in a 160×50 pty,
// quit as soon as the first full frame is drawn, the samples mapped back to packages and source files through
// the bundle's source map, summed over RUNS launches.
//   DOCKDASH_SOURCEMAP=1 npm run build && node bench/profile-start.mjs [CONTAINERS]     (default 100; RUNS=5)
// Prints a text summary (bench/profiles/ keeps them); DOCKDASH_CODE_CACHE=0 profiles without the code cache.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {containerCount, ensureCreated, removeLabelled} from './support.mjs';

const require = createRequire(import.meta.url);
const {SourceMapConsumer} = require('source-map');
const LABEL = 'dockdash.bench=profile-start';

/** One launch under --cpu-prof until the first full frame; the profile's parsed JSON and its wall/CPU ms. */
function profiledLaunch(cli, env) {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-prof-'));
	try {
		const args = ['bench/pty_time.py', '160', '50', 'Containers \\d+ [\\s\\S]*q quit', '--', process.execPath, '--cpu-prof', '--cpu-prof-interval', '200', '--cpu-prof-dir', dir, cli];
		const result = spawnSync('python3', args, {encoding: 'utf8', env: {...env, PRINT_CLOCK: '1'}});
		if (result.status !== 0) throw new Error(`first frame: ${result.stderr}`);
		const [wall, cpu, clock] = result.stdout.trim().split(' ').map(Number);
		const file = readdirSync(dir).find(name => name.endsWith('.cpuprofile'));
		return {wall, cpu, clock, profile: JSON.parse(readFileSync(path.join(dir, file), 'utf8'))};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** The bucket of a source path: a package, or dockdash's own folder. */
function bucketOf(source) {
	const modules = source.lastIndexOf('node_modules/');
	if (modules >= 0) {
		const parts = source.slice(modules + 13).split('/');
		return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
	}
	const own = source.replace(/^(\.\.\/)+/, '');
	return own.startsWith('source/') ? own.split('/').slice(0, 2).join('/') : own;
}

/** The moments of a launch, as the first sample whose stack matches. */
const PHASES = [
	['the bundle compiled (from the code cache), its top level runs', / bundle\.js$|node_modules\//m],
	['meow parses the flags', /node_modules\/meow\//],
	['the first engine request is made', /buildRequest /],
	['Ink and the panes evaluated', /\/ink\/src\/(render|ink)\.tsx?:/],
	['React renders the first tree', /react-reconciler/],
];

/** Self time (ms) per bucket and per function of one profile, up to `clock` (µs, CLOCK_MONOTONIC as V8's): the first frame. */
function attribute(profile, clock, map, totals, functions, callers, phaseTimes, phaseBusy, segmentBuckets) {
	const bucketOfFrame = callFrame => {
		if (callFrame.url.endsWith('/bundle.js') && callFrame.lineNumber > 0 && map) {
			const original = map.originalPositionFor({line: callFrame.lineNumber + 1, column: callFrame.columnNumber});
			return original.source ? bucketOf(original.source) : 'bundle (unmapped)';
		}
		return callFrame.url.startsWith('node:') ? 'node internals' : callFrame.url === '' ? callFrame.functionName : path.basename(callFrame.url);
	};
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const parentOf = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const describe = callFrame => {
		if (callFrame.url.endsWith('/bundle.js') && callFrame.lineNumber > 0 && map) {
			const original = map.originalPositionFor({line: callFrame.lineNumber + 1, column: callFrame.columnNumber});
			if (original.source) return `${original.name ?? callFrame.functionName} ${original.source.replace(/^(\.\.\/)+/, '')}:${original.line}`;
		}
		return `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\//, '')}`;
	};
	const self = new Map();
	const deltas = profile.timeDeltas;
	let time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		time += deltas[index];
		if (time > clock) break;
		const id = profile.samples[index];
		self.set(id, (self.get(id) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
	}
	// Phases: the first sample whose stack holds a frame of each marker, in ms after the profile's start.
	const stackText = new Map();
	const textOf = id => {
		if (!stackText.has(id)) {
			const node = byId.get(id);
			const parent = parentOf.get(id);
			stackText.set(id, `${parent === undefined ? '' : textOf(parent)}\n${describe(node.callFrame)}`);
		}
		return stackText.get(id);
	};
	const phases = {};
	time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		time += deltas[index];
		if (time > clock) break;
		const text = textOf(profile.samples[index]);
		for (const [phase, pattern] of PHASES) if (phases[phase] === undefined && pattern.test(text)) phases[phase] = (time - profile.startTime) / 1000;
	}
	phases['first frame on the terminal'] = (clock - profile.startTime) / 1000;
	// The CPU (samples not idle) spent before each moment, beside the moment itself.
	const order = Object.entries(phases).sort((a, b) => a[1] - b[1]);
	const busy = order.map(() => 0);
	time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		time += deltas[index];
		if (time > clock) break;
		if (byId.get(profile.samples[index]).callFrame.functionName === '(idle)') continue;
		const at = (time - profile.startTime) / 1000;
		const segment = order.findIndex(([, moment]) => at <= moment);
		const which = segment === -1 ? order.length - 1 : segment;
		busy[which] += (deltas[index + 1] ?? 0) / 1000;
		const key = `${order[which][0]}\t${process.env.SEGMENT_FUNCTIONS ? describe(byId.get(profile.samples[index]).callFrame) : bucketOfFrame(byId.get(profile.samples[index]).callFrame)}`;
		segmentBuckets.set(key, (segmentBuckets.get(key) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
	}
	order.forEach(([phase], index) => phaseBusy.set(phase, [...(phaseBusy.get(phase) ?? []), busy[index]]));
	for (const [phase, ms] of Object.entries(phases)) phaseTimes.set(phase, [...(phaseTimes.get(phase) ?? []), ms]);
	for (const [id, ms] of self) {
		const {callFrame} = byId.get(id);
		let bucket;
		let name = callFrame.functionName || '(anonymous)';
		if (callFrame.url.endsWith('/bundle.js') && callFrame.lineNumber === 0) bucket = 'bundle: the loader\'s wrapper (top level)';
		else if (callFrame.url.endsWith('/bundle.js') && map) {
			// The loader swapped esbuild's first line (the #! line) for its wrapper: line numbers match, from 0 (V8) and 1 (maps).
			const original = map.originalPositionFor({line: callFrame.lineNumber + 1, column: callFrame.columnNumber});
			bucket = original.source ? bucketOf(original.source) : 'bundle (unmapped)';
			if (original.source) name = `${original.name ?? name} ${original.source.replace(/^(\.\.\/)+/, '')}:${original.line}`;
		} else if (callFrame.url.startsWith('node:')) bucket = 'node internals';
		else if (callFrame.url === '') bucket = name; // (garbage collector), (program), (idle), (root)
		else bucket = path.basename(callFrame.url);
		totals.set(bucket, (totals.get(bucket) ?? 0) + ms);
		if (bucket === 'node internals' || bucket === '(garbage collector)') {
			// The first frames above it that are not Node's own: who asked for the work.
			const chain = [];
			for (let parent = parentOf.get(id); parent !== undefined && chain.length < 2; parent = parentOf.get(parent)) {
				const frame = byId.get(parent).callFrame;
				if (!frame.url.startsWith('node:') && frame.url !== '') chain.push(describe(frame));
			}
			const key = `${bucket === 'node internals' ? name : bucket} ← ${chain.join(' ← ') || '(Node itself)'}`;
			callers.set(key, (callers.get(key) ?? 0) + ms);
		}
		functions.set(name, (functions.get(name) ?? 0) + ms);
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const count = Number(process.argv[2]) || 100;
	const runs = Number(process.env.RUNS || 5);
	const cli = process.env.CLI || 'dist/cli.js';
	const mapFile = path.join(path.dirname(cli), 'bundle.js.map');
	let map;
	try {
		map = new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8')));
	} catch {
		console.error(`no ${mapFile}: build with DOCKDASH_SOURCEMAP=1 to see packages and files`);
	}
	await ensureCreated(LABEL, count - (await containerCount()), 'bench-prof');
	const env = {...process.env, XDG_CACHE_HOME: mkdtempSync(path.join(tmpdir(), 'dockdash-prof-cache-'))};
	// The code cache, as a user's second start has it.
	spawnSync('python3', ['bench/pty_time.py', '160', '50', 'Containers \\d+ [\\s\\S]*q quit', '--', process.execPath, cli], {env: {...env, HOLD_MS: '4000'}});
	const totals = new Map();
	const functions = new Map();
	const callers = new Map();
	const phaseTimes = new Map();
	const phaseBusy = new Map();
	const segmentBuckets = new Map();
	const containers = await containerCount();
	const walls = [];
	const cpus = [];
	try {
		for (let run = 0; run < runs; run++) {
			const {wall, cpu, clock, profile} = profiledLaunch(cli, env);
			walls.push(wall);
			cpus.push(cpu);
			attribute(profile, clock, map, totals, functions, callers, phaseTimes, phaseBusy, segmentBuckets);
		}
	} finally {
		rmSync(env.XDG_CACHE_HOME, {recursive: true, force: true});
		if (!process.env.KEEP) await removeLabelled(LABEL);
	}
	const all = [...totals.values()].reduce((a, b) => a + b, 0);
	const sorted = values => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
	console.log(`${runs} launches, ${containers} containers, Node ${process.version}, code cache ${process.env.DOCKDASH_CODE_CACHE === '0' ? 'off' : 'on'}; median wall ${sorted(walls).toFixed(0)} ms, CPU by the first frame ${sorted(cpus)} ms (profiled: the profiler adds its own cost)`);
	console.log("when (ms after the profiler started, in Node's bootstrap), and the CPU sampled since the moment before (medians of the launches):");
	for (const [phase, times] of [...phaseTimes].sort((a, b) => sorted(a[1]) - sorted(b[1]))) console.log(`  ${sorted(times).toFixed(0).padStart(7)}  +${sorted(phaseBusy.get(phase) ?? [0]).toFixed(0).padStart(4)} CPU  ${phase}`);
	for (const [phase] of [...phaseTimes].sort((a, b) => sorted(a[1]) - sorted(b[1]))) {
		const top = [...segmentBuckets].filter(([key]) => key.startsWith(`${phase}\t`)).sort((a, b) => b[1] - a[1]).slice(0, process.env.SEGMENT_FUNCTIONS ? 14 : 6);
		console.log(`  up to "${phase}": ${top.map(([key, ms]) => `${key.split('\t')[1]} ${(ms / runs).toFixed(0)}`).join(', ')}`);
	}
	console.log(`self time per launch (ms), from the profile's start to the first frame, ${(all / runs).toFixed(0)} ms sampled:`);
	for (const [bucket, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(ms / runs).toFixed(1).padStart(7)}  ${bucket}`);
	console.log('top functions (self ms per launch):');
	for (const [name, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(ms / runs).toFixed(1).padStart(7)}  ${name}`);
	console.log("Node's internals and the garbage collector, by the first caller outside Node (self ms per launch):");
	for (const [name, ms] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(ms / runs).toFixed(1).padStart(7)}  ${name}`);
}

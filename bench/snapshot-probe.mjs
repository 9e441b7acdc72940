// Would a V8 startup snapshot make dockdash start faster? (issue 16; not shipped: see bench/profiles/start.md)
//   npm run build && node bench/snapshot-probe.mjs [CONTAINERS]      (default 100; RUNS=9; NODE=path/to/node)
// Builds a snapshot of dist/bundle.js with its module graph evaluated as far as a snapshot can hold it: the top
// level, the config file's module, and Ink's and the app's modules up to yoga's WebAssembly (the snapshot builder
// has no WebAssembly; yoga is instantiated after the snapshot is loaded). Node's http, https and tls cannot be in a
// user snapshot (the builder aborts on Node 20, 22 and 24), so the engine adapter's modules are evaluated after it.
// Then times, in interleaved launches of one run, `--version` and the first full frame (wall and CPU, as
// bench/start.mjs) of `node dist/cli.js` with its code cache and of `node --snapshot-blob BLOB -- ARGS`: the best
// case, Node started with the flag (the npm bin would need a second Node start, or execve, to pass it).
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {containerCount, ensureCreated, labelled, removeLabelled, summary} from './support.mjs';

const LABEL = 'dockdash.bench=snapshot-probe';
const node = process.env.NODE || process.execPath;

/** The snapshot builder's entry: the bundle, its main held back, the modules of the first frame evaluated. */
export function snapshotEntry(bundle, bundlePath) {
	const find = (pattern, what) => {
		const found = [...bundle.matchAll(pattern)];
		if (found.length !== 1) throw new Error(`snapshot probe: ${what} found ${found.length} times in the bundle (a new esbuild or Ink?)`);
		return found[0];
	};
	const yoga = find(/([\w$]+)=([\w$]+)\(await ([\w$]+)\(\)\),([\w$]+)=\1\}\)/g, "yoga's instantiation");
	const [, inkInit, appInit] = find(/await Promise\.all\(\[([\w$]+)\(\)\.then\(\(\)=>[\w$]+\),([\w$]+)\(\)\.then\(\(\)=>[\w$]+\)\]\)/g, "the dashboard's import of Ink and the app");
	const [, configInit] = find(/await Promise\.resolve\(\)\.then\(\(\)=>\(([\w$]+)\(\),[\w$]+\)\),\{config:/g, "the config file's import");
	// yoga waits for a promise the deserialized main resolves; Ink's and the app's inits stay suspended on it in the snapshot.
	let source = bundle.replace(yoga[0], `${yoga[1]}=${yoga[2]}(await (globalThis.__probeYoga?globalThis.__probeYoga(${yoga[3]}):${yoga[3]}())),${yoga[4]}=${yoga[1]}})`);
	const main = source.lastIndexOf('().catch(');
	const start = source.lastIndexOf('}', main) + 1;
	const end = source.lastIndexOf('\n})');
	source = `${source.slice(0, start)}const __probeRun=()=>{${source.slice(start, end)}};if(globalThis.__probePrepare)globalThis.__probePrepare(__probeRun,()=>[${configInit}(),${inkInit}(),${appInit}()]);else __probeRun();${source.slice(end)}`;
	return `'use strict';
const v8 = require('node:v8');
// http, https and tls: a stand-in that loads the real module on first use, which must come after the snapshot.
const late = new Set(['http', 'https', 'tls', 'node:http', 'node:https', 'node:tls']);
const probeRequire = name => {
	if (!late.has(name) || !globalThis.__probeBuilding) return require(name);
	let real;
	const get = () => {
		if (globalThis.__probeBuilding) throw new Error('the snapshot builder reached ' + name);
		return (real ??= require(name));
	};
	return new Proxy({}, {get: (_, key) => get()[key], has: (_, key) => key in get(), ownKeys: () => Reflect.ownKeys(get()), getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(get(), key)});
};
globalThis.__probeBuilding = true;
globalThis.__probeYoga = load => new Promise(resolve => { globalThis.__probeYogaGo = () => resolve(load()); });
let run;
globalThis.__probePrepare = (main, warm) => { run = main; for (const init of warm()) init?.catch?.(error => { console.error('snapshot probe: an init failed:', error); process.exitCode = 1; }); };
(${source})(probeRequire, ${JSON.stringify(bundlePath)}, ${JSON.stringify(path.dirname(bundlePath))}, {url: ${JSON.stringify(`file://${bundlePath}`)}});
globalThis.__probeBuilding = false;
v8.startupSnapshot.setDeserializeMainFunction(() => {
	// A user snapshot has no console.Console (Node 20-24), which Ink's patch-console constructs: a stand-in.
	if (typeof console.Console !== 'function') {
		const util = require('node:util');
		console.Console = class Console {
			constructor(out, err = out) {
				for (const name of ['log', 'info', 'debug', 'dir', 'table', 'time', 'timeEnd', 'timeLog', 'group', 'groupEnd', 'groupCollapsed', 'count', 'countReset', 'dirxml', 'assert', 'clear', 'profile', 'profileEnd', 'timeStamp']) this[name] = (...values) => out.write(util.format(...values) + '\\n');
				for (const name of ['warn', 'error', 'trace']) this[name] = (...values) => err.write(util.format(...values) + '\\n');
			}
		};
	}
	process.argv.splice(1, 0, ${JSON.stringify(bundlePath)});
	globalThis.__probeYogaGo();
	run();
});
`;
}

function timed(command, args, env) {
	const start = process.hrtime.bigint();
	execFileSync(command, args, {stdio: 'ignore', env});
	return Number(process.hrtime.bigint() - start) / 1e6;
}

function firstFrame(command, env) {
	const result = spawnSync('python3', ['bench/pty_time.py', '160', '50', 'Containers \\d+ [\\s\\S]*q quit', '--', ...command], {encoding: 'utf8', env});
	if (result.status !== 0) throw new Error(`first frame of ${command.join(' ')}: ${result.stderr}`);
	const [wall, cpu] = result.stdout.trim().split(' ').map(Number);
	return {wall, cpu};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const count = Number(process.argv[2]) || 100;
	const runs = Number(process.env.RUNS || 9);
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-snapshot-probe-'));
	const bundlePath = path.resolve('dist/bundle.js');
	const entry = path.join(dir, 'entry.cjs');
	const blob = path.join(dir, 'dockdash.blob');
	writeFileSync(entry, snapshotEntry(readFileSync(bundlePath, 'utf8'), bundlePath));
	const built = Date.now();
	execFileSync(node, ['--snapshot-blob', blob, '--build-snapshot', entry], {stdio: ['ignore', 'ignore', 'ignore']});
	console.log(`snapshot: ${(statSync(blob).size / 1e6).toFixed(1)} MB, built in ${Date.now() - built} ms by ${execFileSync(node, ['--version'], {encoding: 'utf8'}).trim()}`);
	const cache = path.join(dir, 'cache');
	mkdirSync(cache);
	const env = {...process.env, XDG_CACHE_HOME: cache};
	const variants = [
		['node -e 0', ['-e', '0'], undefined],
		['dist/cli.js, code cache', ['dist/cli.js', '--version'], [node, 'dist/cli.js']],
		['snapshot', ['--snapshot-blob', blob, '--', '--version'], [node, '--snapshot-blob', blob, '--']],
	];
	try {
		const others = (await containerCount()) - (await labelled(LABEL)).length;
		await ensureCreated(LABEL, count - others, 'snapshot-probe');
		// The code cache is written 3 s into a launch (scripts/lib/code-cache.mjs).
		firstFrame([node, 'dist/cli.js'], {...env, HOLD_MS: '4000'});
		const figures = new Map(variants.map(([name]) => [name, {version: [], wall: [], cpu: []}]));
		for (let run = 0; run < runs; run++) {
			for (const [name, versionArgs, frameCommand] of variants) {
				const figure = figures.get(name);
				figure.version.push(timed(node, versionArgs, env));
				if (!frameCommand) continue;
				const frame = firstFrame(frameCommand, env);
				figure.wall.push(frame.wall);
				figure.cpu.push(frame.cpu);
			}
		}
		const format = s => (s.n ? `${s.median.toFixed(0)} / ${s.min.toFixed(0)} / ${s.max.toFixed(0)}` : '–');
		console.log(`| ${await containerCount()} containers, ${runs} interleaved runs | --version ms (median / min / max) | first frame ms | its CPU ms |`);
		console.log('| --- | --- | --- | --- |');
		for (const [name, figure] of figures) console.log(`| ${name} | ${format(summary(figure.version))} | ${format(summary(figure.wall))} | ${format(summary(figure.cpu))} |`);
	} finally {
		if (!process.env.KEEP) await removeLabelled(LABEL);
	}
}

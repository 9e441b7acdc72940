// The start of dockdash without compiling its bundle at every launch (issue 16).
//
// Node compiles an ES module's whole source before running any of it: for the 1.3 MB bundle that
// was half of `dockdash --version`. An ES module cannot take a V8 code cache on Node 20, a script
// can (node:vm Script `cachedData`), so the build emits the bundle as a script: one async function
// (`wrapAsScript`) given require, __filename, __dirname and import.meta, which keeps the bundle's
// top-level awaits valid. The loader (`loaderSource`, dist/cli.js) compiles it with the code cache
// the last launch left in the user's cache folder and, when there was none or V8 refused it (another
// Node or V8 version, other V8 flags, another bundle, a damaged file), writes a new one once the
// program has run for a moment, so the functions of the first frame are in it too. Nothing about
// the cache can stop dockdash: every failure to read, check or write it only costs the compile.

/** Node's built-in modules, `node:x` and `x`: the script reaches them through the require it is given. */
export const builtinsThroughRequire = builtins => ({
	name: 'builtins-through-require',
	setup(context) {
		const names = new Set(builtins.flatMap(name => [name, `node:${name}`]));
		context.onResolve({filter: /^[a-z:_/0-9]+$/}, args => {
			if (!names.has(args.path)) return undefined;
			// The stand-in's own require is the real one.
			return args.namespace === 'node-builtin' ? {path: args.path, external: true} : {path: args.path, namespace: 'node-builtin'};
		});
		context.onLoad({filter: /.*/, namespace: 'node-builtin'}, args => ({contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js'}));
	},
});

/** The names `wrapAsScript` gives the bundle for `import.meta` and `import.meta.url` (esbuild `define`). */
export const importMetaDefines = {'import.meta.url': '__dockdashImportMeta.url', 'import.meta': '__dockdashImportMeta'};

/**
 * The bundle (esbuild's ESM output with no import or export left) as a script whose value is an async
 * function: `(require, __filename, __dirname, __dockdashImportMeta) => Promise`.
 */
export function wrapAsScript(bundle) {
	const body = bundle.replace(/^#!.*\n/, '');
	const leftover = /^(?:import|export)\b/m.exec(body) ?? /[^.\w$]import\(/.exec(body);
	if (leftover) throw new Error(`the bundle still has a module statement (${body.slice(leftover.index, leftover.index + 60)}): it cannot run as a script`);
	return `(async function (require, __filename, __dirname, __dockdashImportMeta) {"use strict";\n${body}\n})`;
}

/**
 * The code shared by dist/cli.js and the standalone binary's main script: `runCached(source, filename,
 * cacheDir, key, args)` compiles the script with the cache `<cacheDir>/<kind>-<path hash>-v8-<bundle hash>-<node version>-<arch>.<full|brief>.cache`, runs it with
 * `args` and refreshes the cache when it was missing or refused. Plain ES2022 that reads as CommonJS
 * and as an ES module; it expects `fs`, `path` and `vm` in scope.
 */
const runCached = `
function runCached(source, filename, cacheDir, name, args) {
	const MAX_CACHES = 16;
	// Installs in two places (a global one and a checkout) keep a cache each instead of replacing each other's.
	let where = 0x811c9dc5;
	for (let index = 0; index < filename.length; index++) where = Math.imul(where ^ filename.charCodeAt(index), 0x01000193) >>> 0;
	name = name.replace('-v8-', '-' + where.toString(16).padStart(8, '0') + '-v8-');
	const off = !cacheDir || /^(0|off|false|no)$/i.test(process.env.DOCKDASH_CODE_CACHE ?? '');
	// name: <cli|binary>-<hash of the bundle's path>-v8-<hash of the bundle>; the Node version and architecture complete it.
	const base = off ? '' : path.join(cacheDir, name + '-' + process.version + '-' + process.arch);
	// "full": written after the program ran for a while, with the first frame's functions;
	// "brief": written at the exit of a short run (--version, --help) when there was no cache.
	let cachedData;
	let kind;
	for (const candidate of off ? [] : ['full', 'brief']) {
		try {
			cachedData = fs.readFileSync(base + '.' + candidate + '.cache');
			kind = candidate;
			break;
		} catch {}
	}
	const script = new vm.Script(source, {filename, cachedData});
	const rejected = cachedData !== undefined && script.cachedDataRejected;
	const write = file => {
		try {
			makeFolder(cacheDir);
			const temporary = file + '.' + process.pid;
			fs.writeFileSync(temporary, script.createCachedData(), {mode: 0o600});
			fs.renameSync(temporary, file);
			// Caches of other builds at the same place are of no more use (another Node version's stay), nor is this
			// build's brief cache once its full one is written.
			const kind = name.slice(0, name.indexOf('-v8-') + 4);
			const others = [];
			for (const other of fs.readdirSync(cacheDir)) {
				if (!other.endsWith('.cache') || path.join(cacheDir, other) === file) continue;
				if ((other.startsWith(kind) && !other.startsWith(name + '-')) || (file.endsWith('.full.cache') && path.join(cacheDir, other) === base + '.brief.cache')) fs.rmSync(path.join(cacheDir, other), {force: true});
				else others.push(other);
			}
			// Every checkout, npx folder or Node version run once leaves a cache of its own (1-2 MB): the most recently
			// written MAX_CACHES are kept, the rest go (one slower start if such an install runs again).
			if (others.length >= MAX_CACHES) {
				const dated = others.map(other => [other, fs.statSync(path.join(cacheDir, other)).mtimeMs]).sort((a, b) => b[1] - a[1]);
				for (const [other] of dated.slice(MAX_CACHES - 1)) fs.rmSync(path.join(cacheDir, other), {force: true});
			}
		} catch {}
	};
	let wroteFull = false;
	if (base && (kind !== 'full' || rejected)) {
		setTimeout(() => {
			wroteFull = true;
			write(base + '.full.cache');
		}, 3000).unref();
	}
	if (base && (cachedData === undefined || rejected)) process.once('exit', () => wroteFull || write(base + '.brief.cache'));
	return script.runInThisContext()(...args);
}
// Node's recursive mkdirSync spins for ever where mkdir answers ENOENT under a folder that exists (XDG_CACHE_HOME under
// /proc hung dockdash at its exit): the missing folders are made one by one, and the first failure ends it.
function makeFolder(dir) {
	const missing = [];
	for (let at = dir; !fs.existsSync(at); at = path.dirname(at)) {
		if (missing.length >= 32) throw new Error('too deep');
		missing.push(at);
	}
	for (const folder of missing.reverse()) fs.mkdirSync(folder, {mode: 0o700});
}
function dockdashCacheDir() {
	const base = process.env.XDG_CACHE_HOME || (process.env.HOME ? path.join(process.env.HOME, '.cache') : '');
	return base ? path.join(base, 'dockdash') : undefined;
}
function dockdashFailed(error) {
	// The same line as source/commands/cli-error.ts, and as there DOCKDASH_DEBUG_LOG keeps the stack (a bundle that
	// fails to compile or to start never reaches the bundle's own handler).
	if (process.env.DOCKDASH_DEBUG_LOG) {
		try {
			// A syntax error's stack quotes the bundle's minified line: each line is kept to 500 characters.
			const stack = String(error?.stack ?? error).split('\\n').map(line => (line.length > 500 ? line.slice(0, 500) + '…' : line));
			fs.appendFileSync(process.env.DOCKDASH_DEBUG_LOG, new Date().toISOString() + ' uncaught exception: ' + stack.join('\\n') + '\\n');
		} catch {}
	}
	process.stderr.write('dockdash: unexpected error: ' + (error?.message?.split('\\n')[0] ?? String(error)) + ' (please report this; DOCKDASH_DEBUG_LOG=FILE keeps its stack)\\n');
	process.exit(1);
}
`;

/**
 * dist/cli.js: the npm package's entry, which runs dist/bundle.js with its code cache; given `layers`, it runs
 * that script (`dockdash layers` alone, without the dashboard) for a first argument `layers`, with a cache of its own.
 */
export function loaderSource({bundleFile, key, layers}) {
	const choice = layers
		? `const [bundleFile, key] = process.argv[2] === 'layers' ? ${JSON.stringify([`./${layers.bundleFile}`, `cli-v8-${layers.key}`])} : ${JSON.stringify([`./${bundleFile}`, `cli-v8-${key}`])};`
		: `const [bundleFile, key] = ${JSON.stringify([`./${bundleFile}`, `cli-v8-${key}`])};`;
	return `#!/usr/bin/env node
// dockdash's entry: runs ${bundleFile}${layers ? ` (or ${layers.bundleFile} for \`dockdash layers\`)` : ''} with a V8 code cache (scripts/lib/code-cache.mjs, issue 16).
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';
${runCached}
${choice}
const filename = fileURLToPath(new URL(bundleFile, import.meta.url));
let source;
try {
	source = fs.readFileSync(filename, 'utf8');
} catch (error) {
	process.stderr.write('dockdash: cannot read ' + filename + ' (' + (error.code ?? error.message) + '): reinstall dockdash\\n');
	process.exit(1);
}
try {
	runCached(source, filename, dockdashCacheDir(), key, [createRequire(filename), filename, path.dirname(filename), {url: new URL(bundleFile, import.meta.url).href}]).catch(dockdashFailed);
} catch (error) {
	dockdashFailed(error);
}
`;
}

/** The standalone binary's CommonJS main: the same, with the bundle from the executable's assets. */
export function seaMainSource({asset, key}) {
	return `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const {getAsset} = require('node:sea');
${runCached}
const filename = path.join(path.dirname(process.execPath), ${JSON.stringify(asset)});
try {
	runCached(getAsset(${JSON.stringify(asset)}, 'utf8'), filename, dockdashCacheDir(), ${JSON.stringify(`binary-v8-${key}`)}, [require, filename, path.dirname(filename), {url: require('node:url').pathToFileURL(filename).href}]).catch(dockdashFailed);
} catch (error) {
	dockdashFailed(error);
}
`;
}

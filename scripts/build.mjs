// Bundles the CLI into one file: one file to load is what makes the first frame fast.
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {dirname} from 'node:path';
import {build} from 'esbuild';
import {builtinsThroughRequire, importMetaDefines, loaderSource, wrapAsScript} from './lib/code-cache.mjs';
import {inkOutputModule} from './ink-output-module.mjs';

const {version} = JSON.parse(readFileSync('package.json', 'utf8'));

// Each patch below leaves `__dockdashPatches.push("NAME")` in the bundle (the banner defines the array),
// and test/e2e/build-patches.test.ts finds every one in dist/bundle.js. A patch whose text no longer matches
// the package fails the build (issue 15): the patched packages are pinned to exact versions in
// package.json, so that happens only on a deliberate upgrade, which must then update the patch.
const marker = name => `\n;__dockdashPatches.push(${JSON.stringify(name)});\n`;
const patchFailed = (name, text) => ({errors: [{text: `build patch ${name} no longer applies: ${text}. Update the patch in scripts/build.mjs for this version, or pin the version it was written for (bench/README.md, "Build patches").`}]});

// dockerode requires gRPC and protobuf for BuildKit sessions, and docker-modem
// requires the ssh2 library: dockdash builds no images and reaches ssh:// engines
// through the system ssh (source/docker/ssh-transport.ts). Leaving them out halves
// the bundle and the time to parse it at every start.
const withoutUnusedTransports = {
	name: 'without-unused-transports',
	setup(context) {
		const stub = message => `module.exports = function () { throw new Error(${JSON.stringify(message)}); }; module.exports.followProgress = module.exports;`;
		context.onResolve({filter: /^\.\/(session|buildkit)$/}, args =>
			args.resolveDir.includes('dockerode') ? {path: args.path, namespace: 'stub-buildkit'} : undefined,
		);
		context.onLoad({filter: /.*/, namespace: 'stub-buildkit'}, () => ({contents: stub('BuildKit sessions are not part of dockdash'), loader: 'js'}));
		context.onResolve({filter: /^\.\/ssh$/}, args => (args.resolveDir.includes('docker-modem') ? {path: 'ssh', namespace: 'stub-ssh'} : undefined));
		context.onLoad({filter: /.*/, namespace: 'stub-ssh'}, () => ({contents: stub('dockdash reaches ssh:// engines through the system ssh'), loader: 'js'}));
	},
};

// Ink draws only the last frame when CI=true (is-in-ci), meant for logs. The
// dashboard runs only on a terminal (checked before the first frame), where a
// CI variable inherited from a job or a shell must not blank the screen.
const terminalIsNotCi = {
	name: 'terminal-is-not-ci',
	setup(context) {
		context.onResolve({filter: /^is-in-ci$/}, () => ({path: 'is-in-ci', namespace: 'not-ci'}));
		context.onLoad({filter: /.*/, namespace: 'not-ci'}, () => ({contents: `export default false;${marker('terminal-is-not-ci')}`, loader: 'js'}));
	},
};

// Ink imports react-devtools-core for DEV=true only; a dashboard for servers ships without it.
const withoutDevtools = {
	name: 'without-devtools',
	setup(context) {
		context.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
		context.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

// Every string-width in the bundle (Ink's and ours) gets a direct count for plain text first:
// grapheme segmentation for every text node was the largest cost of the first frame
// (source/ui/format/fast-string-width.ts, issue 8).
const fastStringWidth = {
	name: 'fast-string-width',
	setup(context) {
		context.onResolve({filter: /^string-width$/}, async args => {
			if (args.pluginData?.isReal) return undefined;
			const real = await context.resolve(args.path, {resolveDir: args.resolveDir, kind: args.kind, pluginData: {isReal: true}});
			if (real.errors.length > 0) return {errors: real.errors};
			return {path: real.path, namespace: 'fast-string-width'};
		});
		context.onLoad({filter: /.*/, namespace: 'fast-string-width'}, args => ({
			// require(), not import: esbuild then evaluates the real module (its emoji expressions and
			// segmenter) on the first string the fast path cannot count, not at start.
			contents: [
				`import {fastStringWidth} from ${JSON.stringify(`${process.cwd()}/source/ui/format/fast-string-width.ts`)};`,
				'let realStringWidth;',
				'export default function stringWidth(text, options) {',
				'\tconst width = fastStringWidth(text, options);',
				'\tif (width !== undefined) return width;',
				`\trealStringWidth ??= require(${JSON.stringify(args.path)}).default;`,
				'\treturn realStringWidth(text, options);',
				'}',
				marker('fast-string-width'),
			].join('\n'),
			loader: 'js',
			resolveDir: process.cwd(),
		}));
	},
};

// yoga-layout (Ink's layout engine) embeds its WebAssembly as a base64 data: URL and, when a global
// fetch exists, loads it through fetch(): that evaluates Node's undici and its own llhttp WebAssembly,
// ~100 ms before the first frame on a loaded 2-core server. Decode it in place instead.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(context) {
		context.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
			let contents = await readFile(args.path, 'utf8');
			const patches = [
				['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return w||true?'],
				['var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c', 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))'],
			];
			for (const [from, to] of patches) {
				if (!contents.includes(from)) return patchFailed('yoga-without-fetch', `yoga-layout has no ${from.slice(0, 40)}…`);
				contents = contents.replace(from, to);
			}
			return {contents: contents + marker('yoga-without-fetch'), loader: 'js'};
		});
	},
};

// Ink's Output rebuilds every row of the screen from styled characters on every frame: ~75 % of the
// CPU of a key press at 160×50 (issue 8). Ours composes only the rows whose writes changed
// (source/ui/render/row-cached-output.ts). It takes its tokenizer, slicer and width from the
// packages Ink itself resolves, so its rows match Ink's byte for byte
// (test/ui/row-cached-output.test.ts compares frames with Ink's own Output).
const rowCachedInkOutput = {
	name: 'row-cached-ink-output',
	setup(context) {
		context.onLoad({filter: /[\\/]ink[\\/]build[\\/]output\.js$/}, async args => {
			const original = await readFile(args.path, 'utf8');
			// The interface ours implements; an Ink that changed it keeps its own Output.
			const expected = ['export default class Output', 'write(x, y, text, options)', 'clip(clip)', 'unclip()', 'get()', 'styledCharsToString'];
			const missing = expected.filter(part => !original.includes(part));
			if (missing.length > 0) return patchFailed('row-cached-ink-output', `Ink's Output has no ${missing.join(', ')}`);
			return {
				contents: inkOutputModule(`${process.cwd()}/source/ui/render/row-cached-output.ts`, marker('row-cached-ink-output')),
				loader: 'js',
				resolveDir: dirname(args.path),
			};
		});
	},
};

// Ink caches the size of every text it ever measured in a Map it never empties: each new figure of the stats
// pane and each log line shown stays in memory for the life of the process (issue 16). Ours is the same
// measure with a bounded cache (source/ui/render/bounded-measure-text.ts), over the widest-line Ink resolves.
const boundedInkMeasureText = {
	name: 'bounded-ink-measure-text',
	setup(context) {
		context.onLoad({filter: /[\\/]ink[\\/]build[\\/]measure-text\.js$/}, async args => {
			const original = await readFile(args.path, 'utf8');
			const expected = ["import widestLine from 'widest-line'", 'const cache = new Map();', 'cache.set(text, dimensions);', "text.split('\\n').length", 'export default measureText;'];
			const missing = expected.filter(part => !original.includes(part));
			if (missing.length > 0) return patchFailed('bounded-ink-measure-text', `Ink's measure-text has no ${missing.join(', ')}`);
			const ours = JSON.stringify(`${process.cwd()}/source/ui/render/bounded-measure-text.ts`);
			return {
				contents: `import widestLine from 'widest-line';\nimport {createMeasureText} from ${ours};\nexport default createMeasureText(widestLine);${marker('bounded-ink-measure-text')}`,
				loader: 'js',
				resolveDir: dirname(args.path),
			};
		});
	},
};

// meow evaluates normalize-package-data (with the SPDX licence tables) at import, though it only
// runs when a program reads cli.pkg (dockdash does for --version alone): ~40 ms of every start.
const meowLazyNormalize = {
	name: 'meow-lazy-normalize',
	setup(context) {
		context.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, async args => {
			const from = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
			const to = 'const normalizePackageData = (...parameters) => getDefaultExportFromCjs(requireNormalize())(...parameters);';
			const contents = await readFile(args.path, 'utf8');
			if (!contents.includes(from)) return patchFailed('meow-lazy-normalize', 'meow no longer evaluates normalize-package-data this way');
			return {contents: contents.replace(from, to) + marker('meow-lazy-normalize'), loader: 'js'};
		});
	},
};

// slice-ansi and @alcalzone/ansi-tokenize (Ink's slicer and tokenizer) each make an Intl.Segmenter at import, and the
// first one of a process loads ICU's break rules: ~4 ms of CPU before the first frame (~9 ms as the first Intl service),
// which only has them split SGR sequences and ASCII (issue 16, bench/profiles/start.md). Theirs become source/ui/format/grapheme-segmenter.ts: the same segments, ICU only
// for a string that needs it.
const lazyGraphemeSegmenter = {
	name: 'lazy-grapheme-segmenter',
	setup(context) {
		const files = [
			[/slice-ansi[\\/]tokenize-ansi\.js$/, "new Intl.Segmenter(undefined, {granularity: 'grapheme'})"],
			[/@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, 'new Intl.Segmenter(undefined, { granularity: "grapheme" })'],
		];
		for (const [filter, from] of files) {
			context.onLoad({filter}, async args => {
				const contents = await readFile(args.path, 'utf8');
				if (contents.split(from).length !== 2) return patchFailed('lazy-grapheme-segmenter', `${args.path} no longer makes one ${from}`);
				const helper = JSON.stringify(`${process.cwd()}/source/ui/format/grapheme-segmenter.ts`);
				return {contents: `import {graphemeSegmenter as __graphemeSegmenter} from ${helper};\n${contents.replace(from, '__graphemeSegmenter')}${marker('lazy-grapheme-segmenter')}`, loader: 'js', resolveDir: dirname(args.path)};
			});
		}
	},
};

// Each script runs with a V8 code cache, dist/cli.js loading it (scripts/lib/code-cache.mjs, issue 16):
// dist/bundle.js is the whole program; dist/layers.js is `dockdash layers` alone, without the dashboard's Ink,
// React and yoga, whose compiled code cost ~10 MB of its peak RSS (bench/profiles/memory.md).
async function buildScript(entry, outfile) {
	const result = await build({
		entryPoints: [entry],
		write: false,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		jsx: 'automatic',
		minify: true,
		// DOCKDASH_SOURCEMAP=1 writes dist/bundle.js.map (for bench/profile-start.mjs; the bundle's lines are one lower there).
		sourcemap: process.env.DOCKDASH_SOURCEMAP ? 'external' : false,
		outfile,
		legalComments: 'none',
		// ssh2's native helpers are optional and loaded in a try/catch.
		external: ['cpu-features', '*.node'],
		plugins: [withoutDevtools, withoutUnusedTransports, terminalIsNotCi, fastStringWidth, yogaWithoutFetch, meowLazyNormalize, rowCachedInkOutput, lazyGraphemeSegmenter, boundedInkMeasureText, builtinsThroughRequire(builtinModules)],
		define: {'process.env.NODE_ENV': '"production"', __DOCKDASH_VERSION__: JSON.stringify(version), ...importMetaDefines},
		// require, __filename, __dirname and import.meta are given to the script by its loader (scripts/lib/code-cache.mjs).
		banner: {js: 'const __dockdashPatches = [];'},
		logLevel: 'warning',
	});
	const output = result.outputFiles.find(file => file.path.endsWith('.js'));
	const script = wrapAsScript(output.text);
	// V8 keeps a script's source as one string for the life of the process: Latin-1 text takes a byte a character,
	// one character above U+00FF makes all of it two bytes (3.1 MB instead of 1.55 MB before any work, issue 16).
	// esbuild escapes such characters in strings and templates but leaves them in regular expression literals:
	// write them there as \uXXXX.
	const wide = /[^\u0000-\u00ff]/.exec(script);
	if (wide) throw new Error(`${outfile} has the character ${JSON.stringify(wide[0])} (U+${wide[0].codePointAt(0).toString(16).toUpperCase()}) in ${JSON.stringify(script.slice(Math.max(0, wide.index - 60), wide.index + 20))}: write it as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, '0')} in the source's regular expression, so the script stays one byte a character in memory`);
	mkdirSync('dist', {recursive: true});
	writeFileSync(outfile, script);
	const map = result.outputFiles.find(file => file.path.endsWith('.map'));
	// A map left by an earlier build would name the wrong places.
	if (map) writeFileSync(`${outfile}.map`, map.text);
	else rmSync(`${outfile}.map`, {force: true});
	return createHash('sha256').update(script).digest('hex').slice(0, 16);
}

const key = await buildScript('cli.tsx', 'dist/bundle.js');
const layersKey = await buildScript('source/commands/layers-entry.ts', 'dist/layers.js');
writeFileSync('dist/cli.js', loaderSource({bundleFile: 'bundle.js', key, layers: {bundleFile: 'layers.js', key: layersKey}}), {mode: 0o755});

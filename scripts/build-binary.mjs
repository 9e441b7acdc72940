// Builds dist/dockdash: one executable for servers without Node.js (Node's
// single executable applications). The bundle travels inside as an asset, a
// script the small CommonJS main compiles with a V8 code cache kept in the
// user's cache folder, as dist/cli.js does (scripts/lib/code-cache.mjs, issue 16).
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {seaMainSource} from './lib/code-cache.mjs';

// DOCKDASH_BINARY_NODE: the Node executable to build on (default: the one running this script). Node 22 and 24 start
// in half the CPU of Node 20 (bench/profiles/start.md), and the executable is that Node with the bundle inside.
const node = process.env.DOCKDASH_BINARY_NODE || process.execPath;
execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});
const out = 'dist/sea';
mkdirSync(out, {recursive: true});
const key = createHash('sha256').update(readFileSync('dist/bundle.js')).digest('hex').slice(0, 16);
writeFileSync(path.join(out, 'main.cjs'), seaMainSource({asset: 'bundle.js', key}));
writeFileSync(
	path.join(out, 'sea-config.json'),
	JSON.stringify({main: path.join(out, 'main.cjs'), output: path.join(out, 'prep.blob'), disableExperimentalSEAWarning: true, useCodeCache: true, assets: {'bundle.js': 'dist/bundle.js'}}),
);
execFileSync(node, ['--experimental-sea-config', path.join(out, 'sea-config.json')], {stdio: 'inherit'});
copyFileSync(node, 'dist/dockdash');
execFileSync(
	process.execPath,
	['node_modules/postject/dist/cli.js', 'dist/dockdash', 'NODE_SEA_BLOB', path.join(out, 'prep.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'],
	{stdio: ['ignore', 'ignore', 'inherit']},
);
console.log(`built dist/dockdash (Node ${execFileSync(node, ['--version'], {encoding: 'utf8'}).trim()})`);

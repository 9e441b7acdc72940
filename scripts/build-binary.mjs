// Builds dist/dockdash: one executable for servers without Node.js (Node's
// single executable applications). The bundle travels inside as an asset; the
// small CommonJS starter writes it once to the user's cache folder (named by
// its hash) and imports it, because Node 20 runs only CommonJS as the main
// script of such an executable and the bundle is ESM (Ink's layout engine
// loads with top-level await).
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});
const out = 'dist/sea';
mkdirSync(out, {recursive: true});
writeFileSync(
	path.join(out, 'main.cjs'),
	`'use strict';
const {createHash} = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {pathToFileURL} = require('node:url');
const {getAsset} = require('node:sea');
const code = getAsset('cli.mjs', 'utf8');
const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const dir = path.join(base, 'dockdash');
const file = path.join(dir, 'cli-' + hash + '.mjs');
try {
	if (!fs.existsSync(file)) {
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		const temporary = file + '.' + process.pid;
		fs.writeFileSync(temporary, code, {mode: 0o600});
		fs.renameSync(temporary, file);
	}
} catch (error) {
	process.stderr.write('dockdash: cannot write ' + file + ': ' + error.message + ' (set XDG_CACHE_HOME to a writable folder)\\n');
	process.exit(1);
}
import(pathToFileURL(file).href);
`,
);
writeFileSync(
	path.join(out, 'sea-config.json'),
	JSON.stringify({main: path.join(out, 'main.cjs'), output: path.join(out, 'prep.blob'), disableExperimentalSEAWarning: true, assets: {'cli.mjs': 'dist/cli.js'}}),
);
execFileSync(process.execPath, ['--experimental-sea-config', path.join(out, 'sea-config.json')], {stdio: 'inherit'});
copyFileSync(process.execPath, 'dist/dockdash');
execFileSync(
	process.execPath,
	['node_modules/postject/dist/cli.js', 'dist/dockdash', 'NODE_SEA_BLOB', path.join(out, 'prep.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'],
	{stdio: ['ignore', 'ignore', 'inherit']},
);
console.log('built dist/dockdash');

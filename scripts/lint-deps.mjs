#!/usr/bin/env node
// Checks the layering rules of .dependency-cruiser.cjs over source/ and cli.tsx (issue 15).
// dependency-cruiser's own CLI refuses Node 20 (it follows Node's release cycle); its API runs here,
// so this calls cruise() with the same config the CLI would read. Exit 1 on any breach.
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {cruise} from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const {tsConfig, ...options} = config.options;
const result = await cruise(['source', 'cli.tsx'], {...options, ruleSet: {forbidden: config.forbidden}, validate: true, outputType: 'err-long'}, undefined, {tsConfig});
process.stdout.write(String(result.output));
if (result.exitCode !== 0) process.exit(1);
console.log(`layering: ${result.exitCode === 0 ? 'no breaches' : ''} (${config.forbidden.length} rules, .dependency-cruiser.cjs)`);

// A rule the code breaks is fixed, not disabled (issue 15): source/ and cli.tsx have no eslint-disable comment left.
// An exception would be listed here as FILE: COUNT, each with its reason after "--"; any other fails the lint.
const DISABLES_LEFT = {};
const sources = ['cli.tsx', ...readdirSync('source', {recursive: true}).map(file => join('source', String(file))).filter(file => /\.tsx?$/.test(file))];
const breaches = [];
for (const file of sources) {
	const lines = readFileSync(file, 'utf8').split('\n');
	const disables = lines.map((line, index) => ({line, number: index + 1})).filter(({line}) => /eslint-disable/.test(line));
	for (const {line, number} of disables) if (!/eslint-disable\S*\s+\S+.*\s--\s+\S/.test(line)) breaches.push(`${file}:${number}: an eslint-disable without a reason after "--"`);
	if (disables.length > (DISABLES_LEFT[file] ?? 0)) breaches.push(`${file}: ${disables.length} eslint-disable comments, ${DISABLES_LEFT[file] ?? 0} allowed: fix the code the rule points at instead (scripts/lint-deps.mjs)`);
}
if (breaches.length > 0) {
	for (const breach of breaches) console.error(breach);
	process.exit(1);
}
console.log(`eslint-disable: ${Object.values(DISABLES_LEFT).reduce((sum, count) => sum + count, 0)} at most, each with its reason (scripts/lint-deps.mjs)`);

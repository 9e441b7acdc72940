#!/usr/bin/env node
// Checks the layering rules of .dependency-cruiser.cjs over source/ and cli.tsx (issue 15).
// dependency-cruiser's own CLI refuses Node 20 (it follows Node's release cycle); its API runs here,
// so this calls cruise() with the same config the CLI would read. Exit 1 on any breach.
import {createRequire} from 'node:module';
import {cruise} from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const {tsConfig, ...options} = config.options;
const result = await cruise(['source', 'cli.tsx'], {...options, ruleSet: {forbidden: config.forbidden}, validate: true, outputType: 'err-long'}, undefined, {tsConfig});
process.stdout.write(String(result.output));
if (result.exitCode !== 0) process.exit(1);
console.log(`layering: ${result.exitCode === 0 ? 'no breaches' : ''} (${config.forbidden.length} rules, .dependency-cruiser.cjs)`);

// Writes the README's performance table from bench/results.md (npm run docs:bench; npm run bench runs it too).
// test/docs/readme-bench.test.ts fails when the README is behind bench/results.md.
import {readFileSync} from 'node:fs';
import {benchSummaryMarkdown, writeBlock} from './lib/doc-blocks.js';

writeBlock('README.md', 'bench', () => benchSummaryMarkdown(readFileSync('bench/results.md', 'utf8')), 'performance table');

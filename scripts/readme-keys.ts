// Writes the README's key table from the keymap (npm run docs:keys).
// test/keymap/readme-keys.test.ts fails when the README is behind the keymap.
import {readFileSync, writeFileSync} from 'node:fs';
import {keyTableMarkdown} from '../source/keymap/key-table.js';

const START = '<!-- keys:start -->';
const END = '<!-- keys:end -->';
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error('README.md has no keys:start/keys:end markers');
const next = `${readme.slice(0, start + START.length)}\n${keyTableMarkdown()}\n${readme.slice(end)}`;
if (next !== readme) {
	writeFileSync('README.md', next);
	console.log('README.md: key table updated');
} else console.log('README.md: key table already current');

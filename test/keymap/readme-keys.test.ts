import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {it} from 'node:test';
import {keyTableMarkdown} from '../../source/keymap/key-table.js';

it('the README key table is the one generated from the keymap (run npm run docs:keys)', () => {
	const readme = readFileSync('README.md', 'utf8');
	const block = readme.slice(readme.indexOf('<!-- keys:start -->') + '<!-- keys:start -->'.length, readme.indexOf('<!-- keys:end -->')).trim();
	assert.equal(block, keyTableMarkdown());
});

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {it} from 'node:test';
import {keyTableMarkdown} from '../../source/keymap/key-table.js';
import {blockIn} from '../../scripts/lib/doc-blocks.js';

it('the key table in docs/keys.md is the one generated from the keymap (run npm run docs:keys)', () => {
	assert.equal(blockIn(readFileSync('docs/keys.md', 'utf8'), 'keys', 'docs/keys.md'), keyTableMarkdown());
});

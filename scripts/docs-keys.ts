// Writes the key table in docs/keys.md from the keymap (npm run docs:keys).
// test/keymap/docs-keys.test.ts fails when docs/keys.md is behind the keymap.
import {keyTableMarkdown} from '../source/keymap/key-table.js';
import {writeBlock} from './lib/doc-blocks.js';

writeBlock('docs/keys.md', 'keys', keyTableMarkdown, 'key table');

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {DEFAULT_KEYMAP} from '../../source/keymap/keymap.js';

describe('the exec key', () => {
	it('e opens a shell from the containers list, and is a mutating command (exec is a POST)', () => {
		const command = DEFAULT_KEYMAP.commandFor('e', ['containers']);
		assert.equal(command?.id, 'containers.exec');
		assert.equal(command?.isMutating, true);
	});

	it('does not exist under --read-only', () => {
		assert.equal(DEFAULT_KEYMAP.commandFor('e', ['containers'], {isReadOnly: true}), undefined);
	});
});

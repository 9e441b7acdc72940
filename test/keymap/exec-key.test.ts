import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {commandFor} from '../../source/keymap/keymap.js';

describe('the exec key', () => {
	it('e opens a shell from the containers list, and is a mutating command (exec is a POST)', () => {
		const command = commandFor('e', ['containers']);
		assert.equal(command?.id, 'containers.exec');
		assert.equal(command?.isMutating, true);
	});

	it('does not exist under --read-only', () => {
		assert.equal(commandFor('e', ['containers'], {isReadOnly: true}), undefined);
	});
});

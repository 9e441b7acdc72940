import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {COMMANDS, DEFAULT_KEYMAP, keyName, type Scope, SCOPE_TITLES} from '../../source/keymap/keymap.js';

describe('keymap', () => {
	it('gives no key two commands in one scope', () => {
		for (const scope of Object.keys(SCOPE_TITLES) as Scope[]) {
			const seen = new Map<string, string>();
			for (const command of COMMANDS.filter(c => c.scope === scope)) {
				for (const key of command.keys) {
					assert.ok(!seen.has(key), `${scope}: "${key}" is bound to ${seen.get(key)} and ${command.id}`);
					seen.set(key, command.id);
				}
			}
		}
	});

	it('gives every command a unique id and a description', () => {
		const ids = COMMANDS.map(c => c.id);
		assert.equal(new Set(ids).size, ids.length);
		for (const command of COMMANDS) assert.ok(command.description.length > 3, command.id);
	});

	it('marks every dangerous command as mutating, so read-only unbinds it', () => {
		for (const command of COMMANDS.filter(c => c.isDangerous && c.scope !== 'dialog')) assert.ok(command.isMutating, command.id);
	});

	it('unbinds mutating commands under read-only', () => {
		const mutating = COMMANDS.filter(c => c.isMutating);
		for (const command of mutating) {
			assert.equal(DEFAULT_KEYMAP.commandsIn(command.scope, {isReadOnly: true}).includes(command), false);
			for (const key of command.keys) assert.notEqual(DEFAULT_KEYMAP.commandFor(key, [command.scope], {isReadOnly: true})?.id, command.id);
		}
	});

	it('searches scopes in order: the top layer first', () => {
		assert.equal(DEFAULT_KEYMAP.commandFor('escape', ['dialog', 'list'])?.id, 'dialog.cancel');
		assert.equal(DEFAULT_KEYMAP.commandFor('escape', ['list', 'dialog'])?.id, 'list.clearFilter');
		assert.equal(DEFAULT_KEYMAP.commandFor('q', ['list', 'global'])?.id, 'app.quit');
	});

	it('names keys from what Ink reports', () => {
		assert.equal(keyName('c', {ctrl: true}), 'ctrl+c');
		assert.equal(keyName('', {tab: true, shift: true}), 'shift+tab');
		assert.equal(keyName('G', {shift: true}), 'G');
		assert.equal(keyName(' ', {}), 'space');
		assert.equal(keyName('', {pageDown: true}), 'pagedown');
	});

	it('takes what Ink calls delete (the 0x7f a Backspace key sends) as Backspace where nothing answers to delete', () => {
		assert.equal(keyName('', {delete: true}), 'delete');
		assert.equal(DEFAULT_KEYMAP.commandFor('delete', ['details', 'global'])?.id, 'details.back');
		assert.equal(DEFAULT_KEYMAP.commandFor('delete', ['list', 'global']), undefined);
	});
});

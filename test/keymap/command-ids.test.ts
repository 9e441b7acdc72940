/**
 * Command ids are typed from the key table (issue 15): a handler map with an id the
 * table does not have is a compile error. The `@ts-expect-error` lines below are the
 * test that matters: `npm run typecheck` fails if the id type ever widens to string.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {CommandHandlers} from '../../source/hooks/use-commands.js';
import {type CommandId, COMMANDS, DEFAULT_KEYMAP} from '../../source/keymap/keymap.js';
import {customCommandId} from '../../source/model/custom-commands.js';

describe('command ids typed from the table', () => {
	it('takes every id of the table and custom ids, and nothing else', () => {
		const handlers: CommandHandlers = {'list.up': () => {}, [customCommandId({name: 'ping'})]: () => {}};
		// @ts-expect-error 'list.upp' is not a command of the table.
		const typo: CommandHandlers = {'list.upp': () => {}};
		// @ts-expect-error a plain string is not a command id.
		const widened: CommandId = String('app.quit');
		assert.equal(Object.keys(handlers).length, 2);
		assert.ok(typo && widened);
		assert.equal(DEFAULT_KEYMAP.keyOf('app.quit'), 'q');
		// The table's ids are unique, so the derived type names each command once.
		assert.equal(new Set(COMMANDS.map(command => command.id)).size, COMMANDS.length);
	});
});

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {loadConfig} from '../../source/commands/config-file.js';
import {COMMANDS, Keymap} from '../../source/keymap/keymap.js';
import {type CustomCommand, customKeymapCommands} from '../../source/model/custom-commands.js';

const command = (fields: Partial<CustomCommand>): CustomCommand => ({
	name: 'probe',
	key: 'Z',
	panes: ['containers'],
	command: 'echo {id}',
	mode: 'background',
	dangerous: false,
	readOnlySafe: false,
	...fields,
});

describe('custom commands in the keymap', () => {
	it('are bound in each of their panes, listed in help and the hint bar, without touching the built-in table', () => {
		const size = COMMANDS.length;
		const keymap = new Keymap({extraCommands: customKeymapCommands([command({name: 'tail', panes: ['containers', 'images']})])});
		assert.equal(COMMANDS.length, size);
		assert.equal(keymap.commandFor('Z', ['list', 'containers'])?.id, 'custom.tail');
		assert.equal(keymap.commandFor('Z', ['images'])?.id, 'custom.tail');
		assert.equal(keymap.commandFor('Z', ['volumes']), undefined);
		assert.equal(new Keymap().commandFor('Z', ['images']), undefined, 'another keymap has none of them');
		assert.ok(keymap.commandsIn('containers').some(entry => entry.id === 'custom.tail' && entry.isHint));
		assert.ok(keymap.helpRows().some(row => row.scope === 'images' && row.keys === 'Z' && row.description === 'tail (custom)'));
	});

	it('are absent under --read-only unless read-only safe; dangerous ones ask first', () => {
		const keymap = new Keymap({extraCommands: customKeymapCommands([command({name: 'rm', key: 'W', dangerous: true}), command({name: 'look', key: 'V', readOnlySafe: true, mode: 'attached'})])});
		assert.equal(keymap.commandFor('W', ['containers'], {isReadOnly: true}), undefined);
		assert.equal(keymap.commandFor('W', ['containers'])?.id, 'custom.rm');
		assert.equal(keymap.commandFor('V', ['containers'], {isReadOnly: true})?.id, 'custom.look');
		assert.ok(keymap.helpRows().some(row => row.description === 'rm (custom) (asks first)' && row.isDangerous));
		assert.ok(keymap.helpRows({isReadOnly: true}).some(row => row.description === 'look (custom, takes the terminal)'));
		assert.ok(!keymap.helpRows({isReadOnly: true}).some(row => row.description.startsWith('rm ')));
	});

	it('take part in the check that no key does two things', () => {
		const extraCommands = customKeymapCommands([command({key: 'L'})]);
		assert.ok(new Keymap({extraCommands, overrides: {'containers.start': ['J']}}));
		assert.throws(() => new Keymap({extraCommands, overrides: {'containers.start': ['L']}}), /key "L" would do both containers\.start and custom\.probe in Containers/);
	});
});

describe('the README example of custom commands', () => {
	it('is a config dockdash accepts', () => {
		const readme = readFileSync('README.md', 'utf8');
		const section = readme.slice(readme.indexOf('## Custom commands'));
		const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
		assert.ok(yaml?.includes('commands:'));
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-readme-'));
		try {
			writeFileSync(path.join(dir, 'config.yaml'), yaml ?? '');
			const {config} = loadConfig(path.join(dir, 'config.yaml'));
			assert.deepEqual(config.commands.map(command => [command.name, command.mode, command.dangerous, command.readOnlySafe]), [
				['tail', 'background', false, true],
				['inspect', 'attached', false, false],
				['force remove', 'background', true, false],
			]);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {builtInCommandWithKey, checkKeyName, COMMANDS, DEFAULT_KEYMAP, findKeyClash, Keymap, type Scope} from '../../source/keymap/keymap.js';
import {ConfigError, DEFAULT_CONFIG, formatConfig, parseConfig} from '../../source/model/config.js';

const vocabulary = {
	commandIds: new Set(['app.quit', 'app.help', 'list.filter']),
	paneIds: new Set(['containers', 'images']),
	columns: new Map([['containers', new Set(['name', 'state', 'image'])]]),
	checkKey: checkKeyName,
};
const parse = (text: string) => parseConfig(text, 'config.yaml', vocabulary);

function rejects(text: string, message: RegExp): void {
	assert.throws(() => parse(text), (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'));
}


describe('config file', () => {
	it('an empty file means the defaults', () => {
		assert.deepEqual(parse(''), DEFAULT_CONFIG);
		assert.deepEqual(parse('# nothing yet\n'), DEFAULT_CONFIG);
	});

	it('reads every setting', () => {
		const config = parse(
			[
				'theme:',
				'  base: light',
				'  colors: {accent: magenta, danger: "#ff0000"}',
				'keys:',
				'  app.quit: [x, ctrl+q]',
				'logs: {bufferLines: 5000, tail: 200}',
				'refresh: 2.5',
				'requestTimeout: 4',
				'exec: {shells: [zsh, sh]}',
				'protectLabel: keep=yes',
				'startPane: images',
				'columns: {containers: [state, name]}',
				'mouse: false',
			].join('\n'),
		);
		assert.equal(config.theme, 'light');
		assert.deepEqual(config.colors, {accent: 'magenta', danger: '#ff0000'});
		assert.deepEqual(config.keys, {'app.quit': ['x', 'ctrl+q']});
		assert.deepEqual(config.logs, {bufferLines: 5000, tail: 200});
		assert.equal(config.refresh, 2.5);
		assert.equal(config.requestTimeout, 4);
		assert.deepEqual(config.exec.shells, ['zsh', 'sh']);
		assert.equal(config.protectLabel, 'keep=yes');
		assert.equal(config.startPane, 'images');
		assert.deepEqual(config.columns, {containers: ['state', 'name']});
		assert.equal(config.mouse, false);
		assert.match(formatConfig(config), /base: light/);
	});

	it('names the file, line, column and field of every mistake', () => {
		rejects('refesh: 3', /^config\.yaml:1:1: refesh is not a setting/);
		rejects('refresh: 3\nlogs:\n  tail: -1', /^config\.yaml:3:9: logs\.tail must be a whole number from 0 to 10000000$/);
		rejects('logs:\n  tail: lots', /^config\.yaml:2:9: logs\.tail must be a whole number/);
		rejects('theme: neon', /^config\.yaml:1:8: theme "neon" is not a theme \(dark, light, monochrome\)/);
		rejects('theme: {colors: {accent: chartreuse}}', /theme\.colors\.accent "chartreuse" is not a colour/);
		rejects('keys:\n  app.explode: x', /^config\.yaml:2:3: keys\.app\.explode is not a command id/);
		rejects('keys:\n  app.quit: ctrl+shift+meta+q', /keys\.app\.quit "ctrl\+shift\+meta\+q" is not a key/);
		rejects('startPane: nowhere', /startPane "nowhere" is not a pane \(containers, images\)/);
		rejects('columns: {containers: [name, colour]}', /columns\.containers has no column "colour"/);
		rejects('mouse: sometimes', /mouse must be true or false/);
		rejects('refresh: [1, 2]', /refresh must be a single value/);
		rejects('a: [unclosed', /^config\.yaml:\d+:\d+: not valid YAML/);
		rejects('- just\n- a list', /the file must be a mapping/);
		rejects('refresh: 1\nrefresh: 2', /not valid YAML/);
	});
});

describe('key overrides', () => {
	it('replace the default keys', () => {
		const keymap = new Keymap({overrides: {'app.quit': ['Q']}});
		assert.equal(keymap.commandFor('Q', ['global'])?.id, 'app.quit');
		assert.equal(keymap.commandFor('q', ['global']), undefined);
		assert.equal(DEFAULT_KEYMAP.commandFor('q', ['global'])?.id, 'app.quit', 'the default keymap is unchanged');
	});

	it('refuse a global key that a pane uses, where the pane would win', () => {
		assert.equal(new Keymap({overrides: {'app.quit': ['Q']}}).commandFor('Q', ['global'])?.id, 'app.quit');
		assert.throws(() => new Keymap({overrides: {'app.quit': ['x']}}), /key "x" would do both app\.quit \(everywhere\) and containers\.stop in Containers/);
		assert.throws(() => new Keymap({overrides: {'containers.stop': ['?']}}), /key "\?" would do both app\.help \(everywhere\) and containers\.stop/);
	});

	it('a key clash in the file names file:line:col of the key that clashes (issue 20)', () => {
		const withClash = {...vocabulary, keyClash: (overrides: Record<string, readonly string[]>) => findKeyClash(COMMANDS, overrides)};
		const text = 'refresh: 5\nkeys:\n  app.help: "?"\n  containers.remove: [X, q]\n';
		assert.throws(
			() => parseConfig(text, 'config.yaml', {...withClash, commandIds: new Set(COMMANDS.map(command => command.id))}),
			(error: unknown) => error instanceof ConfigError && error.message === 'config.yaml:4:26: key "q" would do both app.quit (everywhere) and containers.remove in Containers: change one of them in keys',
		);
	});

	it('refuse a key that would do two things in one scope', () => {
		assert.throws(() => new Keymap({overrides: {'app.quit': ['?']}}), /key "\?" would do both/);
		assert.equal(DEFAULT_KEYMAP.commandFor('q', ['global'])?.id, 'app.quit');
	});
});

describe('custom commands in the config file', () => {
	const paneScopes: Record<string, Scope[]> = {containers: ['list', 'containers', 'details'], images: ['images', 'list']};
	const withPanes = {
		...vocabulary,
		paneKeyOwner: (pane: string, key: string, overrides: Record<string, readonly string[]>) => builtInCommandWithKey(key, ['global', ...(paneScopes[pane] ?? [])], overrides)?.id,
	};
	const parseCommands = (text: string) => parseConfig(text, 'config.yaml', withPanes);
	const refusesCommand = (text: string, message: RegExp) =>
		assert.throws(() => parseCommands(text), (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'));

	it('reads a command with its defaults: background, not dangerous, not read-only safe', () => {
		const config = parseCommands(
			[
				'commands:',
				'  - name: tail',
				'    key: L',
				'    panes: containers',
				'    command: docker -H {engine} logs --tail 50 {id}',
				'  - name: inspect image',
				'    key: ctrl+i',
				'    panes: [containers, images]',
				"    command: sh -c 'docker image inspect \"$1\" | head' _ {image}",
				'    mode: attached',
				'    readOnlySafe: true',
				'  - name: wipe',
				'    key: W',
				'    panes: [images]',
				'    command: docker rmi {id}',
				'    dangerous: true',
			].join('\n'),
		);
		assert.deepEqual(config.commands, [
			{name: 'tail', key: 'L', panes: ['containers'], command: 'docker -H {engine} logs --tail 50 {id}', mode: 'background', dangerous: false, readOnlySafe: false},
			{name: 'inspect image', key: 'ctrl+i', panes: ['containers', 'images'], command: `sh -c 'docker image inspect "$1" | head' _ {image}`, mode: 'attached', dangerous: false, readOnlySafe: true},
			{name: 'wipe', key: 'W', panes: ['images'], command: 'docker rmi {id}', mode: 'background', dangerous: true, readOnlySafe: false},
		]);
		assert.match(formatConfig(config), /name: inspect image/);
	});

	it('names the line and field of every mistake', () => {
		const one = (lines: string[]) => ['commands:', '  - name: probe', ...lines.map(line => `    ${line}`)].join('\n');
		refusesCommand('commands: {name: x}', /^config\.yaml:1:11: commands must be a list of commands/);
		refusesCommand(one(['key: L', 'command: echo {id}']), /^config\.yaml:2:5: commands\[0\]\.panes is missing$/);
		refusesCommand(one(['key: L', 'panes: containers']), /commands\[0\]\.command is missing/);
		refusesCommand(one(['key: L', 'panes: [containers, prune]', 'command: echo {id}']), /^config\.yaml:4:25: commands\[0\]\.panes "prune" is not a pane with a selected object \(containers, images\)$/);
		refusesCommand(one(['key: L', 'panes: containers', 'command: echo {nmae}']), /^config\.yaml:5:14: commands\[0\]\.command has an unknown placeholder \{nmae\}/);
		refusesCommand(one(['key: L', 'panes: containers', `command: sh -c "echo '{name}'"`]), /commands\[0\]\.command puts \{name\} inside quotes/);
		refusesCommand(one(['key: d', 'panes: containers', 'command: echo {id}']), /^config\.yaml:3:10: commands\[0\]\.key "d" already does containers\.remove in the containers pane: choose another key$/);
		refusesCommand(one(['key: q', 'panes: images', 'command: echo {id}']), /"q" already does app\.quit in the images pane/);
		refusesCommand(one(['key: ctrl+shift+x', 'panes: images', 'command: echo {id}']), /commands\[0\]\.key "ctrl\+shift\+x" is not a key/);
		refusesCommand(one(['key: L', 'panes: containers', 'command: echo {id}', 'mode: detached']), /commands\[0\]\.mode "detached" is not a mode \(attached, background\)/);
		refusesCommand(one(['key: L', 'panes: containers', 'command: echo {id}', 'dangerous: yes please']), /commands\[0\]\.dangerous must be true or false/);
		refusesCommand(one(['key: L', 'panes: containers', 'command: echo {id}', 'dangerous: true', 'readOnlySafe: true']), /readOnlySafe cannot be true for a dangerous command/);
		refusesCommand(one(['key: L', 'panes: containers', 'command: echo {id}', 'shell: true']), /^config\.yaml:6:5: commands\[0\]\.shell is not a command setting/);
		refusesCommand(
			[...one(['key: L', 'panes: containers', 'command: echo {id}']).split('\n'), '  - name: probe', '    key: M', '    panes: images', '    command: echo {id}'].join('\n'),
			/^config\.yaml:6:11: commands\[1\]\.name "probe" is the name of an earlier command/,
		);
		refusesCommand(
			[...one(['key: Z', 'panes: containers', 'command: echo {id}']).split('\n'), '  - name: other', '    key: Z', '    panes: [images, containers]', '    command: echo {id}'].join('\n'),
			/^config\.yaml:7:10: commands\[1\]\.key "Z" already does probe in the containers pane/,
		);
	});

	it('sees key overrides written below the commands', () => {
		const text = ['commands:', '  - {name: probe, key: L, panes: containers, command: "echo {id}"}', 'keys:', '  list.filter: L'].join('\n');
		refusesCommand(text, /^config\.yaml:2:24: commands\[0\]\.key "L" already does list\.filter in the containers pane/);
		// Moving a built-in key away frees it.
		refusesCommand(['commands:', '  - {name: probe, key: /, panes: containers, command: "echo {id}"}'].join('\n'), /"\/" already does list\.filter/);
		assert.equal(parseCommands(['commands:', '  - {name: probe, key: /, panes: containers, command: "echo {id}"}', 'keys:', '  list.filter: F'].join('\n')).commands.length, 1);
	});
});

import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {checkKeyName, commandFor, setKeyOverrides} from '../../source/keymap/keymap.js';
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

afterEach(() => setKeyOverrides({}));

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
		setKeyOverrides({'app.quit': ['x']});
		assert.equal(commandFor('x', ['global'])?.id, 'app.quit');
		assert.equal(commandFor('q', ['global']), undefined);
	});

	it('refuse a key that would do two things in one scope, and keep the old keys', () => {
		assert.throws(() => setKeyOverrides({'app.quit': ['?']}), /key "\?" would do both/);
		assert.equal(commandFor('q', ['global'])?.id, 'app.quit');
	});
});

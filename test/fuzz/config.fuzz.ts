/**
 * Fuzz target: the config file parser (model/config.ts), with the real vocabulary of commands, panes and keys.
 * Invariants: any text gives a config or one ConfigError naming the file (never another error, never a stack); a
 * config it gives prints (--print-config) as YAML it reads back to the same config.
 */
import {ConfigError, formatConfig, parseConfig} from '../../source/model/config.js';
import {COMMANDS, checkKeyName} from '../../source/keymap/keymap.js';
import {check, expectOwn} from './support.js';

const vocabulary = {
	commandIds: new Set<string>(COMMANDS.map(command => command.id)),
	paneIds: new Set(['containers', 'images', 'logs', 'volumes']),
	columns: new Map([['containers', new Set(['name', 'image', 'status'])]]),
	checkKey: checkKeyName,
};

export function fuzz(data: Buffer): void {
	const text = data.toString('utf8');
	let config;
	try {
		config = parseConfig(text, 'config.yaml', vocabulary);
	} catch (error) {
		expectOwn(error, ConfigError);
		const {message} = error as ConfigError;
		check(message.startsWith('config.yaml'), `message does not name the file: ${message}`);
		check(!message.includes('\n    at '), 'a stack trace in the message');
		return;
	}
	const printed = formatConfig(config);
	let again;
	try {
		again = parseConfig(printed, 'printed.yaml', vocabulary);
	} catch (error) {
		throw new Error(`--print-config wrote what the parser refuses: ${(error as Error).message}\n${printed}`);
	}
	check(JSON.stringify(again) === JSON.stringify(config), `the printed config reads back differently:\n${printed}`);
}

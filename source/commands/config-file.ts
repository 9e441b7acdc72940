/** Finds, reads and checks the config file, and applies what is global (theme, keys). */
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {builtInCommandWithKey, checkKeyName, COMMANDS, findKeyClash, Keymap} from '../keymap/keymap.js';
import {type Config, ConfigError, DEFAULT_CONFIG, parseConfig} from '../model/config.js';
import {customKeymapCommands} from '../model/custom-commands.js';
import {CONTAINER_COLUMNS} from '../ui/format/container-row.js';
import {PANE_CATALOGUE, PANE_NAMES, type PaneEntry, paneNamesText} from '../ui/pane-catalogue.js';
import {UsageError} from './cli-error.js';

/** Where the config lives: --config, DOCKDASH_CONFIG, $XDG_CONFIG_HOME/dockdash, ~/.config/dockdash. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): {file: string; isExplicit: boolean} {
	if (flag) return {file: flag, isExplicit: true};
	if (env['DOCKDASH_CONFIG']) return {file: env['DOCKDASH_CONFIG'], isExplicit: true};
	const base = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || homedir(), '.config');
	return {file: path.join(base, 'dockdash', 'config.yaml'), isExplicit: false};
}

export interface LoadedConfig {
	config: Config;
	/** The file read, or undefined when there was none and the defaults apply. */
	file?: string;
}

/** Reads and checks the whole file before anything starts; a problem is a UsageError naming file, line and field. */
export function loadConfig(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	const {file, isExplicit} = configPath(flag, env);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && !isExplicit) return {config: structuredClone(DEFAULT_CONFIG)};
		throw new UsageError(`cannot read the config file ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message.split('\n')[0]}`);
	}
	const panes: readonly PaneEntry[] = PANE_CATALOGUE;
	const vocabulary = {
		commandIds: new Set(COMMANDS.map(command => command.id)),
		paneIds: new Set(panes.map(pane => pane.id)),
		paneNames: PANE_NAMES,
		columns: new Map([['containers', new Set(CONTAINER_COLUMNS.map(column => column.key))]]),
		checkKey: checkKeyName,
		paneKeyOwner: (pane: string, key: string, overrides: Record<string, readonly string[]>) => {
			const scopes = panes.find(candidate => candidate.id === pane)?.scopes ?? [];
			return builtInCommandWithKey(key, ['global', ...scopes], overrides)?.id;
		},
		keyClash: (overrides: Record<string, readonly string[]>, commands: Parameters<typeof customKeymapCommands>[0]) => findKeyClash([...COMMANDS, ...customKeymapCommands(commands)], overrides),
	};
	try {
		return {config: parseConfig(text, file, vocabulary), file};
	} catch (error) {
		if (error instanceof ConfigError) throw new UsageError(error.message);
		throw error;
	}
}

/**
 * Checks what the app makes from the config before anything starts: its keymap (custom commands and key
 * overrides together). Nothing is applied to the process: the app builds its theme and keymap from the config (issue 15).
 */
export function checkConfig(config: Config, file?: string): void {
	try {
		new Keymap({extraCommands: customKeymapCommands(config.commands), overrides: config.keys});
	} catch (error) {
		throw new UsageError(`${file ?? 'config'}: ${(error as Error).message}`);
	}
}

/** The pane id `--pane NAME` asks for (an id, or another name such as "cleanup"); a UsageError naming the choices otherwise. */
export function paneFromFlag(name: string): string {
	const id = PANE_NAMES.get(name);
	if (id === undefined) throw new UsageError(`--pane: there is no pane "${name}": choose one of ${paneNamesText()}`);
	return id;
}

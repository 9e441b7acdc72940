/**
 * dockdash's configuration file ($XDG_CONFIG_HOME/dockdash/config.yaml):
 * parsed and checked completely before anything starts, so a typo stops
 * dockdash with one line naming the file, the line and the field, instead of
 * running on a half-read configuration.
 */
import {isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify} from 'yaml';
import {parseTemplate, TemplateError} from './command-template.js';
import {type CustomCommand, PANE_PLACEHOLDERS} from './custom-commands.js';

export type ThemeName = 'dark' | 'light' | 'monochrome';

/** The colour roles a theme sets (see source/ui/theme.ts). */
export const COLOR_ROLES = ['accent', 'muted', 'danger', 'warning', 'success', 'header'] as const;
export type ColorRole = (typeof COLOR_ROLES)[number];

export interface Config {
	theme: ThemeName;
	colors: Partial<Record<ColorRole, string>>;
	/** Key overrides by command id; they replace the command's default keys. */
	keys: Record<string, string[]>;
	/** `colors`: show a container's plain SGR colours in logs (default on; the logs pane's C toggles). */
	logs: {bufferLines: number; tail: number; colors?: boolean};
	/** Seconds between full relists behind the event stream. */
	refresh: number;
	/** Seconds one request may take. */
	requestTimeout: number;
	exec: {shells: string[]};
	protectLabel: string;
	startPane: string;
	/** Columns shown per pane, by column key, in order. */
	columns: Record<string, string[]>;
	mouse: boolean;
	/** User-defined commands (see model/custom-commands.ts). */
	commands: CustomCommand[];
}

export const DEFAULT_CONFIG: Config = {
	theme: 'dark',
	colors: {},
	keys: {},
	logs: {bufferLines: 10_000, tail: 1000},
	refresh: 10,
	requestTimeout: 10,
	exec: {shells: ['bash', 'sh']},
	protectLabel: 'dockdash.protect=true',
	startPane: 'containers',
	columns: {},
	mouse: true,
	commands: [],
};

// Colour names Ink (through chalk) understands, and #rrggbb.
const COLOR_NAMES: ReadonlySet<string> = new Set([
	'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey',
	'blackBright', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright',
]);

/** A configuration problem; its message is the one line to show. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** What the config checks about names that live elsewhere (commands, panes, columns). */
export interface ConfigVocabulary {
	commandIds: ReadonlySet<string>;
	paneIds: ReadonlySet<string>;
	/** Every name `startPane` accepts, mapped to its pane id (ids, and aliases such as "cleanup"). */
	paneNames?: ReadonlyMap<string, string>;
	/** Column keys by pane id. */
	columns: ReadonlyMap<string, ReadonlySet<string>>;
	/** Checks a key name such as "ctrl+d"; returns why it is wrong, or undefined. */
	checkKey: (key: string) => string | undefined;
	/** The built-in command id a key already does in a pane (its scopes and the global ones), with these key overrides. */
	paneKeyOwner?: (pane: string, key: string, overrides: Record<string, readonly string[]>) => string | undefined;
	/** Two commands the keys would give one key in one place (see findKeyClash in the keymap), or undefined. */
	keyClash?: (overrides: Record<string, readonly string[]>, commands: readonly CustomCommand[]) => {key: string; first: string; second: string; message: string} | undefined;
}

/** Parses and checks a config file's text; throws {@link ConfigError} naming file:line:column and the field. */
export function parseConfig(text: string, file: string, vocabulary: ConfigVocabulary): Config {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
	const where = (node: Node | null | undefined) => {
		const offset = node?.range?.[0] ?? 0;
		const {line, col} = lineCounter.linePos(offset);
		return `${file}:${line}:${col}`;
	};
	const firstError = document.errors[0];
	if (firstError) {
		const {line, col} = lineCounter.linePos(firstError.pos[0]);
		throw new ConfigError(`${file}:${line}:${col}: not valid YAML: ${firstError.message.split('\n')[0]}`);
	}
	const config: Config = structuredClone(DEFAULT_CONFIG);
	const root = document.contents;
	if (root === null || (isScalar(root) && root.value === null)) return config;
	if (!isMap(root)) throw new ConfigError(`${where(root)}: the file must be a mapping of settings (key: value)`);

	const fail = (node: Node | null | undefined, field: string, message: string): never => {
		throw new ConfigError(`${where(node)}: ${field} ${message}`);
	};
	const scalar = (node: Node | null | undefined, field: string): unknown => {
		if (!isScalar(node)) fail(node, field, 'must be a single value');
		return (node as {value: unknown}).value;
	};
	const text_ = (node: Node | null | undefined, field: string): string => {
		const value = scalar(node, field);
		if (typeof value !== 'string' || value.trim() === '') fail(node, field, 'must be a non-empty text');
		return value as string;
	};
	const number = (node: Node | null | undefined, field: string, min: number, max: number, isWhole: boolean): number => {
		const value = scalar(node, field);
		if (typeof value !== 'number' || !Number.isFinite(value) || (isWhole && !Number.isInteger(value)) || value < min || value > max) {
			fail(node, field, `must be a ${isWhole ? 'whole ' : ''}number from ${min} to ${max}`);
		}
		return value as number;
	};
	const list = (node: Node | null | undefined, field: string): Array<{node: Node; value: string}> => {
		if (isScalar(node)) return [{node, value: text_(node, field)}];
		if (!isSeq(node) || node.items.length === 0) fail(node, field, 'must be a value or a non-empty list');
		return (node as {items: Node[]}).items.map((item, index) => ({node: item, value: text_(item, `${field}[${index}]`)}));
	};
	const mapping = (node: Node | null | undefined, field: string) => {
		if (!isMap(node)) fail(node, field, 'must be a mapping (key: value)');
		return (node as {items: Array<{key: Node; value: Node | null}>}).items.map(pair => ({
			keyNode: pair.key,
			key: String((pair.key as {value?: unknown}).value),
			value: pair.value,
		}));
	};
	const flag = (node: Node | null | undefined, field: string): boolean => {
		const value = scalar(node, field);
		if (typeof value !== 'boolean') fail(node, field, 'must be true or false');
		return value as boolean;
	};
	const color = (node: Node | null | undefined, field: string): string => {
		const value = text_(node, field);
		if (!COLOR_NAMES.has(value) && !/^#[0-9a-fA-F]{6}$/.test(value)) fail(node, field, `"${value}" is not a colour: use a name such as cyan or redBright, or #rrggbb`);
		return value;
	};

	const customKeys: Array<{keyNode: Node; panes: Array<{node: Node; value: string}>}> = [];
	// Where each key of `keys:` was written, to point at it when two commands would share it.
	const keyNodes = new Map<string, Array<{node: Node; value: string}>>();
	let keysNode: Node | undefined;
	for (const {keyNode, key, value} of mapping(root, 'the file')) {
		switch (key) {
			case 'theme': {
				if (isMap(value)) {
					for (const entry of mapping(value, 'theme')) {
						if (entry.key === 'base') config.theme = themeName(text_(entry.value, 'theme.base'), entry.value, fail);
						else if (entry.key === 'colors') {
							for (const colorEntry of mapping(entry.value, 'theme.colors')) {
								if (!(COLOR_ROLES as readonly string[]).includes(colorEntry.key)) {
									fail(colorEntry.keyNode, `theme.colors.${colorEntry.key}`, `is not a colour role (${COLOR_ROLES.join(', ')})`);
								}
								config.colors[colorEntry.key as ColorRole] = color(colorEntry.value, `theme.colors.${colorEntry.key}`);
							}
						} else fail(entry.keyNode, `theme.${entry.key}`, 'is not a theme setting (base, colors)');
					}
				} else config.theme = themeName(text_(value, 'theme'), value, fail);
				break;
			}
			case 'keys': {
				keysNode = keyNode;
				for (const entry of mapping(value, 'keys')) {
					if (!vocabulary.commandIds.has(entry.key)) fail(entry.keyNode, `keys.${entry.key}`, 'is not a command id (see the command ids in docs/keys.md)');
					const items = list(entry.value, `keys.${entry.key}`);
					keyNodes.set(entry.key, items);
					config.keys[entry.key] = items.map(item => {
						const problem = vocabulary.checkKey(item.value);
						if (problem) fail(item.node, `keys.${entry.key}`, problem);
						return item.value;
					});
				}
				break;
			}
			case 'logs': {
				for (const entry of mapping(value, 'logs')) {
					if (entry.key === 'bufferLines') config.logs.bufferLines = number(entry.value, 'logs.bufferLines', 100, 10_000_000, true);
					else if (entry.key === 'tail') config.logs.tail = number(entry.value, 'logs.tail', 0, 10_000_000, true);
					else if (entry.key === 'colors') config.logs.colors = flag(entry.value, 'logs.colors');
					else fail(entry.keyNode, `logs.${entry.key}`, 'is not a logs setting (bufferLines, tail, colors)');
				}
				break;
			}
			case 'refresh':
				config.refresh = number(value, 'refresh', 0.5, 3600, false);
				break;
			case 'requestTimeout':
				config.requestTimeout = number(value, 'requestTimeout', 0.5, 600, false);
				break;
			case 'exec': {
				for (const entry of mapping(value, 'exec')) {
					if (entry.key === 'shells') config.exec.shells = list(entry.value, 'exec.shells').map(item => item.value);
					else fail(entry.keyNode, `exec.${entry.key}`, 'is not an exec setting (shells)');
				}
				break;
			}
			case 'protectLabel': {
				const label = text_(value, 'protectLabel');
				if (!/^[^=\s]+(=[^\s]*)?$/.test(label)) fail(value, 'protectLabel', 'must look like key=value or key');
				config.protectLabel = label;
				break;
			}
			case 'startPane': {
				const pane = text_(value, 'startPane');
				const names = vocabulary.paneNames ?? new Map([...vocabulary.paneIds].map(id => [id, id]));
				const id = names.get(pane);
				if (id === undefined) fail(value, 'startPane', `"${pane}" is not a pane (${[...names.keys()].join(', ')})`);
				config.startPane = id!;
				break;
			}
			case 'columns': {
				for (const entry of mapping(value, 'columns')) {
					const known = vocabulary.columns.get(entry.key);
					if (!known) fail(entry.keyNode, `columns.${entry.key}`, `is not a pane with columns (${[...vocabulary.columns.keys()].join(', ')})`);
					config.columns[entry.key] = list(entry.value, `columns.${entry.key}`).map(item => {
						if (!known!.has(item.value)) fail(item.node, `columns.${entry.key}`, `has no column "${item.value}" (${[...known!].join(', ')})`);
						return item.value;
					});
				}
				break;
			}
			case 'mouse':
				config.mouse = flag(value, 'mouse');
				break;
			case 'commands': {
				if (!isSeq(value)) fail(value, 'commands', 'must be a list of commands (- name: …, key: …, panes: …, command: …)');
				(value as {items: Node[]}).items.forEach((item, index) => {
					const field = `commands[${index}]`;
					const fields = new Map(mapping(item, field).map(entry => [entry.key, entry]));
					const required = (name: string) => fields.get(name)?.value ?? fail(item, `${field}.${name}`, 'is missing');
					for (const entry of fields.values()) {
						if (!CUSTOM_FIELDS.includes(entry.key)) fail(entry.keyNode, `${field}.${entry.key}`, `is not a command setting (${CUSTOM_FIELDS.join(', ')})`);
					}
					const name = text_(required('name'), `${field}.name`);
					if (config.commands.some(other => other.name === name)) fail(required('name'), `${field}.name`, `"${name}" is the name of an earlier command`);
					const keyNode = required('key');
					const key = String(scalar(keyNode, `${field}.key`));
					const keyProblem = vocabulary.checkKey(key);
					if (keyProblem) fail(keyNode, `${field}.key`, keyProblem);
					const panes = list(required('panes'), `${field}.panes`).map(pane => {
						if (!(pane.value in PANE_PLACEHOLDERS) || !vocabulary.paneIds.has(pane.value)) {
							fail(pane.node, `${field}.panes`, `"${pane.value}" is not a pane with a selected object (${Object.keys(PANE_PLACEHOLDERS).filter(id => vocabulary.paneIds.has(id)).join(', ')})`);
						}
						return pane;
					});
					const commandNode = required('command');
					const command = text_(commandNode, `${field}.command`);
					const placeholders = (() => {
						try {
							return parseTemplate(command).placeholders;
						} catch (error) {
							if (!(error instanceof TemplateError)) throw error;
							return fail(commandNode, `${field}.command`, error.message);
						}
					})();
					for (const pane of panes) {
						const missing = [...placeholders].find(placeholder => !PANE_PLACEHOLDERS[pane.value]!.includes(placeholder));
						if (missing) fail(commandNode, `${field}.command`, `uses {${missing}}, which the ${pane.value} pane has no value for`);
					}
					const modeNode = fields.get('mode')?.value;
					const mode = modeNode ? text_(modeNode, `${field}.mode`) : 'background';
					if (mode !== 'attached' && mode !== 'background') fail(modeNode, `${field}.mode`, `"${mode}" is not a mode (attached, background)`);
					const dangerous = fields.has('dangerous') ? flag(fields.get('dangerous')!.value, `${field}.dangerous`) : false;
					const readOnlySafe = fields.has('readOnlySafe') ? flag(fields.get('readOnlySafe')!.value, `${field}.readOnlySafe`) : false;
					if (dangerous && readOnlySafe) fail(fields.get('readOnlySafe')!.value, `${field}.readOnlySafe`, 'cannot be true for a dangerous command: what destroys is never read-only');
					config.commands.push({name, key, panes: panes.map(pane => pane.value), command, mode: mode as CustomCommand['mode'], dangerous, readOnlySafe});
					customKeys.push({keyNode, panes});
				});
				break;
			}
			default:
				fail(keyNode, key, `is not a setting (${Object.keys(DEFAULT_CONFIG).filter(name => name !== 'colors').join(', ')})`);
		}
	}
	// After the whole file: `keys:` may come below `commands:` and move a built-in key onto a custom one.
	config.commands.forEach((command, index) => {
		const {keyNode, panes} = customKeys[index]!;
		for (const pane of panes) {
			const owner = vocabulary.paneKeyOwner?.(pane.value, command.key, config.keys)
				?? config.commands.slice(0, index).find(other => other.key === command.key && other.panes.includes(pane.value))?.name;
			if (owner) fail(keyNode, `commands[${index}].key`, `"${command.key}" already does ${owner} in the ${pane.value} pane: choose another key`);
		}
	});
	// A key given to two commands in one place: point at where the file gives it (issue 20), the later command's entry first.
	const clash = vocabulary.keyClash?.(config.keys, config.commands);
	if (clash) {
		const at = [clash.second, clash.first].flatMap(id => keyNodes.get(id)?.filter(item => item.value === clash.key) ?? [])[0]?.node;
		throw new ConfigError(`${where(at ?? keysNode)}: ${clash.message}`);
	}
	return config;
}

const CUSTOM_FIELDS = ['name', 'key', 'panes', 'command', 'mode', 'dangerous', 'readOnlySafe'];

function themeName(value: string, node: Node | null | undefined, fail: (node: Node | null | undefined, field: string, message: string) => never): ThemeName {
	if (value !== 'dark' && value !== 'light' && value !== 'monochrome') fail(node, 'theme', `"${value}" is not a theme (dark, light, monochrome)`);
	return value;
}

/** The effective configuration as YAML, for --print-config. */
export function formatConfig(config: Config): string {
	const {colors, theme, ...rest} = config;
	return stringify({theme: Object.keys(colors).length > 0 ? {base: theme, colors} : theme, ...rest});
}

/**
 * Custom commands from the config file (issue 9), as k9s plugins and
 * lazydocker custom commands: a key in some panes runs a command template
 * with the selected object's ID, name, image and the engine's address.
 */
import type {Command, CustomCommandId, Scope} from '../keymap/keymap.js';
import type {Placeholder} from './command-template.js';

export type CustomCommandMode = 'attached' | 'background';

export interface CustomCommand {
	/** Shown in help, the hint bar and the palette; unique. */
	name: string;
	key: string;
	/** Pane ids (see PANE_PLACEHOLDERS). */
	panes: string[];
	/** The template, as written (see command-template.ts). */
	command: string;
	/** attached: takes the terminal like `e` does; background: output captured and shown in a view. */
	mode: CustomCommandMode;
	/** Asks first (and, like every command that may change something, is absent under --read-only). */
	dangerous: boolean;
	/** Only reads: stays bound under --read-only. A custom command is taken as changing things unless it says so. */
	readOnlySafe: boolean;
}

/**
 * The panes with a selected object, and the placeholders that object fills.
 * A pane id here is also the keymap scope its custom commands live in.
 */
export const PANE_PLACEHOLDERS: Readonly<Record<string, readonly Placeholder[]>> = {
	containers: ['id', 'name', 'image', 'engine'],
	logs: ['id', 'name', 'image', 'engine'],
	images: ['id', 'name', 'image', 'engine'],
	layers: ['id', 'name', 'image', 'engine'],
	volumes: ['id', 'name', 'engine'],
	networks: ['id', 'name', 'engine'],
};

/** The object a custom command acts on, captured when its key is pressed. */
export interface TargetObject {
	/** What kind of object, for messages: "container", "image". */
	kind: string;
	id: string;
	name: string;
	image?: string;
	/** With several engines, the engine it is on (issue 14): a pane gives its name, the published target its address, which `{engine}` is then instead of the app's own. */
	engine?: string;
	/** With several engines, the name of the engine it is on: a command is refused while that engine is down (issue 14). */
	engineName?: string;
}

/** The keymap id of a custom command; one id for all its panes. */
export const customCommandId = (command: Pick<CustomCommand, 'name'>): CustomCommandId => `custom.${command.name}`;

/** Keymap entries for the custom commands: one per pane, in that pane's scope. */
export function customKeymapCommands(commands: readonly CustomCommand[]): Command[] {
	return commands.flatMap(command =>
		command.panes.map(pane => ({
			id: customCommandId(command),
			scope: pane as Scope,
			keys: [command.key],
			description: `${command.name} (custom${command.mode === 'attached' ? ', takes the terminal' : ''})`,
			isMutating: !command.readOnlySafe,
			isDangerous: command.dangerous,
			isHint: true,
			// The hint bar shows the whole name, not its first word (`W long` for "long output", issue 20).
			hint: command.name,
		})),
	);
}

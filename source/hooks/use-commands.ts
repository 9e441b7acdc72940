/** Binds commands of the keymap to handlers in one key layer (see key-router.tsx). */
import {useContext, useRef} from 'react';
import {type Command, type CommandId, commandWord, displayKey, type Scope} from '../keymap/keymap.js';
import {useKeymap} from './use-keymap.js';
import {type KeyPress, LAYER, RouterContext, TYPING_GAP_MS, useKeyLayer} from './key-router.js';

/** Handlers by command id; each gets the key name that triggered it. */
export type CommandHandlers = Partial<Record<CommandId, (key: string) => void>>;

export interface CommandOptions {
	isActive: boolean | (() => boolean);
	isReadOnly?: boolean;
	priority?: number;
	/**
	 * What a command does in this pane, where it differs from the keymap's words (Enter opens a project in
	 * Compose, it shows no details there): the hint bar and help say this, so they tell what the key will do (issue 20).
	 */
	describe?: Partial<Record<CommandId, {description: string; hint?: string}>>;
}

/**
 * Keys that change the engine or write a file act only when pressed on their own. The shell's
 * key too: a root shell in a production container is no place for the rest of a typed word
 * (`yes` would type `s` into it), so keys that follow `e` in a burst cancel it (issue 19).
 */
function actsOnlyOnItsOwn(command: Command): boolean {
	return Boolean(command.isMutating) || Boolean(command.writesFile);
}

/**
 * Why a key that changes the engine must not act now, or undefined when it may (issue 19):
 * it came in one chunk with other keys, or right after another key. Keys the palette
 * presses for the user are deliberate.
 */
export function typingRefusal(command: Command, name: string, press: KeyPress): string | undefined {
	if (!actsOnlyOnItsOwn(command) || press.isSynthetic) return undefined;
	const key = displayKey(name);
	if (press.isPasted) return `\`${key}\` came in one piece with other keys (a paste?): ${commandWord(command)} not run — press ${key} on its own`;
	if (press.sincePreviousMs < TYPING_GAP_MS) return `\`${key}\` came right after another key (typing?): ${commandWord(command)} not run — press ${key} on its own`;
	return undefined;
}

export function useCommands(scopes: readonly Scope[], handlers: CommandHandlers, options: CommandOptions): void {
	const router = useContext(RouterContext);
	const keymap = useKeymap();
	// Read when a deferred key acts: the pane as it is then, not as it was rendered.
	const activeRef = useRef(options.isActive);
	activeRef.current = options.isActive;
	const isActiveNow = () => (typeof activeRef.current === 'function' ? activeRef.current() : activeRef.current);
	// What this layer offers: the commands of its scopes it has a handler for (the hint bar and help show these).
	const offered = scopes
		.flatMap(scope => keymap.commandsIn(scope, {isReadOnly: options.isReadOnly}))
		.filter(command => handlers[command.id] !== undefined)
		.map(command => (options.describe?.[command.id] ? {...command, ...options.describe[command.id]} : command));
	useKeyLayer(
		options.priority ?? LAYER.pane,
		(name, _input, _key, _isPasted, press) => {
			// The first of the layer's scopes whose command for this key has a handler here: a list command this
			// layer leaves unhandled (Esc clears a filter) does not hide the layer's own (Esc goes back from Files).
			const command = scopes.map(scope => keymap.commandFor(name, [scope], {isReadOnly: options.isReadOnly})).find(candidate => candidate && handlers[candidate.id]);
			const handler = command ? handlers[command.id] : undefined;
			if (!command || !handler) return false;
			if (!actsOnlyOnItsOwn(command) || press?.isSynthetic || !router) {
				handler(name);
				return true;
			}
			// A key that changes the engine: only when pressed on its own, never as part of a word.
			const refusal = typingRefusal(command, name, press);
			if (refusal) {
				router.refuse(refusal);
				return true;
			}
			router.defer(
				() => {
					if (isActiveNow()) handler(name);
				},
				() => router.refuse(`\`${displayKey(name)}\` was followed by more keys (typing?): ${commandWord(command)} not run — press ${displayKey(name)} on its own`),
			);
			return true;
		},
		options.isActive,
		offered,
	);
}

/** Binds commands of the keymap to handlers in one key layer (see key-router.tsx). */
import {commandFor, type Scope} from '../keymap/keymap.js';
import {LAYER, useKeyLayer} from './key-router.js';

/** Handlers by command id; each gets the key name that triggered it. */
export type CommandHandlers = Partial<Record<string, (key: string) => void>>;

export interface CommandOptions {
	isActive: boolean | (() => boolean);
	isReadOnly?: boolean;
	priority?: number;
}

export function useCommands(scopes: readonly Scope[], handlers: CommandHandlers, options: CommandOptions): void {
	useKeyLayer(
		options.priority ?? LAYER.pane,
		name => {
			const command = commandFor(name, scopes, {isReadOnly: options.isReadOnly});
			const handler = command ? handlers[command.id] : undefined;
			if (!handler) return false;
			handler(name);
			return true;
		},
		options.isActive,
	);
}

/** Keys Ink already read when a terminal was handed over belong to the program that got it, never to the dashboard. */
import type {TerminalHandover} from '../ui/terminal-handover.js';
import {keyBytes} from '../model/key-bytes.js';
import {LAYER, useKeyLayer} from './key-router.js';

/** A key layer above every other that passes keys to the handover while it holds the terminal. */
export function useTypeAheadLayer(handover: {current: TerminalHandover | undefined}): void {
	useKeyLayer(
		LAYER.dialog + 1,
		(name, input) => {
			const bytes = keyBytes(name, input);
			if (bytes) handover.current?.typeAhead(bytes);
			return true;
		},
		() => handover.current?.isHolding() ?? false,
	);
}

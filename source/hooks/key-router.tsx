/**
 * One listener on stdin, and layers of key handlers above it: the top layer
 * (highest priority, newest first) gets a key first and the first handler that
 * returns true stops it. Whether a layer is active can be read from a ref, so a
 * key that opens a text field or a dialog changes where the very next key goes,
 * even when both arrive in one chunk before React renders again.
 */
import {type Key, useInput} from 'ink';
import React, {createContext, useContext, useLayoutEffect, useRef} from 'react';
import {keyName} from '../keymap/keymap.js';
import {type MouseEvent, parseMouseReport} from '../model/mouse.js';

/**
 * A key handler: returns true when it used the key. `isPasted` is true for a
 * key that arrived in one chunk with others (a paste, fast typing over a slow
 * link, or a terminal's answer to a query): dialogs refuse such keys as
 * confirmation.
 */
export type KeyHandler = (name: string, input: string, key: Key, isPasted: boolean) => boolean;

/** Layer priorities: a higher one hears keys first. */
export const LAYER = {app: 0, pane: 10, field: 20, overlay: 50, dialog: 100} as const;

/** A mouse handler: returns true when it used the event. */
export type MouseHandler = (event: MouseEvent) => boolean;

interface MouseLayer {
	priority: number;
	order: number;
	handler: {current: MouseHandler};
	isActive: {current: boolean | (() => boolean)};
}

interface Layer {
	priority: number;
	order: number;
	handler: {current: KeyHandler};
	isActive: {current: boolean | (() => boolean)};
}

/**
 * Ink 6 hands over a chunk such as "web\r" or "\x15abc" raw, without key flags;
 * a control character in it is a key of its own (Enter, Tab, Backspace, Ctrl-U),
 * not text. Without this, Enter typed right after text over a slow link is lost.
 */
export function chunkControlKey(char: string): string | undefined {
	if (char === '\r' || char === '\n') return 'enter';
	if (char === '\t') return 'tab';
	if (char === '\u007F' || char === '\b') return 'backspace';
	const code = char.charCodeAt(0);
	if (code >= 1 && code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
	return undefined;
}

export class KeyRouter {
	private layers: Layer[] = [];
	// Ink splits one read of stdin into several inputs (an escape sequence, then the text after it) and hands
	// them over in the same turn of the event loop. Only the first of a turn can be a key pressed on its own:
	// the rest arrived with it, like a terminal's answer to a query followed by a "y" (issue 6).
	private isInTurn = false;
	private mouseLayers: MouseLayer[] = [];
	private order = 0;

	addMouse(layer: Omit<MouseLayer, 'order'>): () => void {
		const entry = {...layer, order: this.order++};
		this.mouseLayers.push(entry);
		this.mouseLayers.sort((a, b) => b.priority - a.priority || b.order - a.order);
		return () => {
			this.mouseLayers = this.mouseLayers.filter(other => other !== entry);
		};
	}

	add(layer: Omit<Layer, 'order'>): () => void {
		const entry = {...layer, order: this.order++};
		this.layers.push(entry);
		this.layers.sort((a, b) => b.priority - a.priority || b.order - a.order);
		return () => {
			this.layers = this.layers.filter(other => other !== entry);
		};
	}

	dispatch(input: string, key: Key): void {
		const isFollower = this.isInTurn;
		if (!this.isInTurn) {
			this.isInTurn = true;
			setImmediate(() => {
				this.isInTurn = false;
			});
		}
		// A mouse report is never typing: it goes to the mouse layers whole, or nowhere.
		const mouse = parseMouseReport(input);
		if (mouse) {
			for (const layer of this.mouseLayers) {
				const active = layer.isActive.current;
				if ((typeof active === 'function' ? active() : active) && layer.handler.current(mouse)) return;
			}
			return;
		}
		// Ink hands over a chunk of plain characters as one input. Split it, so
		// "/web" typed quickly over SSH opens the filter and types "web" into it.
		const chars = [...input];
		if (chars.length > 1 && !key.ctrl && !key.meta && !key.escape) {
			for (const char of chars) {
				const control = chunkControlKey(char);
				this.dispatchOne(control ?? keyName(char, {}), control ? '' : char, key, true);
			}
			return;
		}
		this.dispatchOne(keyName(input, key), input, key, isFollower);
	}

	/** Acts as if a key was pressed: the command palette runs a command by its key this way. */
	press(name: string): void {
		this.dispatchOne(name, name.length === 1 ? name : '', {} as Key, false);
	}

	private dispatchOne(name: string, input: string, key: Key, isPasted: boolean): void {
		for (const layer of this.layers) {
			const active = layer.isActive.current;
			if (!(typeof active === 'function' ? active() : active)) continue;
			if (layer.handler.current(name, input, key, isPasted)) return;
		}
	}
}

const RouterContext = createContext<KeyRouter | undefined>(undefined);

/** Owns the single useInput of the app and hands keys to the layers. */
export function KeyRouterProvider({children, router}: {children: React.ReactNode; router?: KeyRouter}) {
	const routerRef = useRef(router ?? new KeyRouter());
	useInput((input, key) => routerRef.current.dispatch(input, key));
	return <RouterContext.Provider value={routerRef.current}>{children}</RouterContext.Provider>;
}

/** The app's key router, to press keys on the user's behalf (the command palette). */
export function useKeyRouter(): KeyRouter {
	const router = useContext(RouterContext);
	if (!router) throw new Error('useKeyRouter outside <KeyRouterProvider>');
	return router;
}

/** Registers a mouse handler for the life of the component; the top layer hears the event first. */
export function useMouse(priority: number, handler: MouseHandler, isActive: boolean | (() => boolean) = true): void {
	const router = useKeyRouter();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const activeRef = useRef(isActive);
	activeRef.current = isActive;
	useLayoutEffect(() => router.addMouse({priority, handler: handlerRef, isActive: activeRef}), [router, priority]);
}

/** Registers a key layer for the life of the component. */
export function useKeyLayer(priority: number, handler: KeyHandler, isActive: boolean | (() => boolean) = true): void {
	const router = useContext(RouterContext);
	if (!router) throw new Error('useKeyLayer outside <KeyRouterProvider>');
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const activeRef = useRef(isActive);
	activeRef.current = isActive;
	// A layout effect: the layer exists before Ink has drawn the frame that shows
	// it, so a key typed right after a dialog or the palette appears reaches it.
	useLayoutEffect(() => router.add({priority, handler: handlerRef, isActive: activeRef}), [router, priority]);
}

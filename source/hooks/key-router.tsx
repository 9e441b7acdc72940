/**
 * One listener on stdin, and layers of key handlers above it: the top layer
 * (highest priority, newest first) gets a key first and the first handler that
 * returns true stops it. Whether a layer is active can be read from a ref, so a
 * key that opens a text field or a dialog changes where the very next key goes,
 * even when both arrive in one chunk before React renders again.
 */
import {type Key, useInput} from 'ink';
import React, {createContext, useContext, useLayoutEffect, useRef, useSyncExternalStore} from 'react';
import {type Command, DEFAULT_KEYMAP, type Keymap, keyName} from '../keymap/keymap.js';
import {useKeymap} from './use-keymap.js';
import {type MouseEvent, parseMouseReport} from '../model/mouse.js';
import {isTerminalAnswer} from '../model/terminal-modes.js';

/**
 * A key handler: returns true when it used the key. `isPasted` is true for a
 * key that arrived in one chunk with others (a paste, fast typing over a slow
 * link, or a terminal's answer to a query): dialogs refuse such keys as
 * confirmation.
 */
export type KeyHandler = (name: string, input: string, key: Key, isPasted: boolean, press: KeyPress) => boolean;

/** How a key arrived, for handlers that must tell a deliberate key from typing (issue 19). */
export interface KeyPress {
	/** Arrived in one chunk with other keys (see KeyHandler). */
	isPasted: boolean;
	/** Milliseconds since the key before it (Infinity for the first key). */
	sincePreviousMs: number;
	/** Pressed by dockdash on the user's behalf (the command palette), not typed. */
	isSynthetic: boolean;
	/**
	 * A key before it in the same read was refused (see KeyRouter.refuse): a key that does nothing keeps quiet, so the
	 * line saying why nothing happened stays on screen (`x y` in one write: the refusal of `x` is what the user needs).
	 */
	isAfterRefusal: boolean;
}

/** Layer priorities: a higher one hears keys first. `fallback` hears what no other layer used. */
export const LAYER = {fallback: -100, app: 0, pane: 10, field: 20, overlay: 50, dialog: 100} as const;

/**
 * A key that changes the engine acts only when it was pressed on its own: no other key
 * this soon before it, and none this soon after it (issue 19). People type 80–150 ms a
 * key, so `up` typed into the containers pane is a word, not start then pause.
 */
export const TYPING_GAP_MS = 250;

/**
 * How long keys wait for the key layers of a pane a key switched to (see KeyRouter.awaitLayers). React commits a new
 * pane within a few milliseconds, or a few hundred on a loaded machine; past this the keys are handled as they would
 * have been without waiting, so a pane that never reports cannot hold the keyboard.
 */
export const SWITCH_HOLD_MS = 1000;

export interface KeyRouterOptions {
	/** The clock the gaps between keys are measured with; tests pass one they control. */
	now?: () => number;
	/** Runs `fn` after `ms` unless the returned function is called first; tests pass one they control. */
	schedule?: (fn: () => void, ms: number) => () => void;
	/** Runs `fn` in a later turn of the event loop, once React has committed what the key before it changed. */
	nextTurn?: (fn: () => void) => void;
	/**
	 * Told, with how many keys have arrived so far, once each of `settleAfterMs` has passed since the last of them
	 * with no other key (after TYPING_GAP_MS a key that changes the engine is a key on its own). The end-to-end
	 * tests' sign to press one (issue 15), instead of sleeping out the gap.
	 */
	onKeysSettled?: (keys: number, quietMs: number) => void;
	/** When onKeysSettled is told, in ms after the last key: default TYPING_GAP_MS alone. */
	settleAfterMs?: readonly number[];
}

/** A key of a chunk waiting for its turn (see KeyRouter.dispatch). */
interface QueuedKey {
	name: string;
	input: string;
	key: Key;
	isPasted: boolean;
	arrivedAt: number;
	/** The read of stdin it came in (inputs Ink hands over in one turn are one read). */
	read: number;
}

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
	/** The commands the layer handles, for the hint bar and help: what a pane registers is what it offers. */
	commands?: {current: readonly Command[]};
	/** Takes every key while active (a text field, the palette, the run form): the layers below bind nothing then. */
	isExclusive?: boolean;
	/**
	 * Takes every key while active and switches nothing (the too-small screen): the keys of a chunk are judged by it as
	 * they are read, all in that turn, not one a turn (they would reach the pane if the terminal grew meanwhile).
	 */
	isBlocking?: boolean;
}

/** A command some active layer binds now, with the keys that reach it (a higher layer's key shadows a lower one's). */
export interface BoundCommand {
	command: Command;
	keys: readonly string[];
}

interface Deferred {
	cancel: () => void;
	onInterrupted: () => void;
}

const isOn = (active: {current: boolean | (() => boolean)}) => {
	const value = active.current;
	return typeof value === 'function' ? value() : value;
};

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
	private lastKeyAt = -Infinity;
	private deferred: Deferred | undefined;
	/** The router's clock (injected in tests): for timings that go with its keys, such as the tab chord. */
	readonly now: () => number;
	private readonly schedule: (fn: () => void, ms: number) => () => void;
	private readonly nextTurn: (fn: () => void) => void;
	private readonly onKeysSettled: ((keys: number, quietMs: number) => void) | undefined;
	private readonly settleAfterMs: readonly number[];
	private keysArrived = 0;
	private cancelSettled: Array<() => void> = [];
	/**
	 * Keys of a chunk after its first, handed over one a turn: "1/web" typed fast over SSH arrives in one read, and
	 * "/web" dispatched in the same turn as "1" reached the pane being left (React commits the new pane, and its
	 * key layers, only once the handler returns): the filter was lost. A later chunk waits behind them, in order.
	 */
	private queue: QueuedKey[] = [];
	/** A drain of the queue is due in a later turn: input read meanwhile goes behind the keys waiting. */
	private isDrainDue = false;
	/**
	 * A key switched panes (or opened the palette or help), and the layers of what it switched to are not registered
	 * yet: React registers them when it commits, which on a loaded machine is several turns later, so keys handed over
	 * a turn later still reached the pane being left ("1/web" in one read from Images: Images' filter took "/we",
	 * Containers said "`b` does nothing here"). Keys wait, in order, until layersReady() or SWITCH_HOLD_MS.
	 */
	private hold: {cancel: () => void} | undefined;
	/** Reads of stdin so far; the read being handled, and the last read in which a key was refused (see refuse). */
	private reads = 0;
	private currentRead = 0;
	private refusedRead = -1;
	private listeners = new Set<() => void>();
	private version = 0;
	/** Where the router says why it did not run a key (the status line). */
	notify: (text: string) => void = () => undefined;
	/**
	 * Says why a key was not run (the typing rule of issue 19): keys after it in the same read that do nothing keep quiet
	 * (KeyPress.isAfterRefusal), so this line is what stays on screen.
	 */
	refuse(text: string): void {
		this.noteRefusal();
		this.notify(text);
	}

	/** A key was refused and its handler says why where it shows it (the palette): later keys of the read know (see refuse). */
	noteRefusal(): void {
		this.refusedRead = this.currentRead;
	}

	/**
	 * Called by a key's handler that switches what takes the keys next (another pane, the palette, help): keys read or
	 * queued after it wait until layersReady() says the layers of what it switched to are registered (at most
	 * SWITCH_HOLD_MS, then they go on as before). Call it only when the switch changes something: a switch to the pane
	 * already shown commits nothing and would hold the keys for the whole bound.
	 */
	awaitLayers(): void {
		this.hold?.cancel();
		const hold = {cancel: () => undefined as void};
		this.hold = hold;
		const cancel = this.schedule(() => {
			if (this.hold === hold) this.release();
		}, SWITCH_HOLD_MS);
		// A schedule that ran at once (a test's) has released already.
		if (this.hold === hold) hold.cancel = cancel;
	}

	/** React committed the switch awaitLayers waited for: the keys waiting go on, to the layers registered now. */
	layersReady(): void {
		if (this.hold) this.release();
	}

	/** Whether keys wait for a switch to commit (see awaitLayers). */
	isAwaitingLayers(): boolean {
		return this.hold !== undefined;
	}

	private release(): void {
		const hold = this.hold;
		this.hold = undefined;
		hold?.cancel();
		// Not in this call: layersReady() runs in React's commit, and the keys must go in a turn of their own.
		if (this.queue.length > 0) this.drainLater();
	}
	/** The app's keymap (KeyRouterProvider sets it from the context): the keys each bound command answers to. */
	keymap: Keymap = DEFAULT_KEYMAP;

	constructor(options: KeyRouterOptions = {}) {
		this.now = options.now ?? (() => performance.now());
		this.schedule =
			options.schedule ??
			((fn, ms) => {
				const timer = setTimeout(fn, ms);
				return () => clearTimeout(timer);
			});
		this.nextTurn = options.nextTurn ?? (fn => setImmediate(fn));
		this.onKeysSettled = options.onKeysSettled;
		this.settleAfterMs = options.settleAfterMs ?? [TYPING_GAP_MS];
	}

	/** For useSyncExternalStore: called when the bound commands may have changed. */
	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getVersion = (): number => this.version;

	/** A layer's commands or its being active changed: the hint bar and help read them again. */
	changed(): void {
		this.version++;
		for (const listener of this.listeners) listener();
	}

	/** The commands the active layers bind now, top layer first, each with the keys no higher layer took. */
	bound(): BoundCommand[] {
		const taken = new Set<string>();
		const out: BoundCommand[] = [];
		for (const layer of this.layers) {
			if (!isOn(layer.isActive)) continue;
			if (layer.commands) {
				const fresh: Array<[Command, string[]]> = [];
				for (const command of layer.commands.current) {
					const keys = this.keymap.keysOf(command).filter(key => !taken.has(key));
					if (keys.length > 0) fresh.push([command, keys]);
				}
				for (const [command, keys] of fresh) {
					for (const key of keys) taken.add(key);
					out.push({command, keys});
				}
			}
			// A layer that holds the keyboard (a text field): `q`, `?`, Tab and `:` are typed into it, so the
			// layers below it bind nothing while it is open, and it alone says what keys do (issue 20).
			if (layer.isExclusive) break;
		}
		return out;
	}

	/** Whether an active layer holds the keyboard (a text field, the palette, the run form): see bound(). */
	isHeld(): boolean {
		return this.layers.some(layer => layer.isExclusive && isOn(layer.isActive));
	}

	/**
	 * Runs `action` once no other key followed within TYPING_GAP_MS; a key (or a click) in
	 * that time cancels it and `onInterrupted` says so. One action waits at a time.
	 */
	defer(action: () => void, onInterrupted: () => void): void {
		this.interruptDeferred();
		const entry: Deferred = {onInterrupted, cancel: () => undefined};
		this.deferred = entry;
		entry.cancel = this.schedule(() => {
			if (this.deferred !== entry) return;
			this.deferred = undefined;
			action();
		}, TYPING_GAP_MS);
	}

	private interruptDeferred(): void {
		const pending = this.deferred;
		if (!pending) return;
		this.deferred = undefined;
		pending.cancel();
		pending.onInterrupted();
	}

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
			if (mouse.kind === 'press') this.interruptDeferred();
			for (const layer of this.mouseLayers) {
				if (isOn(layer.isActive) && layer.handler.current(mouse)) return;
			}
			return;
		}
		// A terminal's answer to a query a shell in a container made (its cursor position, busybox ash
		// asks at every prompt) can arrive after the shell has ended: split into keys, "[5;5R" switched
		// to pane 5 and measured Cleanup again. It is never typing.
		if (isTerminalAnswer(input)) return;
		// Ink hands over a chunk of plain characters as one input. Split it, so
		// "/web" typed quickly over SSH opens the filter and types "web" into it.
		const chars = [...input];
		const arrivedAt = this.now();
		if (!isFollower) this.reads++;
		const read = this.reads;
		// Keys already waiting go first (a drain is due in a later turn, or a switch has not committed yet): this input follows them.
		const isIdle = this.queue.length === 0 && !this.isDrainDue && !this.hold;
		if (chars.length > 1 && !key.ctrl && !key.meta && !key.escape) {
			for (const char of chars) {
				const control = chunkControlKey(char);
				this.queue.push({name: control ?? keyName(char, {}), input: control ? '' : char, key, isPasted: true, arrivedAt, read});
			}
		} else {
			this.queue.push({name: keyName(input, key), input, key, isPasted: isFollower, arrivedAt, read});
		}
		if (isIdle) this.drain();
	}

	private drainLater(): void {
		if (this.isDrainDue) return;
		this.isDrainDue = true;
		this.nextTurn(() => {
			this.isDrainDue = false;
			this.drain();
		});
	}

	/** Dispatches the first waiting key now and the rest one a turn (see `queue`), or once a switch has committed (see `hold`). */
	private drain(): void {
		for (;;) {
			if (this.hold) return;
			const next = this.queue.shift();
			if (!next) return;
			const heardBy = this.dispatchOne(next.name, next.input, next.key, next.isPasted, false, next.arrivedAt, next.read);
			// The key switched panes: the rest waits for the new pane's layers (release drains it).
			if (this.hold || this.queue.length === 0) return;
			// Text typed into a field (a filter, the palette, a form) goes on in the same turn: a paste into it is one
			// render, not one a character. So does a key the too-small screen swallowed: judged as it was read. After any
			// other key, what it changed must be committed first.
			const isTextIntoField = heardBy?.isExclusive === true && next.input.length > 0 && (next.name === next.input || next.name === 'space');
			if (!isTextIntoField && heardBy?.isBlocking !== true) {
				this.drainLater();
				return;
			}
		}
	}

	/** Tells onKeysSettled nothing more (the app this router served is gone: its successor speaks for the keys). */
	stopSettling(): void {
		for (const cancel of this.cancelSettled) cancel();
		this.cancelSettled = [];
	}

	/** Tells onKeysSettled once the typing gap after the last key has passed, unless another key comes first. */
	private settleLater(): void {
		const onKeysSettled = this.onKeysSettled;
		if (!onKeysSettled) return;
		this.keysArrived++;
		const keys = this.keysArrived;
		for (const cancel of this.cancelSettled) cancel();
		this.cancelSettled = this.settleAfterMs.map(quietMs => this.schedule(() => onKeysSettled(keys, quietMs), Math.max(0, this.lastKeyAt + quietMs - this.now())));
	}

	/** Acts as if a key was pressed: the command palette runs a command by its key this way. */
	press(name: string): void {
		this.dispatchOne(name, name.length === 1 ? name : '', {} as Key, false, true);
	}

	/** Hands the key to the top active layer that takes it; returns that layer. */
	private dispatchOne(name: string, input: string, key: Key, isPasted: boolean, isSynthetic = false, arrivedAt?: number, read = this.reads): Layer | undefined {
		let sincePreviousMs = Infinity;
		this.currentRead = read;
		if (!isSynthetic) {
			// Any key ends the wait of a key that changes the engine: it was the start of a word.
			this.interruptDeferred();
			// The gap is between arrivals: a key that waited its turn was not typed later for it.
			const now = arrivedAt ?? this.now();
			sincePreviousMs = now - this.lastKeyAt;
			this.lastKeyAt = now;
			this.settleLater();
		}
		const press: KeyPress = {isPasted, sincePreviousMs, isSynthetic, isAfterRefusal: !isSynthetic && this.refusedRead === read};
		for (const layer of this.layers) {
			if (!isOn(layer.isActive)) continue;
			if (layer.handler.current(name, input, key, isPasted, press)) return layer;
		}
		return undefined;
	}
}

export const RouterContext = createContext<KeyRouter | undefined>(undefined);

/** Owns the single useInput of the app and hands keys to the layers. */
export function KeyRouterProvider({children, router}: {children: React.ReactNode; router?: KeyRouter}) {
	const routerRef = useRef(router ?? new KeyRouter());
	routerRef.current.keymap = useKeymap();
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

/**
 * Registers a key layer for the life of the component. `commands` are the commands it
 * handles: the hint bar and help list exactly these for the focused pane.
 */
export function useKeyLayer(priority: number, handler: KeyHandler, isActive: boolean | (() => boolean) = true, commands?: readonly Command[], options: {isExclusive?: boolean; isBlocking?: boolean} = {}): void {
	const router = useContext(RouterContext);
	if (!router) throw new Error('useKeyLayer outside <KeyRouterProvider>');
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const activeRef = useRef(isActive);
	activeRef.current = isActive;
	const commandsRef = useRef<readonly Command[]>(commands ?? []);
	commandsRef.current = commands ?? [];
	const hasCommands = commands !== undefined;
	const isExclusive = Boolean(options.isExclusive);
	const isBlocking = Boolean(options.isBlocking);
	// A layout effect: the layer exists before Ink has drawn the frame that shows
	// it, so a key typed right after a dialog or the palette appears reaches it.
	useLayoutEffect(() => {
		const remove = router.add({priority, handler: handlerRef, isActive: activeRef, commands: hasCommands ? commandsRef : undefined, isExclusive, isBlocking});
		if (hasCommands) router.changed();
		return () => {
			remove();
			if (hasCommands) router.changed();
		};
	}, [router, priority, hasCommands, isExclusive, isBlocking]);
	// What the layer offers changed (another mode of the pane, a dialog over it): the hints follow.
	const offered = hasCommands && (typeof isActive === 'function' ? isActive() : isActive) ? commandsRef.current.map(command => `${command.scope}:${command.id}:${router.keymap.keysOf(command).join(',')}`).join(' ') : '';
	useLayoutEffect(() => {
		if (hasCommands) router.changed();
	}, [router, offered, hasCommands]);
}

/** The commands the active layers bind now (see KeyRouter.bound); re-read when a layer changes. */
export function useBoundCommands(): BoundCommand[] {
	const router = useKeyRouter();
	useSyncExternalStore(router.subscribe, router.getVersion);
	return router.bound();
}

/**
 * For a component whose state decides which key layers listen in its place (a list that opens a container's details
 * over itself): `switching(change)` makes the keys read after the key that calls it wait until the change has
 * committed (KeyRouter.awaitLayers). `shown` names what is shown; call `switching` only for a change of it. "⏎j" in one
 * read opened the details and moved the list's cursor behind them: Esc then came back to another container.
 */
export function useLayerSwitch(shown: string): (change: () => void) => void {
	const router = useKeyRouter();
	// After the layout effects of what it shows (children first): their layers are registered.
	useLayoutEffect(() => router.layersReady(), [router, shown]);
	return change => {
		router.awaitLayers();
		change();
	};
}

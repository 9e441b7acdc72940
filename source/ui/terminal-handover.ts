/**
 * Lends the real terminal to a program in a container and takes it back.
 *
 * Ink stays mounted (the panes keep their selection, marks and streams) but
 * may not touch the terminal meanwhile: its writes are dropped and its stdin
 * listeners are set aside, so every key, Ctrl-C included, goes to the
 * container. Taking the terminal back undoes the modes the child may have left
 * on, re-enters dockdash's alternate screen and lets Ink redraw its whole frame.
 */
import {ENTER_CHILD, LEAVE_CHILD} from '../model/terminal-modes.js';

type Listener = (...args: unknown[]) => void;

export interface TerminalHandover {
	/** Takes the screen too: Ink's writes are dropped from now on, and the banner is written. */
	show: (banner: string) => void;
	/** Writes the child's bytes to the terminal, untouched. */
	write: (chunk: Buffer | string) => void;
	/** Keys from the user (and the terminal's answers) from `show()` on. */
	onInput: (listener: (data: Buffer | string) => void) => void;
	/**
	 * Delivers the keys typed before `show()` to the input listeners. Call it
	 * once the shell is ready to read a line: a shell that asks the terminal
	 * something at start (busybox ash asks for the cursor position) would take
	 * keys that arrive before the answer for part of it.
	 */
	releaseTypedAhead: () => void;
	/** Keys Ink had already read when the handover began (the rest of the chunk that held the key press). */
	typeAhead: (data: string) => void;
	/** True until `restore()`. */
	isHolding: () => boolean;
	/** The terminal's new size after a resize. */
	onResize: (listener: (columns: number, rows: number) => void) => void;
	/** Resolves on Ctrl-C typed before `show()`: the user gave up waiting for the shell. */
	readonly interrupted: Promise<void>;
	/** Resolves when the terminal is gone (stdin ended or failed: the SSH session dropped). */
	readonly hungUp: Promise<void>;
	/** Gives the terminal back to Ink; after `show()` also resets the modes, re-enters the alternate screen and redraws. Idempotent. */
	restore: () => void;
	/**
	 * For a local program that inherits the terminal (custom commands): stops
	 * reading the keyboard and gives the terminal back its line mode, so every
	 * key reaches the program itself. Call after `show()`; `restore()` undoes it.
	 */
	lend: () => void;
}

export interface HandoverOptions {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	/** Makes Ink write its whole last frame again (Ink's own stdout write does that). */
	redraw: () => void;
}

const CTRL_C = '\u0003';

/**
 * Stands in for stdout.write while the shell has the screen: drops the bytes
 * but still calls the callback, as Ink waits for one before it finishes
 * unmounting (a SIGTERM during a shell must still end dockdash).
 */
function dropWrite(_chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
	const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
	if (typeof done === 'function') process.nextTick(done);
	return true;
}

/**
 * Takes the keyboard from Ink at once, so keys typed ahead while the shell is
 * being found go to the shell instead of triggering dashboard commands; the
 * screen is taken by `show()` once the shell is there. Call `restore()` when
 * the child is done or could not start, whatever the reason.
 */
export function handOverTerminal({stdin, stdout, redraw}: HandoverOptions): TerminalHandover {
	// Ink may have set its own write on the stream: put back exactly what was there.
	const ownWrite = Object.getOwnPropertyDescriptor(stdout, 'write');
	const boundWrite = stdout.write.bind(stdout);
	const realWrite = (chunk: Buffer | string): boolean => boundWrite(chunk);
	let isTerminalGone = false;
	let isShown = false;
	let isRestored = false;
	let isLent = false;
	// After a hang-up the tty answers EIO; that must not crash dockdash before it ends the shell.
	const safeWrite = (chunk: Buffer | string) => {
		if (isTerminalGone) return;
		try {
			realWrite(chunk);
		} catch {
			isTerminalGone = true;
		}
	};
	const ignoreError = () => {
		isTerminalGone = true;
	};
	stdout.on('error', ignoreError);

	let signalInterrupt!: () => void;
	const interrupted = new Promise<void>(resolve => {
		signalInterrupt = resolve;
	});
	const inkReadable = stdin.listeners('readable') as Listener[];
	for (const listener of inkReadable) stdin.removeListener('readable', listener);
	const inputListeners: Array<(data: Buffer | string) => void> = [];
	// Keys typed before the shell was shown wait for releaseTypedAhead(); what
	// arrives after (the terminal's answers to the shell's queries, keys) waits
	// only for a listener.
	const typedAhead: Array<Buffer | string> = [];
	const unheard: Array<Buffer | string> = [];
	const take = (chunk: Buffer | string) => {
		if (!isShown && chunk.includes(CTRL_C)) signalInterrupt();
		if (!isShown) typedAhead.push(chunk);
		else if (inputListeners.length === 0) unheard.push(chunk);
		else for (const listener of inputListeners) listener(chunk);
	};
	const onReadable = () => {
		let chunk: Buffer | string | null;
		while ((chunk = stdin.read() as Buffer | string | null) !== null) take(chunk);
	};
	if (stdin.isTTY) stdin.setRawMode(true);
	stdin.on('readable', onReadable);

	let signalHangUp!: () => void;
	const hungUp = new Promise<void>(resolve => {
		signalHangUp = resolve;
	});
	const onGone = () => {
		isTerminalGone = true;
		signalHangUp();
	};
	stdin.on('end', onGone);
	stdin.on('error', onGone);

	const resizeListeners: Array<(columns: number, rows: number) => void> = [];
	const onResize = () => {
		for (const listener of resizeListeners) listener(stdout.columns || 80, stdout.rows || 24);
	};
	stdout.on('resize', onResize);

	return {
		lend: () => {
			if (!isShown || isRestored || isLent) return;
			isLent = true;
			stdin.off('readable', onReadable);
			setReading(stdin, false);
			if (stdin.isTTY) stdin.setRawMode(false);
		},
		show: banner => {
			if (isShown || isRestored) return;
			isShown = true;
			stdout.write = dropWrite;
			safeWrite(`${ENTER_CHILD}${banner}\r\n`);
		},
		write: safeWrite,
		onInput: listener => {
			inputListeners.push(listener);
			for (const chunk of unheard.splice(0)) listener(chunk);
		},
		typeAhead: take,
		isHolding: () => !isRestored,
		releaseTypedAhead: () => {
			for (const chunk of typedAhead.splice(0)) for (const listener of inputListeners) listener(chunk);
		},
		onResize: listener => {
			resizeListeners.push(listener);
		},
		interrupted,
		hungUp,
		restore: () => {
			if (isRestored) return;
			isRestored = true;
			stdout.off('resize', onResize);
			stdin.off('readable', onReadable);
			stdin.off('end', onGone);
			stdin.off('error', onGone);
			for (const listener of inkReadable) stdin.on('readable', listener);
			if (isLent) {
				if (stdin.isTTY) stdin.setRawMode(true);
				setReading(stdin, true);
			}
			if (isShown) {
				safeWrite(LEAVE_CHILD);
				if (ownWrite) Object.defineProperty(stdout, 'write', ownWrite);
				else delete (stdout as {write?: unknown}).write;
			}
			// Once the tty is gone, later writes fail too: keep swallowing their errors then.
			if (isTerminalGone) return;
			stdout.off('error', ignoreError);
			if (isShown) redraw();
		},
	};
}

/**
 * Node goes on reading a tty that nobody listens to, up to its buffer size, so
 * a child sharing the terminal would lose keys to dockdash: only stopping the
 * handle's reads leaves them in the terminal for the child. A stream without a
 * handle (a test double) is paused instead.
 */
function setReading(stdin: NodeJS.ReadStream, isReading: boolean): void {
	const handle = (stdin as unknown as {_handle?: {reading?: boolean; readStart?: () => number; readStop?: () => number}})._handle;
	if (handle?.readStart && handle.readStop) {
		if (Boolean(handle.reading) === isReading) return;
		// net.Socket's own flag: its _read starts reading again only when this is false.
		handle.reading = isReading;
		if (isReading) handle.readStart();
		else handle.readStop();
	} else if (isReading) stdin.resume();
	else stdin.pause();
}

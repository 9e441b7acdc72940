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
	/** Writes the child's bytes to the terminal, untouched. */
	write: (chunk: Buffer | string) => void;
	/** Keys from the user, as they arrive. */
	onInput: (listener: (data: Buffer | string) => void) => void;
	/** The terminal's new size after a resize. */
	onResize: (listener: (columns: number, rows: number) => void) => void;
	/** Resolves when the terminal is gone (stdin ended or failed: the SSH session dropped). */
	readonly hungUp: Promise<void>;
	size: () => {columns: number; rows: number};
	/** Gives the terminal back to Ink: reset, alternate screen, full redraw. Idempotent. */
	restore: () => void;
}

export interface HandoverOptions {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	/** Makes Ink write its whole last frame again (Ink's own stdout write does that). */
	redraw: () => void;
	/** A first line in the normal screen, telling the user how to come back. */
	banner?: string;
}

/** Takes the terminal from Ink. Call `restore()` when the child is done, whatever ended it. */
export function handOverTerminal({stdin, stdout, redraw, banner}: HandoverOptions): TerminalHandover {
	const hadOwnWrite = Object.prototype.hasOwnProperty.call(stdout, 'write');
	const inkWrite = stdout.write;
	const realWrite = inkWrite.bind(stdout) as (chunk: Buffer | string) => boolean;
	let isTerminalGone = false;
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
	stdout.write = (() => true) as typeof stdout.write;

	const inkReadable = stdin.listeners('readable') as Listener[];
	for (const listener of inkReadable) stdin.removeListener('readable', listener);
	const inputListeners: Array<(data: Buffer | string) => void> = [];
	const onReadable = () => {
		let chunk: Buffer | string | null;
		while ((chunk = stdin.read() as Buffer | string | null) !== null) {
			for (const listener of inputListeners) listener(chunk);
		}
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

	safeWrite(ENTER_CHILD + (banner ? `${banner}\r\n` : ''));

	let isRestored = false;
	return {
		write: safeWrite,
		onInput: listener => {
			inputListeners.push(listener);
		},
		onResize: listener => {
			resizeListeners.push(listener);
		},
		hungUp,
		size: () => ({columns: stdout.columns || 80, rows: stdout.rows || 24}),
		restore: () => {
			if (isRestored) return;
			isRestored = true;
			stdout.off('resize', onResize);
			stdin.off('readable', onReadable);
			stdin.off('end', onGone);
			stdin.off('error', onGone);
			for (const listener of inkReadable) stdin.on('readable', listener);
			safeWrite(LEAVE_CHILD);
			if (hadOwnWrite) stdout.write = inkWrite;
			else delete (stdout as {write?: unknown}).write;
			// Once the tty is gone, later writes fail too: keep swallowing their errors then.
			if (isTerminalGone) return;
			stdout.off('error', ignoreError);
			redraw();
		},
	};
}

/**
 * Exact frames through a real terminal emulator (issues 15 and 18): the app renders with Ink into a
 * stdout of a given size, every byte Ink writes goes into @xterm/headless, and the emulator's
 * screen text is compared with a file in test/frames/. `UPDATE_FRAMES=1` rewrites the files; a
 * mismatch fails with a line-by-line diff. What the emulator shows is what a user sees: cursor
 * moves, erased lines and wide characters are applied, not matched by regular expressions.
 */
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import xterm from '@xterm/headless';
import {render} from 'ink';
import type React from 'react';

// Deadlines use performance.now(): frame tests pin Date to the scenario's time.
const FRAMES_DIR = path.resolve('test/frames');
export const isUpdating = process.env.UPDATE_FRAMES === '1';

/** A stdout Ink writes to: the given size, a resize event, and every write fed to the emulator. */
class EmulatedStdout extends EventEmitter {
	isTTY = true;
	writes = 0;
	constructor(
		public columns: number,
		public rows: number,
		private readonly terminal: xterm.Terminal,
	) {
		super();
	}
	write = (data: string): boolean => {
		this.writes++;
		this.terminal.write(data);
		return true;
	};
}

/** A stdin Ink reads keys from, as ink-testing-library's. */
class ScriptedStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};
}

export interface EmulatedApp {
	/** The emulator's screen, one string per row, trailing spaces cut, after all written bytes are parsed. */
	screen: () => Promise<string>;
	press: (key: string) => void;
	resize: (columns: number, rows: number) => void;
	/** Waits until the screen contains the text (or matches), and returns it. */
	waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<string>;
	unmount: () => void;
}

/** Renders an element into an emulated terminal of `columns`×`rows`. */
export function renderInTerminal(element: React.ReactElement, {columns, rows}: {columns: number; rows: number}): EmulatedApp {
	const terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true, scrollback: 0, convertEol: true});
	const stdout = new EmulatedStdout(columns, rows, terminal);
	const stdin = new ScriptedStdin();
	const instance = render(element, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: false,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const screen = async (): Promise<string> => {
		// An empty write's callback runs once everything written before it is parsed.
		await new Promise<void>(resolve => terminal.write('', resolve));
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < terminal.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		return lines.join('\n');
	};
	const waitFor = async (text: string | RegExp, timeoutMs = 5000): Promise<string> => {
		const deadline = performance.now() + timeoutMs;
		let shown = '';
		while (performance.now() < deadline) {
			shown = await screen();
			if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
			await new Promise(resolve => setTimeout(resolve, 10));
		}
		throw new Error(`the screen never showed ${String(text)}; it showed:\n${shown}`);
	};
	return {
		screen,
		press: key => stdin.write(key),
		resize: (newColumns, newRows) => {
			terminal.resize(newColumns, newRows);
			stdout.columns = newColumns;
			stdout.rows = newRows;
			stdout.emit('resize');
		},
		waitFor,
		unmount: () => {
			instance.unmount();
			instance.cleanup();
			terminal.dispose();
		},
	};
}

/** A readable diff of two frames: each differing row as expected and actual, with a ruler. */
export function frameDiff(expected: string, actual: string): string {
	const want = expected.split('\n');
	const got = actual.split('\n');
	const out: string[] = [];
	for (let row = 0; row < Math.max(want.length, got.length); row++) {
		if (want[row] === got[row]) continue;
		out.push(`row ${String(row + 1).padStart(2)} expected │${want[row] ?? '(none)'}│`, `       actual   │${got[row] ?? '(none)'}│`);
	}
	return out.join('\n');
}

export function framePath(name: string): string {
	return path.join(FRAMES_DIR, `${name}.txt`);
}

/**
 * Compares the screen with test/frames/NAME.txt, waiting (up to the timeout) for the app to
 * settle on it; with UPDATE_FRAMES=1, waits for `ready` then writes the file.
 */
export async function expectFrame(app: EmulatedApp, name: string, ready: string | RegExp, timeoutMs = 5000): Promise<void> {
	const file = framePath(name);
	if (isUpdating || !existsSync(file)) {
		await app.waitFor(ready, timeoutMs);
		// Let the last renders of this state land (streams, measured widths) before keeping it.
		let previous = '';
		let current = await app.screen();
		while (current !== previous) {
			await new Promise(resolve => setTimeout(resolve, 150));
			previous = current;
			current = await app.screen();
		}
		mkdirSync(FRAMES_DIR, {recursive: true});
		writeFileSync(file, `${current}\n`);
		if (!isUpdating) assert.fail(`${file} did not exist and was written: review it, then run again (UPDATE_FRAMES=1 rewrites every frame)`);
		return;
	}
	const expected = readFileSync(file, 'utf8').replace(/\n$/, '');
	const deadline = performance.now() + timeoutMs;
	let actual = '';
	while (performance.now() < deadline) {
		actual = await app.screen();
		if (actual === expected) return;
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	assert.fail(`the screen differs from ${path.relative(process.cwd(), file)} (UPDATE_FRAMES=1 rewrites it):\n${frameDiff(expected, actual)}\n\nthe whole screen:\n${actual}`);
}

/**
 * Drives the built CLI (dist/cli.js) in a real pseudo-terminal through tmux:
 * send keys as a user types them, read the screen as a user sees it.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {TYPING_GAP_MS} from '../../source/hooks/key-router.js';
import {KEYS_SETTLED_TITLE} from '../../source/model/key-signs.js';
import {waitFor} from './engine.js';

const CLI = path.resolve('dist/cli.js');
const EXIT_MARK = '[dockdash exited ';
/** The confirmation dialog's answer line while y does nothing yet (source/ui/components/confirm-dialog.tsx). */
const DIALOG_WAITING = '(wait)   n/Esc cancel';

export interface TerminalSession {
	name: string;
	/** The visible screen as plain text. */
	screen: () => string;
	/** The visible screen with its SGR styles (tmux capture-pane -e), to tell colours apart. */
	styledScreen: () => string;
	/** tmux send-keys arguments: literal text, or key names such as Enter, Escape, Down, C-c. */
	press: (...keys: string[]) => void;
	type: (text: string) => void;
	/**
	 * Presses a key that changes the engine as a person does: on its own, a typing gap after
	 * the key before it (the dashboard refuses one that comes in a word, issue 19).
	 */
	act: (key: string) => Promise<void>;
	/**
	 * Waits until the typing gap (or `quietMs`: the tab chord's TAB_CHORD_MS) after the last key sent has passed, as
	 * dockdash itself says it (its terminal title, `dockdash-keys-settled N MS`, under the test runner; issue 15): a key
	 * pressed next is a key on its own. At once when no key was sent yet.
	 */
	settled: (quietMs?: number) => Promise<void>;
	/** Notes a key about to be sent by other means than this session's methods (test/support/typing.ts), for settled(). */
	willSend: () => void;
	waitForText: (text: string | RegExp, timeoutMs?: number) => Promise<string>;
	/**
	 * Waits until the open confirmation dialog answers y: its answer line drops "(wait)" once the grace time after
	 * the last key has passed (issue 15), as a person sees it. Resolves with the screen.
	 */
	waitForLiveDialog: (timeoutMs?: number) => Promise<string>;
	/** Confirms the open dialog as a person does: waits until its y is live (waitForLiveDialog), then presses y on its own. */
	confirm: () => Promise<void>;
	/** Resolves with dockdash's exit code. */
	waitForExit: (timeoutMs?: number) => Promise<number>;
	isRunning: () => boolean;
	resize: (columns: number, rows: number) => void;
	stop: () => void;
}

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

/** Starts `node dist/cli.js ARGS` in a fresh tmux session of the given size; `cwd` is the folder it starts in (the repository's by default). */
export function startCli(args: string[] = [], options: {columns?: number; rows?: number; env?: Record<string, string>; command?: string[]; cwd?: string} = {}): TerminalSession {
	const name = `dockdash-test-${randomBytes(4).toString('hex')}`;
	// dockdash sees only these variables (env -i): tmux would otherwise hand it the environment
	// its server started with, and a runner's CI=true or TERM=dumb turns every colour off.
	// TERM is tmux's own, what a user's terminal would say; a test may still set it explicitly.
	const inherited = Object.entries(process.env).filter(([key]) => /^(DOCKER_|DOCKDASH_|NO_COLOR|FORCE_COLOR|HOME|PATH|XDG_|LANG$|LC_)/.test(key));
	const envArgs = [...inherited, ...Object.entries(options.env ?? {})]
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => `${key}=${shellQuote(value!)}`);
	// The shell stays after dockdash exits and prints its exit code, so a test can
	// read dockdash's last words and know it ended (tmux's remain-on-exit would race a fast exit).
	const program = options.command ?? [process.execPath, CLI];
	const run = `env -i TERM="$TERM" ${envArgs.join(' ')} ${[...program, ...args].map(shellQuote).join(' ')}`;
	const command = `${run}; printf '\\n${EXIT_MARK}%d]\\n' $?; sleep 3600`;
	tmux('new-session', '-d', '-s', name, '-x', String(options.columns ?? 120), '-y', String(options.rows ?? 30), ...(options.cwd ? ['-c', options.cwd] : []), command);
	const screen = () => {
		try {
			return tmux('capture-pane', '-p', '-t', name);
		} catch {
			return '';
		}
	};
	const exitCode = () => {
		const match = new RegExp(`${EXIT_MARK.replace('[', '\\[')}(\\d+)\\]`).exec(screen());
		return match ? Number(match[1]) : undefined;
	};
	const isRunning = () => exitCode() === undefined;
	// How many keys dockdash had said were settled before the last key was sent (undefined: none sent yet).
	const keysSettled = (): {keys: number; quietMs: number} => {
		try {
			const match = new RegExp(`^${KEYS_SETTLED_TITLE} (\\d+) (\\d+)$`).exec(tmux('display-message', '-p', '-t', name, '#{pane_title}').trim());
			return match ? {keys: Number(match[1]), quietMs: Number(match[2])} : {keys: -1, quietMs: 0};
		} catch {
			return {keys: -1, quietMs: 0};
		}
	};
	let settledBeforeSend: number | undefined;
	const willSend = () => {
		settledBeforeSend = keysSettled().keys;
	};
	const settled = async (quietMs = TYPING_GAP_MS) => {
		const before = settledBeforeSend;
		if (before === undefined) return;
		await waitFor(
			() => {
				const sign = keysSettled();
				return sign.keys > before && sign.quietMs >= quietMs;
			},
			{what: () => `dockdash to say the keys settled for ${quietMs} ms (title "${KEYS_SETTLED_TITLE} N MS", N past ${before}); the screen was:\n${screen()}`},
		);
	};
	const send = (...args: string[]) => {
		willSend();
		tmux('send-keys', '-t', name, ...args);
	};
	const waitForLiveDialog = async (timeoutMs = 10_000) =>
		waitFor(
			() => {
				const shown = screen();
				return shown.includes('n/Esc cancel') && !shown.includes(DIALOG_WAITING) ? shown : undefined;
			},
			{timeoutMs, what: () => `the dialog's y to be live (no "${DIALOG_WAITING}"); the screen was:\n${screen()}`},
		);
	return {
		name,
		screen,
		styledScreen: () => tmux('capture-pane', '-p', '-e', '-t', name),
		press: (...keys) => {
			send(...keys);
			// An Escape read together with the next key is that key with Alt (ESC q is Alt-q), as in any
			// terminal: give it a read of its own, as a person's typing does.
			if (keys.at(-1) === 'Escape') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 80);
		},
		type: text => send('-l', '--', text),
		act: async key => {
			await settled();
			send(key);
		},
		settled,
		willSend,
		waitForText: async (text, timeoutMs = 10_000) =>
			waitFor(
				() => {
					const shown = screen();
					return (typeof text === 'string' ? shown.includes(text) : text.test(shown)) ? shown : undefined;
				},
				{timeoutMs, what: () => `"${String(text)}" on screen; the screen was:\n${screen()}`},
			),
		waitForLiveDialog,
		confirm: async () => {
			await waitForLiveDialog();
			send('y');
		},
		waitForExit: async (timeoutMs = 10_000) => waitFor(() => exitCode()?.toString(), {timeoutMs, what: 'dockdash to exit'}).then(Number),
		isRunning,
		resize: (columns, rows) => tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
		stop: () => {
			spawnSync('tmux', ['kill-session', '-t', name]);
		},
	};
}

function shellQuote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Filters the active list to `text` and waits until the filter field has
 * closed (its cursor, an inverse cell, is gone), so the next key reaches the
 * list and not the field: waiting for the row alone races the Enter, because
 * the row shows its full name while the filter is still being typed. Then it lets the
 * typing gap pass, so a key that changes the engine pressed next is a key on its own,
 * not the tail of the typed filter (issue 19).
 */
export async function filterList(session: TerminalSession, text: string): Promise<void> {
	session.type(`/${text}`);
	await session.waitForText(`filter: ${text}`);
	session.press('Enter');
	await waitFor(
		() => {
			const line = tmux('capture-pane', '-p', '-e', '-t', session.name)
				.split('\n')
				.find(row => row.includes('filter: ') && row.includes(text));
			return line !== undefined && !line.includes('\u001B[7m');
		},
		{what: () => `the filter field to close; the screen was:\n${session.screen()}`},
	);
	await session.settled();
}

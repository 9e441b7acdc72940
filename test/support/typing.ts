/**
 * Typing like a person into the real CLI in a pty (issue 19): words and random bursts of
 * printable keys at 80–150 ms a key, pastes in one write, from a seeded generator so a
 * failing run can be typed again exactly (DOCKDASH_TYPING_SEED).
 */
import {type ChildProcessWithoutNullStreams, execFileSync, spawn} from 'node:child_process';
import type {Socket} from 'node:net';
import type {TerminalSession} from './pty.js';

/** Words a person may type into the wrong place: commands, answers, and what they would act on. */
export const WORDS = [
	'deploy',
	'delete',
	'yes',
	'dry',
	'kill',
	'restart',
	'prune',
	'force',
	'y',
	'Y',
	'yy',
	'system',
	'docker',
	'down',
	'up',
	'rm',
	'stop',
	'remove',
	'pause',
	'start',
	'exec',
	'tag',
	'pull',
	'drain',
	'scale',
	'yes please',
	'ok',
	'/deploy',
] as const;

/** Printable keys for bursts. Not q: it quits by design, and the test needs the dashboard after the burst. */
export const BURST_KEYS = [...Array.from({length: 0x7e - 0x20 + 1}, (_, index) => String.fromCharCode(0x20 + index))].filter(key => key !== 'q');

/** mulberry32: small, seeded, reproducible. */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export function randomBurst(random: () => number, length: number): string {
	return Array.from({length}, () => BURST_KEYS[Math.floor(random() * BURST_KEYS.length)]!).join('');
}

/** Sends text to the terminal as one write (tmux -l: literally; a lone ";" would end tmux's command). */
export function sendLiteral(session: TerminalSession, text: string): void {
	session.willSend();
	execFileSync('tmux', ['send-keys', '-t', session.name, '-l', '--', text.replace(/;$/, '\\;')]);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * One tmux control-mode client per session, kept for its typing: a `tmux send-keys` process per key
 * costs a process start, which on a loaded machine (CI at load 20) took longer than the 250 ms a
 * typed word may pause, so "yes" arrived as y… e… s and `e` on its own opened a shell (the failed
 * trial of 5 Dec). Commands written to one client arrive when they are written.
 */
class KeyWriter {
	private readonly child: ChildProcessWithoutNullStreams;
	private readonly waiting: Array<(ok: boolean) => void> = [];
	private pending = '';
	private isClosed = false;

	constructor(private readonly session: string) {
		this.child = spawn('tmux', ['-C', 'attach-session', '-t', session, '-f', 'ignore-size,no-output'], {stdio: ['pipe', 'pipe', 'pipe']});
		// The attach itself is answered with a %begin/%end block, like every command after it.
		this.waiting.push(() => undefined);
		this.child.stdout.setEncoding('utf8');
		this.child.stdout.on('data', (chunk: string) => {
			this.pending += chunk;
			let end: number;
			while ((end = this.pending.indexOf('\n')) >= 0) {
				const line = this.pending.slice(0, end);
				this.pending = this.pending.slice(end + 1);
				if (line.startsWith('%end ') || line.startsWith('%error ')) this.waiting.shift()?.(line.startsWith('%end '));
				// Between keys nothing is awaited: the client must not keep a finished test's process alive.
				if (this.waiting.length === 0) (this.child.stdout as unknown as Socket).unref();
			}
		});
		this.child.on('exit', () => {
			this.isClosed = true;
			for (const settle of this.waiting.splice(0)) settle(false);
		});
		this.child.on('error', () => undefined);
		// A test ending with its sessions must not wait for these clients.
		this.child.unref();
		(this.child.stdin as unknown as Socket).unref();
		(this.child.stderr as unknown as Socket).unref();
		(this.child.stdout as unknown as Socket).unref();
	}

	/** Sends one printable key and resolves once tmux has put it in the pane (false: the client is gone). */
	async key(char: string): Promise<boolean> {
		if (this.isClosed) return false;
		// Single quotes take every printable key literally; a single quote itself goes in double quotes.
		const argument = char === "'" ? `"'"` : `'${char}'`;
		const answered = new Promise<boolean>(resolve => this.waiting.push(resolve));
		(this.child.stdout as unknown as Socket).ref();
		this.child.stdin.write(`send-keys -t ${this.session} -l -- ${argument}\n`);
		return answered;
	}
}

const writers = new Map<string, KeyWriter>();

async function sendKey(session: TerminalSession, char: string): Promise<void> {
	let writer = writers.get(session.name);
	if (!writer) {
		writer = new KeyWriter(session.name);
		writers.set(session.name, writer);
	}
	session.willSend();
	// Without a control client (it could not attach), one tmux process for the key, as before.
	if (!(await writer.key(char))) sendLiteral(session, char);
}

/**
 * Types `text` one key at a time, each `minMs`–`maxMs` after the one before on a schedule
 * kept against the wall clock (a slow tmux call does not bunch the next keys up).
 */
export async function typeLikeAPerson(session: TerminalSession, text: string, random: () => number, minMs = 80, maxMs = 150): Promise<number> {
	let due = Date.now();
	for (const char of text) {
		due += minMs + random() * (maxMs - minMs);
		await sleep(Math.max(0, due - Date.now()));
		await sendKey(session, char);
	}
	return [...text].length;
}

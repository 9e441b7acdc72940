/**
 * Typing like a person into the real CLI in a pty (issue 19): words and random bursts of
 * printable keys at 80–150 ms a key, pastes in one write, from a seeded generator so a
 * failing run can be typed again exactly (DOCKDASH_TYPING_SEED).
 */
import {execFileSync} from 'node:child_process';
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
	execFileSync('tmux', ['send-keys', '-t', session.name, '-l', '--', text.replace(/;$/, '\\;')]);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Types `text` one key at a time, each `minMs`–`maxMs` after the one before on a schedule
 * kept against the wall clock (a slow tmux call does not bunch the next keys up).
 */
export async function typeLikeAPerson(session: TerminalSession, text: string, random: () => number, minMs = 80, maxMs = 150): Promise<number> {
	let due = Date.now();
	for (const char of text) {
		due += minMs + random() * (maxMs - minMs);
		await sleep(Math.max(0, due - Date.now()));
		sendLiteral(session, char);
	}
	return [...text].length;
}

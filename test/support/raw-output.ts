/**
 * The raw bytes dockdash writes to its terminal, recorded at the tmux pane
 * (pipe-pane sees every byte the program writes, before the terminal
 * interprets it), and a scanner for anything in them that a terminal would act
 * on beyond drawing: dockdash itself only ever writes SGR, cursor movement,
 * erase-line and a few private modes; anything else came from an engine string.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {KEYS_SETTLED_TITLE} from '../../source/model/key-signs.js';
import type {TerminalSession} from './pty.js';

const ESC = '\u001B';
const BEL = '\u0007';
/** One payload per escape family; each is unique enough that finding it raw in the output means it reached the terminal. */
export const HOSTILE_PAYLOADS: Record<string, string> = {
	'OSC title': `${ESC}]0;dd-title-pwned${BEL}`,
	'OSC 52 clipboard': `${ESC}]52;c;ZGQtY2xpcA==${BEL}`,
	'OSC 8 hyperlink': `${ESC}]8;;http://dd.invalid${ESC}\\`,
	'CSI erase screen': `${ESC}[2J${ESC}[3J`,
	'CSI cursor move': `${ESC}[99;99H`,
	DCS: `${ESC}Pdd-dcs${ESC}\\`,
	APC: `${ESC}_dd-apc${ESC}\\`,
	PM: `${ESC}^dd-pm${ESC}\\`,
	SOS: `${ESC}Xdd-sos${ESC}\\`,
	'device attributes query': `${ESC}[c`,
	'8-bit CSI': '\u009B2J',
	'bidi override': '\u202Edd-rtl',
	'zero width': 'dd\u200Bzw',
};

export interface RawRecording {
	bytes: () => Buffer;
	stop: () => void;
}

/** Starts recording the pane's output; call right after startCli so dockdash's first frame is in it too. */
export function recordRaw(session: TerminalSession): RawRecording {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-raw-'));
	const file = path.join(dir, 'raw.bin');
	execFileSync('tmux', ['pipe-pane', '-o', '-t', session.name, `cat > '${file}'`]);
	return {
		bytes: () => {
			try {
				return readFileSync(file);
			} catch {
				return Buffer.alloc(0);
			}
		},
		stop: () => rmSync(dir, {recursive: true, force: true}),
	};
}

// Ink and dockdash: SGR (colours, inverse, bold), cursor up/down/column and home, erase line and
// below, show/hide the cursor, the alternate screen, mouse reporting, bracketed paste, focus events
// and synchronized output. Not erase-screen nor absolute positioning: the payloads use those.
const OWN_SETTLED_TITLE = new RegExp(String.raw`\u001B\]2;${KEYS_SETTLED_TITLE} \d+ \d+\u0007`, 'g');
const ALLOWED_CSI = /^\u001B\[(?:[\d;]*m|\d*[ABCDGK]|H|0?J|\?(?:25|1049|1000|1002|1003|1006|1015|2004|1004|2026|7)[hl])$/;

/**
 * Everything in the raw output a terminal would act on that dockdash does not
 * write itself: escape sequences outside the allow-list, C0 controls other
 * than CR/LF/BS/BEL-free ones, C1 controls (as UTF-8), bidi and zero-width
 * characters, and invalid UTF-8. Returns a description of each, at most 20.
 */
export function terminalHazards(raw: Buffer): string[] {
	const found: string[] = [];
	const decoded = raw.toString('utf8');
	if (!Buffer.from(decoded, 'utf8').equals(raw)) found.push('invalid UTF-8 in the output');
	// dockdash's own title under the test runner, the sign session.settled() waits for (issue 15): exactly that form.
	const text = decoded.replaceAll(OWN_SETTLED_TITLE, '');
	const sequence = /\u001B(?:\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|[\s\S])?/g;
	for (const match of text.matchAll(sequence)) {
		if (!ALLOWED_CSI.test(match[0])) found.push(`escape ${JSON.stringify(match[0])} at ${match.index}`);
		if (found.length >= 20) return found;
	}
	const controls = /[\u0000-\u0007\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
	for (const match of text.matchAll(controls)) {
		found.push(`control U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${match.index}`);
		if (found.length >= 20) return found;
	}
	return found;
}

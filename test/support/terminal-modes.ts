/**
 * The terminal state a program left in its tmux pane: tmux's own view of the
 * modes (alternate screen, cursor, mouse reporting, keypad) and the tty's line
 * discipline read with stty (cooked: icanon and echo on).
 */
import {execFileSync} from 'node:child_process';
import type {TerminalSession} from './pty.js';

const MODE_NAMES = ['alternate_on', 'mouse_any_flag', 'mouse_button_flag', 'mouse_standard_flag', 'mouse_sgr_flag', 'keypad_cursor_flag'] as const;

/** tmux's view of the terminal modes the program in the pane left set. */
export function terminalModes(session: TerminalSession, extra: readonly string[] = []): Record<string, string> {
	const format = [...MODE_NAMES, ...extra].map(name => `${name}=#{${name}}`).join(' ');
	const line = execFileSync('tmux', ['display-message', '-p', '-t', session.name, format], {encoding: 'utf8'}).trim();
	return Object.fromEntries(line.split(' ').map(pair => pair.split('=') as [string, string]));
}

/** What a terminal given back clean looks like in {@link terminalModes}. */
export const CLEAN_MODES: Record<(typeof MODE_NAMES)[number], string> = {
	alternate_on: '0',
	mouse_any_flag: '0',
	mouse_button_flag: '0',
	mouse_standard_flag: '0',
	mouse_sgr_flag: '0',
	keypad_cursor_flag: '0',
};

/** The pane tty's line discipline: cooked means canonical input and echo, as a shell expects. */
export function isCooked(session: TerminalSession): boolean {
	const tty = execFileSync('tmux', ['display-message', '-p', '-t', session.name, '#{pane_tty}'], {encoding: 'utf8'}).trim();
	const settings = execFileSync('stty', ['-F', tty, '-a'], {encoding: 'utf8'});
	return /(^|\s)icanon(\s|$)/.test(settings) && /(^|\s)echo(\s|$)/.test(settings);
}

/**
 * Escape sequences for handing the terminal to a program in a container and
 * taking it back. Whatever the child left switched on (mouse reporting, bracketed
 * paste, the line-drawing character set, colours, a hidden cursor, its own
 * alternate screen) is switched off again before dockdash draws.
 */

const CSI = '\u001B[';

/** Mouse reporting modes: X10/normal, button-event, any-event, and the SGR and urxvt encodings. */
const MOUSE_OFF = `${CSI}?1000l${CSI}?1002l${CSI}?1003l${CSI}?1005l${CSI}?1006l${CSI}?1015l`;
const BRACKETED_PASTE_OFF = `${CSI}?2004l`;
const FOCUS_EVENTS_OFF = `${CSI}?1004l`;
/** Select G0 = US ASCII, G1 = US ASCII, then shift in (SI) to G0: undoes `ESC ( 0`, `ESC ) 0` and shift-out. */
const CHARSET_RESET = '\u001B(B\u001B)B\u000F';
const ATTRIBUTES_RESET = `${CSI}0m`;
/** Cursor keys and keypad back to normal mode (a child may leave application mode on). */
const KEYPAD_RESET = `${CSI}?1l\u001B>`;
/** Autowrap on, origin mode off, whole screen as the scroll region. */
const MARGINS_RESET = `${CSI}?7h${CSI}?6l${CSI}r`;
const SHOW_CURSOR = `${CSI}?25h`;
const HIDE_CURSOR = `${CSI}?25l`;
const ALT_SCREEN_ON = `${CSI}?1049h`;
const ALT_SCREEN_OFF = `${CSI}?1049l`;
const CLEAR_SCREEN = `${CSI}H${CSI}2J`;

/** Undoes every mode a child may have left on. Safe to write at any time. */
export const RESET_CHILD_MODES = MOUSE_OFF + BRACKETED_PASTE_OFF + FOCUS_EVENTS_OFF + CHARSET_RESET + ATTRIBUTES_RESET + KEYPAD_RESET + MARGINS_RESET;

/**
 * Before the shell: the same resets (dockdash's own mouse reporting must not
 * send reports into the shell), then a cleared screen on dockdash's alternate
 * screen, so the shell runs on a screen of its own and leaves nothing on the
 * normal screen the user started dockdash from (issue 19); the cursor is shown
 * for the shell.
 */
export const ENTER_CHILD = RESET_CHILD_MODES + CLEAR_SCREEN + SHOW_CURSOR;

/**
 * After the shell: reset what it left, leave any alternate screen it entered,
 * re-enter dockdash's own (a fresh, cleared one) and hide the cursor again as
 * Ink expects; Ink then redraws its whole frame on top.
 */
export const LEAVE_CHILD = RESET_CHILD_MODES + ALT_SCREEN_OFF + ALT_SCREEN_ON + CLEAR_SCREEN + HIDE_CURSOR;

// A switch between the normal and the alternate screen (47, 1047, 1049), whole or cut at a chunk's end.
const SCREEN_SWITCH = /\u001B\[\?(?:1049|1047|47)[hl]/g;
const SCREEN_SWITCH_START = /\u001B(?:\[(?:\?(?:1(?:0(?:4[79]?)?)?|4(?:7)?)?)?)?$/;
// The cursor stays where it is, as xterm's 1049h leaves it: busybox ash reads the answer to its
// cursor query at row 1, column 5 (ESC[1;5R) as Ctrl-F3 and drops the keys typed after it.
const ERASE_SCREEN = `${CSI}2J`;
const SAVE_CURSOR_AND_CLEAR = `\u001B7${ERASE_SCREEN}`;
const CLEAR_AND_RESTORE_CURSOR = `${ERASE_SCREEN}\u001B8`;

/**
 * Keeps a shell's output on the screen it was given (issue 19): a full-screen program in the shell
 * (vim, less) switching to the alternate screen and back would otherwise leave it on the normal
 * screen, where everything after stays once dockdash has quit. The switch becomes an erase of the
 * same screen, the cursor saved and restored as the switch would (what was on the screen before
 * the program is not drawn again). A switch cut at the end of a chunk waits for the next one.
 * Bytes stay bytes (latin1 maps each to one char and back).
 */
export function oneScreenFilter(): (chunk: Buffer) => Buffer {
	let held = '';
	return chunk => {
		const text = held + chunk.toString('latin1');
		const cut = SCREEN_SWITCH_START.exec(text);
		held = cut ? cut[0] : '';
		const whole = cut ? text.slice(0, cut.index) : text;
		return Buffer.from(whole.replace(SCREEN_SWITCH, sequence => (sequence.endsWith('h') ? SAVE_CURSOR_AND_CLEAR : CLEAR_AND_RESTORE_CURSOR)), 'latin1');
	};
}

/**
 * A terminal's answer to a program's query as Ink hands it over (the ESC stripped): a cursor
 * position report (`[row;colR`) or device attributes (`[?1;2c`, `[>0;276;0c`).
 */
export function isTerminalAnswer(input: string): boolean {
	return /^\u001B?\[(?:\d+;\d+R|[?>][\d;]*c)$/.test(input);
}

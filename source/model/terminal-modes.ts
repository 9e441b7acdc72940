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
 * send reports into the shell), then leave dockdash's alternate screen, so the
 * shell runs in the normal screen as `docker exec -it` would and its output
 * stays in the terminal's scrollback; the cursor is shown for the shell.
 */
export const ENTER_CHILD = RESET_CHILD_MODES + ALT_SCREEN_OFF + SHOW_CURSOR + '\r\n';

/**
 * After the shell: reset what it left, leave any alternate screen it entered,
 * re-enter dockdash's own (a fresh, cleared one) and hide the cursor again as
 * Ink expects; Ink then redraws its whole frame on top.
 */
export const LEAVE_CHILD = RESET_CHILD_MODES + ALT_SCREEN_OFF + ALT_SCREEN_ON + CLEAR_SCREEN + HIDE_CURSOR;


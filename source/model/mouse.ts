/**
 * Mouse input: the terminal's SGR mouse reports (enabled with ?1000h and
 * ?1006h) parsed into events, and whether reporting is on. Reporting is off
 * while anything needs the terminal's own selection (logs select mode, an exec
 * shell), and off entirely with --no-mouse or `mouse: false`.
 */

export type MouseEventKind = 'press' | 'release' | 'wheelUp' | 'wheelDown' | 'drag';

export interface MouseEvent {
	kind: MouseEventKind;
	/** 0 left, 1 middle, 2 right. */
	button: number;
	/** Zero-based column and row of the screen. */
	x: number;
	y: number;
}

const MAX_COORDINATE = 65_536;
const SGR_REPORT = /^\u001B?\[<(\d+);(\d+);(\d+)([Mm])$/;

/** Parses one SGR mouse report (Ink hands it over without the ESC); undefined for anything else. */
export function parseMouseReport(input: string): MouseEvent | undefined {
	const match = SGR_REPORT.exec(input);
	if (!match) return undefined;
	const code = Number(match[1]);
	const x = Number(match[2]) - 1;
	const y = Number(match[3]) - 1;
	// SGR coordinates start at 1 and no screen is 65,536 cells wide: a 0 (x = -1, a click left of the screen) or a
	// number past that is not a report of a place on the screen (found by fuzzing, issue 17).
	if (!(x >= 0 && y >= 0 && x < MAX_COORDINATE && y < MAX_COORDINATE)) return undefined;
	if (code & 64) return {kind: code & 1 ? 'wheelDown' : 'wheelUp', button: 0, x, y};
	const button = code & 3;
	if (code & 32) return {kind: 'drag', button, x, y};
	return {kind: match[4] === 'M' ? 'press' : 'release', button, x, y};
}

const ENABLE = '\u001B[?1000h\u001B[?1006h';
/** Mouse reporting off, as dockdash turns it on; safe to write when it is already off. */
export const MOUSE_REPORTING_OFF = '\u001B[?1000l\u001B[?1006l';
const DISABLE = MOUSE_REPORTING_OFF;

/** Turns mouse reporting on and off on the terminal, counting who needs it off. */
export class MouseReporting {
	private suspensions = 0;
	private isOn = false;

	constructor(
		private readonly write: (text: string) => void,
		readonly isWanted: boolean,
	) {}

	/** Writes the state the terminal should be in; call again after a child program may have changed it. */
	apply(): void {
		const on = this.isWanted && this.suspensions === 0;
		this.write(on ? ENABLE : DISABLE);
		this.isOn = on;
	}

	/** Turns reporting off until the returned function is called (the terminal's own selection works meanwhile). */
	suspend(): () => void {
		this.suspensions += 1;
		this.apply();
		let isResumed = false;
		return () => {
			if (isResumed) return;
			isResumed = true;
			this.suspensions -= 1;
			this.apply();
		};
	}

	/** Leaves the terminal as dockdash found it. */
	release(): void {
		if (this.isOn) this.write(DISABLE);
		this.isOn = false;
	}
}

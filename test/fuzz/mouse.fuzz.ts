/**
 * Fuzz target: mouse reports from the terminal (model/mouse.ts), as Ink hands them over.
 * Invariants: it never throws; it gives an event only for one whole SGR report, and then coordinates that are
 * whole numbers on a screen (from 0, below 2^16) and a button 0 to 3.
 */
import {parseMouseReport} from '../../source/model/mouse.js';
import {check} from './support.js';

export function fuzz(data: Buffer): void {
	for (const input of [data.toString('latin1'), data.toString('utf8')]) {
		const event = parseMouseReport(input);
		if (!event) continue;
		// eslint-disable-next-line no-control-regex
		check(/^\u001B?\[<\d+;\d+;\d+[Mm]$/.test(input), `an event from ${JSON.stringify(input)}`);
		for (const [name, value] of [['x', event.x], ['y', event.y]] as const) {
			check(Number.isSafeInteger(value) && value >= 0 && value < 65_536, `${name} = ${value} from ${JSON.stringify(input)}`);
		}
		check(event.button >= 0 && event.button <= 3, `button ${event.button}`);
	}
}

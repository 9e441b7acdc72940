/** A clock a test moves by hand: timers fire only when advance() passes their time. */
import type {Clock} from '../../source/model/clock.js';

export class ManualClock implements Clock {
	private time = 1_000_000;
	private timers: Array<{at: number; run: () => void}> = [];

	now = (): number => this.time;

	after = (ms: number, run: () => void): (() => void) => {
		const timer = {at: this.time + ms, run};
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter(other => other !== timer);
		};
	};

	advance(ms: number): void {
		this.time += ms;
		const due = this.timers.filter(timer => timer.at <= this.time).sort((a, b) => a.at - b.at);
		this.timers = this.timers.filter(timer => !due.includes(timer));
		for (const timer of due) timer.run();
	}
}

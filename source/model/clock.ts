/** Time for what fades or ticks on screen: the system's, or one a test moves by hand. */
export interface Clock {
	now: () => number;
	/** Runs `run` once after `ms`; the returned function cancels it. */
	after: (ms: number, run: () => void) => () => void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	after: (ms, run) => {
		const timer = setTimeout(run, ms);
		return () => clearTimeout(timer);
	},
};

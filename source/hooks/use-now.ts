/** The app's clock for what is computed when drawn (ages in the STATUS column), injected by tests. */
import {createContext, useContext, useEffect, useState} from 'react';
import {type Clock, systemClock} from '../model/clock.js';

export const ClockContext = createContext<Clock>(systemClock);

export function useClock(): Clock {
	return useContext(ClockContext);
}

/** The time now (ms), read again every `everyMs` while active, so a pane redraws what depends on it. */
export function useNow(everyMs: number, isActive = true): number {
	const clock = useClock();
	const [now, setNow] = useState(() => clock.now());
	useEffect(() => {
		if (!isActive) return;
		setNow(clock.now());
		let cancel = () => {};
		const tick = () => {
			setNow(clock.now());
			cancel = clock.after(everyMs, tick);
		};
		cancel = clock.after(everyMs, tick);
		return () => cancel();
	}, [clock, everyMs, isActive]);
	return now;
}

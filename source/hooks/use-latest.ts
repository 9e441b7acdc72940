/**
 * The latest value of a render, for code that runs later (a key handler, a stream's callback): one ref,
 * written at each render, instead of ad-hoc refs per hook (issue 15: no react-hooks rule disabled).
 */
import {useCallback, useRef} from 'react';

/** A ref holding the value of the latest render; the ref itself is the same object for the component's life. */
export function useLatest<T>(value: T): {readonly current: T} {
	const ref = useRef(value);
	ref.current = value;
	return ref;
}

/**
 * A function that keeps its identity for the component's life and calls the latest render's `handler`,
 * so effects and key layers that depend on it do not run again when the handler's closure changes.
 * For handlers called after render (events, stream callbacks), not during it.
 */
export function useStableHandler<Args extends unknown[], Result>(handler: (...args: Args) => Result): (...args: Args) => Result {
	const latest = useLatest(handler);
	return useCallback((...args: Args) => latest.current(...args), [latest]);
}

/**
 * Abort signals with a deadline that always fires. Node's AbortSignal.timeout() holds its signal only weakly, and
 * AbortSignal.any() holds its sources only weakly too, so `AbortSignal.any([signal, AbortSignal.timeout(ms)])` can
 * lose its timeout to the garbage collector (nodejs/node#57736): a request to an engine that never answers then
 * waits for ever, and the dashboard never draws its first frame (issue 17, found with a hostile engine). Here the
 * timer itself holds the controller, so the deadline fires whether or not anyone else still holds the signal.
 */

export interface Deadline {
	signal: AbortSignal;
	/** True when the deadline (not the parent signal) aborted it. */
	readonly hasExpired: boolean;
	/** Clears the timer and the listener on the parent; call when the request has ended. */
	dispose: () => void;
}

/** A signal that aborts after `ms`, or when `parent` aborts, whichever comes first. */
export function deadline(ms: number, parent?: AbortSignal): Deadline {
	const controller = new AbortController();
	let hasExpired = false;
	const onParentAbort = () => {
		clearTimeout(timer);
		controller.abort(parent?.reason);
	};
	const timer = setTimeout(() => {
		hasExpired = true;
		parent?.removeEventListener('abort', onParentAbort);
		controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
	}, ms);
	// The deadline must not keep a process alive that has nothing else to do.
	timer.unref?.();
	if (parent?.aborted) onParentAbort();
	else parent?.addEventListener('abort', onParentAbort, {once: true});
	return {
		signal: controller.signal,
		get hasExpired() {
			return hasExpired;
		},
		dispose: () => {
			clearTimeout(timer);
			parent?.removeEventListener('abort', onParentAbort);
		},
	};
}

/** A promise that rejects with the signal's reason once it aborts, and never settles otherwise. */
export function whenAborted(signal: AbortSignal): Promise<never> {
	return new Promise<never>((_resolve, reject) => {
		if (signal.aborted) reject(signal.reason);
		else signal.addEventListener('abort', () => reject(signal.reason), {once: true});
	});
}

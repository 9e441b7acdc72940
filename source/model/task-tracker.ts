/**
 * The common part of a tracker that owns at most one running task (a pull, a push, an export…): its abort, the
 * state folded at once but published at most every `publishMs` (a fast stream of progress costs a render per
 * interval, not per message), cancel, and dismissing a finished one.
 */
import {Observable} from './observable.js';

export abstract class TaskTracker<S> extends Observable<S | undefined> {
	private abort: AbortController | undefined;
	private publishTimer: NodeJS.Timeout | undefined;
	/** The state as folded so far (published or not). */
	protected working: S | undefined;

	constructor(private readonly publishMs = 100) {
		super(undefined);
	}

	get isRunning(): boolean {
		return this.abort !== undefined;
	}

	cancel(): void {
		this.abort?.abort();
	}

	/** Forgets a finished task, so the pane stops showing it. */
	dismiss(): void {
		if (!this.abort) this.set(undefined);
	}

	/** Starts a task with its first state, shown at once; the signal cancels it. */
	protected begin(initial: S): AbortSignal {
		const abort = new AbortController();
		this.abort = abort;
		this.working = initial;
		this.set(initial);
		return abort.signal;
	}

	/** Folds a change into the state; published within `publishMs`. */
	protected fold(change: (state: S) => S): void {
		this.working = change(this.working!);
		if (this.publishTimer) return;
		this.publishTimer = setTimeout(() => {
			this.publishTimer = undefined;
			if (this.working) this.set(this.working);
		}, this.publishMs);
	}

	/** Ends the task with its final state, published at once. */
	protected end(final: S): S {
		clearTimeout(this.publishTimer);
		this.publishTimer = undefined;
		this.abort = undefined;
		this.working = final;
		this.set(final);
		return final;
	}
}

/** One line for a task's error: 'cancelled' when its signal was aborted. */
export function taskError(caught: unknown, signal: AbortSignal, describeError?: (error: unknown) => string): string {
	return signal.aborted ? 'cancelled' : (describeError?.(caught) ?? String((caught as Error)?.message ?? caught));
}

/**
 * The smallest external store React's useSyncExternalStore can read: a value
 * that is replaced, never mutated, and a set of listeners.
 */
/** The reading side of a store: what a view subscribes to. */
export interface ReadableStore<T> {
	// Properties, not methods: React calls them unbound (useSyncExternalStore).
	readonly get: () => T;
	readonly subscribe: (listener: () => void) => () => void;
}

export class Observable<T> implements ReadableStore<T> {
	private value: T;
	private readonly listeners = new Set<() => void>();

	constructor(initial: T) {
		this.value = initial;
	}

	get = (): T => this.value;

	set(next: T): void {
		if (Object.is(next, this.value)) return;
		this.value = next;
		for (const listener of [...this.listeners]) listener();
	}

	update(change: (current: T) => T): void {
		this.set(change(this.value));
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
}

/**
 * Keeps a {@link ContainerStore} equal to `docker ps -a`.
 *
 * - The event stream marks containers dirty; dirty IDs are refreshed together
 *   with one filtered list call, at most every `throttleMs`. A refresh that
 *   would overlap a running one is folded into the next.
 * - The daemon drops events for slow readers and replays at most 256 on
 *   reconnect, so a full relist also runs every `relistIntervalMs` and after
 *   every reconnect: events make the list fast, the relist makes it right.
 * - When the stream fails, it reconnects with exponential backoff and jitter
 *   and reports the outage through {@link SyncStatus}; the list is kept (not
 *   marked dead) until the engine answers again.
 */
import type {ContainerSummary, EngineEvent} from './types.js';
import type {ContainerStore} from './container-store.js';
import {Observable} from './observable.js';

/** What the sync needs from the engine adapter; the real one is source/docker/engine.ts. */
export interface ContainerSource {
	listContainers(options?: {ids?: string[]; signal?: AbortSignal}): Promise<ContainerSummary[] & {notice?: string}>;
	streamEvents(
		handlers: {onEvent: (event: EngineEvent) => void; onClose: (error?: unknown) => void},
		options: {signal: AbortSignal; since?: number},
	): Promise<void>;
}

export interface SyncStatusValue {
	isConnected: boolean;
	/** One line, set while the engine is unreachable. */
	problem?: string;
	/** When the next reconnect attempt is due (ms since epoch), while disconnected. */
	retryAt?: number;
	/** One line about the last full list while connected: entries left out because the engine's answer was broken. */
	notice?: string;
}

export type SyncStatus = Observable<SyncStatusValue>;

export interface ContainerSyncOptions {
	throttleMs?: number;
	relistIntervalMs?: number;
	reconnectBaseMs?: number;
	reconnectMaxMs?: number;
	describeError?: (error: unknown) => string;
	/** Called for every event, after the store was told; other stores hook in here. */
	onEvent?: (event: EngineEvent) => void;
	/** Called after every reconnect, so other views can resume their streams. */
	onReconnect?: () => void;
}

// Container events that change nothing the list shows.
const IGNORED_ACTIONS = /^(exec_|attach|detach|resize|top|export|commit|copy|archive-path|extract-to-dir)/;

export class ContainerSync {
	readonly status: SyncStatus = new Observable<SyncStatusValue>({isConnected: false});
	private readonly dirty = new Set<string>();
	private flushTimer: NodeJS.Timeout | undefined;
	private relistTimer: NodeJS.Timeout | undefined;
	private reconnectTimer: NodeJS.Timeout | undefined;
	private isRefreshing = false;
	private isRelisting = false;
	private failures = 0;
	private stopped = false;
	private readonly abort = new AbortController();
	private streamAbort: AbortController | undefined;
	private readonly options: Required<Omit<ContainerSyncOptions, 'onEvent' | 'onReconnect'>> & Pick<ContainerSyncOptions, 'onEvent' | 'onReconnect'>;

	constructor(
		private readonly source: ContainerSource,
		private readonly store: ContainerStore,
		options: ContainerSyncOptions = {},
	) {
		this.options = {
			throttleMs: options.throttleMs ?? 50,
			relistIntervalMs: options.relistIntervalMs ?? 10_000,
			reconnectBaseMs: options.reconnectBaseMs ?? 1000,
			reconnectMaxMs: options.reconnectMaxMs ?? 15_000,
			describeError: options.describeError ?? (error => String((error as Error)?.message ?? error)),
			onEvent: options.onEvent,
			onReconnect: options.onReconnect,
		};
	}

	/** Opens the event stream, then lists; resolves after the first list (or its failure). */
	async start(): Promise<void> {
		this.openStream();
		await this.relist();
		this.scheduleRelist();
	}

	stop(): void {
		this.stopped = true;
		this.abort.abort();
		this.streamAbort?.abort();
		clearTimeout(this.flushTimer);
		clearTimeout(this.relistTimer);
		clearTimeout(this.reconnectTimer);
	}

	/** Forces a full relist now (the user pressed refresh, or an action finished). */
	async relist(): Promise<void> {
		if (this.isRelisting || this.stopped) return;
		this.isRelisting = true;
		try {
			const list = await this.source.listContainers({signal: this.abort.signal});
			this.store.replaceAll(list);
			if (!this.status.get().isConnected && this.streamAbort) this.markConnected(list.notice);
			else if (this.status.get().notice !== list.notice) this.status.set({...this.status.get(), notice: list.notice});
		} catch (error) {
			if (!this.stopped) this.markProblem(error);
		} finally {
			this.isRelisting = false;
		}
	}

	/** Marks containers for a targeted refresh (after an action on them, say). */
	touch(ids: Iterable<string>): void {
		for (const id of ids) this.dirty.add(id);
		this.scheduleFlush();
	}

	private scheduleRelist(): void {
		clearTimeout(this.relistTimer);
		if (this.stopped) return;
		this.relistTimer = setTimeout(() => void this.relist().then(() => this.scheduleRelist()), this.options.relistIntervalMs);
		this.relistTimer.unref?.();
	}

	private openStream(): void {
		if (this.stopped) return;
		const controller = new AbortController();
		this.streamAbort = controller;
		let opened = false;
		void this.source.streamEvents(
			{
				onEvent: event => {
					if (!opened) {
						opened = true;
					}
					this.handleEvent(event);
				},
				onClose: error => {
					if (controller.signal.aborted || this.stopped) return;
					this.markProblem(error ?? new Error('the engine closed the event stream'));
					this.scheduleReconnect();
				},
			},
			{signal: controller.signal},
		);
	}

	private scheduleReconnect(): void {
		clearTimeout(this.reconnectTimer);
		if (this.stopped) return;
		this.failures += 1;
		const ceiling = Math.min(this.options.reconnectMaxMs, this.options.reconnectBaseMs * 2 ** (this.failures - 1));
		// Full jitter: many dockdash instances on one host do not all knock at once.
		const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
		this.status.update(current => ({...current, retryAt: Date.now() + delay}));
		this.reconnectTimer = setTimeout(() => void this.reconnect(), delay);
	}

	private async reconnect(): Promise<void> {
		this.streamAbort?.abort();
		this.openStream();
		await this.relist();
		if (this.status.get().isConnected) this.options.onReconnect?.();
		else this.scheduleReconnect();
	}

	private markConnected(notice?: string): void {
		this.failures = 0;
		this.status.set(notice ? {isConnected: true, notice} : {isConnected: true});
	}

	private markProblem(error: unknown): void {
		this.status.set({isConnected: false, problem: this.options.describeError(error), retryAt: this.status.get().retryAt});
	}

	private handleEvent(event: EngineEvent): void {
		if (!this.status.get().isConnected) this.markConnected();
		this.options.onEvent?.(event);
		if (event.type !== 'container' || !event.id || IGNORED_ACTIONS.test(event.action)) return;
		if (event.action === 'destroy') {
			this.dirty.delete(event.id);
			this.store.remove(event.id);
			return;
		}
		this.dirty.add(event.id);
		this.scheduleFlush();
	}

	private scheduleFlush(): void {
		if (this.flushTimer || this.stopped) return;
		this.flushTimer = setTimeout(() => {
			this.flushTimer = undefined;
			void this.flush();
		}, this.options.throttleMs);
	}

	private async flush(): Promise<void> {
		if (this.isRefreshing) return; // the running refresh reschedules when it ends
		if (this.dirty.size === 0) return;
		const ids = [...this.dirty];
		this.dirty.clear();
		this.isRefreshing = true;
		try {
			const listed = await this.source.listContainers({ids, signal: this.abort.signal});
			this.store.applyRefresh(ids, listed);
		} catch (error) {
			if (this.stopped) return;
			// Put them back: the next flush or relist will pick them up.
			for (const id of ids) this.dirty.add(id);
			this.markProblem(error);
		} finally {
			this.isRefreshing = false;
			if (this.dirty.size > 0 && !this.stopped && this.status.get().isConnected) this.scheduleFlush();
		}
	}
}

/**
 * What the cleanup, volumes and networks panes read: the engine's objects with
 * their sizes, measured in the background (`docker system df` can take minutes
 * on a big host), and the prune that is running. It lives outside the panes, so
 * a user can leave while it measures or deletes and find the result on return.
 */
import {Observable} from './observable.js';
import type {Inventory, PlanItem, PrunePlan} from './prune-plan.js';

export interface PruneOutcome {
	removed: ReadonlyArray<{item: PlanItem; bytes: number}>;
	skipped: ReadonlyArray<{item: PlanItem; reason: string}>;
	failed: ReadonlyArray<{item: PlanItem; reason: string}>;
	reclaimedBytes: number;
	/** The part of reclaimedBytes taken from the preview's sizes, not from the engine's answer. */
	estimatedBytes?: number;
}

/** Where the objects come from and how a plan is carried out (the engine adapter, or a script in tests). */
export interface InventorySource {
	load: (signal: AbortSignal) => Promise<Inventory>;
	/** Log file sizes by container ID, where they can be read (a local engine). */
	logSizes?: (ids: readonly string[], signal: AbortSignal) => Promise<Map<string, number>>;
	execute: (plan: PrunePlan, onProgress: (done: number, total: number) => void) => Promise<PruneOutcome>;
	describeError: (error: unknown) => string;
}

export interface InventoryState {
	/** The last complete measurement; kept on screen while the next one runs. */
	inventory?: Inventory;
	loadedAt?: number;
	/** Set while a measurement runs: when it started. */
	loadingSince?: number;
	error?: string;
	logSizes: ReadonlyMap<string, number>;
	/** Set while a plan is being carried out. */
	running?: {done: number; total: number};
	lastOutcome?: PruneOutcome;
}

export class InventoryStore extends Observable<InventoryState> {
	private controller?: AbortController;

	constructor(private readonly source: InventorySource) {
		super({logSizes: new Map()});
	}

	/** Starts a measurement unless one is running (a second one would only slow the engine down). */
	refresh(): void {
		if (this.controller) return;
		const controller = new AbortController();
		this.controller = controller;
		this.update(state => ({...state, loadingSince: Date.now(), error: undefined}));
		void this.source
			.load(controller.signal)
			.then(async inventory => {
				this.update(state => ({...state, inventory, loadedAt: Date.now(), loadingSince: undefined}));
				if (this.source.logSizes) {
					const ids = inventory.containers.map(container => container.id);
					const logSizes = await this.source.logSizes(ids, controller.signal);
					if (!controller.signal.aborted) this.update(state => ({...state, logSizes}));
				}
			})
			.catch((error: unknown) => {
				if (!controller.signal.aborted) this.update(state => ({...state, loadingSince: undefined, error: this.source.describeError(error)}));
			})
			.finally(() => {
				if (this.controller === controller) this.controller = undefined;
			});
	}

	/** Loads when a pane shows it and the last measurement is missing or older than maxAgeMs. */
	ensureLoaded(maxAgeMs = 30_000, now = Date.now()): void {
		const state = this.get();
		if (state.loadingSince !== undefined || state.running) return;
		if (!state.loadedAt || now - state.loadedAt > maxAgeMs) this.refresh();
	}

	stop(): void {
		this.controller?.abort();
		this.controller = undefined;
	}

	/** Carries out the plan captured when the user confirmed, then measures again. */
	async execute(plan: PrunePlan): Promise<PruneOutcome> {
		this.update(state => ({...state, running: {done: 0, total: plan.remove.length}, lastOutcome: undefined}));
		try {
			const outcome = await this.source.execute(plan, (done, total) => this.update(state => ({...state, running: {done, total}})));
			this.update(state => ({...state, running: undefined, lastOutcome: outcome}));
			return outcome;
		} catch (error) {
			this.update(state => ({...state, running: undefined}));
			throw error;
		} finally {
			this.stop();
			this.refresh();
		}
	}
}

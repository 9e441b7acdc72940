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
	/** The cheap lists (no sizes) that engine events change: what the volumes and networks panes show. */
	relist?: (signal: AbortSignal) => Promise<InventoryLists>;
}

/** What a relist after an engine event brings: the objects, without the sizes a measurement takes long for. */
export type InventoryLists = Pick<Inventory, 'containers' | 'volumes' | 'networks'>;

/** Engine events that add or remove a volume or network, or change who uses one (issue 19). */
export function changesInventoryLists(event: {type: string; action: string}): boolean {
	if (event.type === 'volume') return event.action === 'create' || event.action === 'destroy';
	if (event.type === 'network') return ['create', 'destroy', 'connect', 'disconnect'].includes(event.action);
	if (event.type === 'container') return event.action === 'create' || event.action === 'destroy';
	return false;
}

/** The measured inventory with the fresh lists in: objects come and go, sizes stay as measured until the next measurement. */
export function mergeLists(inventory: Inventory, lists: InventoryLists): Inventory {
	const volumeSizes = new Map(inventory.volumes.map(volume => [volume.name, volume.size]));
	const containerSizes = new Map(inventory.containers.map(container => [container.id, container.size]));
	return {
		...inventory,
		containers: lists.containers.map(container => ({...container, size: containerSizes.get(container.id) ?? container.size})),
		volumes: lists.volumes.map(volume => ({...volume, size: volume.size ?? volumeSizes.get(volume.name)})),
		networks: lists.networks,
	};
}

/** How long events are gathered into one relist: a compose up creates a network, volumes and containers at once. */
export const RELIST_THROTTLE_MS = 150;

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
	private relistTimer?: ReturnType<typeof setTimeout>;
	private relisting?: AbortController;
	private isRelistDue = false;

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

	/**
	 * Follows the event stream as the container list does (issue 19): a volume or network created or
	 * removed shows without R. Events in a burst make one relist; a measurement running brings them anyway.
	 */
	handleEvent(event: {type: string; action: string}): void {
		if (this.source.relist && this.get().inventory && changesInventoryLists(event)) this.scheduleRelist();
	}

	private scheduleRelist(): void {
		if (this.relisting) {
			this.isRelistDue = true;
			return;
		}
		this.relistTimer ??= setTimeout(() => {
			this.relistTimer = undefined;
			this.relist();
		}, RELIST_THROTTLE_MS);
		this.relistTimer.unref?.();
	}

	private relist(): void {
		// A measurement or prune under way may have read the lists before the event: try again after it.
		if (this.controller || this.get().running) return this.scheduleRelist();
		const controller = new AbortController();
		this.relisting = controller;
		this.isRelistDue = false;
		void this.source.relist!(controller.signal)
			.then(lists => {
				// A measurement that started meanwhile will bring newer lists.
				if (controller.signal.aborted || this.controller) return;
				this.update(state => (state.inventory ? {...state, inventory: mergeLists(state.inventory, lists)} : state));
			})
			.catch(() => undefined) // the periodic measurement and R still work; a failed relist shows nothing wrong
			.finally(() => {
				if (this.relisting === controller) this.relisting = undefined;
				if (this.isRelistDue && !controller.signal.aborted) {
					this.isRelistDue = false;
					this.scheduleRelist();
				}
			});
	}

	/**
	 * Carries out the plan captured when the user confirmed, then measures again. Only a prune is
	 * the "last prune" Cleanup reports; removing one volume or network from its pane is not (issue 19).
	 */
	async execute(plan: PrunePlan, options: {isPrune?: boolean} = {}): Promise<PruneOutcome> {
		const isPrune = options.isPrune ?? true;
		this.update(state => ({...state, running: {done: 0, total: plan.remove.length}, ...(isPrune ? {lastOutcome: undefined} : {})}));
		try {
			const outcome = await this.source.execute(plan, (done, total) => this.update(state => ({...state, running: {done, total}})));
			this.update(state => ({...state, running: undefined, ...(isPrune ? {lastOutcome: outcome} : {})}));
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

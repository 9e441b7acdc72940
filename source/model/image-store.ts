/**
 * The live list of images. Loaded the first time something asks for it (the
 * images pane), then refreshed after image events (pull, tag, untag, delete,
 * load, import), throttled; a refresh that would overlap a running one is
 * folded into the next. Shared and unique sizes come from a second, slower
 * call (`docker system df`) that never holds the list back.
 */
import type {ImageDiskUsage, ImageList, ImageSummary} from './image-types.js';
import type {EngineEvent} from './types.js';
import type {ImageAnalysis} from './layers/analysis.js';
import type {LayerChanges} from './layers/layer-changes.js';
import {Observable} from './observable.js';
import type {PullTracker} from './pull-progress.js';

/** What the sync needs from the engine adapter; the real one is in source/docker/images.ts. */
export interface ImageSource {
	listImages(signal?: AbortSignal): Promise<ImageList>;
	diskUsage(signal?: AbortSignal): Promise<Map<string, ImageDiskUsage>>;
}

export interface ImageListState {
	images: readonly ImageSummary[];
	isLoaded: boolean;
	/** One line, when the last list failed. */
	problem?: string;
	/** One line, when the last list left entries out (no ID, a repeated ID: issue 17). */
	notice?: string;
}

function sameImage(a: ImageSummary, b: ImageSummary): boolean {
	return (
		a.size === b.size &&
		a.sharedSize === b.sharedSize &&
		a.uniqueSize === b.uniqueSize &&
		a.repoTags.length === b.repoTags.length &&
		a.repoTags.every((tag, index) => tag === b.repoTags[index]) &&
		a.repoDigests.length === b.repoDigests.length
	);
}

export class ImageStore extends Observable<ImageListState> {
	private usage = new Map<string, ImageDiskUsage>();

	constructor() {
		super({images: [], isLoaded: false});
	}

	/** Replaces the list; unchanged images keep their object identity (memoized rows stay memoized). */
	replaceAll(list: readonly ImageSummary[], notice?: string): void {
		const old = new Map(this.get().images.map(image => [image.id, image]));
		let changed = !this.get().isLoaded || list.length !== old.size;
		const next = list.map(raw => {
			const fresh = this.withUsage(raw);
			const previous = old.get(fresh.id);
			if (previous && sameImage(previous, fresh)) return previous;
			changed = true;
			return fresh;
		});
		if (changed || this.get().problem || this.get().notice !== notice) this.set(notice ? {images: next, isLoaded: true, notice} : {images: next, isLoaded: true});
	}

	setUsage(usage: Map<string, ImageDiskUsage>): void {
		this.usage = usage;
		this.replaceAll(this.get().images, this.get().notice);
	}

	setProblem(problem: string): void {
		this.set({...this.get(), problem});
	}

	getById(id: string): ImageSummary | undefined {
		return this.get().images.find(image => image.id === id);
	}

	private withUsage(image: ImageSummary): ImageSummary {
		const usage = this.usage.get(image.id);
		if (!usage) return image;
		if (image.sharedSize === usage.sharedSize && image.uniqueSize === usage.uniqueSize) return image;
		return {...image, sharedSize: usage.sharedSize, uniqueSize: usage.uniqueSize};
	}
}

// Image events that change what `docker images` lists.
const LIST_ACTIONS: ReadonlySet<string> = new Set(['pull', 'tag', 'untag', 'delete', 'import', 'load', 'create', 'prune']);

export class ImageSync {
	private isStarted = false;
	private isRefreshing = false;
	private isPending = false;
	private stopped = false;
	private timer: NodeJS.Timeout | undefined;
	private retryTimer: NodeJS.Timeout | undefined;
	private readonly abort = new AbortController();

	constructor(
		private readonly source: ImageSource,
		readonly store: ImageStore,
		/** retryMs: a failed list is tried again after this long (issue 17: an engine that answered badly once). */
		private readonly options: {throttleMs?: number; retryMs?: number; describeError?: (error: unknown) => string} = {},
	) {}

	/** Loads the list the first time; later calls return at once. */
	async ensureStarted(): Promise<void> {
		if (this.isStarted) return;
		this.isStarted = true;
		await this.refresh();
	}

	stop(): void {
		this.stopped = true;
		this.abort.abort();
		clearTimeout(this.timer);
		clearTimeout(this.retryTimer);
	}

	/** Feed for the container sync's event stream (services.ts wires it). */
	handleEvent(event: EngineEvent): void {
		if (!this.isStarted || this.stopped) return;
		// A commit makes an image; a container's destroy can leave one dangling.
		const isImageChange = event.type === 'image' ? LIST_ACTIONS.has(event.action) : event.type === 'container' && event.action === 'commit';
		if (isImageChange) this.schedule();
	}

	/** After the event stream reconnected: events may have been missed, so relist if anyone is looking. */
	resync(): void {
		if (this.isStarted) void this.refresh();
	}

	/** Relists now (after a reconnect, an action, or ctrl+r); overlapping calls fold into one more run. */
	async refresh(): Promise<void> {
		if (this.stopped) return;
		if (this.isRefreshing) {
			this.isPending = true;
			return;
		}
		this.isRefreshing = true;
		clearTimeout(this.retryTimer);
		try {
			const images = await this.source.listImages(this.abort.signal);
			this.store.replaceAll(images, images.notice);
			// Without df the sizes stay as they were: a slow or failed df must not blank them.
			const usage = await this.source.diskUsage(this.abort.signal).catch(() => undefined);
			if (usage) this.store.setUsage(usage);
		} catch (error) {
			if (!this.stopped) {
				this.store.setProblem(this.options.describeError?.(error) ?? String((error as Error)?.message ?? error));
				// No event may ever come to relist (the engine is connected, its list answer was bad): try again by itself.
				this.retryTimer = setTimeout(() => void this.refresh(), this.options.retryMs ?? 5000);
				this.retryTimer.unref?.();
			}
		} finally {
			this.isRefreshing = false;
			if (this.isPending && !this.stopped) {
				this.isPending = false;
				this.schedule();
			}
		}
	}

	private schedule(): void {
		if (this.timer || this.stopped) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.refresh();
		}, this.options.throttleMs ?? 100);
	}
}

/** Where an image export is, for the explorer's progress line (source/docker/image-archive.ts reports it). */
export interface LayerLoadProgress {
	phase: 'preparing' | 'streaming' | 'done';
	bytesRead: number;
	expectedBytes?: number;
	layersRead: number;
}

/** An image read for the layer explorer: per-layer changes (oldest first) and the analysis of them. */
export interface LoadedLayers {
	layers: LayerChanges[];
	analysis: ImageAnalysis;
	/** `os/architecture[/variant]` of the image that was read, when known. */
	platform?: string;
	/** Every platform the engine holds the image for: more than one for a multi-platform image (containerd store). */
	platforms?: readonly string[];
}

/**
 * Exports an image and analyses it (one platform of a multi-platform image when `platform` is given, else the
 * engine's choice); rejects with a one-line error, or the abort when cancelled.
 */
export type LayerLoader = (
	imageId: string,
	options: {signal: AbortSignal; onProgress: (progress: LayerLoadProgress) => void; platform?: string},
) => Promise<LoadedLayers>;

/** The platform after `current` in the image's list, round to the first; undefined when there is no other. */
export function nextPlatform(platforms: readonly string[] | undefined, current: string | undefined): string | undefined {
	if (!platforms || platforms.length < 2) return undefined;
	const index = current === undefined ? -1 : platforms.indexOf(current);
	return platforms[(index + 1) % platforms.length];
}

/** What panes reach through services.images. */
export interface ImageServices {
	/** Reads an image's layers for the explorer. */
	loadLayers: LayerLoader;
	store: ImageStore;
	sync: ImageSync;
	pulls: PullTracker;
	/** The running (or last) push, shown with the same bars (issue 13); absent under --read-only. */
	pushes?: PullTracker;
	/** The image the layer explorer shows: set by the images pane's "open layers". */
	explore: Observable<{id: string; ref: string} | undefined>;
}

/**
 * Resolves once the store lists the image `id` (true), or after `timeoutMs` (false): a pane that jumps to an image
 * just made (a commit, issue 13) waits for the relist, so the Images pane never opens on a list without it.
 */
export function whenListed(store: ImageStore, id: string, timeoutMs = 10_000): Promise<boolean> {
	const isListed = () => store.get().images.some(image => image.id === id);
	if (isListed()) return Promise.resolve(true);
	return new Promise(resolve => {
		const timer = setTimeout(() => {
			unsubscribe();
			resolve(false);
		}, timeoutMs);
		const unsubscribe = store.subscribe(() => {
			if (!isListed()) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(true);
		});
	});
}

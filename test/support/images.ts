/** Image services for component tests: a scripted image source and a scripted puller (no engine). */
import type {ImageDiskUsage, ImageSummary, PullMessage} from '../../source/model/image-types.js';
import {
	type ImageServices,
	type ImageSource,
	ImageStore,
	ImageSync,
	type LayerLoader,
	type LayerLoadProgress,
	type LoadedLayers,
} from '../../source/model/image-store.js';
import {Observable} from '../../source/model/observable.js';
import {PullTracker} from '../../source/model/pull-progress.js';

let counter = 0;

/** An image summary; IDs are unique per call unless given. */
export function imageSummary(overrides: Partial<ImageSummary> = {}): ImageSummary {
	counter += 1;
	return {
		id: `sha256:${counter.toString(16).padStart(64, 'b')}`,
		repoTags: [`app${counter}:latest`],
		repoDigests: [],
		parentId: '',
		created: 1_700_000_000,
		size: 5_000_000,
		labels: {},
		...overrides,
	};
}

export class ScriptedImages implements ImageSource {
	usage = new Map<string, ImageDiskUsage>();
	constructor(public images: ImageSummary[] = []) {}
	async listImages(): Promise<ImageSummary[]> {
		return [...this.images];
	}
	async diskUsage(): Promise<Map<string, ImageDiskUsage>> {
		return this.usage;
	}
}

/** A pull that plays back the given messages, then waits for `release` (or the abort). */
export class ScriptedPull {
	messages: PullMessage[] = [];
	failWith: string | undefined;
	private release: (() => void) | undefined;
	pulled: string[] = [];
	finish(): void {
		this.release?.();
	}
	pull = async (ref: string, options: {signal: AbortSignal; onMessage: (message: PullMessage) => void}): Promise<void> => {
		this.pulled.push(ref);
		for (const message of this.messages) options.onMessage(message);
		await new Promise<void>((resolve, reject) => {
			this.release = resolve;
			options.signal.addEventListener('abort', () => reject(new Error('pull cancelled')), {once: true});
		});
		if (this.failWith) throw new Error(this.failWith);
	};
}

/** A layer loader that reports the given progress, then waits for `resolve` or `reject` (or the abort). */
export class ScriptedLayers {
	progress: LayerLoadProgress[] = [];
	requested: string[] = [];
	private settle: {resolve: (value: LoadedLayers) => void; reject: (error: Error) => void} | undefined;
	resolve(value: LoadedLayers): void {
		this.settle?.resolve(value);
	}
	reject(error: Error): void {
		this.settle?.reject(error);
	}
	load: LayerLoader = async (imageId, options) => {
		this.requested.push(imageId);
		for (const progress of this.progress) options.onProgress(progress);
		return new Promise<LoadedLayers>((resolve, reject) => {
			this.settle = {resolve, reject};
			options.signal.addEventListener('abort', () => reject(new Error('cancelled')), {once: true});
		});
	};
}

export function scriptedImageServices(images: ImageSummary[] = []): ImageServices & {source: ScriptedImages; puller: ScriptedPull; layers: ScriptedLayers} {
	const source = new ScriptedImages(images);
	const puller = new ScriptedPull();
	const sync = new ImageSync(source, new ImageStore(), {throttleMs: 5});
	const pulls = new PullTracker(puller.pull, {publishMs: 5, onFinished: () => void sync.refresh()});
	const layers = new ScriptedLayers();
	return {loadLayers: layers.load, store: sync.store, sync, pulls, explore: new Observable<{id: string; ref: string} | undefined>(undefined), source, puller, layers};
}

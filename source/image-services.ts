/** Wires the image adapter to the image store, its sync and the pull tracker (see services.ts). */
import type {Engine} from './docker/engine.js';
import {describeEngineError} from './docker/errors.js';
import {analyseArchive, readImageFromEngine} from './docker/image-archive.js';
import {engineImageSource, pullImage} from './docker/images.js';
import {type ImageServices, ImageStore, ImageSync} from './model/image-store.js';
import {Observable} from './model/observable.js';
import {PullTracker} from './model/pull-progress.js';
import {UserFacingError} from './model/ports.js';
import {pushWithCredentials} from './registry-credentials.js';

export function createImageServices(engine: Engine): ImageServices {
	const describeError = (error: unknown) => describeEngineError(error, engine.endpoint);
	const sync = new ImageSync(engineImageSource(engine), new ImageStore(), {describeError});
	const pulls = new PullTracker((ref, options) => pullImage(engine, ref, options), {
		describeError,
		// The pull event refreshes the list too; this covers an engine that sent none.
		onFinished: () => void sync.refresh(),
	});
	return {
		loadLayers: async (imageId, options) => {
			const archive = await readImageFromEngine(engine, imageId, options);
			return {layers: archive.layers, analysis: analyseArchive(archive), platform: archive.platform, platforms: archive.platforms};
		},
		store: sync.store,
		sync,
		pulls,
		pushes: engine.isReadOnly
			? undefined
			: new PullTracker((ref, options) => pushWithCredentials(engine, ref, options), {
					kind: 'push',
					// The credentials' lines are already the one line to show; the rest is the engine's.
					describeError: error => (error instanceof UserFacingError ? error.message : describeError(error)),
				}),
		explore: new Observable<{id: string; ref: string} | undefined>(undefined),
	};
}

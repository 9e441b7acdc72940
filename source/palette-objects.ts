/**
 * What the command palette searches besides commands (issue 20): the images,
 * volumes and networks of every engine, listed when the palette opens, so
 * they are found without visiting their pane first, and with several engines
 * each labelled with its engine. Lists are plain list calls (no disk usage).
 */
import {listInventoryObjects} from './docker/cleanup.js';
import type {Engine} from './docker/engine.js';
import {describeEngineError} from './docker/errors.js';
import {listImages} from './docker/images.js';
import type {ImageSummary} from './docker/image-types.js';
import {Observable} from './model/observable.js';
import type {InventoryNetwork, InventoryVolume} from './model/prune-plan.js';

export interface EngineObjects {
	/** The engine's name in the Engines pane; undefined with one engine. */
	engineName?: string;
	engine: Engine;
	images: readonly ImageSummary[];
	volumes: readonly InventoryVolume[];
	networks: readonly InventoryNetwork[];
	/** Why the engine's objects are missing, when listing failed. */
	problem?: string;
}

/** Lists every engine's objects at once; each engine's answer shows as it arrives, a failed one with its problem. */
export function loadPaletteObjects(engines: ReadonlyArray<{name?: string; engine: Engine}>): {objects: Observable<readonly EngineObjects[]>; stop: () => void} {
	const controller = new AbortController();
	const objects = new Observable<readonly EngineObjects[]>([]);
	for (const {name, engine} of engines) {
		void Promise.all([listImages(engine, controller.signal), listInventoryObjects(engine, controller.signal)]).then(
			([images, {volumes, networks}]) => {
				if (!controller.signal.aborted) objects.set([...objects.get(), {engineName: name, engine, images, volumes, networks}]);
			},
			(error: unknown) => {
				if (!controller.signal.aborted) objects.set([...objects.get(), {engineName: name, engine, images: [], volumes: [], networks: [], problem: describeEngineError(error, engine.endpoint)}]);
			},
		);
	}
	return {objects, stop: () => controller.abort()};
}

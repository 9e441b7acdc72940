/**
 * What the command palette searches besides commands (issue 20): the images,
 * volumes and networks of every engine, listed when the palette opens, so
 * they are found without visiting their pane first, and with several engines
 * each labelled with its engine. Lists are plain list calls (no disk usage).
 */
import type {ImageSummary} from './image-types.js';
import {Observable} from './observable.js';
import type {EnginePorts} from './ports.js';
import type {InventoryNetwork, InventoryVolume} from './prune-plan.js';

export interface EngineObjects {
	/** The engine's name in the Engines pane; undefined with one engine. */
	engineName?: string;
	engine: EnginePorts;
	images: readonly ImageSummary[];
	volumes: readonly InventoryVolume[];
	networks: readonly InventoryNetwork[];
	/** Why the engine's objects are missing, when listing failed. */
	problem?: string;
}

/** Lists every engine's objects at once; each engine's answer shows as it arrives, a failed one with its problem. */
export function loadPaletteObjects(engines: ReadonlyArray<{name?: string; engine: EnginePorts}>): {objects: Observable<readonly EngineObjects[]>; stop: () => void} {
	const controller = new AbortController();
	const objects = new Observable<readonly EngineObjects[]>([]);
	for (const {name, engine} of engines) {
		void engine.objects.list(controller.signal).then(
			({images, volumes, networks}) => {
				if (!controller.signal.aborted) objects.set([...objects.get(), {engineName: name, engine, images, volumes, networks}]);
			},
			(error: unknown) => {
				if (!controller.signal.aborted) objects.set([...objects.get(), {engineName: name, engine, images: [], volumes: [], networks: [], problem: engine.describeError(error)}]);
			},
		);
	}
	return {objects, stop: () => controller.abort()};
}

/** `docker system df -v` as plain code: totals per type, and every object by size or age. */
import {DEFAULT_PROTECT_LABEL, type Inventory, isDanglingImage, isProtected, isStoppedState, type PrunePlan, type ProtectLabel} from './prune-plan.js';

export interface UsageRow {
	type: string;
	count: number;
	active: number;
	size: number;
	reclaimable: number;
}

export interface UsageItem {
	kind: 'image' | 'container' | 'volume' | 'build cache' | 'log';
	id: string;
	name: string;
	size: number;
	/** Unix seconds, when known. */
	created?: number;
}

/**
 * One row per type, with what is in use (active) and what a prune could free
 * (reclaimable), computed as the docker CLI computes `docker system df`
 * (issue 12): images take the engine's LayersSize, so layers shared by several
 * images count once, and their reclaimable bytes are that size less the unique
 * bytes of every image that stays. What stays is what the engine counts in use
 * plus what carries the protect label, which no cleanup frees (issue 22); with
 * nothing protected the figures are docker's own.
 */
export function summarizeUsage(inventory: Inventory, logSizes: ReadonlyMap<string, number>, protect: ProtectLabel = DEFAULT_PROTECT_LABEL): UsageRow[] {
	const usedImages = new Set(inventory.containers.map(container => container.imageId));
	const usedVolumes = new Set(inventory.containers.flatMap(container => container.volumes));
	const images = inventory.images.filter(image => !image.isIntermediate);
	const unique = (image: Inventory['images'][number]) => image.size - Math.max(0, image.sharedSize ?? 0);
	const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);
	// Podman reports no LayersSize and whole sizes per image: their sum is its own `system df` total.
	const imagesSize = inventory.layersSize ?? sum(images, unique);
	const stayingImages = images.filter(image => usedImages.has(image.id) || isProtected(image.labels, protect));
	const isFreeable = (labels: Record<string, string>) => !isProtected(labels, protect);
	const rows: UsageRow[] = [
		{
			type: 'Images',
			count: images.length,
			active: images.filter(image => usedImages.has(image.id)).length,
			size: imagesSize,
			reclaimable: Math.max(0, imagesSize - sum(stayingImages, unique)),
		},
		{
			type: 'Containers',
			count: inventory.containers.length,
			active: inventory.containers.filter(container => !isStoppedState(container.state)).length,
			size: sum(inventory.containers, container => container.size ?? 0),
			reclaimable: sum(inventory.containers.filter(container => isStoppedState(container.state) && isFreeable(container.labels)), container => container.size ?? 0),
		},
		{
			type: 'Local volumes',
			count: inventory.volumes.length,
			active: inventory.volumes.filter(volume => usedVolumes.has(volume.name)).length,
			size: sum(inventory.volumes, volume => volume.size ?? 0),
			reclaimable: sum(inventory.volumes.filter(volume => !usedVolumes.has(volume.name) && isFreeable(volume.labels)), volume => volume.size ?? 0),
		},
		// An engine with no build cache (Podman) gets no row of zeros: the pane says it is unsupported.
		...(inventory.unsupported?.buildCache ? [] : [{
			type: 'Build cache',
			count: inventory.buildCache.length,
			active: inventory.buildCache.filter(record => record.isInUse).length,
			size: sum(inventory.buildCache, record => record.size),
			reclaimable: sum(inventory.buildCache.filter(record => !record.isInUse && !record.isShared), record => record.size),
		}]),
	];
	if (logSizes.size > 0) {
		// Logs are freed only with their container; `docker system df` does not count them at all.
		const stopped = new Set(inventory.containers.filter(container => isStoppedState(container.state)).map(container => container.id));
		rows.push({
			type: 'Container logs',
			count: logSizes.size,
			active: [...logSizes.keys()].filter(id => !stopped.has(id)).length,
			size: sum([...logSizes.values()], size => size),
			reclaimable: sum([...logSizes.entries()].filter(([id]) => stopped.has(id)), ([, size]) => size),
		});
	}
	return rows;
}

const PLAN_TYPES: Record<string, string> = {image: 'Images', container: 'Containers', volume: 'Local volumes', buildCache: 'Build cache'};

/**
 * What the plan on screen frees, per row of the usage table: RECLAIMABLE says
 * what any prune could free, this what a prune of the selected kinds, with the
 * filters on screen, frees (issue 22). A container's log file goes with it.
 */
export function planBytesByType(plan: Pick<PrunePlan, 'remove'>, logSizes: ReadonlyMap<string, number>): Map<string, number> {
	const bytes = new Map<string, number>();
	const add = (type: string | undefined, size: number | undefined) => {
		if (type) bytes.set(type, (bytes.get(type) ?? 0) + (size ?? 0));
	};
	for (const item of plan.remove) {
		add(PLAN_TYPES[item.kind], item.size);
		if (item.kind === 'container' && logSizes.has(item.id)) add('Container logs', logSizes.get(item.id));
	}
	return bytes;
}

/** Every measured object, for the "what takes the disk" list. */
export function usageItems(inventory: Inventory, logSizes: ReadonlyMap<string, number>): UsageItem[] {
	const names = new Map(inventory.containers.map(container => [container.id, container.name]));
	return [
		...inventory.images.filter(image => !image.isIntermediate).map(image => ({kind: 'image' as const, id: image.id, name: isDanglingImage(image) ? '<none>' : image.tags.join(', '), size: image.size - Math.max(0, image.sharedSize ?? 0), created: image.created})),
		...inventory.containers.map(container => ({kind: 'container' as const, id: container.id, name: container.name, size: container.size ?? 0, created: container.created})),
		...inventory.volumes.map(volume => ({kind: 'volume' as const, id: volume.name, name: volume.isAnonymous ? '(anonymous)' : volume.name, size: volume.size ?? 0, created: volume.created})),
		...inventory.buildCache.map(record => ({kind: 'build cache' as const, id: record.id, name: record.description || record.type, size: record.size, created: record.created})),
		...[...logSizes.entries()].map(([id, size]) => ({kind: 'log' as const, id, name: `${names.get(id) ?? id.slice(0, 12)} log`, size})),
	];
}

export type UsageSort = 'size' | 'age';

/** Largest first, or oldest first. */
export function sortUsageItems(items: readonly UsageItem[], sort: UsageSort): UsageItem[] {
	return [...items].sort((a, b) => (sort === 'size' ? b.size - a.size : (a.created ?? Infinity) - (b.created ?? Infinity)) || a.name.localeCompare(b.name));
}

/**
 * Prune plans, as plain code: from the engine's objects and the user's choices,
 * the exact list of what goes (and what it frees) and of what stays and why.
 * The adapter (source/docker/cleanup.ts) then deletes exactly the plan's IDs,
 * never running a blind engine-side prune that could catch objects created or
 * stopped after the user saw the preview (issue 5).
 */

/** What the user may choose to prune. `images` means every unused image, tagged or not. */
export type PruneKind = 'containers' | 'dangling' | 'images' | 'volumes' | 'networks' | 'buildCache';

export const PRUNE_KINDS: readonly PruneKind[] = ['containers', 'dangling', 'images', 'volumes', 'networks', 'buildCache'];

export type ObjectKind = 'container' | 'image' | 'volume' | 'network' | 'buildCache';

export interface InventoryContainer {
	id: string;
	name: string;
	state: string;
	/** With the state `unknown`: what the engine answered instead (model/container-state.ts); it is kept, never pruned. */
	stateAnswer?: string;
	imageId: string;
	labels: Record<string, string>;
	/** Unix seconds. */
	created: number;
	/** Writable layer size in bytes, when the engine measured it. */
	size?: number;
	/** Names of the volumes it mounts. */
	volumes: readonly string[];
	/**
	 * The networks it is attached to, by ID and by name: a container created but
	 * never started names its networks only by name (the engine gives no
	 * NetworkID until it starts), and it still needs them (issue 22).
	 */
	networks: readonly string[];
}

export interface InventoryImage {
	id: string;
	tags: readonly string[];
	parentId?: string;
	labels: Record<string, string>;
	created: number;
	size: number;
	/** Bytes shared with other images; what removing it frees is size minus this. */
	sharedSize?: number;
	/**
	 * An untagged image other images are built on (legacy builder), which
	 * `docker images` and `docker system df` do not list: it goes only with its
	 * children, as `docker image prune` takes the untagged parent chain along.
	 */
	isIntermediate?: boolean;
}

export interface InventoryVolume {
	name: string;
	driver: string;
	mountpoint: string;
	labels: Record<string, string>;
	created?: number;
	/** Bytes, when the engine measured it (local driver only). */
	size?: number;
	isAnonymous: boolean;
}

export interface InventoryNetwork {
	id: string;
	name: string;
	driver: string;
	scope: string;
	subnets: readonly string[];
	labels: Record<string, string>;
	created?: number;
}

export interface InventoryBuildCache {
	id: string;
	type: string;
	description: string;
	size: number;
	isInUse: boolean;
	isShared: boolean;
	created?: number;
	lastUsed?: number;
}

/** A swarm service, for the networks it needs (spec and tasks on every node): they are in use. */
export interface InventoryService {
	name: string;
	/** Network IDs or names, from TaskTemplate.Networks, the legacy Spec.Networks and its tasks' attachments. */
	networks: readonly string[];
}

/** Everything on the engine that a plan may look at. */
export interface Inventory {
	containers: readonly InventoryContainer[];
	images: readonly InventoryImage[];
	volumes: readonly InventoryVolume[];
	networks: readonly InventoryNetwork[];
	buildCache: readonly InventoryBuildCache[];
	/** On a swarm manager: its services, whose networks are in use even with no task on this node. */
	services?: readonly InventoryService[];
	/**
	 * Set on a swarm node that is not a manager: it cannot see services or
	 * tasks of other nodes, so its swarm-scoped networks cannot be known unused.
	 */
	swarmWorker?: boolean;
	/** The bytes of every image layer on disk, as `docker system df` counts them (the engine's LayersSize). */
	layersSize?: number;
	/** Kinds the engine does not have (Podman has no build cache), with the line to show instead. */
	unsupported?: {buildCache?: string};
	/** A line about the measurement itself (sizes left out because the engine lost an object while counting). */
	notice?: string;
}

/** `label=key`, `label=key=value`, `label!=key`, `label!=key=value`. */
export interface LabelFilter {
	key: string;
	value?: string;
	isNegated: boolean;
}

export interface ProtectLabel {
	key: string;
	value: string;
}

export const DEFAULT_PROTECT_LABEL: ProtectLabel = {key: 'dockdash.protect', value: 'true'};

export interface PruneOptions {
	kinds: ReadonlySet<PruneKind>;
	/**
	 * Which unused volumes go: anonymous ones only, or named ones too. Said
	 * explicitly because engines before API 1.42 prune named volumes as well; the
	 * plan decides here, whatever the engine would do.
	 */
	volumeScope: 'anonymous' | 'all';
	/** Only objects created before this time (Unix seconds). */
	until?: number;
	labels: readonly LabelFilter[];
	protect: ProtectLabel;
	/**
	 * How the user includes named volumes where the plan is shown, for the note
	 * that says they are kept ("--named-volumes", or the Cleanup pane's key from
	 * the keymap): said by the caller, so it names the key that really does it.
	 */
	namedVolumesHint?: string;
}

export interface PlanItem {
	kind: ObjectKind;
	/** What the adapter deletes by: the full ID (the name for volumes). */
	id: string;
	name: string;
	/** Bytes freed, when known. */
	size?: number;
	labels: Record<string, string>;
	/** Why it goes, when not obvious (e.g. "only used by containers in this plan"). */
	note?: string;
	/** Images: the tags it had in the preview; a tag added or removed since is a change (issue 22). */
	tags?: readonly string[];
	/** Volumes: when the previewed volume was made (Unix seconds); one made again under its name is another volume. */
	created?: number;
}

export interface KeptItem {
	kind: ObjectKind;
	id: string;
	name: string;
	reason: string;
}

export interface PrunePlan {
	/** In the order they must be deleted: containers before the images, volumes and networks they use. */
	remove: PlanItem[];
	kept: KeptItem[];
	totalBytes: number;
	/** Whether some sizes were unknown, so the total is a lower bound. */
	isTotalPartial: boolean;
	notes: string[];
}

/** Networks the engine makes itself; never removable. */
const SYSTEM_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'ingress', 'docker_gwbridge']);

/** States in which a container is stopped for good; everything else is alive or in transition. */
const STOPPED_STATES: ReadonlySet<string> = new Set(['exited', 'created', 'dead']);

export function isStoppedState(state: string): boolean {
	return STOPPED_STATES.has(state);
}

export function isSystemNetwork(name: string): boolean {
	return SYSTEM_NETWORKS.has(name);
}

export function isProtected(labels: Record<string, string> | undefined, protect: ProtectLabel): boolean {
	return labels?.[protect.key] === protect.value;
}

/** An image with no tag left (or only the `<none>:<none>` placeholder the engine reports). */
export function isDanglingImage(image: Pick<InventoryImage, 'tags'>): boolean {
	return image.tags.every(tag => tag === '<none>:<none>' || tag === '');
}

/** Parses `label=key`, `label=key=value`, `label!=key`, `label!=key=value`; throws a one-line error otherwise. */
export function parseLabelFilter(text: string): LabelFilter {
	const match = /^label(!?)=(.*)$/.exec(text.trim());
	if (!match) throw new Error(`unsupported filter "${text}": use label=KEY, label=KEY=VALUE, label!=KEY or label!=KEY=VALUE`);
	const body = match[2]!;
	const equals = body.indexOf('=');
	const key = equals === -1 ? body : body.slice(0, equals);
	if (!key) throw new Error(`filter "${text}" names no label`);
	return {key, value: equals === -1 ? undefined : body.slice(equals + 1), isNegated: match[1] === '!'};
}

export function parseProtectLabel(text: string): ProtectLabel {
	const equals = text.indexOf('=');
	if (equals <= 0) throw new Error(`protect label "${text}" must be KEY=VALUE, such as dockdash.protect=true`);
	return {key: text.slice(0, equals), value: text.slice(equals + 1)};
}

/** The protect label from the configuration; a bad one falls back to the default rather than to none. */
export function protectLabelOf(text: string | undefined): ProtectLabel {
	try {
		return text ? parseProtectLabel(text) : DEFAULT_PROTECT_LABEL;
	} catch {
		return DEFAULT_PROTECT_LABEL;
	}
}

export {parseUntil} from './until.js';

function labelsMatch(labels: Record<string, string>, filters: readonly LabelFilter[]): string | undefined {
	for (const filter of filters) {
		const has = Object.hasOwn(labels, filter.key) && (filter.value === undefined || labels[filter.key] === filter.value);
		const text = filter.value === undefined ? filter.key : `${filter.key}=${filter.value}`;
		if (filter.isNegated && has) return `has label ${text}`;
		if (!filter.isNegated && !has) return `lacks label ${text}`;
	}
	return undefined;
}

/** Why an object fails the common filters (protect, labels, until), or undefined when it passes. */
function commonReason(labels: Record<string, string>, created: number | undefined, options: PruneOptions): string | undefined {
	if (isProtected(labels, options.protect)) return `protected (${options.protect.key}=${options.protect.value})`;
	const label = labelsMatch(labels, options.labels);
	if (label) return label;
	if (options.until !== undefined && (created === undefined || created >= options.until)) return 'newer than --until';
	return undefined;
}

function imageName(image: InventoryImage): string {
	return isDanglingImage(image) ? '<none>' : image.tags.join(', ');
}

function containerNames(ids: Iterable<string>, byId: Map<string, InventoryContainer>): string {
	return [...ids].map(id => byId.get(id)?.name ?? id.slice(0, 12)).join(', ');
}

/**
 * Computes the exact plan. An object used by a container stays unless every
 * container using it is itself in this plan (then it goes after them, as
 * `docker system prune` would do); running, paused and restarting containers,
 * default networks and protected objects always stay.
 */
export function computePrunePlan(inventory: Inventory, options: PruneOptions): PrunePlan {
	const remove: PlanItem[] = [];
	const kept: KeptItem[] = [];
	const notes: string[] = [];
	const containersById = new Map(inventory.containers.map(container => [container.id, container]));
	const going = new Set<string>();

	if (options.kinds.has('containers')) {
		for (const container of inventory.containers) {
			const keep = (reason: string) => kept.push({kind: 'container', id: container.id, name: container.name, reason});
			if (!isStoppedState(container.state)) {
				keep(container.state === 'unknown' ? `state unknown: the engine answered ${container.stateAnswer ?? 'no state'}` : container.state);
				continue;
			}
			const reason = commonReason(container.labels, container.created, options);
			if (reason) {
				keep(reason);
				continue;
			}
			going.add(container.id);
			remove.push({kind: 'container', id: container.id, name: container.name, size: container.size, labels: container.labels});
		}
	}
	// Users that stay after the plan: the reason an object is in use.
	const stayingUsers = (isUser: (container: InventoryContainer) => boolean) =>
		inventory.containers.filter(container => isUser(container) && !going.has(container.id)).map(container => container.id);
	const goingUsers = (isUser: (container: InventoryContainer) => boolean) =>
		inventory.containers.filter(container => isUser(container) && going.has(container.id)).map(container => container.id);

	if (options.kinds.has('images') || options.kinds.has('dangling')) planImages(inventory, options, {remove, kept, stayingUsers, goingUsers, containersById});

	if (options.kinds.has('volumes') && options.until !== undefined) {
		// `docker volume prune` refuses the until filter (a volume's age says nothing of its use):
		// no volume goes on an age the user gave for the other kinds.
		notes.push('volumes: until does not apply to volumes (docker volume prune refuses it too), so none is included; prune them without until');
		for (const volume of inventory.volumes) kept.push({kind: 'volume', id: volume.name, name: volume.name, reason: 'until does not apply to volumes'});
	} else if (options.kinds.has('volumes')) {
		notes.push(
			options.volumeScope === 'all'
				? 'volumes: unused named AND anonymous volumes are included'
				: `volumes: only unused anonymous volumes; named volumes are kept${options.namedVolumesHint ? ` (${options.namedVolumesHint} includes them)` : ''}`,
		);
		for (const volume of inventory.volumes) {
			const keep = (reason: string) => kept.push({kind: 'volume', id: volume.name, name: volume.name, reason});
			const users = stayingUsers(container => container.volumes.includes(volume.name));
			if (users.length > 0) {
				keep(`used by ${containerNames(users, containersById)}`);
				continue;
			}
			if (!volume.isAnonymous && options.volumeScope === 'anonymous') {
				keep('named volume (only anonymous volumes chosen)');
				continue;
			}
			const reason = commonReason(volume.labels, volume.created, options);
			if (reason) {
				keep(reason);
				continue;
			}
			const planned = goingUsers(container => container.volumes.includes(volume.name));
			remove.push({
				kind: 'volume',
				id: volume.name,
				name: volume.name,
				size: volume.size,
				labels: volume.labels,
				created: volume.created,
				note: planned.length > 0 ? `used only by ${containerNames(planned, containersById)}, removed first` : undefined,
			});
		}
	}

	if (options.kinds.has('networks')) {
		for (const network of inventory.networks) {
			const keep = (reason: string) => kept.push({kind: 'network', id: network.id, name: network.name, reason});
			if (isSystemNetwork(network.name)) {
				keep('default network');
				continue;
			}
			const users = stayingUsers(container => container.networks.includes(network.id) || container.networks.includes(network.name));
			if (users.length > 0) {
				keep(`used by ${containerNames(users, containersById)}`);
				continue;
			}
			const services = (inventory.services ?? []).filter(service => service.networks.includes(network.id) || service.networks.includes(network.name));
			if (services.length > 0) {
				keep(`used by service ${services.map(service => service.name).join(', ')}`);
				continue;
			}
			if (inventory.swarmWorker && network.scope === 'swarm') {
				keep('swarm network: only a manager knows whether a service uses it');
				continue;
			}
			const reason = commonReason(network.labels, network.created, options);
			if (reason) {
				keep(reason);
				continue;
			}
			remove.push({kind: 'network', id: network.id, name: network.name, size: 0, labels: network.labels});
		}
	}

	if (options.kinds.has('buildCache')) {
		if (options.labels.some(filter => !filter.isNegated)) notes.push('build cache: records have no labels, so a label= filter keeps all of them');
		for (const record of inventory.buildCache) {
			const name = record.description || record.type;
			const keep = (reason: string) => kept.push({kind: 'buildCache', id: record.id, name, reason});
			if (record.isInUse) {
				keep('in use by a build');
				continue;
			}
			// Build cache has no labels: a "label=" filter keeps it, a "label!=" one does not.
			const reason = commonReason({}, record.lastUsed ?? record.created, options);
			if (reason) {
				keep(reason);
				continue;
			}
			remove.push({kind: 'buildCache', id: record.id, name, size: record.isShared ? 0 : record.size, labels: {}});
		}
	}

	let totalBytes = 0;
	let isTotalPartial = false;
	for (const item of remove) {
		if (item.size === undefined) isTotalPartial = true;
		else totalBytes += item.size;
	}
	return {remove, kept, totalBytes, isTotalPartial, notes};
}

interface PlanContext {
	remove: PlanItem[];
	kept: KeptItem[];
	stayingUsers: (isUser: (container: InventoryContainer) => boolean) => string[];
	goingUsers: (isUser: (container: InventoryContainer) => boolean) => string[];
	containersById: Map<string, InventoryContainer>;
}

/**
 * Each image's parent among the listed ones. A chain that loops back to an image (an image its own parent, or two each
 * other's) is no chain: only a broken or hostile engine answers so, and walking it would recurse for ever (found by
 * property testing, issue 17). The links of the images on such a loop are left out; the engine's own refusal to delete
 * a parent still guards them.
 */
function parentLinks(images: readonly InventoryImage[], byId: ReadonlyMap<string, InventoryImage>): Map<string, string> {
	const parentOf = new Map<string, string>();
	for (const image of images) if (image.parentId && byId.has(image.parentId)) parentOf.set(image.id, image.parentId);
	const onLoop: string[] = [];
	for (const start of parentOf.keys()) {
		const seen = new Set<string>();
		let at: string | undefined = start;
		while (at !== undefined && !seen.has(at)) {
			seen.add(at);
			at = parentOf.get(at);
		}
		if (at === start) onLoop.push(start);
	}
	for (const id of onLoop) parentOf.delete(id);
	return parentOf;
}

/**
 * Images, planned as `docker image prune [-a]` removes them (issue 22): an
 * image whose children all go is no longer "parent of another image", and an
 * image's untagged parent chain goes with it in the same run, each after its
 * children, the order the engine needs.
 */
function planImages(inventory: Inventory, options: PruneOptions, context: PlanContext): void {
	const onlyDangling = !options.kinds.has('images');
	const byId = new Map(inventory.images.map(image => [image.id, image]));
	const parentOf = parentLinks(inventory.images, byId);
	const children = new Map<string, InventoryImage[]>();
	for (const image of inventory.images) {
		const parentId = parentOf.get(image.id);
		if (parentId) children.set(parentId, [...(children.get(parentId) ?? []), image]);
	}
	const candidates = new Set<string>();
	const keptReasons = new Map<string, string>();
	for (const image of inventory.images) {
		const keep = (reason: string) => keptReasons.set(image.id, reason);
		// An untagged parent goes only with what is built on it; with nothing built on it, it is not one.
		if (image.isIntermediate && !children.has(image.id)) continue;
		// An untagged parent is not a "tagged image": it is part of what its children are made of.
		if (onlyDangling && !image.isIntermediate && !isDanglingImage(image)) {
			keep('tagged (choose all unused images to include it)');
			continue;
		}
		const users = context.stayingUsers(container => container.imageId === image.id);
		if (users.length > 0) {
			keep(`used by ${containerNames(users, context.containersById)}`);
			continue;
		}
		// Label and age filters choose the images users see; an untagged parent follows its children, as in docker.
		const reason = image.isIntermediate ? (isProtected(image.labels, options.protect) ? `protected (${options.protect.key}=${options.protect.value})` : undefined) : commonReason(image.labels, image.created, options);
		if (reason) {
			keep(reason);
			continue;
		}
		candidates.add(image.id);
	}
	// The engine refuses to delete an image other images are built on: one goes only when all its children go.
	for (let isChanged = true; isChanged; ) {
		isChanged = false;
		for (const id of candidates) {
			const staying = (children.get(id) ?? []).find(child => !candidates.has(child.id));
			if (!staying) continue;
			candidates.delete(id);
			keptReasons.set(id, staying.isIntermediate || isDanglingImage(staying) ? 'parent of another image' : `parent of ${imageName(staying)}`);
			isChanged = true;
		}
	}
	// Bytes an image alone holds: with a known parent, its own layers (size over the parent's), which are freed
	// because every image built on them goes too; otherwise what the engine counts unique to it.
	const ownBytes = (image: InventoryImage): number => {
		const parentId = parentOf.get(image.id);
		const parent = parentId ? byId.get(parentId) : undefined;
		if (parent) return Math.max(0, image.size - parent.size);
		return image.sharedSize !== undefined && image.sharedSize >= 0 ? image.size - image.sharedSize : image.size;
	};
	// Named by the images a user knows: an untagged parent's nearest listed descendants, not "<none>".
	const listedDescendants = (id: string): InventoryImage[] => [
		...new Map((children.get(id) ?? []).flatMap(child => (child.isIntermediate ? listedDescendants(child.id) : [child])).map(image => [image.id, image])).values(),
	];
	const items = new Map<string, PlanItem>();
	const emit = (image: InventoryImage): void => {
		if (items.has(image.id)) return;
		// Children before their parent: the engine deletes nothing that another image is built on.
		for (const child of children.get(image.id) ?? []) emit(child);
		const planned = context.goingUsers(container => container.imageId === image.id);
		const descendants = listedDescendants(image.id);
		const childNames = descendants.map(imageName);
		// The layers of an untagged parent with one image built on it are that image's bytes, shown on its row.
		const isCountedThere = image.isIntermediate && descendants.length === 1;
		const item: PlanItem = {
			kind: 'image',
			id: image.id,
			name: imageName(image),
			size: isCountedThere ? 0 : ownBytes(image),
			labels: image.labels,
			tags: image.tags.filter(tag => tag && tag !== '<none>:<none>'),
			note:
				planned.length > 0
					? `used only by ${containerNames(planned, context.containersById)}, removed first`
					: image.isIntermediate
						? `untagged parent of ${childNames.join(', ')}${isCountedThere ? ' (size counted there)' : ''}, goes after it`
						: childNames.length > 0
							? `parent of ${childNames.join(', ')}, goes after it`
							: undefined,
		};
		if (isCountedThere) {
			const owner = items.get(descendants[0]!.id);
			if (owner) owner.size = (owner.size ?? 0) + ownBytes(image);
		}
		items.set(image.id, item);
		context.remove.push(item);
	};
	for (const image of inventory.images) {
		if (candidates.has(image.id)) emit(image);
		else if (!image.isIntermediate) context.kept.push({kind: 'image', id: image.id, name: imageName(image), reason: keptReasons.get(image.id) ?? 'kept'});
	}
}

/** A plan for removing exactly the chosen objects of one kind (volumes and networks panes). */
export function planForObjects(inventory: Inventory, kind: 'volume' | 'network', ids: readonly string[], protect: ProtectLabel): PrunePlan {
	const chosen = new Set(ids);
	const plan = computePrunePlan(
		{...inventory, volumes: inventory.volumes.filter(volume => chosen.has(volume.name)), networks: inventory.networks.filter(network => chosen.has(network.id))},
		{kinds: new Set([kind === 'volume' ? 'volumes' : 'networks']), volumeScope: 'all', labels: [], protect},
	);
	plan.notes = [];
	return plan;
}

/** What one cleanup run did (source/docker/cleanup.ts executes a plan). */
export interface RemovedItem {
	item: PlanItem;
	/** Bytes this removal freed, as measured at preview time; 0 when the object outlived the removal (an untag). */
	bytes: number;
}

export interface SkippedItem {
	item: PlanItem;
	reason: string;
}

export interface ExecuteResult {
	removed: RemovedItem[];
	/** No longer qualified when its turn came, so it was left alone. */
	skipped: SkippedItem[];
	failed: SkippedItem[];
	reclaimedBytes: number;
	/**
	 * How much of reclaimedBytes is the preview's figure rather than the engine's word: only the
	 * build cache prune says what it freed; removing a container, image or volume does not.
	 */
	estimatedBytes: number;
}

/**
 * Cleanup against the engine: gather what is on it (with sizes), and carry out
 * a prune plan by deleting exactly the plan's objects, one by one.
 *
 * Never a blind engine-side prune: each object is looked at again just before
 * it is deleted, and one that no longer qualifies (started since the preview,
 * now in use, now protected) is skipped. Read-only mode and the protect label
 * are enforced here, before any request, whatever the UI did.
 */
import {stat} from 'node:fs/promises';
import type Docker from 'dockerode';
import {
	type Inventory,
	type InventoryBuildCache,
	type InventoryContainer,
	type InventoryImage,
	type InventoryNetwork,
	type InventoryVolume,
	isProtected,
	isStoppedState,
	isSystemNetwork,
	type PlanItem,
	type PrunePlan,
	type ProtectLabel,
} from '../model/prune-plan.js';
import {sanitize, sanitizeRecord} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {describeEngineError, engineStatus, RefusedError, unsupportedLine} from './errors.js';
import {systemDf} from './system-df.js';

/** `docker system df` can take minutes on a big host; the usual request timeout would cut it. */
const DF_TIMEOUT_MS = 10 * 60_000;

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function seconds(iso: unknown): number | undefined {
	if (typeof iso !== 'string') return undefined;
	const time = Date.parse(iso);
	return Number.isFinite(time) && time > 0 ? Math.floor(time / 1000) : undefined;
}

function size(value: unknown): number | undefined {
	return typeof value === 'number' && value >= 0 ? value : undefined;
}

function toContainer(raw: Raw): InventoryContainer {
	const networks = Object.values((raw['NetworkSettings']?.['Networks'] ?? {}) as Record<string, Raw>)
		.map(network => String(network['NetworkID'] ?? ''))
		.filter(Boolean);
	const volumes = ((raw['Mounts'] ?? []) as Raw[]).filter(mount => mount['Type'] === 'volume' && mount['Name']).map(mount => sanitize(String(mount['Name'])));
	return {
		id: String(raw['Id']),
		name: sanitize(String(raw['Names']?.[0] ?? raw['Id']).replace(/^\//, '')),
		state: sanitize(String(raw['State'] ?? '')),
		imageId: withDigestPrefix(String(raw['ImageID'] ?? '')),
		labels: sanitizeRecord(raw['Labels'] ?? {}),
		created: Number(raw['Created'] ?? 0),
		// The engine leaves SizeRw out when the writable layer is empty.
		size: size(raw['SizeRw']) ?? 0,
		volumes,
		networks,
	};
}

// Podman's /system/df gives bare hex IDs where Docker and /images/json say "sha256:…":
// one form, so "which images do containers use" compares like with like.
const withDigestPrefix = (id: string) => (/^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id);

function toImage(raw: Raw): InventoryImage {
	return {
		id: withDigestPrefix(String(raw['Id'])),
		tags: ((raw['RepoTags'] ?? []) as string[]).map(tag => sanitize(tag)),
		parentId: raw['ParentId'] ? String(raw['ParentId']) : undefined,
		labels: sanitizeRecord(raw['Labels'] ?? {}),
		created: Number(raw['Created'] ?? 0),
		size: size(raw['Size']) ?? 0,
		sharedSize: size(raw['SharedSize']),
	};
}

function toVolume(raw: Raw): InventoryVolume {
	const name = String(raw['Name']);
	const labels = sanitizeRecord(raw['Labels'] ?? {});
	return {
		name: sanitize(name),
		driver: sanitize(String(raw['Driver'] ?? '')),
		mountpoint: sanitize(String(raw['Mountpoint'] ?? '')),
		labels,
		created: seconds(raw['CreatedAt']),
		size: size(raw['UsageData']?.['Size']),
		// API 1.42+ labels anonymous volumes; before that, an anonymous volume is the one named by 64 hex digits.
		isAnonymous: 'com.docker.volume.anonymous' in labels || /^[0-9a-f]{64}$/.test(name),
	};
}

function toNetwork(raw: Raw): InventoryNetwork {
	return {
		id: String(raw['Id']),
		name: sanitize(String(raw['Name'] ?? '')),
		driver: sanitize(String(raw['Driver'] ?? '')),
		scope: sanitize(String(raw['Scope'] ?? '')),
		subnets: ((raw['IPAM']?.['Config'] ?? []) as Raw[]).map(config => sanitize(String(config['Subnet'] ?? ''))).filter(Boolean),
		labels: sanitizeRecord(raw['Labels'] ?? {}),
		created: seconds(raw['Created']),
	};
}

function toBuildCache(raw: Raw): InventoryBuildCache {
	return {
		id: String(raw['ID']),
		type: sanitize(String(raw['Type'] ?? '')),
		description: sanitize(String(raw['Description'] ?? '')),
		size: size(raw['Size']) ?? 0,
		isInUse: Boolean(raw['InUse']),
		isShared: Boolean(raw['Shared']),
		created: seconds(raw['CreatedAt']),
		lastUsed: seconds(raw['LastUsedAt']),
	};
}

/** Everything a plan needs, with sizes: `docker system df -v` plus the networks. Slow on big hosts. */
export async function gatherInventory(engine: Engine, signal?: AbortSignal): Promise<Inventory> {
	const product = await engine.product(signal);
	const df = systemDf<Raw>(engine, engine.timeoutSignal(signal, DF_TIMEOUT_MS));
	const networks = engine.oneShot('list networks', s => engine.docker.listNetworks({abortSignal: s} as object) as Promise<Raw[]>, signal);
	const [usage, rawNetworks, podman] = await Promise.all([df, networks, product === 'Podman' ? podmanLists(engine, signal) : undefined]);
	const dfVolumes = ((usage['Volumes'] ?? []) as Raw[]).map(toVolume);
	const volumeSizes = new Map(dfVolumes.map(volume => [volume.name, volume.size]));
	return {
		containers: (podman?.containers ?? ((usage['Containers'] ?? []) as Raw[])).map(toContainer),
		// Podman's image sizes are whole sizes: its df SharedSize is not shared bytes.
		images: podman ? podman.images.map(raw => ({...toImage(raw), sharedSize: undefined})) : ((usage['Images'] ?? []) as Raw[]).map(toImage),
		volumes: podman ? podman.volumes.map(raw => ({...toVolume(raw), size: volumeSizes.get(sanitize(String(raw['Name'])))})) : dfVolumes,
		networks: rawNetworks.map(toNetwork),
		buildCache: ((usage['BuildCache'] ?? []) as Raw[]).map(toBuildCache),
		// Podman has no build cache: POST /build/prune is a 404 there.
		...(product === 'Podman' ? {unsupported: {buildCache: unsupportedLine('Build cache', product)}} : {}),
	};
}

/**
 * The containers, volumes and networks without their sizes: three cheap lists, where a measurement
 * (`system df`) can take minutes. Read after engine events, so the panes follow them (issue 19).
 */
export async function listInventoryObjects(engine: Engine, signal?: AbortSignal): Promise<Pick<Inventory, 'containers' | 'volumes' | 'networks'>> {
	const [containers, volumes, networks] = await Promise.all([
		engine.oneShot('list containers', s => engine.docker.listContainers({all: true, abortSignal: s} as Docker.ContainerListOptions) as Promise<Raw[]>, signal),
		engine.oneShot('list volumes', s => engine.docker.listVolumes({abortSignal: s} as object) as Promise<Raw>, signal),
		engine.oneShot('list networks', s => engine.docker.listNetworks({abortSignal: s} as object) as Promise<Raw[]>, signal),
	]);
	return {containers: containers.map(toContainer), volumes: ((volumes['Volumes'] ?? []) as Raw[]).map(toVolume), networks: networks.map(toNetwork)};
}

/**
 * Podman 4.3's /system/df leaves out what a plan must see (measured, issue 7): no
 * labels on containers, images or volumes (so the protect label went unseen), no
 * container mounts or networks (volumes in use read as unused), images named by
 * tag alone ("latest"), no volume driver or mountpoint. The lists say all of it;
 * df is kept for the volume sizes only.
 */
async function podmanLists(engine: Engine, signal?: AbortSignal): Promise<{containers: Raw[]; images: Raw[]; volumes: Raw[]}> {
	const [containers, images, volumes] = await Promise.all([
		engine.oneShot('list containers', s => engine.docker.listContainers({all: true, size: true, abortSignal: s} as Docker.ContainerListOptions) as Promise<Raw[]>, signal),
		engine.oneShot('list images', s => engine.docker.listImages({abortSignal: s} as Docker.ListImagesOptions) as Promise<Raw[]>, signal),
		engine.oneShot('list volumes', s => engine.docker.listVolumes({abortSignal: s} as object) as Promise<Raw>, signal),
	]);
	return {containers, images, volumes: (volumes['Volumes'] ?? []) as Raw[]};
}

/**
 * Size of each container's JSON log file, which `docker system df` leaves out.
 * Only on a local engine (the file is on this machine) and only files we may
 * read; the others are simply absent from the map.
 */
export async function containerLogSizes(engine: Engine, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
	const sizes = new Map<string, number>();
	if (engine.endpoint.transport !== 'unix') return sizes;
	for (const id of ids) {
		if (signal?.aborted) break;
		try {
			const info = (await engine.oneShot('inspect container', s => engine.docker.getContainer(id).inspect({abortSignal: s} as object), signal)) as Raw;
			const logPath = info['LogPath'];
			if (typeof logPath === 'string' && logPath) sizes.set(id, (await stat(logPath)).size);
		} catch {
			// Gone since, another log driver, or not ours to read: no figure rather than a wrong one.
		}
	}
	return sizes;
}

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
}

export interface ExecuteOptions {
	protect: ProtectLabel;
	onProgress?: (done: number, total: number, item: PlanItem) => void;
	signal?: AbortSignal;
}

class Skip extends Error {}

async function usersOf(engine: Engine, filters: Record<string, string[]>, signal?: AbortSignal): Promise<string[]> {
	const list = await engine.oneShot('list containers', s => engine.docker.listContainers({all: true, filters, abortSignal: s} as Docker.ContainerListOptions), signal);
	return list.map(container => sanitize((container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '')));
}

function refuseIfProtected(labels: Record<string, string> | undefined, protect: ProtectLabel): void {
	if (isProtected(labels, protect)) throw new Skip(`protected (${protect.key}=${protect.value}) since the preview`);
}

async function removeContainer(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const container = engine.docker.getContainer(item.id);
	const info = (await engine.oneShot('inspect container', s => container.inspect({abortSignal: s} as object), signal)) as Raw;
	const state = String(info['State']?.['Status'] ?? '');
	if (!isStoppedState(state)) throw new Skip(`now ${sanitize(state)}: changed since the preview`);
	refuseIfProtected(info['Config']?.['Labels'], protect);
	// No force: should it start in between, the engine refuses rather than kill it.
	await engine.oneShot('remove container', s => container.remove({force: false, v: false, abortSignal: s} as object), signal);
	return item.size ?? 0;
}

async function removeImage(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const info = (await engine.oneShot('inspect image', s => engine.docker.getImage(item.id).inspect({abortSignal: s} as object), signal)) as Raw;
	refuseIfProtected(info['Config']?.['Labels'], protect);
	const all = await engine.oneShot('list containers', s => engine.docker.listContainers({all: true, abortSignal: s} as Docker.ContainerListOptions), signal);
	const users = all.filter(container => container.ImageID === item.id);
	if (users.length > 0) throw new Skip(`now used by ${users.map(user => sanitize((user.Names?.[0] ?? '').replace(/^\//, ''))).join(', ')}`);
	// An image with several tags cannot be removed by ID without force: untag each tag, and the last one deletes it.
	const tags = ((info['RepoTags'] ?? []) as string[]).filter(tag => tag && tag !== '<none>:<none>');
	const references = tags.length > 1 ? tags : [item.id];
	let isDeleted = false;
	for (const reference of references) {
		// noprune: the engine would otherwise also delete untagged parent images, which are not in the plan.
		const answer = (await engine.oneShot('remove image', s => engine.docker.getImage(reference).remove({force: false, noprune: true, abortSignal: s} as object), signal)) as Raw[];
		if ((answer ?? []).some(entry => entry['Deleted'] === item.id)) isDeleted = true;
	}
	return isDeleted ? item.size ?? 0 : 0;
}

async function removeVolume(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const volume = engine.docker.getVolume(item.id);
	const info = (await engine.oneShot('inspect volume', s => volume.inspect({abortSignal: s} as object), signal)) as Raw;
	refuseIfProtected(info['Labels'], protect);
	const users = await usersOf(engine, {volume: [item.id]}, signal);
	if (users.length > 0) throw new Skip(`now used by ${users.join(', ')}`);
	await engine.oneShot('remove volume', s => volume.remove({abortSignal: s} as object), signal);
	return item.size ?? 0;
}

async function removeNetwork(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const network = engine.docker.getNetwork(item.id);
	const info = (await engine.oneShot('inspect network', s => (network.inspect as (options: object) => Promise<Raw>)({abortSignal: s}), signal)) as Raw;
	if (isSystemNetwork(String(info['Name'] ?? ''))) throw new Skip('default network');
	refuseIfProtected(info['Labels'], protect);
	const users = await usersOf(engine, {network: [item.id]}, signal);
	if (users.length > 0) throw new Skip(`now used by ${users.join(', ')}`);
	await engine.oneShot('remove network', s => network.remove({abortSignal: s} as object), signal);
	return 0;
}

type DialOptions = {path: string; method: string; options?: object; statusCodes: Record<number, boolean | string>; abortSignal?: AbortSignal};
type Modem = {dial: (options: DialOptions, callback: (error: unknown, data?: unknown) => void) => void};

// dockerode's pruneBuilder sends no filters, so this asks the engine directly,
// for this one record only (the "id" filter of POST /build/prune, API 1.39+).
async function removeBuildCache(engine: Engine, item: PlanItem, signal?: AbortSignal): Promise<number> {
	// Before API 1.39 the engine takes no filters here and would empty the whole cache: never that.
	const api = (await engine.version(signal)).apiVersion;
	const [major = 0, minor = 0] = api.split('.').map(Number);
	if (major < 1 || (major === 1 && minor < 39)) throw new Skip(`engine API ${api} can only prune the whole build cache; dockdash removes records one by one (API 1.39+)`);
	const modem = (engine.docker as unknown as {modem: Modem}).modem;
	const answer = (await engine.oneShot(
		'prune build cache',
		s =>
			new Promise<Raw>((resolve, reject) => {
				modem.dial(
					{
						path: '/build/prune?',
						method: 'POST',
						// all: a record of any type may be named; the id filter keeps it to this one.
						options: {all: true, filters: JSON.stringify({id: [item.id]})},
						statusCodes: {200: true, 500: 'server error'},
						abortSignal: s,
					},
					(error, data) => (error ? reject(error) : resolve(data as Raw)),
				);
			}),
		signal,
	)) as Raw;
	const deleted = (answer?.['CachesDeleted'] ?? []) as string[];
	// The engine matches the id filter as a pattern; a 25-character random ID names one record, and
	// should an engine ever match more, the user hears about it rather than a quiet success.
	const others = deleted.filter(id => id !== item.id);
	if (others.length > 0) throw new Error(`the engine also removed build cache ${others.map(id => sanitize(id)).join(', ')}`);
	if (!deleted.includes(item.id)) throw new Skip('no longer in the build cache, or in use');
	return size(answer['SpaceReclaimed']) ?? item.size ?? 0;
}

/**
 * Deletes exactly the plan's objects, in the plan's order, looking at each one
 * again first. Refuses the whole plan before any request in read-only mode or
 * when it names a protected object.
 */
export async function executePlan(engine: Engine, plan: PrunePlan, options: ExecuteOptions): Promise<ExecuteResult> {
	engine.assertWritable(`removing ${plan.remove.length} object(s)`);
	const guarded = plan.remove.find(item => isProtected(item.labels, options.protect) || (item.kind === 'network' && isSystemNetwork(item.name)));
	if (guarded) {
		throw new RefusedError(`refused: ${item(guarded)} is protected (${isSystemNetwork(guarded.name) ? 'default network' : `${options.protect.key}=${options.protect.value}`}); nothing was removed`);
	}
	const result: ExecuteResult = {removed: [], skipped: [], failed: [], reclaimedBytes: 0};
	let done = 0;
	for (const entry of plan.remove) {
		if (options.signal?.aborted) {
			result.skipped.push({item: entry, reason: 'cancelled'});
			continue;
		}
		try {
			let bytes: number;
			switch (entry.kind) {
				case 'container':
					bytes = await removeContainer(engine, entry, options.protect, options.signal);
					break;
				case 'image':
					bytes = await removeImage(engine, entry, options.protect, options.signal);
					break;
				case 'volume':
					bytes = await removeVolume(engine, entry, options.protect, options.signal);
					break;
				case 'network':
					bytes = await removeNetwork(engine, entry, options.protect, options.signal);
					break;
				case 'buildCache':
					bytes = await removeBuildCache(engine, entry, options.signal);
					break;
			}
			result.removed.push({item: entry, bytes});
			result.reclaimedBytes += bytes;
		} catch (error) {
			if (error instanceof Skip) result.skipped.push({item: entry, reason: error.message});
			else if (engineStatus(error) === 404) result.skipped.push({item: entry, reason: 'already gone'});
			else result.failed.push({item: entry, reason: describeEngineError(error, engine.endpoint)});
		}
		done += 1;
		options.onProgress?.(done, plan.remove.length, entry);
	}
	return result;
}

function item(entry: PlanItem): string {
	return `${entry.kind} ${entry.name}`;
}

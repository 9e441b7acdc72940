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
	isDanglingImage,
	isProtected,
	isSystemNetwork,
	type PlanItem,
	type PrunePlan,
	type ProtectLabel,
} from '../model/prune-plan.js';
import {type Observed, type RemovalRequest, removalFor} from '../model/prune-execution.js';
import {sanitize, sanitizeRecord} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {describeEngineError, engineStatus, RefusedError, unsupportedLine} from './errors.js';
import {isVanishedObjectAnswer, systemDf} from './system-df.js';
import {answerList, answerRecord, checkedList, count, list, record, text} from './engine-answer.js';
import {readContainerState} from '../model/container-state.js';
import type {ExecuteResult} from '../model/prune-plan.js';

/** `docker system df` can take minutes on a big host; the usual request timeout would cut it. */
const DF_TIMEOUT_MS = 10 * 60_000;

type Raw = Record<string, any>;

function seconds(iso: unknown): number | undefined {
	if (typeof iso !== 'string') return undefined;
	const time = Date.parse(iso);
	return Number.isFinite(time) && time > 0 ? Math.floor(time / 1000) : undefined;
}

function size(value: unknown): number | undefined {
	return typeof value === 'number' && value >= 0 ? value : undefined;
}

/**
 * The networks a container needs, by ID and by name. One created but never
 * started has no NetworkID yet, only its network's name (measured on Docker
 * 20.10), and `?filters={"network":…}` does not list it: it still needs the
 * network to start (issue 22).
 */
function containerNetworks(raw: Raw): string[] {
	const settings = raw['NetworkSettings'];
	const networks: unknown = settings !== null && typeof settings === 'object' ? (settings as Raw)['Networks'] : undefined;
	const attached = (networks !== null && typeof networks === 'object' && !Array.isArray(networks) ? networks : {}) as Record<string, unknown>;
	const names = Object.keys(attached).map(name => sanitize(name));
	const ids = Object.values(attached).map(network => text(network !== null && typeof network === 'object' ? (network as Raw)['NetworkID'] : undefined) ?? '');
	const host = raw['HostConfig'];
	const mode = text(host !== null && typeof host === 'object' ? (host as Raw)['NetworkMode'] : undefined) ?? '';
	return [...new Set([...names, ...ids, ...(mode && !mode.startsWith('container:') ? [sanitize(mode)] : [])].filter(Boolean))];
}

/** A list entry read as untrusted (issue 17): a field of the wrong type reads as absent (a Mounts string made the plan an internal error). */
function toContainer(raw: Raw): InventoryContainer {
	const networks = containerNetworks(raw);
	const volumes = list(raw['Mounts'])
		.map(mount => (mount !== null && typeof mount === 'object' ? (mount as Raw) : {}))
		.filter(mount => mount['Type'] === 'volume' && typeof mount['Name'] === 'string' && mount['Name'] !== '')
		.map(mount => sanitize(mount['Name'] as string));
	const {state, stateAnswer} = readContainerState(raw['State']);
	return {
		id: String(raw['Id']),
		name: sanitize((text(list(raw['Names'])[0]) ?? String(raw['Id'])).replace(/^\//, '')),
		state,
		...(stateAnswer === undefined ? {} : {stateAnswer}),
		imageId: withDigestPrefix(text(raw['ImageID']) ?? ''),
		labels: sanitizeRecord(record(raw['Labels'])),
		created: count(raw['Created']) ?? 0,
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
	const isPodman = product === 'Podman';
	const df = systemDf<Raw>(engine, engine.timeoutSignal(signal, DF_TIMEOUT_MS)).catch(async (error: unknown) => {
		if (signal?.aborted || isPodman || !isVanishedObjectAnswer(error)) throw error;
		return usageFromLists(engine, error, signal);
	});
	const networks = engine.oneShot('list networks', s => engine.docker.listNetworks({abortSignal: s} as object) as Promise<Raw[]>, signal);
	// Untagged parents, which df leaves out, so a plan can take an image's parent chain along (issue 22).
	const allImages = isPodman ? undefined : engine.oneShot('list images', s => engine.docker.listImages({all: true, abortSignal: s} as Docker.ListImagesOptions) as Promise<Raw[]>, signal);
	const [rawUsage, networkAnswer, podman, imagesAnswer, swarm] = await Promise.all([df, networks, isPodman ? podmanLists(engine, signal) : undefined, allImages, isPodman ? undefined : swarmUsers(engine, signal)]);
	// Read as untrusted (issue 17): an entry without its ID is left out and counted, never planned under "undefined".
	const usage = answerRecord('disk usage', rawUsage);
	const notices: string[] = typeof usage['notice'] === 'string' ? [usage['notice']] : [];
	const checked = (what: string, raw: unknown, idKey: string) => {
		const {entries, notice} = checkedList(what, raw, idKey, {orNull: true});
		if (notice) notices.push(notice);
		return entries as Raw[];
	};
	const rawNetworks = checked('list networks', networkAnswer, 'Id');
	const everyImage = imagesAnswer === undefined ? undefined : checked('list images', imagesAnswer, 'Id');
	const dfVolumes = checked('disk usage (volumes)', usage['Volumes'], 'Name').map(toVolume);
	const volumeSizes = new Map(dfVolumes.map(volume => [volume.name, volume.size]));
	const dfImages = checked('disk usage (images)', usage['Images'], 'Id').map(toImage);
	const listed = new Set(dfImages.map(image => image.id));
	// Only what df leaves out because it is an untagged parent: an image made between the two answers is
	// neither, and must not pass for one (it would skip the filters a listed image goes through).
	const parents = new Set((everyImage ?? []).map(raw => String(raw['ParentId'] ?? '')).filter(Boolean));
	const intermediates = (everyImage ?? [])
		.map(raw => ({...toImage(raw), sharedSize: undefined, isIntermediate: true}))
		.filter(image => !listed.has(image.id) && isDanglingImage(image) && parents.has(image.id));
	return {
		containers: (podman?.containers ?? checked('disk usage (containers)', usage['Containers'], 'Id')).map(toContainer),
		// Podman's image sizes are whole sizes: its df SharedSize is not shared bytes.
		images: podman ? podman.images.map(raw => ({...toImage(raw), sharedSize: undefined})) : [...dfImages, ...intermediates],
		...(typeof usage['LayersSize'] === 'number' && !isPodman ? {layersSize: usage['LayersSize']} : {}),
		...swarm,
		volumes: podman ? podman.volumes.map(raw => ({...toVolume(raw), size: volumeSizes.get(sanitize(String(raw['Name'])))})) : dfVolumes,
		networks: rawNetworks.map(toNetwork),
		buildCache: checked('disk usage (build cache)', usage['BuildCache'], 'ID').map(toBuildCache),
		// Podman has no build cache: POST /build/prune is a 404 there.
		...(product === 'Podman' ? {unsupported: {buildCache: unsupportedLine('Build cache', product)}} : {}),
		...(notices.length > 0 ? {notice: notices.join('; ')} : {}),
	};
}

/**
 * What `system df` would have said, from the plain lists, when df keeps failing on an object the engine lost while
 * counting it (issue 17). Measured on Docker 28.5 with the containerd store: a container whose removal is under way —
 * one a killed dockdash asked to remove, or another client's — makes every df answer 500 "rw layer snapshot not found
 * for container …" or 404 "snapshot …-init does not exist" until the engine is done with it, and a busy engine removes
 * something all the time. The lists do not count bytes, so the plan is the same and only sizes are missing: said in a
 * line rather than failing the whole inventory (the next prune could not plan at all).
 */
async function usageFromLists(engine: Engine, cause: unknown, signal?: AbortSignal): Promise<Raw> {
	const [containers, images, volumes] = await Promise.all([
		engine.oneShot('list containers', s => engine.docker.listContainers({all: true, abortSignal: s} as Docker.ContainerListOptions) as Promise<Raw[]>, signal),
		engine.oneShot('list images', s => engine.docker.listImages({abortSignal: s} as Docker.ListImagesOptions) as Promise<Raw[]>, signal),
		engine.oneShot('list volumes', s => engine.docker.listVolumes({abortSignal: s} as object) as Promise<Raw>, signal),
	]);
	const message = String((cause as {json?: {message?: string} | null}).json?.message ?? (cause as Error).message ?? '');
	const container = /container ([0-9a-f]{12})|snapshot ([0-9a-f]{12})[0-9a-f]*(?:-init)?\b/.exec(message);
	const what = container ? `container ${container[1] ?? container[2]} is being removed (its layer is already gone)` : `an object went while it was counted (${sanitize(message.slice(0, 80))})`;
	return {
		Containers: containers,
		Images: images,
		Volumes: answerRecord('list volumes', volumes)['Volumes'] ?? [],
		BuildCache: [],
		notice: `disk usage: ${what}; sizes of containers, volumes and the build cache left out — measure again once it is gone`,
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
	const entries = (what: string, raw: unknown, idKey: string) => checkedList(what, raw, idKey, {orNull: true}).entries as Raw[];
	return {
		containers: entries('list containers', answerList('list containers', containers), 'Id').map(toContainer),
		volumes: entries('list volumes', answerRecord('list volumes', volumes)['Volumes'], 'Name').map(toVolume),
		networks: entries('list networks', answerList('list networks', networks), 'Id').map(toNetwork),
	};
}

/**
 * On a swarm, networks a service needs are in use even with no task on this
 * node (0 replicas, or tasks elsewhere): the manager refuses to remove them
 * (issue 21). A manager lists every service and every task on every node; a
 * worker cannot, and says so, so its swarm networks are kept.
 */
async function swarmUsers(engine: Engine, signal?: AbortSignal): Promise<Pick<Inventory, 'services' | 'swarmWorker'>> {
	const info = (await engine.oneShot('engine info', s => (engine.docker.info as (options: object) => Promise<Raw>)({abortSignal: s}), signal)) as Raw;
	const swarm = (info['Swarm'] ?? {}) as Raw;
	if (swarm['LocalNodeState'] !== 'active') return {};
	if (!swarm['ControlAvailable']) return {swarmWorker: true};
	let services: Raw[];
	let tasks: Raw[];
	try {
		[services, tasks] = await Promise.all([
			engine.oneShot('list services', s => engine.docker.listServices({abortSignal: s} as object) as Promise<Raw[]>, signal),
			engine.oneShot('list tasks', s => engine.docker.listTasks({abortSignal: s} as object) as Promise<Raw[]>, signal),
		]);
	} catch (error) {
		if (signal?.aborted) throw error;
		// A manager that cannot answer (no quorum) knows no more than a worker: its swarm networks stay.
		return {swarmWorker: true};
	}
	const targets = (list: unknown) => ((list ?? []) as Raw[]).map(network => String(network?.['Target'] ?? network?.['Network']?.['ID'] ?? '')).filter(Boolean);
	return {
		services: services.map(service => {
			const id = String(service['ID']);
			const spec = (service['Spec'] ?? {}) as Raw;
			const ofTasks = tasks.filter(task => task['ServiceID'] === id).flatMap(task => targets(task['NetworksAttachments']));
			const networks = [...targets(spec['TaskTemplate']?.['Networks']), ...targets(spec['Networks']), ...ofTasks];
			return {name: sanitize(String(spec['Name'] ?? id.slice(0, 12))), networks: [...new Set(networks.map(network => sanitize(network)))]};
		}),
	};
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

export interface ExecuteOptions {
	protect: ProtectLabel;
	onProgress?: (done: number, total: number, item: PlanItem) => void;
	signal?: AbortSignal;
}

class Skip extends Error {}

/** The decision of model/prune-execution.ts for what was read: a skip throws, else the requests to send. */
function decide(item: PlanItem, observed: Observed, protect: ProtectLabel): RemovalRequest[] {
	const decision = removalFor(item, observed, protect);
	if ('skip' in decision) throw new Skip(decision.skip);
	return decision.requests;
}

async function usersOf(engine: Engine, filters: Record<string, string[]>, signal?: AbortSignal): Promise<string[]> {
	const list = await engine.oneShot('list containers', s => engine.docker.listContainers({all: true, filters, abortSignal: s} as Docker.ContainerListOptions), signal);
	return list.map(container => sanitize((container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '')));
}

async function removeContainer(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const container = engine.docker.getContainer(item.id);
	const info = (await engine.oneShot('inspect container', s => container.inspect({abortSignal: s} as object), signal)) as Raw;
	const state = sanitize(String(info['State']?.['Status'] ?? ''));
	for (const request of decide(item, {kind: 'container', state, labels: info['Config']?.['Labels']}, protect)) {
		// No force: should it start in between, the engine refuses rather than kill it.
		await engine.oneShot('remove container', s => engine.docker.getContainer(request.reference).remove({force: false, v: false, abortSignal: s} as object), signal);
	}
	return item.size ?? 0;
}

/** The tags an image has, without the placeholder the engine gives an untagged one. */
const realTags = (tags: unknown) => ((tags ?? []) as string[]).filter(tag => tag && tag !== '<none>:<none>').map(tag => sanitize(tag));

async function removeImage(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const info = (await engine.oneShot('inspect image', s => engine.docker.getImage(item.id).inspect({abortSignal: s} as object), signal)) as Raw;
	const all = await engine.oneShot('list containers', s => engine.docker.listContainers({all: true, abortSignal: s} as Docker.ContainerListOptions), signal);
	const users = all.filter(container => withDigestPrefix(container.ImageID) === item.id).map(user => sanitize((user.Names?.[0] ?? '').replace(/^\//, '')));
	// A tag added (or taken off) since the preview is a change: the user confirmed the image under its old names.
	const requests = decide(item, {kind: 'image', labels: info['Config']?.['Labels'], tags: realTags(info['RepoTags']), users}, protect);
	let isDeleted = false;
	for (const {reference} of requests) {
		let answer: Raw[];
		try {
			// noprune: the engine would otherwise also delete untagged parents; the plan lists those itself, after their children.
			answer = (await engine.oneShot('remove image', s => engine.docker.getImage(reference).remove({force: false, noprune: true, abortSignal: s} as object), signal)) as Raw[];
		} catch (error) {
			// 409 "image has dependent child images": built on since the preview.
			if (engineStatus(error) === 409 && /child/i.test(String((error as Error).message))) throw new Skip('still the parent of an image that stays (built on since the preview, or kept above)');
			throw error;
		}
		// Podman answers with bare hex IDs where the plan has "sha256:…" (issue 21: it reported 0B freed).
		// Read as untrusted (issue 17): an answer that is not a list of records claims nothing.
		const deleted = answerList('remove image', answer ?? [])
			.map(entry => (entry !== null && typeof entry === 'object' && typeof (entry as Raw)['Deleted'] === 'string' ? withDigestPrefix(String((entry as Raw)['Deleted'])) : ''))
			.filter(id => id !== 'sha256:' && id !== '');
		if (deleted.includes(item.id)) isDeleted = true;
		// A tag moved to another image in the instant between the look and the untag takes that image: never quietly.
		// Podman ignores noprune and also deletes the untagged parents its build left (measured on 4.3): expected there.
		const others = deleted.filter(id => id !== item.id);
		if (others.length > 0 && (await engine.product(signal)) !== 'Podman') throw new Error(`the engine also removed image ${others.map(id => sanitize(id.slice(7, 19))).join(', ')} (a tag moved to it during the removal)`);
	}
	// Untagging answers no Deleted until the last tag; by then the answer must name the image asked for. One that
	// does not is not counted as removed, whatever status came with it (issue 17: an answer claiming another object).
	if (!isDeleted) throw new Error(`the engine's answer does not say image ${sanitize(item.id.slice(7, 19))} was deleted: not counted as removed`);
	return item.size ?? 0;
}

async function removeVolume(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const info = (await engine.oneShot('inspect volume', s => engine.docker.getVolume(item.id).inspect({abortSignal: s} as object), signal)) as Raw;
	const users = await usersOf(engine, {volume: [item.id]}, signal);
	const observed: Observed = {kind: 'volume', labels: sanitizeRecord(info['Labels'] ?? {}), created: seconds(info['CreatedAt']), users};
	for (const {reference} of decide(item, observed, protect)) await engine.oneShot('remove volume', s => engine.docker.getVolume(reference).remove({abortSignal: s} as object), signal);
	return item.size ?? 0;
}

async function removeNetwork(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	const network = engine.docker.getNetwork(item.id);
	const info = (await engine.oneShot('inspect network', s => (network.inspect as (options: object) => Promise<Raw>)({abortSignal: s}), signal)) as Raw;
	const name = sanitize(String(info['Name'] ?? ''));
	// Every container, stopped and never-started ones included: the engine's network filter misses a
	// container created but not started, whose network is known by name only (issue 22).
	const all = (await engine.oneShot('list containers', s => engine.docker.listContainers({all: true, abortSignal: s} as Docker.ContainerListOptions), signal)) as Raw[];
	const users = all.filter(container => containerNetworks(container).some(network => network === item.id || network === name)).map(user => sanitize(String(user['Names']?.[0] ?? user['Id']).replace(/^\//, '')));
	const scope = typeof info['Scope'] === 'string' ? info['Scope'] : undefined;
	let swarm: Extract<Observed, {kind: 'network'}>['swarm'];
	if (scope === 'swarm' && users.length === 0 && !isSystemNetwork(name) && !isProtected(info['Labels'], protect)) {
		const {services = [], swarmWorker} = await swarmUsers(engine, signal);
		swarm = {isWorker: Boolean(swarmWorker), services};
	}
	for (const {reference} of decide(item, {kind: 'network', name, labels: info['Labels'], scope, users, swarm}, protect)) {
		await engine.oneShot('remove network', s => engine.docker.getNetwork(reference).remove({abortSignal: s} as object), signal);
	}
	return 0;
}

type DialOptions = {path: string; method: string; options?: object; statusCodes: Record<number, boolean | string>; abortSignal?: AbortSignal};
type Modem = {dial: (options: DialOptions, callback: (error: unknown, data?: unknown) => void) => void};

// dockerode's pruneBuilder sends no filters, so this asks the engine directly,
// for this one record only (the "id" filter of POST /build/prune, API 1.39+).
async function removeBuildCache(engine: Engine, item: PlanItem, protect: ProtectLabel, signal?: AbortSignal): Promise<number> {
	// Before API 1.39 the engine takes no filters here and would empty the whole cache: model/prune-execution.ts skips it.
	const [request] = decide(item, {kind: 'buildCache', apiVersion: (await engine.version(signal)).apiVersion}, protect);
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
						options: {all: true, filters: JSON.stringify({id: [request!.reference]})},
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
	const result: ExecuteResult = {removed: [], skipped: [], failed: [], reclaimedBytes: 0, estimatedBytes: 0};
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
					bytes = await removeBuildCache(engine, entry, options.protect, options.signal);
					break;
			}
			result.removed.push({item: entry, bytes});
			result.reclaimedBytes += bytes;
			if (entry.kind !== 'buildCache') result.estimatedBytes += bytes;
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

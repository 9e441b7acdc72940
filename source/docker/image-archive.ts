/**
 * Reads an image archive as a stream, layer by layer, into per-layer changes:
 * from the engine (`GET /images/{name}/get`, what `docker save` reads) or from
 * a file. Both layouts are understood:
 *  - legacy `docker save` (Docker ≤ 24): manifest.json + <id>/layer.tar, with
 *    manifest.json at the END of the stream;
 *  - OCI (Docker 25+, containerd store): index.json + blobs/sha256/…, layer
 *    blobs plain, gzip or zstd.
 * Since the manifest may come last, every tar-like entry is scanned as it
 * passes and kept only as a summary of headers; small JSON files are kept
 * whole. File contents are never held, so peak memory does not grow with
 * the image's bytes (only with its number of files).
 */
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {PassThrough, Readable, pipeline} from 'node:stream';
import {createGunzip} from 'node:zlib';
import {Decompress} from 'fzstd';
import {sanitize} from '../model/sanitize.js';
import {
	ByteSource,
	TarError,
	analyseImage,
	decodeRawName,
	isTarHeader,
	normalizeLayerPath,
	readTar,
	scanLayerTar,
	type HistoryInput,
	type ImageAnalysis,
	type LayerChanges,
} from '../model/layers/index.js';
import type {Engine} from './engine.js';
import {describeEngineError, engineStatus} from './errors.js';
import {RawStreamBody, rawStreamGet} from './raw-stream.js';

/** Anything that makes an archive unusable; the message is one line for the user. */
export class ImageArchiveError extends Error {
	override name = 'ImageArchiveError';
}

/** Where the reading is, for a progress bar. */
export interface ArchiveProgress {
	/** 'preparing': waiting for the engine's first byte; 'streaming': reading; 'done'. */
	phase: 'preparing' | 'streaming' | 'done';
	bytesRead: number;
	/** The image's size from the engine, as an estimate of the archive's length (or the file's size). */
	expectedBytes?: number;
	/** Layers scanned so far (in archive order, which may differ from image order). */
	layersRead: number;
}

export interface ReadArchiveOptions {
	signal?: AbortSignal;
	/** Called at most every 100 ms while reading, and once at the end. */
	onProgress?: (progress: ArchiveProgress) => void;
	/** `os/architecture[/variant]` to pick in a multi-platform archive; default: the first image. */
	platform?: string;
	/** Which image to pick in an archive of several (a RepoTag or OCI ref name); default: the first. */
	reference?: string;
	/** Known total length, for progress. */
	expectedBytes?: number;
}

/** An image read from an archive: its layers' changes in image order and its history. */
export interface ImageArchive {
	layout: 'docker-save' | 'oci';
	/** Tags or reference names the archive gives this image, sanitized. */
	references: string[];
	/**
	 * The image ID: read from an engine, the engine's own (what `docker images` shows: the config's digest in the
	 * classic store, the index or manifest digest in the containerd store, issue 12); from a file, the config's digest.
	 */
	imageId?: string;
	/** `os/architecture[/variant]` of the chosen image, when known. */
	platform?: string;
	/** Every platform the archive holds images for (more than one for a multi-platform image). */
	platforms: string[];
	/** Layer identities in image order: blob digests (OCI) or archive paths (legacy). */
	layerIds: string[];
	/** The config's `rootfs.diff_ids`: digests of each layer's uncompressed tar, the same in every image that has the layer. */
	diffIds: string[];
	layers: LayerChanges[];
	/** The config's history, oldest first. */
	history: HistoryInput[];
	/** Bytes of archive read. */
	bytesRead: number;
}

const SNIFF = 512;
/** Socket chunks (up to 64 KiB each, so at most ~8 MiB) buffered ahead of the parser. */
const READ_AHEAD_CHUNKS = 128;
/** JSON metadata larger than this is not image metadata (configs are kilobytes). */
const MAX_JSON = 16 * 1024 * 1024;
/** Image references the engine's route can take without escaping surprises. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

type Json = Record<string, unknown>;

function abortError(signal: AbortSignal): Error {
	const reason = signal.reason as unknown;
	if (reason instanceof Error) return reason;
	const error = new Error('cancelled');
	error.name = 'AbortError';
	return error;
}

/** Counts bytes, reports progress (throttled) and stops on abort. */
async function* metered(source: AsyncIterable<Uint8Array>, state: ArchiveProgress, options: ReadArchiveOptions): AsyncGenerator<Uint8Array> {
	let lastReport = 0;
	for await (const chunk of source) {
		if (options.signal?.aborted) throw abortError(options.signal);
		if (state.phase === 'preparing') state.phase = 'streaming';
		state.bytesRead += chunk.length;
		const now = Date.now();
		if (options.onProgress && now - lastReport >= 100) {
			lastReport = now;
			options.onProgress({...state});
		}
		yield chunk;
	}
	if (options.signal?.aborted) throw abortError(options.signal);
}

/** Reads up to `length` bytes off the front of a body and returns them with a body that replays them first. */
async function peek(body: AsyncIterable<Buffer>, length: number): Promise<{head: Buffer; body: AsyncIterable<Buffer>}> {
	const iterator = body[Symbol.asyncIterator]();
	const parts: Buffer[] = [];
	let have = 0;
	let isDone = false;
	while (have < length) {
		const next = await iterator.next();
		if (next.done) {
			isDone = true;
			break;
		}
		// Copied: the body's parts may be views of chunks reused once the next is read (see ByteSource).
		parts.push(Buffer.from(next.value));
		have += next.value.length;
	}
	const head = Buffer.concat(parts, have);
	return {
		head,
		body: {
			async *[Symbol.asyncIterator]() {
				if (head.length > 0) yield head;
				if (isDone) return;
				for (;;) {
					const next = await iterator.next();
					if (next.done) return;
					yield next.value;
				}
			},
		},
	};
}

type Sniffed = 'tar' | 'gzip' | 'zstd' | 'json' | 'other';

function sniff(head: Buffer): Sniffed {
	if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
	if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
	if (head.length >= SNIFF && (isTarHeader(head) || head.subarray(0, SNIFF).every(byte => byte === 0))) return 'tar';
	const first = head.toString('latin1').trimStart()[0];
	if (first === '{' || first === '[') return 'json';
	return 'other';
}

/** Each chunk copied, for a consumer that keeps chunks past the next read. */
async function* copies(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	for await (const chunk of body) yield Buffer.from(chunk);
}

async function* gunzip(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	const inflate = createGunzip();
	// The inflater holds what it was given past the next read: copies (see ByteSource).
	const input = Readable.from(copies(body));
	// pipeline forwards a truncated body's error into the inflater; we read the result from the inflater.
	pipeline(input, inflate, () => undefined);
	try {
		for await (const chunk of inflate) yield chunk as Buffer;
	} catch (error) {
		if (error instanceof TarError) throw error;
		throw new ImageArchiveError(`corrupt gzip layer: ${(error as Error).message}`);
	} finally {
		inflate.destroy();
		input.destroy();
	}
}

async function* unzstd(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	const out: Uint8Array[] = [];
	const decoder = new Decompress(chunk => {
		if (chunk.length > 0) out.push(chunk);
	});
	const push = (chunk: Uint8Array, isFinal: boolean) => {
		try {
			decoder.push(chunk, isFinal);
		} catch (error) {
			throw new ImageArchiveError(`corrupt or truncated zstd layer: ${(error as Error).message}`);
		}
	};
	for await (const chunk of copies(body)) {
		push(chunk, false);
		while (out.length > 0) {
			const next = out.shift()!;
			yield Buffer.from(next.buffer, next.byteOffset, next.byteLength);
		}
	}
	push(new Uint8Array(0), true);
	for (const next of out) yield Buffer.from(next.buffer, next.byteOffset, next.byteLength);
}

function resolveLink(from: string, target: string): string {
	if (target.startsWith('/')) return normalizeLayerPath(target);
	const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
	return normalizeLayerPath(`${dir}/${target}`);
}

function blobPath(digest: unknown): string {
	if (typeof digest !== 'string' || !/^[a-z0-9]+:[a-f0-9]+$/.test(digest)) throw new ImageArchiveError(`not an image archive: bad digest "${sanitize(String(digest)).slice(0, 80)}"`);
	const [algorithm, hex] = digest.split(':');
	return `blobs/${algorithm}/${hex}`;
}

function platformOf(value: unknown): string | undefined {
	const item = (value ?? {}) as {os?: string; architecture?: string; variant?: string};
	if (!item.os || !item.architecture) return undefined;
	return sanitize([item.os, item.architecture, item.variant].filter(Boolean).join('/'));
}

function diffIdsOf(config: Json | undefined): string[] {
	const rootfs = config?.['rootfs'];
	const ids = rootfs && typeof rootfs === 'object' && !Array.isArray(rootfs) ? (rootfs as Json)['diff_ids'] : undefined;
	return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

function historyOf(config: Json | undefined): HistoryInput[] {
	const history = Array.isArray(config?.['history']) ? (config['history'] as Json[]) : [];
	// Read as untrusted (issue 17): a step that is not an object keeps its place (steps line up with layers), fields absent.
	return history.map(entry => (entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry : {})).map(item => ({
		createdBy: typeof item['created_by'] === 'string' ? item['created_by'] : '',
		created: typeof item['created'] === 'string' ? item['created'] : undefined,
		comment: typeof item['comment'] === 'string' ? item['comment'] : undefined,
		emptyLayer: item['empty_layer'] === true,
	}));
}

interface Collected {
	json: Map<string, Json>;
	layers: Map<string, LayerChanges>;
	links: Map<string, string>;
}

function follow(collected: Collected, path: string): string {
	let current = path;
	for (let hops = 0; hops < 16 && collected.links.has(current); hops++) current = collected.links.get(current)!;
	return current;
}

function layerAt(collected: Collected, path: string): LayerChanges {
	const layer = collected.layers.get(follow(collected, path));
	if (!layer) throw new ImageArchiveError(`the archive is missing layer ${sanitize(path)}`);
	return layer;
}

function jsonAt(collected: Collected, path: string): Json | undefined {
	return collected.json.get(follow(collected, path));
}

/** Picks the image from manifest.json (legacy, and written by Docker 25+ beside the OCI index). */
function fromDockerManifest(collected: Collected, manifest: unknown, options: ReadArchiveOptions): Omit<ImageArchive, 'bytesRead'> {
	const images = Array.isArray(manifest) ? (manifest as Json[]) : [];
	if (images.length === 0) throw new ImageArchiveError('not an image archive: manifest.json lists no image');
	const tagsOf = (item: Json) => (Array.isArray(item['RepoTags']) ? (item['RepoTags'] as unknown[]).filter((tag): tag is string => typeof tag === 'string') : []);
	const chosen = (options.reference && images.find(item => tagsOf(item).some(tag => tag === options.reference || tag === `${options.reference}:latest`))) || images[0]!;
	const layerPaths = Array.isArray(chosen['Layers']) ? (chosen['Layers'] as unknown[]).map(String) : [];
	const configPath = typeof chosen['Config'] === 'string' ? normalizeLayerPath(chosen['Config']) : '';
	const config = configPath ? jsonAt(collected, configPath) : undefined;
	const isOci = collected.json.has('index.json');
	const layerIds = layerPaths.map(path => {
		const normal = normalizeLayerPath(path);
		return sanitize(decodeRawName(normal.startsWith('blobs/') ? normal.slice('blobs/'.length).replace('/', ':') : normal));
	});
	const platform = platformOf(config);
	return {
		layout: isOci ? 'oci' : 'docker-save',
		references: tagsOf(chosen).map(tag => sanitize(tag)),
		imageId: configPath ? sanitize(decodeRawName(`sha256:${configPath.replace(/^blobs\/sha256\//, '').replace(/\.json$/, '')}`)) : undefined,
		platform,
		platforms: platform ? [platform] : [],
		layerIds,
		layers: layerPaths.map(path => layerAt(collected, normalizeLayerPath(path))),
		diffIds: diffIdsOf(config),
		history: historyOf(config),
	};
}

const INDEX_TYPES: ReadonlySet<string> = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** Picks the image from an OCI index, descending into nested indexes. */
function fromOciIndex(collected: Collected, index: Json, options: ReadArchiveOptions): Omit<ImageArchive, 'bytesRead'> {
	type Candidate = {descriptor: Json; manifest: Json; platform?: string; reference?: string};
	const candidates: Candidate[] = [];
	const visit = (node: Json, reference: string | undefined, depth: number) => {
		const manifests = Array.isArray(node['manifests']) ? (node['manifests'] as Json[]) : [];
		for (const descriptor of manifests) {
			const annotations = (descriptor['annotations'] ?? {}) as Record<string, string>;
			const name = reference ?? annotations['io.containerd.image.name'] ?? annotations['org.opencontainers.image.ref.name'];
			const blob = jsonAt(collected, blobPath(descriptor['digest']));
			if (!blob) continue;
			const mediaType = typeof descriptor['mediaType'] === 'string' ? descriptor['mediaType'] : typeof blob['mediaType'] === 'string' ? blob['mediaType'] : '';
			if (INDEX_TYPES.has(mediaType) || Array.isArray(blob['manifests'])) {
				if (depth < 4) visit(blob, name, depth + 1);
				continue;
			}
			// BuildKit's attestation manifests ride along with platform unknown/unknown.
			if (annotations['vnd.docker.reference.type'] === 'attestation-manifest') continue;
			const platform = platformOf(descriptor['platform']);
			if (platform === 'unknown/unknown') continue;
			candidates.push({descriptor, manifest: blob, platform, reference: name});
		}
	};
	visit(index, undefined, 0);
	if (candidates.length === 0) throw new ImageArchiveError('not an image archive: index.json names no image manifest that the archive holds');
	let chosen = candidates[0]!;
	if (options.reference) chosen = candidates.find(item => item.reference === options.reference || item.reference?.endsWith(`/${options.reference}`)) ?? chosen;
	const configDescriptor = (chosen.manifest['config'] ?? {}) as Json;
	const config = jsonAt(collected, blobPath(configDescriptor['digest']));
	const configPlatform = platformOf(config);
	const platforms = [...new Set(candidates.map(item => item.platform ?? (item === chosen ? configPlatform : undefined)).filter((item): item is string => Boolean(item)))];
	if (options.platform) {
		const match = candidates.find(item => item.platform === options.platform);
		if (!match) throw new ImageArchiveError(`the archive has no image for platform ${sanitize(options.platform)} (it has: ${platforms.join(', ') || 'unknown'})`);
		if (match !== chosen) return fromOciIndex(collected, {manifests: [match.descriptor]}, {...options, platform: undefined});
	}
	const layers = Array.isArray(chosen.manifest['layers']) ? (chosen.manifest['layers'] as Json[]) : [];
	return {
		layout: 'oci',
		references: chosen.reference ? [sanitize(chosen.reference)] : [],
		imageId: typeof configDescriptor['digest'] === 'string' ? configDescriptor['digest'] : undefined,
		platform: chosen.platform ?? configPlatform,
		platforms,
		layerIds: layers.map(layer => String(layer['digest'])),
		layers: layers.map(layer => layerAt(collected, blobPath(layer['digest']))),
		diffIds: diffIdsOf(config),
		history: historyOf(config),
	};
}

/**
 * Reads an image archive stream. Throws {@link ImageArchiveError} (or the
 * model's TarError) with a one-line message for anything unusable, and the
 * signal's reason when aborted.
 */
export async function readImageArchive(source: AsyncIterable<Uint8Array>, options: ReadArchiveOptions = {}): Promise<ImageArchive> {
	const state: ArchiveProgress = {phase: 'preparing', bytesRead: 0, expectedBytes: options.expectedBytes, layersRead: 0};
	const collected: Collected = {json: new Map(), layers: new Map(), links: new Map()};
	const input = new ByteSource(metered(source, state, options));
	try {
		for await (const entry of readTar(input)) {
			const {header} = entry;
			const path = normalizeLayerPath(header.path);
			if (header.type === 'symlink') collected.links.set(path, resolveLink(path, header.linkPath));
			if (header.type === 'hardlink') collected.links.set(path, normalizeLayerPath(header.linkPath));
			if (header.type !== 'file' || header.size === 0) continue;
			const {head, body} = await peek(entry.body, SNIFF);
			const kind = sniff(head);
			if (kind === 'json' && header.size <= MAX_JSON) {
				const parts: Buffer[] = [];
				for await (const part of body) parts.push(Buffer.from(part));
				try {
					collected.json.set(path, JSON.parse(Buffer.concat(parts).toString('utf8')) as Json);
				} catch {
					// Not JSON after all (a layer's content never is read this way): ignore it.
				}
				continue;
			}
			if (kind === 'tar' || kind === 'gzip' || kind === 'zstd') {
				const layerBytes = kind === 'gzip' ? gunzip(body) : kind === 'zstd' ? unzstd(body) : body;
				try {
					collected.layers.set(path, await scanLayerTar(layerBytes));
				} catch (error) {
					// When the archive itself ended, the archive is what is truncated, not the layer.
					if (error instanceof TarError && !input.isEnded) throw new ImageArchiveError(`layer ${sanitize(path)}: ${error.message}`);
					throw error;
				}
				state.layersRead++;
			}
		}
	} catch (error) {
		if (options.signal?.aborted) throw abortError(options.signal);
		if (error instanceof TarError) throw new ImageArchiveError(state.bytesRead === 0 ? 'not an image archive: it is empty' : error.message.replace(/\ba tar archive/, 'an image archive').replace(/tar archive/, 'image archive'));
		throw error;
	} finally {
		await input.close().catch(() => undefined);
	}
	const manifest = collected.json.get('manifest.json');
	const index = collected.json.get('index.json');
	let image: Omit<ImageArchive, 'bytesRead'>;
	if (index && (!manifest || options.platform)) image = fromOciIndex(collected, index, options);
	else if (manifest) {
		image = fromDockerManifest(collected, manifest, options);
		if (options.platform && image.platform && image.platform !== options.platform) {
			throw new ImageArchiveError(`the archive has no image for platform ${sanitize(options.platform)} (it has: ${image.platform})`);
		}
	}
	else throw new ImageArchiveError('not an image archive: it has neither manifest.json nor index.json');
	state.phase = 'done';
	options.onProgress?.({...state});
	return {...image, bytesRead: state.bytesRead};
}

/** Reads an image archive file (`docker save -o`, `skopeo copy … oci-archive:`). */
export async function readImageArchiveFile(path: string, options: ReadArchiveOptions = {}): Promise<ImageArchive> {
	let size: number;
	try {
		const info = await stat(path);
		if (!info.isFile()) throw new ImageArchiveError(`${sanitize(path)} is not a file`);
		size = info.size;
	} catch (error) {
		if (error instanceof ImageArchiveError) throw error;
		throw new ImageArchiveError(`cannot read ${sanitize(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	const stream = createReadStream(path, {highWaterMark: 256 * 1024, signal: options.signal});
	return readImageArchive(stream, {expectedBytes: size, ...options});
}

/** Sizes and identity the engine reports before the export starts. */
export interface ImageInspectSummary {
	id: string;
	size: number;
	references: string[];
	/**
	 * The platforms the engine holds this image for (`os/architecture[/variant]`): from the containerd store's
	 * manifest list (API 1.48+, `?manifests=1`); empty where the engine does not say (the classic store, 20.10).
	 */
	platforms: string[];
}

type RawManifestSummary = {Kind?: string; Available?: boolean; Descriptor?: {platform?: unknown}};

/** The image manifests the engine has the content of, as platforms (attestations and absent ones left out). */
function platformsOfManifests(manifests: readonly RawManifestSummary[] | null | undefined): string[] {
	const platforms = (manifests ?? []).filter(item => item.Kind === 'image' && item.Available !== false).map(item => platformOf(item.Descriptor?.platform));
	return [...new Set(platforms.filter((item): item is string => Boolean(item)))];
}

/** `os/architecture[/variant]` as the export's `platform` parameter (API 1.48+): an OCI platform as JSON. */
function platformParameter(platform: string): string {
	const parts = platform.split('/');
	if (parts.length < 2 || parts.length > 3 || parts.some(part => !/^[a-z0-9._-]+$/i.test(part))) {
		throw new ImageArchiveError(`a platform is os/architecture[/variant], such as linux/arm64, not "${sanitize(platform)}"`);
	}
	const [os, architecture, variant] = parts;
	return JSON.stringify({os, architecture, ...(variant ? {variant} : {})});
}

/** One-shot inspect: the clear "no such image" error and the size estimate for progress. */
export async function inspectImageSummary(engine: Engine, name: string, signal?: AbortSignal): Promise<ImageInspectSummary> {
	if (!REFERENCE.test(name)) throw new ImageArchiveError(`invalid image reference "${sanitize(name)}"`);
	try {
		// manifests=1 makes a containerd-store engine list the image's platforms; older engines ignore it. (dockerode's
		// image.inspect() sends no query at all, so the request is dialled here.)
		const modem = (engine.docker as unknown as {modem: Modem}).modem;
		type RawInspect = {Id: string; Size?: number; RepoTags?: string[]; Manifests?: RawManifestSummary[] | null};
		const info = await engine.oneShot(
			'inspect image',
			s =>
				new Promise<RawInspect>((resolve, reject) => {
					modem.dial({path: `/images/${name}/json?`, method: 'GET', options: {manifests: '1', abortSignal: s}, statusCodes: {200: true, 404: 'no such image', 500: 'server error'}}, (error, data) =>
						error ? reject(error) : resolve(data as RawInspect),
					);
				}),
			signal,
		);
		return {id: info.Id, size: info.Size ?? 0, references: (info.RepoTags ?? []).map(tag => sanitize(tag)), platforms: platformsOfManifests(info.Manifests)};
	} catch (error) {
		if (signal?.aborted) throw abortError(signal);
		if (engineStatus(error) === 404) throw new ImageArchiveError(`no such image: ${sanitize(name)}`);
		throw new ImageArchiveError(describeEngineError(error, engine.endpoint));
	}
}

type Modem = {dial: (options: object, callback: (error: unknown, data?: unknown) => void) => void};

/**
 * Streams `GET /images/{name}/get` and reads it as it arrives. The signal
 * cancels both the wait for the engine to start the export and the stream.
 */
export async function readImageFromEngine(engine: Engine, name: string, options: ReadArchiveOptions = {}): Promise<ImageArchive> {
	if (!REFERENCE.test(name)) throw new ImageArchiveError(`invalid image reference "${sanitize(name)}"`);
	const modem = (engine.docker as unknown as {modem: Modem}).modem;
	// The export is asked for at once, beside the inspect: the engine spends seconds preparing it before its first
	// byte (Docker 20 writes the image out first), and the inspect's round trip need not come before that (issue 8).
	const local = new AbortController();
	const signal = options.signal ? AbortSignal.any([options.signal, local.signal]) : local.signal;
	// Over a socket of our own where the endpoint allows it (Node's HTTP client wraps each 64 KiB read in a stream
	// turn and a Buffer it then parses); through the modem otherwise (ssh). dockerode's image.get() takes no abort
	// signal; the modem does, which is what makes Esc work before the first byte.
	// One platform of a multi-platform image: the engine exports only that one (API 1.48+; older ones export all,
	// and the platform is picked from the archive's index).
	const path = `/images/${name}/get`;
	const platform = options.platform ? platformParameter(options.platform) : undefined;
	const opening: Promise<RawStreamBody | Readable> =
		// Read into pooled buffers: readImageArchive copies what it keeps past a read (see ByteSource).
		rawStreamGet(engine.endpoint, platform ? `${path}?platform=${encodeURIComponent(platform)}` : path, signal, {recycle: true}) ??
		new Promise<Readable>((resolve, reject) => {
			// The modem adds a query only to a path that ends in "?".
			const query = platform ? {path: `${path}?`, options: {platform}} : {path};
			modem.dial({...query, method: 'GET', isStream: true, abortSignal: signal, statusCodes: {200: true, 404: 'no such image', 500: 'server error'}}, (error, data) =>
				error ? reject(error) : resolve(data as Readable),
			);
		});
	// Handled below, after the inspect; until then a refusal must not count as unhandled.
	opening.catch(() => undefined);
	let summary: ImageInspectSummary;
	try {
		summary = await inspectImageSummary(engine, name, options.signal);
		if (options.platform && summary.platforms.length > 0 && !summary.platforms.includes(options.platform)) {
			throw new ImageArchiveError(`${sanitize(name)} has no image for platform ${sanitize(options.platform)} (it has: ${summary.platforms.join(', ')})`);
		}
	} catch (error) {
		local.abort();
		opening.then(stream => stream.destroy(), () => undefined);
		throw error;
	}
	options.onProgress?.({phase: 'preparing', bytesRead: 0, expectedBytes: summary.size, layersRead: 0});
	const stream = await opening.catch((error: unknown) => {
		if (options.signal?.aborted) throw abortError(options.signal);
		throw new ImageArchiveError(engineStatus(error) === 404 ? `no such image: ${sanitize(name)}` : describeEngineError(error, engine.endpoint));
	});
	const onAbort = () => (stream instanceof RawStreamBody ? stream.destroy() : stream.destroy(abortError(options.signal!)));
	options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		const reference = options.reference ?? (name.includes(':') || name.includes('@') ? name : `${name}:latest`);
		// A bounded read-ahead keeps the socket drained while a layer is being parsed, so the engine's
		// export is not stalled by our processing (the engine's own speed is the floor).
		// Object mode hands the socket's chunks on as they are; byte mode would concatenate the whole buffer on each read.
		let body: AsyncIterable<Buffer>;
		if (stream instanceof RawStreamBody) {
			body = stream.chunks(READ_AHEAD_CHUNKS);
		} else {
			const readAhead = new PassThrough({readableObjectMode: true, readableHighWaterMark: READ_AHEAD_CHUNKS});
			pipeline(stream, readAhead, () => undefined);
			body = readAhead;
		}
		const archive = await readImageArchive(body, {expectedBytes: summary.size, ...options, reference});
		// The archive knows only the config's digest; the engine's ID is what every other view of the image shows.
		// An export of one platform holds only that one: the engine says which others there are.
		return {...archive, imageId: summary.id, platforms: summary.platforms.length > 0 ? summary.platforms : archive.platforms};
	} catch (error) {
		if (error instanceof ImageArchiveError || options.signal?.aborted) throw error;
		// The connection dropped mid-export: say so in the engine's terms.
		throw new ImageArchiveError(`the export of ${sanitize(name)} broke off: ${describeEngineError(error, engine.endpoint)}`);
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
		stream.destroy();
	}
}

/** The full analysis of an archive that was read. */
export function analyseArchive(archive: ImageArchive, options: {topWastedCount?: number} = {}): ImageAnalysis {
	return analyseImage(archive.layers, archive.history, {layerIds: archive.layerIds, topWastedCount: options.topWastedCount});
}

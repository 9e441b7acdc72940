/**
 * Images through the engine adapter: list, disk usage, inspect, remove, tag and
 * pull. Every engine string is sanitized here; every call that changes the
 * engine passes engine.assertWritable first (the transport refuses it again in
 * read-only mode).
 */
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {LineSplitter} from '../model/line-splitter.js';
import {sanitize, sanitizeRecord} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {engineStatus} from './errors.js';
import {answerList, answerRecord, bounded, boundedRecord, count, describeLeftOut, entriesWithIds, list as anyList, record, text} from './engine-answer.js';
import {systemDf} from './system-df.js';
import {parseReference} from '../model/image-reference.js';

export {type ImageReference, parseReference} from '../model/image-reference.js';
import type {ImageSource} from '../model/image-store.js';
import type {ImageDetails, ImageDiskUsage, ImageHealthcheck, ImageList, ImageSummary, PullMessage, RemoveResult} from '../model/image-types.js';

const NONE_TAG = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

const list = (values: readonly string[] | null | undefined, skip?: string): string[] =>
	(values ?? []).filter(value => value !== skip).map(value => sanitize(value));

/** Only the strings of an engine list, each bounded (issue 17: a list of the wrong type reads as empty). */
const strings = (value: unknown): string[] => anyList(value).filter((entry): entry is string => typeof entry === 'string').map(entry => bounded(entry));

/**
 * Maps the engine's list entry (checked to have an ID) to dockdash's summary; fields of the wrong type read as absent.
 * Exported for unit tests.
 */
export function toImageSummary(raw: Docker.ImageInfo | Record<string, unknown>): ImageSummary {
	const entry = raw as Record<string, unknown>;
	return {
		id: bounded(String(entry.Id)),
		repoTags: list(strings(entry.RepoTags), NONE_TAG),
		repoDigests: list(strings(entry.RepoDigests), NONE_DIGEST),
		parentId: bounded(text(entry.ParentId) ?? ''),
		created: count(entry.Created) ?? 0,
		size: count(entry.Size) ?? 0,
		labels: sanitizeRecord(record(entry.Labels)),
	};
}

/**
 * `docker images` (top-level images; dangling ones have no tags). Entries without an ID or with a repeated one are
 * left out and counted in the list's `notice`; an answer that is not a list is an EngineAnswerError (issue 17).
 */
export async function listImages(engine: Engine, signal?: AbortSignal): Promise<ImageList> {
	const raw: unknown = await engine.oneShot('list images', s => engine.docker.listImages({abortSignal: s} as Docker.ListImagesOptions), signal);
	const {entries, leftOut} = entriesWithIds(answerList('list images', raw), 'Id');
	const images: ImageList = entries.map(toImageSummary);
	const notice = describeLeftOut('list images', leftOut);
	if (notice) images.notice = notice;
	return images;
}

/**
 * Shared and unique bytes per image ID, as `docker system df -v` shows them.
 * API 1.41 computes SharedSize only in /system/df (the `shared-size` option of
 * /images/json came in 1.42); an image it could not compute is left out.
 */
export async function imageDiskUsage(engine: Engine, signal?: AbortSignal): Promise<Map<string, ImageDiskUsage>> {
	// df walks every container's layer too, so it gets more time than a list.
	const raw = await engine.oneShot('disk usage', s => systemDf<{Images?: Array<{Id: string; Size: number; SharedSize: number}> | null}>(engine, s), signal);
	const usage = new Map<string, ImageDiskUsage>();
	if ((await engine.product(signal)) === 'Podman') {
		// Podman 4.3's df gives bare hex IDs and a SharedSize equal to the whole size
		// (measured, issue 7): not shared bytes, so the pane says it does not know.
		for (const image of raw.Images ?? []) usage.set(image.Id.startsWith('sha256:') ? image.Id : `sha256:${image.Id}`, {sharedSize: null, uniqueSize: null});
		return usage;
	}
	for (const image of raw.Images ?? []) {
		if (typeof image.SharedSize !== 'number' || image.SharedSize < 0) continue;
		usage.set(image.Id, {sharedSize: image.SharedSize, uniqueSize: Math.max(0, image.Size - image.SharedSize)});
	}
	return usage;
}

const NS_PER_MS = 1e6;
const msOf = (ns: number | undefined) => (ns ? ns / NS_PER_MS : undefined);

type RawInspect = Docker.ImageInspectInfo & {
	Config: Docker.ImageInspectInfo['Config'] & {Healthcheck?: {Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number}; StopSignal?: string};
	Variant?: string;
};

/** A record field of an engine answer: an object, or an empty one for anything else. */
const fields = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
/** Object keys (exposed ports, volumes) of an engine record, sanitized and sorted. */
const keysOf = (value: unknown): string[] => Object.keys(fields(value)).map(key => sanitize(bounded(key))).sort();

/**
 * Maps `docker image inspect` to dockdash's details; a field of the wrong type reads as absent (issue 17).
 * Exported for unit tests.
 */
export function toImageDetails(raw: RawInspect | Record<string, unknown>): ImageDetails {
	const entry = raw as Record<string, unknown>;
	const config = fields(entry.Config);
	const health = fields(config.Healthcheck);
	const test = strings(health.Test);
	const healthcheck: ImageHealthcheck | undefined =
		test.length > 0
			? {
					test: list(test),
					intervalMs: msOf(count(health.Interval)),
					timeoutMs: msOf(count(health.Timeout)),
					startPeriodMs: msOf(count(health.StartPeriod)),
					retries: count(health.Retries) || undefined,
				}
			: undefined;
	const optional = (value: unknown) => (text(value) ? sanitize(bounded(text(value)!)) : undefined);
	const entrypoint = typeof config.Entrypoint === 'string' ? [bounded(config.Entrypoint)] : Array.isArray(config.Entrypoint) ? strings(config.Entrypoint) : undefined;
	return {
		id: bounded(text(entry.Id) ?? ''),
		repoTags: list(strings(entry.RepoTags), NONE_TAG),
		repoDigests: list(strings(entry.RepoDigests), NONE_DIGEST),
		created: optional(entry.Created) ?? '',
		architecture: optional(entry.Architecture) ?? '',
		os: optional(entry.Os) ?? '',
		variant: optional(entry.Variant),
		size: count(entry.Size) ?? 0,
		author: optional(entry.Author),
		entrypoint: entrypoint ? list(entrypoint) : undefined,
		cmd: Array.isArray(config.Cmd) ? list(strings(config.Cmd)) : undefined,
		env: list(strings(config.Env)),
		exposedPorts: keysOf(config.ExposedPorts),
		volumes: keysOf(config.Volumes),
		workingDir: optional(config.WorkingDir) ?? '',
		user: optional(config.User) ?? '',
		stopSignal: optional(config.StopSignal),
		labels: sanitizeRecord(boundedRecord(record(config.Labels))),
		healthcheck,
		layerCount: anyList(fields(entry.RootFS).Layers).length,
	};
}

export async function inspectImage(engine: Engine, idOrRef: string, signal?: AbortSignal): Promise<ImageDetails> {
	const raw: unknown = await engine.oneShot('inspect image', s => engine.docker.getImage(idOrRef).inspect({abortSignal: s} as object), signal);
	return toImageDetails(answerRecord('inspect image', raw));
}

/** The engine refused a remove; `canForce` is true when it said force would do it ("must force"). */
export class ImageConflictError extends Error {
	override name = 'ImageConflictError';
	constructor(
		message: string,
		readonly canForce: boolean,
	) {
		super(message);
	}
}

/** The conflict in an error from {@link removeImage}, for source/model/image-actions.ts. */
export function imageConflictOf(error: unknown): {message: string; canForce: boolean} | undefined {
	return error instanceof ImageConflictError ? {message: error.message, canForce: error.canForce} : undefined;
}

function conflictMessage(error: unknown): string {
	const err = error as {json?: {message?: string}; message?: string};
	const text = err.json?.message ?? /\(HTTP code \d+\)[^-]*- (.*)$/s.exec(err.message ?? '')?.[1] ?? err.message ?? 'conflict';
	try {
		return (JSON.parse(text) as {message?: string}).message ?? text;
	} catch {
		return text.trim();
	}
}

/**
 * `docker rmi REF`: by tag it untags (and deletes the image when that was its
 * last tag); by ID it deletes. A conflict (containers use it, other tags,
 * child images) becomes an {@link ImageConflictError}, so the caller can ask
 * again before it forces.
 */
export async function removeImage(engine: Engine, ref: string, options: {force?: boolean; imageId?: string; signal?: AbortSignal} = {}): Promise<RemoveResult> {
	engine.assertWritable('removing an image');
	const digest = (id: string) => id.replace(/^sha256:/, '');
	if (options.imageId !== undefined && digest(ref) !== digest(options.imageId)) {
		// A tag moved to another image since the dialog: removing it would take that image, which no dialog named.
		const now = (await inspectImage(engine, ref, options.signal)).id;
		if (digest(now) !== digest(options.imageId)) {
			throw new Error(`${sanitize(ref)} now names image ${sanitize(digest(now).slice(0, 12))}, not the ${sanitize(digest(options.imageId).slice(0, 12))} confirmed (tagged again meanwhile): nothing removed; look again`);
		}
	}
	let raw: Array<{Untagged?: string; Deleted?: string}>;
	try {
		raw = (await engine.oneShot(
			'remove image',
			s => engine.docker.getImage(ref).remove({force: Boolean(options.force), abortSignal: s} as object),
			options.signal,
		)) as typeof raw;
	} catch (error) {
		if (engineStatus(error) === 409) {
			const message = sanitize(conflictMessage(error));
			// "(must force)" for a container's reference, "(must be forced)" for several tags; "(cannot be forced)" otherwise.
			throw new ImageConflictError(message, /\(must (?:be )?force(?:d)?\)/.test(message));
		}
		throw error;
	}
	return {
		untagged: (raw ?? []).flatMap(entry => (entry.Untagged ? [sanitize(entry.Untagged)] : [])),
		deleted: (raw ?? []).flatMap(entry => (entry.Deleted ? [entry.Deleted] : [])),
	};
}

/**
 * `docker tag SOURCE TARGET`; TARGET without a tag means ":latest", as in the docker CLI.
 * Returns the full reference the image now carries (`iy-dang` → `iy-dang:latest`), so messages say it (issue 20).
 */
export async function tagImage(engine: Engine, source: string, target: string, signal?: AbortSignal): Promise<string> {
	engine.assertWritable('tagging an image');
	const reference = parseReference(target);
	if (reference.digest) throw new Error('a tag cannot contain a digest (@sha256:…)');
	const tag = reference.tag ?? 'latest';
	await engine.oneShot(
		'tag image',
		s => engine.docker.getImage(source).tag({repo: reference.repository, tag, abortSignal: s} as Docker.ImageTagOptions),
		signal,
	);
	return `${reference.repository}:${tag}`;
}

/** Turns one JSON object of the pull stream into a message; throws on an error message. Exported for unit tests. */
export function toPullMessage(raw: Record<string, unknown>, verb = 'pull'): PullMessage {
	const error = (raw['errorDetail'] as {message?: string} | undefined)?.message ?? (raw['error'] as string | undefined);
	if (error) throw new Error(sanitize(`${verb} failed: ${error}`));
	const detail = (raw['progressDetail'] ?? {}) as {current?: number; total?: number; units?: string};
	const id = typeof raw['id'] === 'string' ? sanitize(raw['id']) : undefined;
	// The containerd image store (Docker 28) counts "Extracting" in seconds ({current: 1, units: "s"}), not bytes:
	// only a count without units, or in bytes, is a byte count (issue 12).
	const isBytes = detail.units === undefined || detail.units === '' || detail.units === 'B';
	return {
		id,
		status: sanitize(typeof raw['status'] === 'string' ? raw['status'] : ''),
		current: typeof detail.current === 'number' && isBytes ? detail.current : undefined,
		total: typeof detail.total === 'number' && detail.total > 0 ? detail.total : undefined,
	};
}

/**
 * `docker pull REF`, reporting every progress message as it arrives. Never
 * under the one-shot timeout: a big pull takes as long as it takes, and the
 * signal cancels it (the engine stops pulling when the request goes away).
 */
export async function pullImage(engine: Engine, ref: string, options: {signal?: AbortSignal; onMessage?: (message: PullMessage) => void} = {}): Promise<void> {
	engine.assertWritable('pulling an image');
	const reference = parseReference(ref);
	// Without a tag the engine would pull every tag of the repository.
	const tag = reference.digest ?? reference.tag ?? 'latest';
	const fromImage = reference.digest && reference.tag ? `${reference.repository}:${reference.tag}` : reference.repository;
	const stream = (await engine.docker.createImage({fromImage, tag, abortSignal: options.signal})) as unknown as Readable;
	await followJsonStream(stream, options.signal, 'pull', raw => options.onMessage?.(toPullMessage(raw)));
}

/**
 * Reads an engine's stream of JSON messages (pull, push, load) to its end, handing each object to `handle`; a throw
 * from `handle` (an error message) or the signal ends it with that error. Lines that are not JSON are skipped.
 */
export async function followJsonStream(stream: Readable, signal: AbortSignal | undefined, what: string, handle: (raw: Record<string, unknown>) => void): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		// A progress line is well under 64 KiB; a longer one is garbage and is dropped, not held (issue 17).
		const lines = new LineSplitter(1024 * 1024);
		let failed = false;
		const fail = (error: unknown) => {
			if (failed) return;
			failed = true;
			stream.destroy();
			reject(error);
		};
		const handleLine = (line: string) => {
			if (!line.trim()) return;
			let parsed: Record<string, unknown>;
			try {
				parsed = JSON.parse(line) as Record<string, unknown>;
			} catch {
				return; // not a progress message; the engine's final answer is what counts
			}
			try {
				handle(parsed);
			} catch (error) {
				fail(error);
			}
		};
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => {
			for (const line of lines.push(chunk)) {
				if (failed) break;
				handleLine(line);
			}
		});
		stream.on('end', () => {
			handleLine(lines.end());
			if (!failed) resolve();
		});
		stream.on('error', error => fail(signal?.aborted ? new Error(`${what} cancelled`) : error));
		stream.on('close', () => {
			if (signal?.aborted) fail(new Error(`${what} cancelled`));
		});
		signal?.addEventListener('abort', () => fail(new Error(`${what} cancelled`)), {once: true});
	});
}

/** The image store's view of the engine. */
export function engineImageSource(engine: Engine): ImageSource {
	return {
		listImages: signal => listImages(engine, signal),
		diskUsage: signal => imageDiskUsage(engine, signal),
	};
}

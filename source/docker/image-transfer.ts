/**
 * Commit, export, save, load and push through the engine (issue 13): `POST /commit`, `GET /containers/{id}/export`,
 * `GET /images/get`, `POST /images/load` and `POST /images/{name}/push`. The tar streams are handed out as they come
 * (the top-level transfer service writes them to disk); every engine string is sanitized here, and every call that
 * changes the engine passes engine.assertWritable first. None is under the one-shot timeout: a big image takes as
 * long as it takes, and the caller's signal cancels it.
 */
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import type {CommitRequest} from '../model/image-transfer.js';
import {loadedFrom} from '../model/image-transfer.js';
import type {PullMessage} from '../model/image-types.js';
import {parseReference} from '../model/image-reference.js';
import {CommitAnswerError, UserFacingError} from '../model/ports.js';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {engineStatus} from './errors.js';
import {followJsonStream, toPullMessage} from './images.js';

/** `docker commit`: resolves with the new image's ID. */
export async function commitContainer(engine: Engine, containerId: string, request: CommitRequest, signal?: AbortSignal): Promise<string> {
	engine.assertWritable('committing a container');
	const options = {
		repo: request.repository,
		tag: request.tag,
		pause: request.pause,
		...(request.message ? {comment: request.message} : {}),
		...(request.author ? {author: request.author} : {}),
		abortSignal: signal,
	};
	const answer: unknown = await engine.docker.getContainer(containerId).commit(options as object);
	// The answer is checked before the image is named or selected (issue 17): one without an image ID, or with one
	// the name just made does not point at, would select and name another image as the one committed.
	const made = `${request.repository}:${request.tag}`;
	const raw = answer !== null && typeof answer === 'object' ? (answer as Record<string, unknown>)['Id'] : undefined;
	// Podman's compatible API answers the bare hex ID; Docker's carries the sha256: prefix the image list has.
	const id = typeof raw === 'string' && /^(sha256:)?[0-9a-f]{64}$/.test(raw) ? `sha256:${raw.replace(/^sha256:/, '')}` : '';
	if (!id) {
		const said = typeof raw === 'string' && raw !== '' ? ` (it says "${sanitize(raw.slice(0, 40))}")` : '';
		throw new CommitAnswerError(`the engine's answer names no image${said}: ${sanitize(made)} is not selected; look for it in Images`);
	}
	let tagged: string | undefined;
	try {
		const image = (await engine.oneShot('inspect image', s => engine.docker.getImage(made).inspect({abortSignal: s} as object), signal)) as unknown as Record<string, unknown>;
		tagged = typeof image?.['Id'] === 'string' ? `sha256:${image['Id'].replace(/^sha256:/, '')}` : undefined;
	} catch (error) {
		if (engineStatus(error) !== 404) throw error;
	}
	if (tagged !== id) {
		const now = tagged ? `image ${sanitize(shortImageId(tagged))}` : 'no image';
		throw new CommitAnswerError(`the engine answered image ${shortImageId(id)}, but ${sanitize(made)} is ${now}: neither is selected; look in Images`);
	}
	return id;
}

const shortImageId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** `docker export`: the container's filesystem as a tar stream. */
export async function exportContainerStream(engine: Engine, containerId: string, signal?: AbortSignal): Promise<Readable> {
	return (await engine.docker.getContainer(containerId).export({abortSignal: signal} as object)) as unknown as Readable;
}

/** `docker save REF…`: the images as one tar stream (the engine refuses a name it does not know before the first byte). */
export async function saveImagesStream(engine: Engine, refs: readonly string[], signal?: AbortSignal): Promise<Readable> {
	// GET /images/get?names=a&names=b (dockerode has it, its types do not).
	const docker = engine.docker as unknown as {getImages: (options: object) => Promise<unknown>};
	return (await docker.getImages({names: [...refs], abortSignal: signal})) as Readable;
}

/** `docker load -i FILE`: sends the tar, resolves with what the engine says it loaded (references, else image IDs). */
export async function loadImagesFrom(engine: Engine, tar: Readable, signal?: AbortSignal): Promise<string[]> {
	engine.assertWritable('loading images');
	const answer = (await engine.docker.loadImage(tar as never, {quiet: '1', abortSignal: signal} as object)) as unknown as Readable;
	const loaded: string[] = [];
	await followJsonStream(answer, signal, 'load', raw => {
		const error = (raw['errorDetail'] as {message?: string} | undefined)?.message ?? (raw['error'] as string | undefined);
		// The engine's own refusal (a broken layer, a tar it cannot read): its first line, as one line naming the fix.
		// The engine's scratch folder it unpacked into (…/tmp/docker-import-123/) says nothing to the user: left out.
		if (error) throw new UserFacingError(sanitize(`the engine refused it: ${(String(error).split('\n')[0] ?? '').replace(/\/\S*\/docker-import-\d+\//g, '')}; load reads archives docker save writes`));
		for (const line of (typeof raw['stream'] === 'string' ? raw['stream'] : '').split('\n')) {
			const name = loadedFrom(line);
			if (name) loaded.push(sanitize(name));
		}
	});
	return loaded;
}

/** What the engine forwards to the registry (the X-Registry-Auth header): read from the docker CLI's config, never kept. */
export type RegistryAuth = {username: string; password: string; serveraddress: string} | {identitytoken: string; serveraddress: string};

/**
 * `docker push REF`, reporting every progress message as it arrives; `auth` goes in the request's header only.
 * Resolves with the digest the registry gave, when it said one.
 */
export async function pushImage(
	engine: Engine,
	ref: string,
	options: {auth?: RegistryAuth; signal?: AbortSignal; onMessage?: (message: PullMessage) => void} = {},
): Promise<string | undefined> {
	engine.assertWritable('pushing an image');
	const reference = parseReference(ref);
	const tag = reference.tag ?? 'latest';
	// The engine wants a header even without credentials; an empty one is what the docker CLI sends then.
	const authconfig = options.auth ?? {};
	const stream = (await engine.docker.getImage(reference.repository).push({tag, authconfig, abortSignal: options.signal} as Docker.ImagePushOptions)) as unknown as Readable;
	let digest: string | undefined;
	await followJsonStream(stream, options.signal, 'push', raw => {
		const message = toPullMessage(raw, 'push');
		const said = /digest: (sha256:[a-f0-9]{64})/.exec(message.status)?.[1];
		if (said) digest = said;
		options.onMessage?.(message);
	});
	return digest;
}

/**
 * A container's files through the engine (issue 13): `GET /containers/{id}/archive`
 * streams a path as a tar, read here with the layer explorer's tar reader
 * (source/model/layers), never a second parser; `PUT /containers/{id}/archive`
 * unpacks a tar into a directory. Running or stopped containers alike: the
 * engine reads the filesystem, nothing runs inside. Every name shown is
 * sanitized on its way out of here (displayPath).
 */
import type {IncomingMessage} from 'node:http';
import type {Readable} from 'node:stream';
import {type FileContent, FilesError, type FileListing, type FileListingProgress, MAX_VIEW_BYTES} from '../model/container-files.js';
import {LayerStack, stackToTree} from '../model/layers/file-tree.js';
import {type LayerChanges, type LayerEntry, normalizeLayerPath} from '../model/layers/layer-changes.js';
import {isTarHeader, readTar, TarError, TarHeaderScanner} from '../model/layers/tar-reader.js';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {describeEngineError, engineStatus, RefusedError, tagRequest} from './errors.js';

type Modem = {dial: (options: object, callback: (error: unknown, data?: unknown) => void) => void};

/** The one line for an engine error about a container path: the path missing, the container gone, or the engine's words. */
export function describeFilesError(engine: Engine, error: unknown, containerName: string, path: string): string {
	if (error instanceof FilesError || error instanceof RefusedError) return sanitize(error.message);
	const status = engineStatus(error);
	const message = describeEngineError(error, engine.endpoint);
	if (status === 404) {
		if (/no such container/i.test(message)) return `the container ${sanitize(containerName)} is gone (removed); nothing was read or copied`;
		return `no such path in ${sanitize(containerName)}: ${sanitize(path)}`;
	}
	if (status === 400 && /not a directory/i.test(message)) return `not a directory in ${sanitize(containerName)}: ${sanitize(path)}`;
	return message;
}

/** `GET /containers/{id}/archive?path=…` as a stream; rejects with the engine's error (404 for a missing path or container). */
export function containerArchive(engine: Engine, id: string, path: string, signal?: AbortSignal): Promise<IncomingMessage> {
	const modem = (engine.docker as unknown as {modem: Modem}).modem;
	return new Promise<IncomingMessage>((resolve, reject) => {
		modem.dial(
			{
				path: `/containers/${encodeURIComponent(id)}/archive?`,
				method: 'GET',
				options: {path},
				isStream: true,
				abortSignal: signal,
				statusCodes: {200: true, 400: 'bad parameter', 404: 'no such container or path', 500: 'server error'},
			},
			(error, data) => (error ? reject(error) : resolve(data as IncomingMessage)),
		);
	});
}

/** Bytes of an answer as they arrive, counted; the signal ends the read. */
async function* counted(stream: Readable, onBytes: (count: number) => void, signal?: AbortSignal): AsyncGenerator<Buffer> {
	for await (const chunk of stream) {
		if (signal?.aborted) throw new FilesError('cancelled');
		onBytes((chunk as Buffer).length);
		yield chunk as Buffer;
	}
}

/** The first block of an answer, kept as its bytes pass: what a refused archive is said to start with. */
async function* keepingHead(stream: AsyncIterable<Buffer | Uint8Array>, head: {bytes: Buffer}): AsyncGenerator<Buffer> {
	for await (const chunk of stream) {
		const bytes = Buffer.from(chunk as Uint8Array);
		if (head.bytes.length < 512) head.bytes = Buffer.concat([head.bytes, bytes.subarray(0, 512 - head.bytes.length)]);
		yield bytes;
	}
}

/**
 * An archive answer the tar reader refused, as one line naming the request (issue 17): not a tar at all (a proxy's
 * page, JSON) is said with how it starts; one cut short says so, and nothing of it is shown as if it were whole.
 */
function archiveRefusal(what: string, path: string, error: unknown, head: Buffer): unknown {
	if (!(error instanceof TarError)) {
		const code = (error as {code?: unknown} | null)?.code;
		// The connection closed after the archive began: what came is a part, and is not shown as the whole.
		if (head.length > 0 && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error | null)?.message === 'aborted')) {
			return new FilesError(`${what} ${sanitize(path)}: the connection closed before the archive ended: nothing of it is shown`);
		}
		tagRequest(error, `${what} ${sanitize(path)}`);
		return error;
	}
	if (head.length === 0) return new FilesError(`${what} ${sanitize(path)}: the engine's answer is empty, not a tar archive`);
	if (head.length > 0 && !(head.length === 512 && (isTarHeader(head) || head.every(byte => byte === 0)))) {
		const start = sanitize(head.subarray(0, 40).toString('utf8').replace(/\s+/g, ' '));
		return new FilesError(`${what} ${sanitize(path)}: the engine's answer is not a tar archive (it starts "${start}")`);
	}
	return new FilesError(`${what} ${sanitize(path)}: the engine's archive is cut short (${sanitize(error.message)}): nothing of it is shown`);
}

/**
 * Lists a path of a container (a directory and everything under it, or one
 * entry) from the headers of its archive: contents are stepped over, never kept.
 */
export async function listContainerFiles(
	engine: Engine,
	id: string,
	path: string,
	options: {signal?: AbortSignal; onProgress?: (progress: FileListingProgress) => void} = {},
): Promise<FileListing> {
	const stream = await containerArchive(engine, id, path, options.signal).catch((error: unknown) => {
		throw archiveRefusal('list files of', path, error, Buffer.alloc(0));
	});
	const changes: LayerChanges = {entries: [], whiteouts: [], opaqueDirs: [], ignored: [], bytes: 0};
	const scanner = new TarHeaderScanner(header => {
		const entryPath = normalizeLayerPath(header.path);
		if (entryPath === '') return;
		const entry: LayerEntry = {path: entryPath, kind: header.type, size: header.type === 'file' ? header.size : 0, mode: header.mode};
		if (header.type === 'symlink' || header.type === 'hardlink') entry.linkTarget = header.linkPath;
		if (header.type === 'char-device' || header.type === 'block-device') entry.device = {major: header.devMajor, minor: header.devMinor};
		changes.entries.push(entry);
		changes.bytes += entry.size;
	});
	let bytesRead = 0;
	let lastReport = 0;
	const head = {bytes: Buffer.alloc(0)};
	try {
		for await (const chunk of keepingHead(counted(stream, count => (bytesRead += count), options.signal), head)) {
			scanner.push(chunk);
			const now = Date.now();
			if (options.onProgress && now - lastReport >= 100) {
				lastReport = now;
				options.onProgress({bytesRead, entries: changes.entries.length});
			}
			if (scanner.isDone) break;
		}
		scanner.end();
	} catch (error) {
		throw archiveRefusal('list files of', path, error, head.bytes);
	} finally {
		stream.destroy();
	}
	const stack = new LayerStack();
	stack.apply(changes);
	// No entry belongs to "the layer shown": every node is plain ('unchanged'), with no change marks.
	return {path, root: stackToTree(stack, -2), entryCount: changes.entries.length};
}

/** Reads one file of a container for the viewer: at most `max` bytes kept, the rest left unread. */
export async function readContainerFile(engine: Engine, id: string, path: string, signal?: AbortSignal, max = MAX_VIEW_BYTES): Promise<FileContent> {
	const stream = await containerArchive(engine, id, path, signal).catch((error: unknown) => {
		throw archiveRefusal('read', path, error, Buffer.alloc(0));
	});
	const head = {bytes: Buffer.alloc(0)};
	try {
		for await (const entry of readTar(keepingHead(stream as AsyncIterable<Uint8Array>, head))) {
			const {header} = entry;
			if (header.type === 'directory') throw new FilesError(`${sanitize(path)} is a directory: Enter opens it`);
			if (header.type === 'symlink') throw new FilesError(`${sanitize(path)} is a symbolic link to ${sanitize(header.linkPath)}: go to that path to read it`);
			if (header.type !== 'file') throw new FilesError(`${sanitize(path)} is a ${header.type}, not a file to read`);
			const parts: Buffer[] = [];
			let kept = 0;
			for await (const part of entry.body) {
				if (signal?.aborted) throw new FilesError('cancelled');
				const take = Math.min(part.length, max - kept);
				if (take > 0) parts.push(part.subarray(0, take));
				kept += take;
				// Past the bound the rest stays on the engine: the answer is closed, not read to its end.
				if (kept >= max) break;
			}
			return {path, size: header.size, bytes: Buffer.concat(parts, kept), isCut: header.size > kept};
		}
		throw new FilesError(`${sanitize(path)}: the engine sent an empty archive`);
	} catch (error) {
		throw archiveRefusal('read', path, error, head.bytes);
	} finally {
		stream.destroy();
	}
}

/** `PUT /containers/{id}/archive?path=DIR`: unpacks a tar into a directory of the container. */
export async function putContainerArchive(engine: Engine, id: string, directory: string, tar: Readable): Promise<void> {
	engine.assertWritable('copying files into a container');
	const modem = (engine.docker as unknown as {modem: Modem}).modem;
	await new Promise<void>((resolve, reject) => {
		modem.dial(
			{
				path: `/containers/${encodeURIComponent(id)}/archive?`,
				method: 'PUT',
				options: {path: directory, noOverwriteDirNonDir: 'true'},
				file: tar,
				isStream: true,
				headers: {'Content-Type': 'application/x-tar'},
				statusCodes: {200: true, 400: 'bad parameter', 403: 'permission denied (read-only filesystem?)', 404: 'no such container or path', 500: 'server error'},
			},
			(error, data) => {
				if (error) return reject(error);
				const answer = data as Readable;
				answer.resume();
				answer.on('end', () => resolve());
				answer.on('error', reject);
			},
		);
	});
}

/**
 * The transfer port (issue 13): tar streams from source/docker written to disk whole or not at all, and tar files
 * read back into the engine. A file is written under a hidden temporary name in the target folder, synced, then
 * linked (never over an existing file) or renamed (over one the user confirmed) to its name; any failure, a cancel
 * or a full disk removes the temporary file, so nothing is ever left under the final name half-written.
 */
import {createReadStream, createWriteStream, statSync} from 'node:fs';
import {link, open, rename, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Transform, type Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type {Engine} from './docker/engine.js';
import {commitContainer, exportContainerStream, loadImagesFrom, saveImagesStream} from './docker/image-transfer.js';
import {imageArchiveProblem, temporaryName, type TransferProgress} from './model/image-transfer.js';
import {type TransferPort, UserFacingError} from './model/ports.js';
import {sanitize} from './model/sanitize.js';
import {UnfinishedFiles} from './unfinished-files.js';

/**
 * Where one port's transfers write: temporary files being written now are removed if dockdash exits mid-transfer
 * (q during an export), so a quit leaves no hidden half-written file beside the target either; `serial` tells
 * this process's temporary names apart.
 */
export interface TransferWrites {
	unfinished: UnfinishedFiles;
	serial: number;
}

export function transferWrites(unfinished = new UnfinishedFiles()): TransferWrites {
	return {unfinished, serial: 0};
}

/** Where a typed file name points: relative to `cwd`, `~/` for home. */
export function resolveTarget(file: string, cwd = process.cwd(), home = os.homedir()): string {
	const trimmed = file.trim();
	if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(home, trimmed.slice(1));
	return path.resolve(cwd, trimmed);
}

/** Counts the bytes passing through. */
function counter(onBytes: (bytes: number) => void): Transform {
	let bytes = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			bytes += chunk.length;
			onBytes(bytes);
			done(null, chunk);
		},
	});
}

function writeProblem(error: unknown, file: string): Error {
	const code = (error as NodeJS.ErrnoException).code;
	const dir = path.dirname(file);
	const shown = sanitize(file);
	if (code === 'ENOSPC' || code === 'EDQUOT') return new UserFacingError(sanitize(`no space left in ${dir} (${code}); nothing was written to ${shown}: free some space, or choose another folder`));
	if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UserFacingError(sanitize(`cannot write in ${dir} (${code}); nothing was written: choose a writable folder`));
	if (code === 'ENOENT' || code === 'ENOTDIR') return new UserFacingError(sanitize(`no folder ${dir}: create it first, or choose another`));
	if (code === 'EEXIST') return new UserFacingError(`${shown} exists: nothing was written (answer y to the question to replace it)`);
	return error as Error;
}

/**
 * Writes the stream `open` gives to `file` whole or not at all. The stream is asked for only once the temporary
 * file exists, so a folder that is not there fails before the engine starts work.
 */
export async function writeWhole(
	openStream: (signal: AbortSignal) => Promise<Readable>,
	file: string,
	options: TransferProgress & {overwrite?: boolean},
	writes: TransferWrites = transferWrites(),
): Promise<void> {
	const target = path.resolve(file);
	const temporary = path.join(path.dirname(target), temporaryName(path.basename(target), process.pid, ++writes.serial));
	let isWritten = false;
	writes.unfinished.add(temporary);
	try {
		const output = createWriteStream(temporary, {flags: 'wx', mode: 0o644});
		await new Promise<void>((resolve, reject) => {
			output.once('open', () => resolve());
			output.once('error', reject);
		});
		let input: Readable;
		try {
			input = await openStream(options.signal);
		} catch (error) {
			output.destroy();
			throw error;
		}
		await pipeline(input, counter(options.onBytes), output, {signal: options.signal});
		// On disk before it gets its name: a crash after the rename must not leave a short file under it.
		const handle = await open(temporary, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
		if (options.overwrite) await rename(temporary, target);
		else await link(temporary, target);
		isWritten = true;
	} catch (error) {
		throw options.signal.aborted ? new UserFacingError(`cancelled: nothing was written to ${sanitize(target)}`) : writeProblem(error, target);
	} finally {
		if (!isWritten || !options.overwrite) await rm(temporary, {force: true});
		writes.unfinished.delete(temporary);
	}
}

export function createTransferPort(engine: Engine, cwd: () => string = () => process.cwd(), writes: TransferWrites = transferWrites()): TransferPort {
	return {
		commit: (id, request) => commitContainer(engine, id, request),
		exportContainer: (id, file, options) => writeWhole(signal => exportContainerStream(engine, id, signal), file, options, writes),
		saveImages: (refs, file, options) => writeWhole(signal => saveImagesStream(engine, refs, signal), file, options, writes),
		loadImages: async (file, options) => {
			const source = resolveTarget(file, cwd());
			let problem: string | undefined;
			try {
				const info = await stat(source);
				if (info.isDirectory()) throw new UserFacingError(sanitize(`${source} is a folder: name a tar file made by docker save`));
				// What the file itself says is checked before the engine is sent a byte of it.
				const handle = await open(source, 'r');
				try {
					problem = await imageArchiveProblem(info.size, async (position, length) => {
						const buffer = Buffer.alloc(length);
						const {bytesRead} = await handle.read(buffer, 0, length, position);
						return buffer.subarray(0, bytesRead);
					});
				} finally {
					await handle.close();
				}
			} catch (error) {
				if (error instanceof UserFacingError) throw error;
				throw new UserFacingError(sanitize(`cannot read ${source} (${(error as NodeJS.ErrnoException).code ?? 'error'}): name a tar file made by docker save`));
			}
			if (problem) throw new UserFacingError(sanitize(`not an image archive (docker save writes one): ${problem}; nothing was sent to the engine`));
			const input = createReadStream(source).pipe(counter(options.onBytes));
			return {loaded: await loadImagesFrom(engine, input, options.signal)};
		},
		locate: file => {
			const resolved = resolveTarget(file, cwd());
			try {
				const info = statSync(resolved);
				return {path: resolved, exists: true, isDirectory: info.isDirectory(), size: info.size};
			} catch {
				return {path: resolved, exists: false, isDirectory: false};
			}
		},
	};
}

/**
 * The host side of `docker cp` (issue 13): a container's archive unpacked to a
 * host path, and a host file or directory packed into an archive for the
 * engine. The archive is read with the layer explorer's tar reader.
 *
 * Unpacking goes into a hidden folder beside the target, and only a complete
 * archive is renamed to the target's name: a failure (a full disk, a dropped
 * connection, a cancel) leaves nothing under that name, and the hidden folder
 * is removed. No entry is written outside that folder: names with `..` or a
 * leading `/`, hard links that point out, and anything under a symlink the
 * archive itself made are refused.
 */
import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {chmod, link, lstat, mkdir, readdir, readlink, realpath, rename, rm, stat, symlink, utimes} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {FilesError, isLinkInside, safeRelativeTarPath} from './model/container-files.js';
import {readTar} from './model/layers/tar-reader.js';
import {TAR_END, tarHeaderBlocks, tarPadding} from './model/layers/tar-writer.js';
import {sanitize} from './model/sanitize.js';
import {UnfinishedFiles} from './unfinished-files.js';

/** What a copy out wrote. */
export interface ExtractResult {
	/** The path written (absolute). */
	target: string;
	files: number;
	bytes: number;
}

/** True when something (a file, a directory, a dangling symlink) is at the path. */
export async function hostPathExists(target: string): Promise<boolean> {
	try {
		await lstat(target);
		return true;
	} catch {
		return false;
	}
}

/**
 * Where a copy out named `name` lands for what the user typed, as `docker cp` decides: into an existing folder (or
 * a path typed with a trailing slash) under its own name, else at the path itself. Absolute, with whether
 * something is there already.
 */
export async function resolveHostTarget(typed: string, name: string): Promise<{target: string; exists: boolean; isFolder: boolean}> {
	let target = path.resolve(typed);
	let info = await stat(target).catch(() => undefined);
	if (info?.isDirectory() || (typed.endsWith('/') && !info)) {
		if (!info) throw new FilesError(`no such folder on this machine: ${sanitize(target)}`);
		target = path.join(target, name);
		info = await stat(target).catch(() => undefined);
	}
	// A link to a folder on the way is followed, as docker cp does, and the target is named by the real folder: the
	// dialog and the result say where the copy lands (the copy itself never writes through a link).
	const realFolder = await realpath(path.dirname(target)).catch(() => undefined);
	if (realFolder) target = path.join(realFolder, path.basename(target));
	const exists = await hostPathExists(target);
	return {target, exists, isFolder: Boolean(info?.isDirectory())};
}

const hostError = (error: unknown, what: string): FilesError => {
	const code = (error as {code?: string}).code;
	const reason: Record<string, string> = {
		ENOSPC: 'the disk is full',
		EDQUOT: 'the disk quota is used up',
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		EROFS: 'the file system is read-only',
		ENOENT: 'no such folder',
		ENOTDIR: 'a part of the path is not a folder',
	};
	return new FilesError(`${what}: ${code && reason[code] ? reason[code] : sanitize(String((error as Error).message ?? error).split('\n')[0] ?? '')}`);
};

/**
 * Unpacks a container's archive (its first entry is the path copied) to
 * `target`: the first entry becomes `target` itself, as `docker cp CTR:/a/b ./c`
 * makes ./c. An existing target is replaced only with `overwrite` (asked
 * before); the old one is moved aside and removed only after the new one is in place.
 */
export async function extractArchiveTo(
	source: AsyncIterable<Uint8Array>,
	target: string,
	// `unfinished` holds the hidden folder while the copy is written: quitting mid-copy removes it.
	options: {overwrite?: boolean; signal?: AbortSignal; unfinished?: UnfinishedFiles} = {},
): Promise<ExtractResult> {
	const unfinished = options.unfinished ?? new UnfinishedFiles();
	const absolute = path.resolve(target);
	const folder = path.dirname(absolute);
	try {
		const info = await lstat(folder);
		if (!info.isDirectory()) throw new FilesError(`not a folder on this machine: ${sanitize(folder)}`);
	} catch (error) {
		if (error instanceof FilesError) throw error;
		throw new FilesError(`no such folder on this machine: ${sanitize(folder)}`);
	}
	if (!options.overwrite && (await hostPathExists(absolute))) throw new FilesError(`${sanitize(absolute)} exists: not overwritten`);
	const stamp = `${process.pid}-${randomBytes(4).toString('hex')}`;
	const work = path.join(folder, `.${path.basename(absolute)}.dockdash-partial-${stamp}`);
	unfinished.add(work);
	try {
		await mkdir(work, {mode: 0o700});
	} catch (error) {
		throw hostError(error, `cannot write in ${sanitize(folder)}`);
	}
	let isMoved = false;
	try {
		const result = await unpackInto(source, work, options.signal);
		if (result.top === undefined) throw new FilesError('the engine sent an empty archive: nothing copied');
		const made = rawPath(work, result.top);
		let aside: string | undefined;
		if (await hostPathExists(absolute)) {
			aside = path.join(folder, `.${path.basename(absolute)}.dockdash-old-${stamp}`);
			await rename(absolute, aside);
		}
		try {
			await rename(made, absolute);
		} catch (error) {
			if (aside) await rename(aside, absolute).catch(() => undefined);
			throw error;
		}
		isMoved = true;
		if (aside) await rm(aside, {recursive: true, force: true});
		return {target: absolute, files: result.files, bytes: result.bytes};
	} catch (error) {
		if (error instanceof FilesError) throw error;
		if (options.signal?.aborted) throw new FilesError('cancelled: nothing was written');
		throw hostError(error, `copy to ${sanitize(absolute)} failed, nothing was left under that name`);
	} finally {
		// Whatever happened, the hidden folder goes: it holds the partial copy, or nothing after the rename.
		await rm(work, {recursive: true, force: true}).catch(() => undefined);
		unfinished.delete(work);
		if (!isMoved) await rm(path.join(folder, `.${path.basename(absolute)}.dockdash-old-${stamp}`), {force: true, recursive: true}).catch(() => undefined);
	}
}

/** A path under a folder made from a tar name's raw bytes (latin1 in the reader), so a name is written as the container has it. */
function rawPath(folder: string, relative: string): Buffer {
	return Buffer.concat([Buffer.from(`${folder}${path.sep}`), Buffer.from(relative, 'latin1')]);
}

/**
 * Writes every entry of an archive under `folder`, refusing any that would
 * land outside it. Returns the name of the archive's first (top) entry.
 */
export async function unpackInto(source: AsyncIterable<Uint8Array>, folder: string, signal?: AbortSignal): Promise<{top: string | undefined; files: number; bytes: number}> {
	let top: string | undefined;
	let files = 0;
	let bytes = 0;
	// Symlinks this archive made: nothing is written through one (a link to /etc, then link/passwd).
	const links = new Set<string>();
	const directories: Array<{at: Buffer; mode: number; mtime: number}> = [];
	const isUnderLink = (relative: string) => {
		const parts = relative.split('/');
		for (let i = 1; i < parts.length; i++) if (links.has(parts.slice(0, i).join('/'))) return true;
		return false;
	};
	for await (const entry of readTar(source)) {
		if (signal?.aborted) throw new FilesError('cancelled: nothing was written');
		const {header} = entry;
		const relative = safeRelativeTarPath(header.path);
		if (relative === undefined || relative === '') {
			// The root entry of an archive of "/" is "/" itself: the folder is that.
			if (relative === '' && header.type === 'directory') continue;
			throw new FilesError(`refused an archive entry that would be written outside the target: ${sanitize(header.path)}`);
		}
		top ??= relative.split('/')[0];
		if (!relative.startsWith(`${top}/`) && relative !== top) throw new FilesError(`refused an archive entry outside the path copied: ${sanitize(header.path)}`);
		if (isUnderLink(relative)) throw new FilesError(`refused an archive entry under a symbolic link it made: ${sanitize(header.path)}`);
		const at = rawPath(folder, relative);
		const parent = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
		if (parent) await mkdir(rawPath(folder, parent), {recursive: true, mode: 0o700});
		// A later entry of the same name replaces the earlier (as tar does), never writes through it.
		if (header.type !== 'directory') await rm(at, {force: true, recursive: true});
		switch (header.type) {
			case 'directory':
				await mkdir(at, {recursive: true, mode: 0o700});
				directories.push({at, mode: header.mode & 0o7777, mtime: header.mtime});
				break;
			case 'file': {
				const out = createWriteStream(at, {flags: 'wx', mode: 0o600});
				await pipeline(Readable.from(entry.body), out);
				await chmod(at, header.mode & 0o7777);
				await utimes(at, header.mtime, header.mtime);
				files++;
				bytes += header.size;
				break;
			}
			case 'symlink':
				// The target is kept as the container has it (docker cp does the same); it is not followed here.
				await symlink(Buffer.from(header.linkPath, 'latin1'), at);
				links.add(relative);
				break;
			case 'hardlink': {
				const linked = safeRelativeTarPath(header.linkPath);
				if (linked === undefined || linked === '' || !isLinkInside('', linked) || isUnderLink(linked) || links.has(linked)) {
					throw new FilesError(`refused a hard link that points outside the copy: ${sanitize(header.path)} ⇒ ${sanitize(header.linkPath)}`);
				}
				await link(rawPath(folder, linked), at);
				files++;
				break;
			}
			default:
				// Devices and FIFOs are not made on the host (that needs root): they are left out, as a non-root docker cp does.
				break;
		}
	}
	// Modes last, deepest first: a read-only directory must not stop its own entries being written.
	for (const dir of directories.reverse()) {
		await chmod(dir.at, dir.mode);
		await utimes(dir.at, dir.mtime, dir.mtime);
	}
	return {top, files, bytes};
}

/** Everything under a host path, depth first, as archive entries named from the path's own name. */
async function* hostEntries(root: string, name: string): AsyncGenerator<{at: string; name: string; info: Awaited<ReturnType<typeof lstat>>}> {
	const info = await lstat(root);
	yield {at: root, name, info};
	if (!info.isDirectory()) return;
	for (const child of (await readdir(root)).sort()) yield* hostEntries(path.join(root, child), `${name}/${child}`);
}

/**
 * A host file or directory as a tar stream named from its own name, as
 * `docker cp ./x CTR:/dir` sends it: modes and symlinks kept (links not followed).
 */
export async function packHostPath(hostPath: string): Promise<Readable> {
	const absolute = path.resolve(hostPath);
	try {
		await lstat(absolute);
	} catch {
		throw new FilesError(`no such file or folder on this machine: ${sanitize(absolute)}`);
	}
	async function* blocks(): AsyncGenerator<Buffer> {
		for await (const {at, name, info} of hostEntries(absolute, path.basename(absolute))) {
			const mtime = Math.floor(Number(info.mtimeMs) / 1000);
			const mode = Number(info.mode);
			if (info.isDirectory()) yield tarHeaderBlocks({name, type: 'directory', size: 0, mode, mtime});
			else if (info.isSymbolicLink()) yield tarHeaderBlocks({name, type: 'symlink', size: 0, mode, mtime, linkName: await readlink(at)});
			else if (info.isFile()) {
				const size = Number(info.size);
				yield tarHeaderBlocks({name, type: 'file', size, mode, mtime});
				let sent = 0;
				for await (const chunk of createReadStream(at, {start: 0, end: Math.max(0, size - 1)})) {
					if (size === 0) break;
					sent += (chunk as Buffer).length;
					yield chunk as Buffer;
				}
				// A file that shrank while it was read would break the archive: refuse rather than send a corrupt one.
				if (sent !== size) throw new FilesError(`${sanitize(at)} changed while it was read: nothing copied`);
				yield tarPadding(size);
			}
			// Sockets, FIFOs and devices are left out.
		}
		yield TAR_END;
	}
	return Readable.from(blocks(), {objectMode: false});
}

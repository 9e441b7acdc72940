/**
 * What one layer tar says about the filesystem: the entries it writes, the
 * paths it deletes (whiteouts) and the directories it makes opaque. Built from
 * tar headers only, so a layer of any size costs memory per entry, not per byte.
 *
 * Whiteouts follow the OCI image spec: they apply only to lower layers, never
 * to entries of the same layer, wherever they stand among their siblings.
 */
import {ByteSource, TarHeaderScanner, type TarEntryType, type TarHeader} from './tar-reader.js';

/** The kind of a filesystem entry inside a layer. */
export type EntryKind = TarEntryType;

/** One entry a layer writes. `path` is raw bytes (latin1), normalised, without a leading slash. */
export interface LayerEntry {
	path: string;
	kind: EntryKind;
	/** Content bytes this entry adds (0 for directories, links and devices). */
	size: number;
	mode: number;
	/** Raw target of a symlink or hard link. */
	linkTarget?: string;
	device?: {major: number; minor: number};
}

/** Everything a layer changes. */
export interface LayerChanges {
	/** Entries in tar order; a path written twice keeps both, the later wins. */
	entries: LayerEntry[];
	/** Paths deleted in lower layers (`.wh.name`). */
	whiteouts: string[];
	/** Directories whose lower-layer contents are hidden (`.wh..wh..opq`). */
	opaqueDirs: string[];
	/** Whiteout-like names that must not delete anything (a bare `.wh.`, AUFS metadata). */
	ignored: string[];
	/** Sum of the content bytes of every entry, duplicates included: what the layer ships. */
	bytes: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/**
 * Normalises a raw tar path: no leading `/` or `./`, no `.` segments, `..`
 * clamped at the root (a layer cannot write above `/`). '' is the root.
 */
export function normalizeLayerPath(raw: string): string {
	const out: string[] = [];
	for (const part of raw.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return out.join('/');
}

/** The parent of a normalised path ('' for top-level entries). */
export function parentPath(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash === -1 ? '' : path.slice(0, slash);
}

/** The last segment of a normalised path. */
export function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** Collects a layer's changes header by header. */
export class LayerScanner {
	private readonly changes: LayerChanges = {entries: [], whiteouts: [], opaqueDirs: [], ignored: [], bytes: 0};

	add(header: TarHeader): void {
		const path = normalizeLayerPath(header.path);
		if (path === '') return;
		const name = baseName(path);
		if (name.startsWith(WHITEOUT)) {
			const dir = parentPath(path);
			if (name === OPAQUE) {
				this.changes.opaqueDirs.push(dir);
				return;
			}
			const target = name.slice(WHITEOUT.length);
			// A bare ".wh." (or ".wh.." / ".wh...") would name the directory itself or its parent; AUFS keeps
			// its own ".wh..wh.*" metadata. Neither deletes anything.
			if (target === '' || target === '.' || target === '..' || target.startsWith(WHITEOUT)) {
				this.changes.ignored.push(path);
				return;
			}
			this.changes.whiteouts.push(dir === '' ? target : `${dir}/${target}`);
			return;
		}
		const entry: LayerEntry = {path, kind: header.type, size: header.type === 'file' || header.type === 'other' ? header.size : 0, mode: header.mode};
		if (header.type === 'symlink') entry.linkTarget = header.linkPath;
		if (header.type === 'hardlink') entry.linkTarget = normalizeLayerPath(header.linkPath);
		if (header.type === 'char-device' || header.type === 'block-device') entry.device = {major: header.devMajor, minor: header.devMinor};
		this.changes.entries.push(entry);
		this.changes.bytes += entry.size;
	}

	finish(): LayerChanges {
		return this.changes;
	}
}

/**
 * Reads a whole layer tar (uncompressed) into its changes, skipping every file's content: headers are decoded
 * where they lie in each chunk, contents are stepped over without being copied or awaited. Reads a
 * {@link ByteSource} exactly up to the end-of-archive marker.
 */
export async function scanLayerTar(source: AsyncIterable<Uint8Array> | ByteSource): Promise<LayerChanges> {
	const scanner = new LayerScanner();
	const tar = new TarHeaderScanner(header => scanner.add(header));
	if (source instanceof ByteSource) {
		while (!tar.isDone) {
			const part = await source.readSome(tar.wanted);
			if (!part) break;
			tar.push(part);
		}
	} else {
		for await (const chunk of source) {
			tar.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
			// The rest is the end marker's padding: whoever handed the bytes over steps over it.
			if (tar.isDone) break;
		}
	}
	tar.end();
	return scanner.finish();
}

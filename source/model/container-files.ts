/**
 * A container's files (issue 13), with no engine and no disk: the listing the
 * Files view shows, what a read file holds, the paths a copy may write, and
 * the mode text `ls -l` prints. The engine calls are source/docker/container-files.ts.
 */
import type {TreeNode} from './layers/file-tree.js';
import type {EntryKind} from './layers/layer-changes.js';
import {sanitize} from './sanitize.js';

/** The most of a file the viewer keeps in memory; the rest is left on the engine and the view says so. */
export const MAX_VIEW_BYTES = 8 * 1024 * 1024;

/** A container's directory as `GET /containers/{id}/archive` gave it. */
export interface FileListing {
	/** The absolute path asked for, as the user typed it, normalised ("/etc"). */
	path: string;
	/** The tree: its one top child is the path's own entry (named as the archive names it). */
	root: TreeNode;
	/** Entries read. */
	entryCount: number;
}

/** How far a listing has got: bytes of the archive read so far. */
export interface FileListingProgress {
	bytesRead: number;
	entries: number;
}

/** A file read for the viewer. */
export interface FileContent {
	path: string;
	/** The file's whole size, as the archive says. */
	size: number;
	/** At most {@link MAX_VIEW_BYTES} of it. */
	bytes: Uint8Array;
	/** Fewer bytes than the file holds were kept. */
	isCut: boolean;
}

/** An error about a path whose message is the one line to show (no such path, not a file, a container gone). */
export class FilesError extends Error {
	override name = 'FilesError';
}

/**
 * An absolute container path from what the user typed: "/" joined, `.` and
 * `..` resolved (`..` stops at the root, as in the container), trailing slash
 * dropped. Undefined for a relative path (the prompt says to start with /).
 */
export function normalizeContainerPath(typed: string): string | undefined {
	const text = typed.trim();
	if (!text.startsWith('/')) return undefined;
	const out: string[] = [];
	for (const part of text.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return `/${out.join('/')}`;
}

/** The parent of an absolute container path ("/" for "/" itself). */
export function parentOfContainerPath(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last name of an absolute container path ("" for "/"). */
export function baseOfContainerPath(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The absolute container path of a node of a listing of `listed`: the archive
 * names entries from the listed path's own name ("etc/hostname" for /etc), or
 * from "" for "/" (whose entries the engine names "bin", "etc", ...).
 */
export function containerPathOf(listed: string, nodePath: string): string {
	if (listed === '/') return `/${nodePath}`;
	const parent = parentOfContainerPath(listed);
	const rest = nodePath.slice(nodePath.indexOf('/') + 1);
	// The top node is the listed path itself, whatever the engine called it (a symlink's target name, say).
	if (!nodePath.includes('/')) return listed;
	return `${parent === '/' ? '' : parent}/${baseOfContainerPath(listed)}/${rest}`;
}

/**
 * A tar entry name as a path relative to the folder it is extracted into, or
 * undefined when it would leave that folder: absolute names, `..` anywhere, a
 * NUL byte. `.` segments and repeated slashes are dropped; "" is the folder itself.
 */
export function safeRelativeTarPath(name: string): string | undefined {
	if (name.startsWith('/') || name.includes('\0')) return undefined;
	const out: string[] = [];
	for (const part of name.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') return undefined;
		out.push(part);
	}
	return out.join('/');
}

/** True when a tar name or a (relative) link target stays inside its folder from `fromDir` (a relative dir). */
export function isLinkInside(fromDir: string, target: string): boolean {
	if (target.startsWith('/')) return false;
	const depth: string[] = fromDir === '' ? [] : fromDir.split('/');
	for (const part of target.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (depth.length === 0) return false;
			depth.pop();
		} else depth.push(part);
	}
	return true;
}

const KIND_LETTER: Partial<Record<EntryKind, string>> = {directory: 'd', symlink: 'l', 'char-device': 'c', 'block-device': 'b', fifo: 'p'};

/** The mode as `ls -l` prints it: "drwxr-xr-x", "-rwsr-xr-x", "lrwxrwxrwx". */
export function modeText(kind: EntryKind, mode: number): string {
	const bits = ['r', 'w', 'x'];
	let out = KIND_LETTER[kind] ?? '-';
	for (let shift = 6; shift >= 0; shift -= 3) {
		for (let i = 0; i < 3; i++) out += mode & (1 << (shift + 2 - i)) ? bits[i] : '-';
	}
	const chars = [...out];
	const special = (index: number, bit: number, set: string) => {
		if (!(mode & bit)) return;
		chars[index] = chars[index] === 'x' ? set : set.toUpperCase();
	};
	special(3, 0o4000, 's');
	special(6, 0o2000, 's');
	special(9, 0o1000, 't');
	return chars.join('');
}

/**
 * Whether bytes are binary rather than text: a NUL in the first 8 KiB, or more
 * than one in ten bytes there that are neither text nor part of valid UTF-8.
 */
export function isBinaryContent(bytes: Uint8Array): boolean {
	const head = bytes.subarray(0, 8192);
	if (head.includes(0)) return true;
	if (head.length === 0) return false;
	let text: string;
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(head);
	} catch {
		// Cut inside a multi-byte character at 8 KiB is still text: judge the decodable part.
		text = new TextDecoder('utf-8').decode(head);
		const replaced = (text.match(/\uFFFD/g) ?? []).length;
		if (replaced > Math.max(3, head.length / 10)) return true;
	}
	let odd = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x1b) odd++;
	}
	return odd > text.length / 10;
}

/** A text file's lines for the viewer, each sanitized (tabs to spaces, controls made inert). */
export function fileLines(bytes: Uint8Array): string[] {
	const text = new TextDecoder('utf-8').decode(bytes);
	const lines = text.split(/\r?\n/);
	if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
	return lines.map(line => sanitize(line.replace(/\t/g, '    ')));
}

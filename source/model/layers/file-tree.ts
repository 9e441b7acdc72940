/**
 * Replays layers onto one filesystem tree, the way overlay2 stacks them, and
 * records every byte that a later layer overwrites or deletes. The trees the
 * layer explorer shows ("this layer's changes", "the image at this layer")
 * are built from these replays on demand.
 */
import {sanitize} from '../sanitize.js';
import {type EntryKind, type LayerChanges, type LayerEntry, baseName, parentPath} from './layer-changes.js';
import {decodeRawName} from './tar-reader.js';

/** How an entry relates to the layer being looked at. */
export type ChangeStatus = 'added' | 'modified' | 'removed' | 'unchanged';

/** Bytes a layer shipped that a later layer (or a later entry of the same layer) made invisible. */
export interface WasteRecord {
	/** Raw path of the file whose bytes were wasted. */
	path: string;
	size: number;
	/** Index of the layer that added these bytes. */
	addedBy: number;
	/** Index of the layer that overwrote or deleted them. */
	replacedBy: number;
	how: 'overwritten' | 'deleted';
}

interface Node {
	kind: EntryKind;
	size: number;
	mode: number;
	/** Layer that last wrote the entry; -1 for a directory only implied by its children. */
	layer: number;
	/** Status in the layer that last wrote it. */
	status: 'added' | 'modified';
	linkTarget?: string;
	device?: {major: number; minor: number};
	children?: Map<string, Node>;
	/** What the layer that wrote it replaced at its path, when of another kind (a directory replaced by a file). */
	replacedKind?: EntryKind;
}

/** What replaying one layer did, per path. */
export interface LayerReplay {
	/** Final status of each path this layer writes (later duplicates win). */
	written: Map<string, 'added' | 'modified'>;
	/** Paths this layer removed that existed below, with the bytes they held. */
	removed: Map<string, {kind: EntryKind; bytes: number}>;
	waste: WasteRecord[];
}

function newDir(layer: number): Node {
	return {kind: 'directory', size: 0, mode: 0o755, layer, status: 'added', children: new Map()};
}

/** A mutable filesystem built by applying layers in order. */
export class LayerStack {
	readonly root: Node = newDir(-1);
	private layerCount = 0;

	/** Applies the next layer and reports what it changed. */
	apply(changes: LayerChanges): LayerReplay {
		const index = this.layerCount++;
		const replay: LayerReplay = {written: new Map(), removed: new Map(), waste: []};
		// Whiteouts and opaque markers hide lower layers only, so they go first, whatever their tar position.
		const entryKinds = new Map(changes.entries.map(entry => [entry.path, entry.kind]));
		for (const path of changes.whiteouts) {
			const found = this.lookup(path);
			if (!found) continue;
			found.parent.children!.delete(found.name);
			const replacement = entryKinds.get(path);
			if (found.node.children && replacement !== undefined && replacement !== 'directory') {
				// A directory whited out and replaced by a file in the same layer (the containerd store's differ):
				// its entries are removed, as when the file alone replaces it (issue 20).
				replay.removed.set(path, {kind: found.node.kind, bytes: this.removeBelow(found.node, path, index, replay)});
				continue;
			}
			replay.removed.set(path, {kind: found.node.kind, bytes: this.discard(found.node, path, index, 'deleted', replay.waste)});
		}
		for (const dir of changes.opaqueDirs) {
			const node = dir === '' ? this.root : this.lookup(dir)?.node;
			if (!node?.children) continue;
			for (const [name, child] of node.children) {
				const path = dir === '' ? name : `${dir}/${name}`;
				replay.removed.set(path, {kind: child.kind, bytes: this.discard(child, path, index, 'deleted', replay.waste)});
			}
			node.children.clear();
		}
		const fresh = new Set<Node>();
		for (const entry of changes.entries) this.write(entry, index, replay, fresh);
		return replay;
	}

	private lookup(path: string): {node: Node; parent: Node; name: string} | undefined {
		let parent = this.root;
		const parts = path.split('/');
		for (let i = 0; i < parts.length - 1; i++) {
			const next = parent.children?.get(parts[i]!);
			if (!next?.children) return undefined;
			parent = next;
		}
		const name = parts[parts.length - 1]!;
		const node = parent.children?.get(name);
		return node ? {node, parent, name} : undefined;
	}

	/** Records the bytes under a node as wasted; returns how many there were. */
	private discard(node: Node, path: string, by: number, how: WasteRecord['how'], waste: WasteRecord[]): number {
		if (node.children) {
			let total = 0;
			for (const [name, child] of node.children) total += this.discard(child, `${path}/${name}`, by, how, waste);
			return total;
		}
		if (node.size > 0) waste.push({path, size: node.size, addedBy: node.layer, replacedBy: by, how});
		return node.size;
	}

	/** Marks every entry under a replaced directory as removed by this layer, with the bytes it held. */
	private removeBelow(dir: Node, path: string, index: number, replay: LayerReplay): number {
		let total = 0;
		for (const [name, child] of dir.children ?? []) {
			const childPath = `${path}/${name}`;
			// A directory goes in before its entries, so its ghost holds theirs.
			const removed = {kind: child.kind, bytes: 0};
			if (!replay.written.has(childPath)) replay.removed.set(childPath, removed);
			removed.bytes = child.children ? this.removeBelow(child, childPath, index, replay) : this.discard(child, childPath, index, 'deleted', replay.waste);
			total += removed.bytes;
		}
		return total;
	}

	private ensureDir(path: string, index: number, replay: LayerReplay, fresh: Set<Node>): Node {
		if (path === '') return this.root;
		const parent = this.ensureDir(parentPath(path), index, replay, fresh);
		const name = baseName(path);
		const existing = parent.children!.get(name);
		if (existing?.children) return existing;
		if (existing) {
			// A file where a directory is now needed: the layer replaced it.
			replay.removed.set(path, {kind: existing.kind, bytes: this.discard(existing, path, index, 'overwritten', replay.waste)});
		}
		// A directory implied by this layer's entries is new in this layer, though no entry wrote it.
		const dir = newDir(index);
		fresh.add(dir);
		parent.children!.set(name, dir);
		return dir;
	}

	private write(entry: LayerEntry, index: number, replay: LayerReplay, fresh: Set<Node>): void {
		const parent = this.ensureDir(parentPath(entry.path), index, replay, fresh);
		const name = baseName(entry.path);
		const existing = parent.children!.get(name);
		let status: 'added' | 'modified';
		if (replay.removed.has(entry.path)) status = 'modified';
		else if (!existing || fresh.has(existing)) status = 'added';
		else if (existing.layer === index) status = existing.status;
		else status = 'modified';
		const node: Node = {kind: entry.kind, size: entry.size, mode: entry.mode, layer: index, status};
		if (entry.linkTarget !== undefined) node.linkTarget = entry.linkTarget;
		if (entry.device) node.device = entry.device;
		if (entry.kind === 'directory' && existing?.children) {
			// A directory over a directory keeps its contents: only its metadata changes.
			node.children = existing.children;
		} else {
			if (entry.kind === 'directory') node.children = new Map();
			if (existing?.children) {
				// A directory replaced by a file (`rm -rf d && echo > d`): everything that was under it is removed,
				// and says so, instead of vanishing under a "modified" file (issue 20).
				this.removeBelow(existing, entry.path, index, replay);
			} else if (existing) this.discard(existing, entry.path, index, 'overwritten', replay.waste);
		}
		const removedHere = replay.removed.get(entry.path);
		if (existing && existing.kind !== entry.kind && !fresh.has(existing)) node.replacedKind = existing.kind;
		else if (!existing && removedHere && removedHere.kind !== entry.kind) node.replacedKind = removedHere.kind; // a whiteout, then the file
		else if (existing?.layer === index && existing.replacedKind) node.replacedKind = existing.replacedKind;
		parent.children!.set(name, node);
		replay.written.set(entry.path, status);
	}
}

/** A node of a tree ready for display. */
export interface TreeNode {
	/** Raw name (latin1-held bytes): use for identity and keys. */
	name: string;
	/** The name made safe and readable for a terminal. */
	displayName: string;
	/** Raw full path without a leading slash ('' for the root). */
	path: string;
	kind: EntryKind;
	/** Bytes of this entry itself (for a removed entry: the bytes it removed). */
	size: number;
	/** Bytes of this entry and everything under it, removed entries excluded. */
	totalSize: number;
	/** Files (non-directories) under this node, itself included, removed ones excluded. */
	fileCount: number;
	status: ChangeStatus;
	/** Layer that last wrote (or, for a directory with no entry of its own, first implied) this entry; -1 when unknown. */
	layer: number;
	mode: number;
	/** Symlink or hard-link target, raw and for display. */
	linkTarget?: string;
	displayLinkTarget?: string;
	device?: {major: number; minor: number};
	/** The kind of entry this one replaced in the layer shown (a directory replaced by a file): a type change. */
	replacedKind?: EntryKind;
	/** Children sorted by name (bytewise); empty for non-directories, but for what a file replaced (removed ghosts). */
	children: TreeNode[];
}

/** Display text for a raw name or path: decoded, invalid bytes shown as ⟨xNN⟩, controls made inert. */
export function displayPath(raw: string): string {
	return sanitize(decodeRawName(raw));
}

function makeNode(name: string, path: string, kind: EntryKind, status: ChangeStatus, layer: number): TreeNode {
	return {name, displayName: displayPath(name), path, kind, size: 0, totalSize: 0, fileCount: 0, status, layer, mode: 0, children: []};
}

function toTreeNode(name: string, path: string, node: Node, statusOf: (node: Node) => ChangeStatus): TreeNode {
	const out = makeNode(name, path, node.kind, statusOf(node), node.layer);
	out.size = node.size;
	out.mode = node.mode;
	if (node.linkTarget !== undefined) {
		out.linkTarget = node.linkTarget;
		out.displayLinkTarget = displayPath(node.linkTarget);
	}
	if (node.device) out.device = node.device;
	if (node.replacedKind && out.status !== 'unchanged') out.replacedKind = node.replacedKind;
	if (node.children) {
		for (const [childName, child] of node.children) out.children.push(toTreeNode(childName, path === '' ? childName : `${path}/${childName}`, child, statusOf));
	}
	return out;
}

function compareRaw(a: TreeNode, b: TreeNode): number {
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Sorts children and fills totalSize and fileCount bottom-up. */
export function rollUp(node: TreeNode): TreeNode {
	if (node.status === 'removed') {
		for (const child of node.children) rollUp(child);
		node.totalSize = 0;
		node.fileCount = 0;
		return node;
	}
	node.children.sort(compareRaw);
	let total = node.size;
	let files = node.kind === 'directory' ? 0 : 1;
	for (const child of node.children) {
		rollUp(child);
		total += child.totalSize;
		files += child.fileCount;
	}
	node.totalSize = total;
	node.fileCount = files;
	return node;
}

/** Looks nodes up by raw path in a display tree, without scanning children lists. */
export class TreeIndex {
	private readonly byPath = new Map<string, TreeNode>();

	constructor(readonly root: TreeNode) {
		const visit = (node: TreeNode) => {
			this.byPath.set(node.path, node);
			for (const child of node.children) visit(child);
		};
		visit(root);
	}

	get(path: string): TreeNode | undefined {
		return this.byPath.get(path);
	}

	/** Adds a node under its parent (which must exist) and indexes it with its subtree. */
	add(parent: TreeNode, node: TreeNode): void {
		parent.children.push(node);
		const visit = (item: TreeNode) => {
			this.byPath.set(item.path, item);
			for (const child of item.children) visit(child);
		};
		visit(node);
	}

	/** Finds or makes the directory chain for `path` (implied parents are 'unchanged'). */
	ensureDir(path: string): TreeNode {
		const existing = this.byPath.get(path);
		if (existing) return existing;
		const parent = this.ensureDir(parentPath(path));
		const dir = makeNode(baseName(path), path, 'directory', 'unchanged', -1);
		this.add(parent, dir);
		return dir;
	}
}

/** Builds the display tree of a replayed stack; removed paths of the last layer are added as 'removed' ghosts. */
export function stackToTree(stack: LayerStack, layer: number, replay?: LayerReplay): TreeNode {
	const statusOf = (node: Node): ChangeStatus => (node.layer === layer ? node.status : 'unchanged');
	const root = toTreeNode('', '', stack.root, statusOf);
	root.status = 'unchanged';
	if (replay) addRemoved(root, replay);
	return rollUp(root);
}

/** Adds a layer's removed paths as ghost nodes. */
export function addRemoved(root: TreeNode, replay: LayerReplay, index = new TreeIndex(root)): void {
	for (const [path, info] of replay.removed) {
		if (replay.written.has(path) || index.get(path)) continue;
		const ghost = makeNode(baseName(path), path, info.kind, 'removed', -1);
		ghost.size = info.bytes;
		index.add(index.ensureDir(parentPath(path)), ghost);
	}
}

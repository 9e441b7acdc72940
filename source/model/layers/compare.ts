/**
 * Two images side by side (`dockdash layers A --compare B`): the layers they share
 * and the files that differ between their final filesystems.
 *
 * Layers are shared as a prefix only: a layer is stored once for both images when
 * it and every layer below it are the same, which is what the identities passed in
 * (the config's diff IDs) say. Files are compared by what the archive tells without
 * holding contents: kind, size, mode and link target. A file both images got from a
 * shared layer is the same file; one that a layer outside the shared prefix wrote
 * again with the same size and mode may still differ in content, and is listed
 * apart as such rather than called equal.
 */
import {imageTreeAt} from './analysis.js';
import {displayPath, type TreeNode} from './file-tree.js';
import type {EntryKind, LayerChanges} from './layer-changes.js';

export interface ComparedImage {
	/** One identity per layer, image order: equal identities mean the same layer content. */
	layerKeys: readonly string[];
	layers: LayerChanges[];
}

export interface FileFacts {
	kind: EntryKind;
	size: number;
	mode: number;
	linkTarget?: string;
	/** The layer that last wrote the file in its image. */
	layer: number;
}

export interface FileDifference {
	/** Raw path (latin1-held bytes), without a leading slash. */
	path: string;
	/** The path made safe for a terminal. */
	displayPath: string;
	first?: FileFacts;
	second?: FileFacts;
}

export interface ImageComparison {
	sharedLayers: number;
	/** Bytes the shared layers ship: stored once on a host that has both images. */
	sharedBytes: number;
	onlyInFirst: FileDifference[];
	onlyInSecond: FileDifference[];
	/** Kind, size, mode or link target differ. */
	changed: FileDifference[];
	/** Written again outside the shared layers with the same facts: the contents may differ. */
	rewritten: FileDifference[];
	/** Files present in both and known identical (both from a shared layer, or same facts from equal layers). */
	sameCount: number;
}

/** The number of leading layers whose identities are equal. */
export function sharedLayerCount(first: readonly string[], second: readonly string[]): number {
	let count = 0;
	while (count < first.length && count < second.length && first[count] === second[count]) count++;
	return count;
}

/** Every non-directory the final filesystem holds, by raw path. */
function finalFiles(layers: LayerChanges[]): Map<string, {node: TreeNode}> {
	const files = new Map<string, {node: TreeNode}>();
	if (layers.length === 0) return files;
	const visit = (node: TreeNode) => {
		if (node.status === 'removed') return;
		if (node.kind === 'directory') {
			for (const child of node.children) visit(child);
		} else files.set(node.path, {node});
	};
	visit(imageTreeAt(layers, layers.length - 1));
	return files;
}

const factsOf = (node: TreeNode): FileFacts => ({kind: node.kind, size: node.size, mode: node.mode, ...(node.linkTarget === undefined ? {} : {linkTarget: node.linkTarget}), layer: node.layer});

const sameFacts = (a: FileFacts, b: FileFacts) => a.kind === b.kind && a.size === b.size && a.mode === b.mode && a.linkTarget === b.linkTarget;

const bySizeThenPath = (a: FileDifference, b: FileDifference) =>
	Math.max(b.first?.size ?? 0, b.second?.size ?? 0) - Math.max(a.first?.size ?? 0, a.second?.size ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function compareImages(first: ComparedImage, second: ComparedImage): ImageComparison {
	const sharedLayers = sharedLayerCount(first.layerKeys, second.layerKeys);
	const sharedBytes = first.layers.slice(0, sharedLayers).reduce((sum, layer) => sum + layer.bytes, 0);
	const firstFiles = finalFiles(first.layers);
	const secondFiles = finalFiles(second.layers);
	const result: ImageComparison = {sharedLayers, sharedBytes, onlyInFirst: [], onlyInSecond: [], changed: [], rewritten: [], sameCount: 0};
	for (const [path, {node}] of firstFiles) {
		const other = secondFiles.get(path)?.node;
		const difference: FileDifference = {path, displayPath: displayPath(path), first: factsOf(node)};
		if (!other) {
			result.onlyInFirst.push(difference);
			continue;
		}
		difference.second = factsOf(other);
		if (!sameFacts(difference.first!, difference.second)) result.changed.push(difference);
		// The same layer (same index, same identity) wrote both: the same bytes.
		else if (node.layer === other.layer && first.layerKeys[node.layer] === second.layerKeys[node.layer]) result.sameCount++;
		else result.rewritten.push(difference);
	}
	for (const [path, {node}] of secondFiles) {
		if (firstFiles.has(path)) continue;
		result.onlyInSecond.push({path, displayPath: displayPath(path), second: factsOf(node)});
	}
	for (const list of [result.onlyInFirst, result.onlyInSecond, result.changed, result.rewritten]) list.sort(bySizeThenPath);
	return result;
}

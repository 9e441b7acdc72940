/**
 * An image's layers beside the history steps that made them, how much of what
 * they ship is wasted, and advice on the layer order. Pure: it takes layer
 * changes (from ./layer-changes) and the image config's history.
 */
import {sanitize} from '../sanitize.js';
import {type LayerChanges} from './layer-changes.js';
import {LayerStack, type LayerReplay, TreeIndex, type TreeNode, type WasteRecord, addRemoved, displayPath, rollUp, stackToTree} from './file-tree.js';
import {parentPath} from './layer-changes.js';
import {formatBytes} from '../bytes.js';
import {plural} from '../plural.js';

/** One history entry as the image config (or `docker history`) records it. */
export interface HistoryInput {
	createdBy?: string;
	/** ISO date (config) or Unix seconds (engine history). */
	created?: string | number;
	comment?: string;
	/** The config's `empty_layer`: a metadata step that made no layer. */
	emptyLayer?: boolean;
}

/** A history step, sanitized for display. */
export interface HistoryStep {
	/** Position in the history, oldest first. */
	index: number;
	/** Dockerfile-like instruction: `RUN apt-get update`, `ENV A=b`, `COPY dir:… in /app`. */
	instruction: string;
	/** The verb of the instruction (RUN, COPY, ENV, …), upper case; '' when unknown. */
	verb: string;
	/** The raw `created_by`, sanitized. */
	createdBy: string;
	/** Unix seconds, when known. */
	created?: number;
	comment?: string;
	/** A metadata-only step (`#(nop)` ENV, CMD, LABEL, …): it adds no files and has no layer. */
	isMetadataOnly: boolean;
	/** Index of the layer this step made, when it made one. */
	layerIndex?: number;
}

/** One layer and what it did. */
export interface LayerSummary {
	index: number;
	/** Digest or archive path that identifies the layer, when known. */
	id?: string;
	/** The history step that made it. */
	stepIndex?: number;
	instruction: string;
	/** Content bytes the layer ships (every file entry, duplicates included). */
	bytes: number;
	/** Entries in the layer's tar (whiteouts excluded). */
	entryCount: number;
	added: number;
	modified: number;
	removed: number;
	/** Bytes this layer shipped that later layers (or later entries of its own) overwrote or deleted. */
	wastedBytes: number;
}

/** A path whose bytes were wasted, with every time it happened. */
export interface WastedPath {
	path: string;
	displayPath: string;
	wastedBytes: number;
	occurrences: WasteRecord[];
}

/** dive's idea of efficiency, computed over every layer. */
export interface Efficiency {
	/** Bytes every layer ships, added up. */
	totalBytes: number;
	/** Bytes of the files visible in the final image. */
	finalBytes: number;
	/** Bytes shipped but invisible in the final image (overwritten or deleted later). */
	wastedBytes: number;
	/** finalBytes / totalBytes; 1 for an empty image. */
	score: number;
	/** wastedBytes / finalBytes, as a ratio (0.1 = 10 %); 0 for an empty image. */
	wastedRatio: number;
	/** Paths with the most wasted bytes, most first. */
	topWasted: WastedPath[];
}

/** A hint about the layer order or contents. */
export interface Advice {
	kind: 'copy-context-before-install' | 'package-cache-kept' | 'added-then-deleted';
	/** The layer the advice is about. */
	layer: number;
	/** Bytes at stake, when it is about bytes. */
	bytes?: number;
	message: string;
}

/** The whole analysis. */
export interface ImageAnalysis {
	steps: HistoryStep[];
	layers: LayerSummary[];
	efficiency: Efficiency;
	advice: Advice[];
	/** Whiteouts that were ignored because they named nothing (for example a bare `.wh.`), per layer. */
	ignoredWhiteouts: Array<{layer: number; path: string}>;
}

export interface AnalyseOptions {
	/** Layer identities (digests or archive paths), in order. */
	layerIds?: string[];
	/** How many wasted paths to keep. Default 20. */
	topWastedCount?: number;
}

function parseCreated(value: string | number | undefined): number | undefined {
	if (typeof value === 'number') return value > 0 ? value : undefined;
	if (!value) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) || ms <= 0 ? undefined : Math.floor(ms / 1000);
}

const VERBS: ReadonlySet<string> = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Turns `created_by` into a Dockerfile-like instruction. */
export function toInstruction(createdBy: string): {verb: string; instruction: string} {
	let text = createdBy.trim().replace(/\s+# buildkit$/, '');
	const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
	if (nop) text = nop[1]!.trim();
	else if (/^(\|\d+ .*?)?\/bin\/sh -c /s.test(text)) text = `RUN ${text.replace(/^(\|\d+ .*?)?\/bin\/sh -c /s, '')}`;
	let verb = /^([A-Z]+)\b/.exec(text)?.[1] ?? '';
	// An exec-form RUN (RUN ["cmd", "arg"]) is recorded as the bare command line.
	if (!nop && text !== '' && !VERBS.has(verb)) {
		text = `RUN ${text}`;
		verb = 'RUN';
	}
	return {verb, instruction: text};
}

/** Maps history steps to layers: each step that is not an empty layer made the next layer. */
export function mapHistory(history: HistoryInput[], layerCount: number): HistoryStep[] {
	const steps: HistoryStep[] = [];
	let layer = 0;
	for (const [index, item] of history.entries()) {
		const createdBy = item.createdBy ?? '';
		const {verb, instruction} = toInstruction(createdBy);
		// `docker history` has no empty_layer flag; there a #(nop) that is not COPY/ADD is metadata.
		const isNop = /#\(nop\)/.test(createdBy) && verb !== 'COPY' && verb !== 'ADD';
		const isMetadataOnly = item.emptyLayer ?? isNop;
		const step: HistoryStep = {index, instruction: sanitize(instruction), verb, createdBy: sanitize(createdBy), isMetadataOnly};
		const created = parseCreated(item.created);
		if (created !== undefined) step.created = created;
		if (item.comment) step.comment = sanitize(item.comment);
		if (!isMetadataOnly && layer < layerCount) step.layerIndex = layer++;
		steps.push(step);
	}
	return steps;
}

const DEPENDENCY_INSTALL = /\b(npm (ci|install|i)\b|yarn( install)?\b|pnpm (install|i)\b|pip3? install|poetry install|pipenv install|bundle install|composer install|go mod download|cargo (build|fetch)|mvn\b|gradle\b)/;
const WHOLE_CONTEXT = /^(COPY|ADD)\s+(--\S+\s+)*(\.|\.\/|dir:\S+)\s/;
const CACHE_DIRS = ['var/lib/apt/lists', 'var/cache/apt', 'var/cache/apk', 'var/cache/yum', 'var/cache/dnf', 'root/.cache/pip', 'root/.npm'];

function adviseLayerOrder(steps: HistoryStep[]): Advice[] {
	const advice: Advice[] = [];
	for (const copy of steps) {
		if (copy.layerIndex === undefined || !WHOLE_CONTEXT.test(copy.instruction)) continue;
		const install = steps.find(step => step.index > copy.index && step.verb === 'RUN' && DEPENDENCY_INSTALL.test(step.instruction));
		if (!install) continue;
		const tool = DEPENDENCY_INSTALL.exec(install.instruction)![0];
		advice.push({
			kind: 'copy-context-before-install',
			layer: copy.layerIndex,
			message: `layer ${copy.layerIndex} copies the whole build context before "${tool}" (step ${install.index}): any source change reruns the install. Copy only the dependency manifests, install, then copy the rest`,
		});
	}
	return advice;
}

/** Shared by the efficiency pass: per-layer bytes left under package caches in the final image. */
function adviseCaches(stack: LayerStack, layerCount: number): Advice[] {
	const perLayer = new Map<number, {bytes: number; dirs: Set<string>}>();
	const visit = (dirPath: string, node: LayerStack['root'], cacheDir: string | undefined) => {
		for (const [name, child] of node.children ?? []) {
			const path = dirPath === '' ? name : `${dirPath}/${name}`;
			const cache = cacheDir ?? CACHE_DIRS.find(dir => path === dir);
			if (cache && !child.children && child.size > 0) {
				const entry = perLayer.get(child.layer) ?? {bytes: 0, dirs: new Set()};
				entry.bytes += child.size;
				entry.dirs.add(cache);
				perLayer.set(child.layer, entry);
			}
			if (child.children && (cache || CACHE_DIRS.some(dir => dir.startsWith(`${path}/`)))) visit(path, child, cache);
		}
	};
	visit('', stack.root, undefined);
	const advice: Advice[] = [];
	for (const [layer, {bytes, dirs}] of [...perLayer].sort((a, b) => a[0] - b[0])) {
		if (layer < 0 || layer >= layerCount) continue;
		advice.push({
			kind: 'package-cache-kept',
			layer,
			bytes,
			message: `layer ${layer} leaves ${formatBytes(bytes)} of package lists or caches in /${[...dirs].join(', /')}: remove them in the same RUN that fills them (for apt: && rm -rf /var/lib/apt/lists/*)`,
		});
	}
	return advice;
}

function adviseDeletions(waste: WasteRecord[]): Advice[] {
	const pairs = new Map<string, {added: number; deleted: number; bytes: number; files: number; example: string}>();
	for (const record of waste) {
		if (record.how !== 'deleted' || record.addedBy === record.replacedBy || record.addedBy < 0) continue;
		const key = `${record.addedBy}:${record.replacedBy}`;
		const pair = pairs.get(key) ?? {added: record.addedBy, deleted: record.replacedBy, bytes: 0, files: 0, example: record.path};
		pair.bytes += record.size;
		pair.files += 1;
		pairs.set(key, pair);
	}
	return [...pairs.values()]
		.sort((a, b) => b.bytes - a.bytes)
		.map(pair => ({
			kind: 'added-then-deleted' as const,
			layer: pair.added,
			bytes: pair.bytes,
			message: `layer ${pair.added} adds ${formatBytes(pair.bytes)} in ${plural(pair.files, 'file')} (e.g. /${displayPath(pair.example)}) that layer ${pair.deleted} deletes: they still ship. Add and delete them in the same RUN`,
		}));
}

function summariseWaste(waste: WasteRecord[], count: number): WastedPath[] {
	const byPath = new Map<string, WastedPath>();
	for (const record of waste) {
		let item = byPath.get(record.path);
		if (!item) {
			item = {path: record.path, displayPath: displayPath(record.path), wastedBytes: 0, occurrences: []};
			byPath.set(record.path, item);
		}
		item.wastedBytes += record.size;
		item.occurrences.push(record);
	}
	return [...byPath.values()].sort((a, b) => b.wastedBytes - a.wastedBytes || (a.path < b.path ? -1 : 1)).slice(0, count);
}

/** Analyses an image from its layers' changes (oldest first) and its config history. */
export function analyseImage(layers: LayerChanges[], history: HistoryInput[], options: AnalyseOptions = {}): ImageAnalysis {
	const steps = mapHistory(history, layers.length);
	const stack = new LayerStack();
	const waste: WasteRecord[] = [];
	const summaries: LayerSummary[] = [];
	const ignoredWhiteouts: ImageAnalysis['ignoredWhiteouts'] = [];
	for (const [index, changes] of layers.entries()) {
		const replay = stack.apply(changes);
		waste.push(...replay.waste);
		let added = 0;
		let modified = 0;
		for (const status of replay.written.values()) {
			if (status === 'added') added++;
			else modified++;
		}
		const step = steps.find(candidate => candidate.layerIndex === index);
		const summary: LayerSummary = {
			index,
			instruction: step?.instruction ?? '',
			bytes: changes.bytes,
			entryCount: changes.entries.length,
			added,
			modified,
			removed: [...replay.removed.keys()].filter(path => !replay.written.has(path)).length,
			wastedBytes: 0,
		};
		if (options.layerIds?.[index]) summary.id = options.layerIds[index];
		if (step) summary.stepIndex = step.index;
		summaries.push(summary);
		for (const path of changes.ignored) ignoredWhiteouts.push({layer: index, path});
	}
	let wastedBytes = 0;
	for (const record of waste) {
		wastedBytes += record.size;
		const summary = summaries[record.addedBy];
		if (summary) summary.wastedBytes += record.size;
	}
	const totalBytes = summaries.reduce((sum, layer) => sum + layer.bytes, 0);
	const finalBytes = totalBytes - wastedBytes;
	const efficiency: Efficiency = {
		totalBytes,
		finalBytes,
		wastedBytes,
		score: totalBytes === 0 ? 1 : finalBytes / totalBytes,
		wastedRatio: finalBytes === 0 ? (wastedBytes > 0 ? 1 : 0) : wastedBytes / finalBytes,
		topWasted: summariseWaste(waste, options.topWastedCount ?? 20),
	};
	const advice = [...adviseLayerOrder(steps), ...adviseCaches(stack, layers.length), ...adviseDeletions(waste)];
	return {steps, layers: summaries, efficiency, advice, ignoredWhiteouts};
}

/** The image's filesystem as seen after layer `index`, with that layer's changes marked (removed paths as ghosts). */
export function imageTreeAt(layers: LayerChanges[], index: number): TreeNode {
	const stack = new LayerStack();
	let replay: LayerReplay | undefined;
	for (let i = 0; i <= index && i < layers.length; i++) replay = stack.apply(layers[i]!);
	return stackToTree(stack, index, replay);
}

/** Only what layer `index` changed: its entries (final versions) and what it removed, under their parent directories. */
export function layerChangesTree(layers: LayerChanges[], index: number): TreeNode {
	const stack = new LayerStack();
	let replay: LayerReplay | undefined;
	for (let i = 0; i <= index && i < layers.length; i++) replay = stack.apply(layers[i]!);
	const full = new TreeIndex(stackToTree(stack, index));
	const root: TreeNode = {...full.root, children: [], size: 0};
	if (!replay) return rollUp(root);
	const tree = new TreeIndex(root);
	// Copy only written paths from the full tree; their directories come along as 'unchanged' context.
	for (const path of replay.written.keys()) {
		const source = full.get(path);
		if (!source) continue;
		const existing = tree.get(path);
		if (existing) Object.assign(existing, {...source, children: existing.children});
		else tree.add(tree.ensureDir(parentPath(path)), {...source, children: []});
	}
	addRemoved(root, replay, tree);
	// Context directories that this layer itself brought into being are new, not unchanged.
	const mark = (node: TreeNode) => {
		if (node.status === 'unchanged' && node.path !== '') node.status = full.get(node.path)?.status ?? 'unchanged';
		for (const child of node.children) mark(child);
	};
	mark(root);
	return rollUp(root);
}

/** Finds a node by raw path in a tree. */
export function findNode(root: TreeNode, path: string): TreeNode | undefined {
	if (path === '') return root;
	let node: TreeNode | undefined = root;
	for (const part of path.split('/')) node = node?.children.find(child => child.name === part);
	return node;
}

/**
 * Whether a node's path matches the path filter, case-insensitively: a query starting with `/` is a path from
 * the root, as dockdash prints them (`/t/readd.bin`; `/t/` is the directory t at the root, never
 * `usr/lib/terminfo/t/`); any other query may appear anywhere in the path (issue 20).
 */
export function matchesPathFilter(node: Pick<TreeNode, 'path' | 'kind'>, query: string): boolean {
	const needle = query.toLowerCase();
	const path = displayPath(node.path).toLowerCase();
	if (!needle.startsWith('/')) return path.includes(needle);
	return `/${path}${node.kind === 'directory' ? '/' : ''}`.startsWith(needle);
}

/**
 * Keeps only nodes whose display path matches `query` (see matchesPathFilter),
 * with their ancestors; directory sizes are rolled up again over what is kept.
 */
export function filterTree(root: TreeNode, query: string): TreeNode {
	if (query === '' || query === '/') return root;
	const keep = (node: TreeNode): TreeNode | undefined => {
		const isMatch = node.path !== '' && matchesPathFilter(node, query);
		if (isMatch && node.path !== '') return node;
		const children = node.children.map(keep).filter((child): child is TreeNode => child !== undefined);
		if (children.length === 0 && node.path !== '') return undefined;
		return {...node, children, size: node.kind === 'directory' ? node.size : 0};
	};
	return rollUp(keep(root) ?? {...root, children: []});
}

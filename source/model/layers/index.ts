/**
 * Layer analysis, the pure half: read layer tars as streams, turn them into
 * per-layer changes, replay them into trees, and measure wasted space.
 * Nothing here touches the engine, the terminal or React.
 *
 * Typical use (see source/docker/image-archive.ts for the engine side):
 *   const changes = await scanLayerTar(layerBytes);          // per layer, streaming
 *   const analysis = analyseImage(allChanges, history);      // table, efficiency, advice
 *   const tree = imageTreeAt(allChanges, i);                 // or layerChangesTree(allChanges, i)
 */
export {TarError, TarHeaderScanner, readTar, isTarHeader, parsePax, decodeRawName, ByteSource, type TarEntry, type TarHeader, type TarEntryType} from './tar-reader.js';
export {LayerScanner, scanLayerTar, normalizeLayerPath, type EntryKind, type LayerChanges, type LayerEntry} from './layer-changes.js';
export {LayerStack, TreeIndex, displayPath, rollUp, type ChangeStatus, type TreeNode, type WasteRecord, type LayerReplay} from './file-tree.js';
export {
	analyseImage,
	imageTreeAt,
	layerChangesTree,
	filterTree,
	findNode,
	mapHistory,
	toInstruction,
	type Advice,
	type AnalyseOptions,
	type Efficiency,
	type HistoryInput,
	type HistoryStep,
	type ImageAnalysis,
	type LayerSummary,
	type WastedPath,
} from './analysis.js';

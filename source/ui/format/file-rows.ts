/**
 * The Files view's rows (issue 13), with no UI: mode as `ls -l` prints it, the
 * tree's indent and fold arrow, the name (sanitized by the tree), where a
 * symbolic link points, and the size (rolled up for a folder).
 */
import {modeText} from '../../model/container-files.js';
import type {TreeRow} from './layer-rows.js';
import {formatBytes} from './units.js';

/** One row's text left of the size: "drwxr-xr-x ▾ etc/", "lrwxrwxrwx   sh → /bin/busybox". */
export function fileRowText(row: TreeRow): string {
	const node = row.node;
	const fold = row.isDirectory ? (row.isExpanded ? '▾' : '▸') : ' ';
	const suffix = node.kind === 'directory' ? '/' : '';
	const link = node.displayLinkTarget !== undefined ? (node.kind === 'hardlink' ? ` ⇒ ${node.displayLinkTarget}` : ` → ${node.displayLinkTarget}`) : '';
	const device = node.device ? ` (${node.kind} ${node.device.major},${node.device.minor})` : '';
	return `${modeText(node.kind, node.mode)} ${'  '.repeat(row.depth)}${fold} ${node.displayName}${suffix}${link}${device}`;
}

/** The size column: a folder's is everything under it. */
export function fileRowSize(row: TreeRow): string {
	return formatBytes(row.isDirectory ? row.node.totalSize : row.node.size);
}

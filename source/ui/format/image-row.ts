/**
 * Images → rows, with no UI: one row per repository:tag as `docker images`
 * shows them (an image with three tags is three rows with one ID), a dangling
 * image as one `<none>` row; how they sort and filter; and the detail lines.
 */
import type {ImageDetails, ImageSummary} from '../../model/image-types.js';
import type {ContainerSummary} from '../../model/types.js';
import {formatAge, formatBytes, shortId} from './units.js';
import type {Cell, Column} from './columns.js';
import type {Theme} from '../theme.js';
import {plural} from '../../model/plural.js';
import {MASK, isSecretName, maskSecretArguments} from '../../model/secrets.js';

export interface ImageRow {
	/** With several engines, the one it is on (issue 14). */
	engine?: string;
	/** Unique per row: the image ID plus the tag (after the engine's name with several engines). */
	key: string;
	/** What an action on the row addresses: the tag, or the ID for a dangling image. */
	ref: string;
	/** What the row shows: "repo:tag" or "<none>:<none>". */
	label: string;
	isDangling: boolean;
	image: ImageSummary;
	/** Containers made from the image, any state. */
	containers: readonly ContainerSummary[];
}

export const DANGLING_LABEL = '<none>:<none>';

/** Containers by the image ID they were made from. */
export function containersByImage(containers: readonly ContainerSummary[]): Map<string, ContainerSummary[]> {
	const byImage = new Map<string, ContainerSummary[]>();
	for (const container of containers) {
		const list = byImage.get(container.imageId);
		if (list) list.push(container);
		else byImage.set(container.imageId, [container]);
	}
	return byImage;
}

export function imageRows(images: readonly ImageSummary[], users: ReadonlyMap<string, readonly ContainerSummary[]>): ImageRow[] {
	const rows: ImageRow[] = [];
	for (const image of images) {
		const containers = users.get(image.id) ?? [];
		if (image.repoTags.length === 0) {
			// Pulled by digest only: show the repository, as `docker images` does; otherwise dangling.
			const repository = image.repoDigests[0]?.split('@')[0];
			rows.push({key: image.id, ref: image.id, label: repository ? `${repository}:<none>` : DANGLING_LABEL, isDangling: !repository, image, containers});
			continue;
		}
		for (const tag of image.repoTags) rows.push({key: `${image.id} ${tag}`, ref: tag, label: tag, isDangling: false, image, containers});
	}
	return rows;
}

export type ImageSortKey = 'name' | 'created' | 'size' | 'unique' | 'containers';

export const IMAGE_SORT_KEYS: readonly ImageSortKey[] = ['name', 'created', 'size', 'unique', 'containers'];

function compareBy(key: ImageSortKey, a: ImageRow, b: ImageRow): number {
	switch (key) {
		case 'name':
			// Dangling images last: they are what cleanup is for, not what people look for.
			return Number(a.isDangling) - Number(b.isDangling) || a.label.localeCompare(b.label);
		case 'created':
			return b.image.created - a.image.created;
		case 'size':
			return b.image.size - a.image.size;
		case 'unique':
			return (b.image.uniqueSize ?? -1) - (a.image.uniqueSize ?? -1);
		case 'containers':
			return b.containers.length - a.containers.length;
	}
}

/** Whether the rows run descending (largest, newest, most used first) for a key and the reverse flag: what the sort arrow shows (issue 20). */
export function isDescendingOrder(key: ImageSortKey, isReversed: boolean): boolean {
	return (key !== 'name') !== isReversed;
}

/** Sorts a copy; ties fall back to the label, then the key, so the order is stable across refreshes. */
export function sortImageRows(rows: readonly ImageRow[], key: ImageSortKey, isDescending = false): ImageRow[] {
	const direction = isDescending ? -1 : 1;
	return [...rows].sort((a, b) => direction * (compareBy(key, a, b) || a.label.localeCompare(b.label) || a.key.localeCompare(b.key)));
}

/** Case-insensitive match over the label, the ID and the names of the containers using it; "dangling" finds dangling ones. */
export function matchesImageFilter(row: ImageRow, filter: string): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return (
		row.label.toLowerCase().includes(needle) ||
		shortId(row.image.id).startsWith(needle) ||
		(row.isDangling && 'dangling'.includes(needle)) ||
		row.containers.some(container => container.name.toLowerCase().includes(needle))
	);
}

export interface ImageCells {
	label: string;
	id: string;
	age: string;
	size: string;
	shared: string;
	unique: string;
	containers: string;
}

export function imageCells(row: ImageRow, nowSeconds: number): ImageCells {
	const running = row.containers.filter(container => container.state === 'running').length;
	return {
		label: row.isDangling ? `${DANGLING_LABEL} ◌ dangling` : row.label,
		id: shortId(row.image.id),
		age: formatAge(nowSeconds - row.image.created),
		size: formatBytes(row.image.size),
		// '…' while df is out; '–' when the engine does not report shared bytes (Podman).
		shared: row.image.sharedSize === undefined ? '…' : row.image.sharedSize === null ? '–' : formatBytes(row.image.sharedSize),
		unique: row.image.uniqueSize === undefined ? '…' : row.image.uniqueSize === null ? '–' : formatBytes(row.image.uniqueSize),
		containers: row.containers.length === 0 ? '–' : running > 0 ? `${row.containers.length} (${running}▸)` : String(row.containers.length),
	};
}

const json = (values: readonly string[] | undefined) => (values ? JSON.stringify(values) : '–');
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : `${ms / 1000}s`);

/** The details of an image as label/value lines, for the details panel. */
export function imageDetailLines(row: ImageRow, details: ImageDetails | undefined): Array<[string, string]> {
	const image = row.image;
	const lines: Array<[string, string]> = [
		['ID', image.id.replace(/^sha256:/, '')],
		['Tags', image.repoTags.length > 0 ? image.repoTags.join(', ') : `none (dangling)`],
		[
			'Size',
			`${formatBytes(image.size)}${image.uniqueSize == null || image.sharedSize == null ? '' : ` · unique ${formatBytes(image.uniqueSize)} · shared ${formatBytes(image.sharedSize)}`}`,
		],
		['Used by', row.containers.length === 0 ? 'no containers' : row.containers.map(container => `${container.name} (${container.state})`).join(', ')],
	];
	if (!details) return [...lines, ['', 'loading the config…']];
	const health = details.healthcheck;
	lines.push(
		['Platform', `${details.os}/${details.architecture}${details.variant ? `/${details.variant}` : ''} · ${plural(details.layerCount, 'layer')} · created ${details.created.replace(/\.\d+Z$/, 'Z')}`],
		['Entrypoint', json(details.entrypoint?.map(maskSecretArguments))],
		['Cmd', json(details.cmd?.map(maskSecretArguments))],
		['Workdir', details.workingDir || '/'],
		['User', details.user || 'root (default)'],
		['Ports', details.exposedPorts.join(', ') || '–'],
		['Volumes', details.volumes.join(', ') || '–'],
		[
			'Health',
			health
				? `${health.test.join(' ')}${health.intervalMs ? ` · every ${seconds(health.intervalMs)}` : ''}${health.timeoutMs ? ` · timeout ${seconds(health.timeoutMs)}` : ''}${health.retries ? ` · ${health.retries} retries` : ''}`
				: '–',
		],
	);
	if (details.stopSignal) lines.push(['Stop signal', details.stopSignal]);
	// Secret-looking values baked into an image are masked as a container's are (issue 17).
	for (const env of details.env) lines.push(['Env', maskSecretArguments(env)]);
	for (const [key, value] of Object.entries(details.labels)) lines.push(['Label', `${key}=${isSecretName(key) ? MASK : value}`]);
	return lines;
}

export const IMAGE_COLUMNS: readonly Column[] = [
	// The reference keeps 32 columns; SHARED, then UNIQUE, then the ID give way first (issue 18).
	{key: 'name', title: 'REPOSITORY:TAG', grow: 1, isIdentity: true, minWidth: 32},
	{key: 'id', title: 'IMAGE ID', width: 12, dropOrder: 1},
	{key: 'created', title: 'CREATED', width: 7, align: 'right'},
	{key: 'size', title: 'SIZE', width: 7, align: 'right'},
	{key: 'shared', title: 'SHARED', width: 7, align: 'right', dropOrder: 3},
	{key: 'unique', title: 'UNIQUE', width: 7, align: 'right', dropOrder: 2},
	{key: 'containers', title: 'USED BY', width: 8, align: 'right'},
];

/** A row's cells, coloured: the pane's rows are rebuilt only when images or containers change, so these are computed once per change (useRowCells). */
export function imageRowCells(row: ImageRow, theme: Theme, nowSeconds = Date.now() / 1000): Cell[] {
	const c = imageCells(row, nowSeconds);
	return [
		{text: c.label, color: row.isDangling ? theme.warning : undefined},
		{text: c.id, color: theme.muted},
		{text: c.age, color: theme.muted},
		{text: c.size},
		{text: c.shared, color: theme.muted},
		{text: c.unique},
		{text: c.containers, color: row.containers.length > 0 ? theme.accent : theme.muted},
	];
}

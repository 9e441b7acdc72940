/**
 * Writes OCI image-layout archives (what Docker 25+ and containerd export)
 * for tests, since the engine here only writes the legacy layout. Blobs come
 * first and index.json last, as Docker 25 streams them.
 */
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {type TarSpec, gzipSync, makeTar, zstdStored} from './tar-writer.js';

export type Compression = 'none' | 'gzip' | 'zstd' | 'zstd-stored';

export interface OciImageSpec {
	/** Each layer's uncompressed tar. */
	layers: Buffer[];
	history: Array<{created_by: string; empty_layer?: boolean}>;
	compression?: Compression;
	os?: string;
	architecture?: string;
	refName?: string;
}

function digest(data: Buffer): string {
	return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function compress(data: Buffer, how: Compression): Buffer {
	switch (how) {
		case 'gzip':
			return gzipSync(data);
		case 'zstd':
			// The real compressor, so the decoder meets real compressed blocks.
			return execFileSync('zstd', ['-q', '-c', '-3'], {input: data, maxBuffer: 256 * 1024 * 1024});
		case 'zstd-stored':
			return zstdStored(data);
		case 'none':
			return data;
	}
}

const MEDIA = {
	none: 'application/vnd.oci.image.layer.v1.tar',
	gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
	zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
	'zstd-stored': 'application/vnd.oci.image.layer.v1.tar+zstd',
};

/** Builds an OCI archive holding one image per spec (several specs make a multi-platform index). */
export function makeOciArchive(images: OciImageSpec[], options: {nestedIndex?: boolean; truncateAt?: number} = {}): Buffer {
	const blobs = new Map<string, Buffer>();
	const add = (data: Buffer) => {
		const id = digest(data);
		blobs.set(id, data);
		return {digest: id, size: data.length};
	};
	const manifests = images.map(image => {
		const how = image.compression ?? 'gzip';
		const layers = image.layers.map(layer => ({mediaType: MEDIA[how], ...add(compress(layer, how))}));
		const config = {
			architecture: image.architecture ?? 'amd64',
			os: image.os ?? 'linux',
			rootfs: {type: 'layers', diff_ids: image.layers.map(digest)},
			history: image.history,
			config: {},
		};
		const configBlob = add(Buffer.from(JSON.stringify(config)));
		const manifest = {schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob}, layers};
		return {
			mediaType: 'application/vnd.oci.image.manifest.v1+json',
			...add(Buffer.from(JSON.stringify(manifest))),
			platform: {os: config.os, architecture: config.architecture},
			annotations: image.refName ? {'org.opencontainers.image.ref.name': image.refName} : undefined,
		};
	});
	let top: object = {schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests};
	if (options.nestedIndex) {
		const inner = add(Buffer.from(JSON.stringify(top)));
		top = {schemaVersion: 2, manifests: [{mediaType: 'application/vnd.oci.image.index.v1+json', ...inner}]};
	}
	const specs: TarSpec[] = [{name: 'blobs/', type: 'dir'}, {name: 'blobs/sha256/', type: 'dir'}];
	for (const [id, data] of blobs) specs.push({name: `blobs/sha256/${id.slice('sha256:'.length)}`, content: data});
	specs.push({name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}'}, {name: 'index.json', content: JSON.stringify(top)});
	const archive = makeTar(specs);
	return options.truncateAt === undefined ? archive : archive.subarray(0, options.truncateAt);
}

/**
 * A tiny tar writer for tests: builds archives byte by byte so tests control
 * exactly which header flavour (ustar, GNU long name, PAX) each entry uses.
 * Names are Buffers or strings; a string is written as UTF-8.
 */
import {gzipSync} from 'node:zlib';

export interface TarSpec {
	name: string | Buffer;
	type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
	content?: string | Buffer;
	/** Content size when `content` is not given (filled with 'x'). */
	size?: number;
	linkName?: string | Buffer;
	/** How a long name is written: 'gnu' (L/K records), 'pax' (path/linkpath), 'ustar' (prefix split). Default: gnu when needed. */
	longName?: 'gnu' | 'pax' | 'ustar';
	/** PAX records to add before the entry. */
	pax?: Record<string, string | Buffer>;
	mode?: number;
	devMajor?: number;
	devMinor?: number;
}

const FLAGS = {file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6'} as const;

function toBytes(value: string | Buffer): Buffer {
	return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function octal(value: number, length: number): string {
	return value.toString(8).padStart(length - 1, '0');
}

/** One raw 512-byte header block. */
export function headerBlock(name: Buffer, flag: string, size: number, options: {linkName?: Buffer; prefix?: Buffer; mode?: number; devMajor?: number; devMinor?: number} = {}): Buffer {
	const block = Buffer.alloc(512);
	name.copy(block, 0, 0, Math.min(100, name.length));
	block.write(octal(options.mode ?? 0o644, 8), 100, 'latin1');
	block.write(octal(0, 8), 108, 'latin1');
	block.write(octal(0, 8), 116, 'latin1');
	block.write(octal(size, 12), 124, 'latin1');
	block.write(octal(1_700_000_000, 12), 136, 'latin1');
	block.write(flag, 156, 'latin1');
	options.linkName?.copy(block, 157, 0, Math.min(100, options.linkName.length));
	block.write('ustar\u000000', 257, 'latin1');
	block.write(octal(options.devMajor ?? 0, 8), 329, 'latin1');
	block.write(octal(options.devMinor ?? 0, 8), 337, 'latin1');
	options.prefix?.copy(block, 345);
	block.fill(0x20, 148, 156);
	let sum = 0;
	for (const byte of block) sum += byte;
	block.write(`${octal(sum, 7)}\u0000`, 148, 'latin1');
	return block;
}

function padded(body: Buffer): Buffer {
	const padding = (512 - (body.length % 512)) % 512;
	return Buffer.concat([body, Buffer.alloc(padding)]);
}

function paxBody(records: Record<string, string | Buffer>): Buffer {
	const parts: Buffer[] = [];
	for (const [key, value] of Object.entries(records)) {
		const payload = Buffer.concat([Buffer.from(` ${key}=`), toBytes(value), Buffer.from('\n')]);
		let length = payload.length + 1;
		while (String(length).length + payload.length !== length) length = String(length).length + payload.length;
		parts.push(Buffer.concat([Buffer.from(String(length)), payload]));
	}
	return Buffer.concat(parts);
}

/** Builds a complete tar archive (with the two end blocks unless `withoutEnd`). */
export function makeTar(specs: TarSpec[], options: {withoutEnd?: boolean} = {}): Buffer {
	const blocks: Buffer[] = [];
	for (const spec of specs) {
		const type = spec.type ?? 'file';
		const name = toBytes(spec.name);
		const link = spec.linkName === undefined ? undefined : toBytes(spec.linkName);
		const content = spec.content !== undefined ? toBytes(spec.content) : Buffer.alloc(type === 'file' ? (spec.size ?? 0) : 0, 'x');
		let headerName = name;
		let prefix: Buffer | undefined;
		const pax: Record<string, string | Buffer> = {...spec.pax};
		const style = spec.longName ?? 'gnu';
		if (name.length > 100) {
			if (style === 'gnu') {
				blocks.push(headerBlock(Buffer.from('././@LongLink'), 'L', name.length + 1), padded(Buffer.concat([name, Buffer.alloc(1)])));
				headerName = name.subarray(0, 100);
			} else if (style === 'pax') {
				pax['path'] = name;
				headerName = name.subarray(0, 100);
			} else {
				const slash = name.lastIndexOf(0x2f, name.length - 2);
				prefix = name.subarray(0, slash);
				headerName = name.subarray(slash + 1);
			}
		}
		if (link && link.length > 100) {
			if (style === 'pax') pax['linkpath'] = link;
			else blocks.push(headerBlock(Buffer.from('././@LongLink'), 'K', link.length + 1), padded(Buffer.concat([link, Buffer.alloc(1)])));
		}
		if (Object.keys(pax).length > 0) {
			const body = paxBody(pax);
			blocks.push(headerBlock(Buffer.from('PaxHeader'), 'x', body.length), padded(body));
		}
		blocks.push(
			headerBlock(headerName, FLAGS[type], content.length, {linkName: link?.subarray(0, 100), prefix, mode: spec.mode ?? (type === 'dir' ? 0o755 : 0o644), devMajor: spec.devMajor, devMinor: spec.devMinor}),
		);
		if (content.length > 0) blocks.push(padded(content));
	}
	if (!options.withoutEnd) blocks.push(Buffer.alloc(1024));
	return Buffer.concat(blocks);
}

/** Splits a buffer into chunks of `size` bytes, as a stream would deliver it. */
export async function* chunked(data: Buffer, size = 7919): AsyncGenerator<Buffer> {
	for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

/**
 * Like {@link chunked}, but every chunk is a view of one buffer that is overwritten when the next chunk is asked
 * for (first with 0xEE, then with the next bytes), as the engine's export reads into pooled buffers (issue 16): a
 * reader that keeps a chunk's bytes past its next read without copying them reads garbage.
 */
export async function* recycled(data: Buffer, size = 7919): AsyncGenerator<Buffer> {
	const buffer = Buffer.alloc(size);
	for (let offset = 0; offset < data.length; offset += size) {
		buffer.fill(0xee);
		const length = data.copy(buffer, 0, offset, offset + size);
		yield buffer.subarray(0, length);
	}
	buffer.fill(0xee);
}

/**
 * Zstandard frame made of raw (stored) blocks: valid zstd that any decoder
 * must accept, written without a compressor.
 */
export function zstdStored(data: Buffer): Buffer {
	const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
	const max = 128 * 1024;
	let offset = 0;
	do {
		const block = data.subarray(offset, offset + max);
		offset += block.length;
		const isLast = offset >= data.length ? 1 : 0;
		const header = (block.length << 3) | isLast;
		parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
	} while (offset < data.length);
	return Buffer.concat(parts);
}

export {gzipSync};

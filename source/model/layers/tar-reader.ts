/**
 * A small streaming tar reader: enough of ustar, GNU (`L`/`K` long names,
 * base-256 sizes) and PAX (`path`, `linkpath`, `size`) to read image archives
 * and layer tars without ever holding a file's contents in memory.
 *
 * Names are kept as raw bytes decoded as latin1 (one char per byte), so a
 * non-UTF-8 name keeps its identity across layers; {@link displayPath} turns
 * one into text for a terminal.
 */

const BLOCK = 512;
/** PAX/GNU metadata bodies are tiny in practice; a huge one is a corrupt or hostile archive. */
const MAX_META_BODY = 1024 * 1024;

/** Thrown for anything that is not a readable tar: the message is one line for the user. */
export class TarError extends Error {
	override name = 'TarError';
}

/** What a tar entry is. */
export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'char-device' | 'block-device' | 'directory' | 'fifo' | 'other';

/** One entry's header, with long-name and PAX overrides already applied. */
export interface TarHeader {
	/** Raw bytes of the path as a latin1 string (identity, not display). */
	path: string;
	type: TarEntryType;
	/** Bytes of content that follow the header (0 for links, devices, directories). */
	size: number;
	mode: number;
	uid: number;
	gid: number;
	mtime: number;
	/** Raw bytes of the link target (symlinks and hard links). */
	linkPath: string;
	devMajor: number;
	devMinor: number;
}

/**
 * An entry and its content. Read `body` fully or not at all: the reader skips what is left. A part of `body` may be
 * a view of the source's chunk, valid until the next part is asked for (see {@link ByteSource}).
 */
export interface TarEntry {
	header: TarHeader;
	body: AsyncIterable<Buffer>;
}

const TYPE_BY_FLAG: Record<string, TarEntryType> = {
	'0': 'file',
	'\0': 'file',
	'7': 'file',
	'1': 'hardlink',
	'2': 'symlink',
	'3': 'char-device',
	'4': 'block-device',
	'5': 'directory',
	'6': 'fifo',
};

function readString(block: Buffer, offset: number, length: number): string {
	const end = block.indexOf(0, offset);
	return block.toString('latin1', offset, end === -1 || end > offset + length ? offset + length : end);
}

function readNumber(block: Buffer, offset: number, length: number): number {
	// GNU base-256: the high bit of the first byte is set; used for sizes over 8 GiB.
	if (block[offset]! & 0x80) {
		let value = block[offset]! & 0x7f;
		for (let i = 1; i < length; i++) value = value * 256 + block[offset + i]!;
		return value;
	}
	const text = readString(block, offset, length).trim();
	if (text === '') return 0;
	if (!/^[0-7]+$/.test(text)) throw new TarError(`corrupt tar header: bad number "${text.slice(0, 20)}"`);
	return parseInt(text, 8);
}

/** True when the 512-byte block is a tar header whose checksum matches (any tar flavour). */
export function isTarHeader(block: Buffer): boolean {
	if (block.length < BLOCK) return false;
	const stored = readString(block, 148, 8).trim();
	if (!/^[0-7]+$/.test(stored)) return false;
	let sum = 8 * 0x20;
	for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i]!;
	return sum === parseInt(stored, 8);
}

function isZeroBlock(block: Buffer): boolean {
	for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
	return true;
}

/** Parses PAX records ("len key=value\n"); values stay raw bytes (latin1) like every name. */
export function parsePax(body: Buffer): Map<string, string> {
	const records = new Map<string, string>();
	let offset = 0;
	while (offset < body.length) {
		const space = body.indexOf(0x20, offset);
		if (space === -1) break;
		const length = Number(body.toString('latin1', offset, space));
		if (!Number.isInteger(length) || length <= 0 || offset + length > body.length) throw new TarError('corrupt tar: bad PAX record');
		const record = body.subarray(space + 1, offset + length - 1);
		const equals = record.indexOf(0x3d);
		if (equals > 0) records.set(record.toString('latin1', 0, equals), record.toString('latin1', equals + 1));
		offset += length;
	}
	return records;
}

/**
 * Pulls exact byte counts out of an async chunk source, keeping at most one
 * chunk of look-ahead. What it hands out may be a view of the source's chunk,
 * valid until the next read: a source may reuse a chunk's memory once the next
 * chunk is asked for (the engine's image export does, issue 16), so a caller
 * keeping bytes past its next read copies them.
 */
export class ByteSource {
	private readonly iterator: AsyncIterator<Uint8Array>;
	private pending: Buffer = Buffer.alloc(0);
	private isDone = false;
	/** Bytes handed out so far (for progress and error positions). */
	position = 0;

	constructor(source: AsyncIterable<Uint8Array>) {
		this.iterator = source[Symbol.asyncIterator]();
	}

	private async fill(): Promise<boolean> {
		while (this.pending.length === 0) {
			if (this.isDone) return false;
			const next = await this.iterator.next();
			if (next.done) {
				this.isDone = true;
				return false;
			}
			this.pending = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
		}
		return true;
	}

	/** True once the underlying source has ended (a truncated outer archive shows here). */
	get isEnded(): boolean {
		return this.isDone && this.pending.length === 0;
	}

	/** Up to `max` bytes, or undefined at the end of the source. */
	async readSome(max: number): Promise<Buffer | undefined> {
		if (!(await this.fill())) return undefined;
		const out = this.pending.length <= max ? this.pending : this.pending.subarray(0, max);
		this.pending = this.pending.subarray(out.length);
		this.position += out.length;
		return out;
	}

	/** Exactly `length` bytes; fewer only when the source ended first. */
	async readExactly(length: number): Promise<Buffer> {
		const first = await this.readSome(length);
		if (!first || first.length === length) return first ?? Buffer.alloc(0);
		// Copied part by part as they come: a source may reuse a chunk's memory once the next one is asked for.
		const out = Buffer.allocUnsafe(length);
		first.copy(out, 0);
		let have = first.length;
		while (have < length) {
			const part = await this.readSome(length - have);
			if (!part) break;
			part.copy(out, have);
			have += part.length;
		}
		return have === length ? out : out.subarray(0, have);
	}

	/** Skips `length` bytes; returns how many were really there. */
	async skip(length: number): Promise<number> {
		let left = length;
		while (left > 0) {
			const part = await this.readSome(left);
			if (!part) break;
			left -= part.length;
		}
		return length - left;
	}

	/** Lets the underlying source clean up (closes a stream we stop reading early). */
	async close(): Promise<void> {
		await this.iterator.return?.();
	}
}

async function readBody(source: ByteSource, size: number, what: string): Promise<Buffer> {
	if (size > MAX_META_BODY) throw new TarError(`corrupt tar: ${what} of ${size} bytes`);
	// Kept past the padding's read: a copy (see ByteSource).
	const body = Buffer.from(await source.readExactly(size));
	if (body.length < size) throw new TarError('truncated tar archive: it ends inside an entry');
	await skipPadding(source, size);
	return body;
}

async function skipPadding(source: ByteSource, size: number): Promise<void> {
	const padding = (BLOCK - (size % BLOCK)) % BLOCK;
	// A missing final padding after the last entry is caught by the missing end blocks.
	if (padding > 0) await source.skip(padding);
}

/** Long names and PAX records carried from metadata entries to the entry they describe. */
interface PendingMeta {
	globalPax: Map<string, string>;
	pax?: Map<string, string>;
	longName?: string;
	longLink?: string;
}

const isMetaFlag = (flag: string) => flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K';

/** Takes the body of a metadata entry (PAX 'x'/'g', GNU 'L'/'K') into the pending metadata. */
function applyMeta(flag: string, body: Buffer, meta: PendingMeta): void {
	if (flag === 'x' || flag === 'g') {
		const records = parsePax(body);
		if (flag === 'g') meta.globalPax = new Map([...meta.globalPax, ...records]);
		else meta.pax = records;
		return;
	}
	const end = body.indexOf(0);
	const value = body.toString('latin1', 0, end === -1 ? body.length : end);
	if (flag === 'L') meta.longName = value;
	else meta.longLink = value;
}

/** The header of an entry that is not metadata, with the pending long names and PAX records applied (and cleared). */
function decodeHeader(block: Buffer, flag: string, size: number, meta: PendingMeta): TarHeader {
	const magic = block.toString('latin1', 257, 263);
	let path = readString(block, 0, 100);
	// ustar (not old GNU) splits long names into prefix + name.
	if (magic === 'ustar\u000000' || magic === 'ustar\u0000') {
		const prefix = readString(block, 345, 155);
		if (prefix) path = `${prefix}/${path}`;
	}
	const records = meta.pax ? new Map([...meta.globalPax, ...meta.pax]) : meta.globalPax;
	path = records.get('path') ?? meta.longName ?? path;
	const linkPath = records.get('linkpath') ?? meta.longLink ?? readString(block, 157, 100);
	const paxSize = records.get('size');
	const entrySize = paxSize !== undefined && /^\d+$/.test(paxSize) ? Number(paxSize) : size;
	meta.pax = undefined;
	meta.longName = undefined;
	meta.longLink = undefined;
	const type = TYPE_BY_FLAG[flag] ?? 'other';
	return {
		path,
		type,
		// Hard links, symlinks, devices and directories carry no content even when a writer puts a size there.
		size: entrySize,
		mode: readNumber(block, 100, 8),
		uid: readNumber(block, 108, 8),
		gid: readNumber(block, 116, 8),
		mtime: readNumber(block, 136, 12),
		linkPath,
		devMajor: type === 'char-device' || type === 'block-device' ? readNumber(block, 329, 8) : 0,
		devMinor: type === 'char-device' || type === 'block-device' ? readNumber(block, 337, 8) : 0,
	};
}

/** Bytes of content that follow a header in the archive. */
const contentSizeOf = (header: TarHeader) => (header.type === 'file' || header.type === 'other' ? header.size : 0);

const paddingOf = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/**
 * Reads a tar stream entry by entry. Each entry's body must be consumed (or
 * left alone) before asking for the next; what is left is skipped without
 * being kept. Throws {@link TarError} on a corrupt or truncated archive,
 * including one that stops without its two end-of-archive blocks.
 */
export async function* readTar(input: AsyncIterable<Uint8Array> | ByteSource): AsyncGenerator<TarEntry> {
	const source = input instanceof ByteSource ? input : new ByteSource(input);
	const meta: PendingMeta = {globalPax: new Map()};
	let isFirst = true;
	for (;;) {
		const block = await source.readExactly(BLOCK);
		if (block.length === 0) {
			if (isFirst) throw new TarError('not a tar archive: it is empty');
			throw new TarError('truncated tar archive: the end-of-archive marker is missing');
		}
		if (block.length < BLOCK) throw new TarError('truncated tar archive: it ends inside a header');
		if (isZeroBlock(block)) {
			// One zero block is the start of the end marker; whatever follows is padding we do not need.
			return;
		}
		if (!isTarHeader(block)) {
			throw new TarError(isFirst ? 'not a tar archive' : `corrupt tar archive: bad header checksum at byte ${source.position - BLOCK}`);
		}
		isFirst = false;
		const flag = String.fromCharCode(block[156]!);
		const size = readNumber(block, 124, 12);
		if (isMetaFlag(flag)) {
			applyMeta(flag, await readBody(source, size, flag === 'L' || flag === 'K' ? 'GNU long name' : 'PAX header'), meta);
			continue;
		}
		const header = decodeHeader(block, flag, size, meta);
		const contentSize = contentSizeOf(header);
		let left = contentSize;
		const body: AsyncIterable<Buffer> = {
			async *[Symbol.asyncIterator]() {
				while (left > 0) {
					const part = await source.readSome(left);
					if (!part) throw new TarError('truncated tar archive: it ends inside a file');
					left -= part.length;
					yield part;
				}
			},
		};
		yield {header, body};
		if (left > 0 && (await source.skip(left)) < left) throw new TarError('truncated tar archive: it ends inside a file');
		left = 0;
		await skipPadding(source, contentSize);
	}
}

/**
 * A tar reader for when only the headers matter (a layer's changes): fed
 * chunks synchronously, it reads headers where they lie in the chunk and steps
 * over file contents by arithmetic, never copying or awaiting them. A layer of
 * 25,000 small files costs 25,000 header decodes, not 100,000 awaited reads
 * (issue 8). Same errors as {@link readTar}.
 */
export class TarHeaderScanner {
	private readonly block = Buffer.alloc(BLOCK);
	private blockLength = 0;
	/** Content and padding still to step over. */
	private skipLeft = 0;
	/** Of that, the content of the entry (the rest is padding). */
	private contentLeft = 0;
	private metaFlag: string | undefined;
	private metaBody: Buffer | undefined;
	private metaLength = 0;
	private readonly meta: PendingMeta = {globalPax: new Map()};
	private position = 0;
	private isFirst = true;
	/** True once the end-of-archive marker was read; later bytes are ignored. */
	isDone = false;

	constructor(private readonly onHeader: (header: TarHeader) => void) {}

	/** How many bytes the scanner can take before it has to look at them (to read exactly up to the end marker). */
	get wanted(): number {
		if (this.skipLeft > 0) return this.skipLeft;
		if (this.metaBody) return this.metaBody.length - this.metaLength;
		return BLOCK - this.blockLength;
	}

	push(chunk: Buffer): void {
		let i = 0;
		const length = chunk.length;
		while (i < length && !this.isDone) {
			if (this.skipLeft > 0) {
				const take = Math.min(this.skipLeft, length - i);
				i += take;
				this.skipLeft -= take;
				this.contentLeft = Math.max(0, this.contentLeft - take);
				this.position += take;
				continue;
			}
			if (this.metaBody) {
				const take = Math.min(this.metaBody.length - this.metaLength, length - i);
				chunk.copy(this.metaBody, this.metaLength, i, i + take);
				this.metaLength += take;
				this.position += take;
				i += take;
				if (this.metaLength < this.metaBody.length) continue;
				applyMeta(this.metaFlag!, this.metaBody, this.meta);
				this.skipLeft = paddingOf(this.metaBody.length);
				this.metaBody = undefined;
				continue;
			}
			let block: Buffer;
			if (this.blockLength === 0 && length - i >= BLOCK) {
				// The whole header is in this chunk (nearly always): read it where it lies.
				block = chunk.subarray(i, i + BLOCK);
				i += BLOCK;
				this.position += BLOCK;
			} else {
				const take = Math.min(BLOCK - this.blockLength, length - i);
				chunk.copy(this.block, this.blockLength, i, i + take);
				this.blockLength += take;
				this.position += take;
				i += take;
				if (this.blockLength < BLOCK) return;
				this.blockLength = 0;
				block = this.block;
			}
			this.header(block);
		}
	}

	private header(block: Buffer): void {
		if (isZeroBlock(block)) {
			this.isDone = true;
			return;
		}
		if (!isTarHeader(block)) {
			throw new TarError(this.isFirst ? 'not a tar archive' : `corrupt tar archive: bad header checksum at byte ${this.position - BLOCK}`);
		}
		this.isFirst = false;
		const flag = String.fromCharCode(block[156]!);
		const size = readNumber(block, 124, 12);
		if (isMetaFlag(flag)) {
			if (size > MAX_META_BODY) throw new TarError(`corrupt tar: ${flag === 'L' || flag === 'K' ? 'GNU long name' : 'PAX header'} of ${size} bytes`);
			if (size === 0) {
				applyMeta(flag, Buffer.alloc(0), this.meta);
				return;
			}
			this.metaFlag = flag;
			this.metaBody = Buffer.alloc(size);
			this.metaLength = 0;
			return;
		}
		const header = decodeHeader(block, flag, size, this.meta);
		this.contentLeft = contentSizeOf(header);
		this.skipLeft = this.contentLeft + paddingOf(this.contentLeft);
		this.onHeader(header);
	}

	/** Content and padding the scanner steps over next without looking (0 when it needs bytes to read): a caller reading a file can seek past them instead of pushing them. */
	get skippable(): number {
		return this.isDone ? 0 : this.skipLeft;
	}

	/** Steps over `bytes` (at most {@link skippable}) the caller did not read. */
	skip(bytes: number): void {
		const take = Math.min(bytes, this.skipLeft);
		this.skipLeft -= take;
		this.contentLeft = Math.max(0, this.contentLeft - take);
		this.position += take;
	}

	/** The input ended: throws unless the end-of-archive marker was read. */
	end(): void {
		if (this.isDone) return;
		if (this.isFirst && this.position === 0) throw new TarError('not a tar archive: it is empty');
		if (this.blockLength > 0) throw new TarError('truncated tar archive: it ends inside a header');
		if (this.metaBody) throw new TarError('truncated tar archive: it ends inside an entry');
		// A missing final padding after the last entry is caught by the missing end blocks.
		if (this.contentLeft > 0) throw new TarError('truncated tar archive: it ends inside a file');
		throw new TarError('truncated tar archive: the end-of-archive marker is missing');
	}
}

/**
 * Turns a raw (latin1-held) path into text for display: valid UTF-8 is
 * decoded, each invalid byte is shown as ⟨xNN⟩. The result still needs
 * sanitize() before it reaches a terminal (escape sequences stay as they are here).
 */
export function decodeRawName(raw: string): string {
	// Plain ASCII is the common case and needs no work.
	if (!/[\u0080-\u00ff]/.test(raw)) return raw;
	const bytes = Buffer.from(raw, 'latin1');
	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		let out = '';
		let i = 0;
		while (i < bytes.length) {
			const byte = bytes[i]!;
			const length = byte < 0x80 ? 1 : byte >= 0xf0 && byte < 0xf8 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 0;
			if (length > 0 && i + length <= bytes.length) {
				try {
					out += new TextDecoder('utf-8', {fatal: true}).decode(bytes.subarray(i, i + length));
					i += length;
					continue;
				} catch {
					// fall through to the byte escape
				}
			}
			out += `⟨x${byte.toString(16).toUpperCase().padStart(2, '0')}⟩`;
			i += 1;
		}
		return out;
	}
}

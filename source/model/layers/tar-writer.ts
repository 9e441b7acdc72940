/**
 * The header blocks of a tar (ustar, with a PAX record for a name or link
 * longer than its field), for sending host files into a container (issue 13).
 * Content and padding are the caller's: this only encodes headers.
 */

const BLOCK = 512;

/** What one entry of a written archive is. */
export interface TarWriteEntry {
	/** The name inside the archive, relative ("dir/file"); a directory's without a trailing slash. */
	name: string;
	type: 'file' | 'directory' | 'symlink';
	size: number;
	mode: number;
	/** Seconds since the epoch. */
	mtime: number;
	linkName?: string;
}

const FLAG = {file: '0', directory: '5', symlink: '2'} as const;

function octal(value: number, length: number): string {
	return Math.max(0, Math.floor(value)).toString(8).padStart(length - 1, '0');
}

function block(name: Buffer, flag: string, size: number, entry: Pick<TarWriteEntry, 'mode' | 'mtime'>, linkName: Buffer): Buffer {
	const out = Buffer.alloc(BLOCK);
	name.copy(out, 0, 0, Math.min(100, name.length));
	out.write(octal(entry.mode & 0o7777, 8), 100, 'latin1');
	out.write(octal(0, 8), 108, 'latin1');
	out.write(octal(0, 8), 116, 'latin1');
	// Sizes of 8 GiB and more take the GNU base-256 form.
	if (size >= 0o77777777777) {
		out[124] = 0x80;
		let rest = size;
		for (let i = 135; i > 124; i--) {
			out[i] = rest % 256;
			rest = Math.floor(rest / 256);
		}
	} else out.write(octal(size, 12), 124, 'latin1');
	out.write(octal(entry.mtime, 12), 136, 'latin1');
	out.write(flag, 156, 'latin1');
	linkName.copy(out, 157, 0, Math.min(100, linkName.length));
	out.write('ustar\u000000', 257, 'latin1');
	out.fill(0x20, 148, 156);
	let sum = 0;
	for (const byte of out) sum += byte;
	out.write(`${octal(sum, 7)}\u0000`, 148, 'latin1');
	return out;
}

function paxRecord(key: string, value: Buffer): Buffer {
	const payload = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
	let length = payload.length + 1;
	while (String(length).length + payload.length !== length) length = String(length).length + payload.length;
	return Buffer.concat([Buffer.from(String(length)), payload]);
}

/** Zero bytes that pad `size` bytes of content to a whole block. */
export function tarPadding(size: number): Buffer {
	return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The blocks before an entry's content: its header, after a PAX header when a name does not fit. Names are UTF-8. */
export function tarHeaderBlocks(entry: TarWriteEntry): Buffer {
	const name = Buffer.from(entry.type === 'directory' ? `${entry.name}/` : entry.name, 'utf8');
	const link = Buffer.from(entry.linkName ?? '', 'utf8');
	const records: Buffer[] = [];
	if (name.length > 100) records.push(paxRecord('path', name));
	if (link.length > 100) records.push(paxRecord('linkpath', link));
	const header = block(name, FLAG[entry.type], entry.type === 'file' ? entry.size : 0, entry, link);
	if (records.length === 0) return header;
	const body = Buffer.concat(records);
	return Buffer.concat([block(Buffer.from('PaxHeader'), 'x', body.length, {mode: 0o644, mtime: entry.mtime}, Buffer.alloc(0)), body, tarPadding(body.length), header]);
}

/** The two zero blocks that end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

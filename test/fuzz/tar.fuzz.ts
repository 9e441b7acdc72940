/**
 * Fuzz target: the tar reader (model/layers/tar-reader.ts), both its streaming reader (readTar, used for image
 * archives and file contents) and its header scanner (TarHeaderScanner, used for layers), on any bytes cut into
 * reads of any size: PAX and GNU long names, negative, huge and base-256 sizes, truncated headers.
 * Invariants: each fails only with its own TarError; sizes are whole non-negative numbers; an entry's content is
 * exactly its size and never more than the input holds; the two readers agree on the headers of an archive both read.
 */
import {TarError, TarHeaderScanner, readTar, type TarHeader} from '../../source/model/layers/index.js';
import {check, cut, expectOwn} from './support.js';

async function* reads(chunks: Buffer[]): AsyncGenerator<Buffer> {
	for (const chunk of chunks) yield chunk;
}

function describe(header: TarHeader): string {
	return JSON.stringify([header.path, header.type, header.size, header.linkPath, header.mode]);
}

export async function fuzz(data: Buffer): Promise<void> {
	if (data.length === 0) return;
	const body = data.subarray(1);
	const size = 1 + data[0]! * 8;

	const scanned: string[] = [];
	let isScanned = true;
	try {
		const scanner = new TarHeaderScanner(header => scanned.push(describe(header)));
		for (const chunk of cut(body, size)) {
			scanner.push(chunk);
			if (scanner.isDone) break;
		}
		scanner.end();
	} catch (error) {
		expectOwn(error, TarError);
		isScanned = false;
	}

	const read: string[] = [];
	let isRead = true;
	let contentBytes = 0;
	try {
		for await (const entry of readTar(reads(cut(body, size)))) {
			const {header} = entry;
			check(Number.isSafeInteger(header.size) && header.size >= 0, `size ${header.size}`);
			read.push(describe(header));
			let got = 0;
			for await (const part of entry.body) got += part.length;
			contentBytes += got;
			check(contentBytes <= body.length, `${contentBytes} bytes of content from ${body.length} bytes of input`);
			if (header.type === 'file') check(got === header.size, `a file of ${header.size} bytes gave ${got}`);
		}
	} catch (error) {
		expectOwn(error, TarError);
		isRead = false;
	}
	if (isScanned && isRead) check(JSON.stringify(scanned) === JSON.stringify(read), `the readers disagree:\n${scanned.join('\n')}\n--\n${read.join('\n')}`);
}

/**
 * Property tests of the parsers that read bytes from outside (issue 17): whatever the engine, a container or the
 * terminal sends, each parser either gives the right answer or fails with its own error type, quickly; it never
 * throws something else, never loops, and never depends on where the bytes were cut into reads.
 * fast-check shrinks any failure to a small input and prints its seed, so a failure is a regression test to add.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {ChunkedCodingError, ChunkedDecoder} from '../../source/model/http-chunked.js';
import {type DecodedLine, LogDecoder} from '../../source/model/log-decoder.js';
import {TarError, readTar, scanLayerTar} from '../../source/model/layers/index.js';
import {parseMouseReport} from '../../source/model/mouse.js';
import {keyBytes} from '../../source/model/key-bytes.js';
import {chunked, makeTar} from '../support/tar-writer.js';
import {frame} from '../support/log-frames.js';

const RUNS = Number(process.env.DOCKDASH_PROPERTY_RUNS ?? 300);

/** Cuts bytes at the given fractions, as a socket may deliver them. */
function cutAt(bytes: Buffer, fractions: readonly number[]): Buffer[] {
	const points = [...new Set(fractions.map(f => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
	const out: Buffer[] = [];
	let last = 0;
	for (const point of points) {
		if (point > last) out.push(Buffer.from(bytes.subarray(last, point)));
		last = Math.max(last, point);
	}
	out.push(Buffer.from(bytes.subarray(last)));
	return out;
}

const cuts = fc.array(fc.double({min: 0, max: 1, noNaN: true}), {maxLength: 12});

function encodeChunked(pieces: readonly Uint8Array[]): Buffer {
	const parts: Buffer[] = [];
	for (const piece of pieces) {
		if (piece.length === 0) continue;
		parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), Buffer.from(piece), Buffer.from('\r\n'));
	}
	parts.push(Buffer.from('0\r\n\r\n'));
	return Buffer.concat(parts);
}

describe('ChunkedDecoder, properties', () => {
	it('gives back exactly the payload of any chunked body, however the reads are cut', () => {
		fc.assert(
			fc.property(fc.array(fc.uint8Array({maxLength: 300}), {maxLength: 20}), cuts, (pieces, fractions) => {
				const decoder = new ChunkedDecoder();
				const out = cutAt(encodeChunked(pieces), fractions).map(read => Buffer.from(decoder.decode(read)));
				assert.deepEqual(Buffer.concat(out), Buffer.concat(pieces.map(piece => Buffer.from(piece))));
				assert.equal(decoder.isDone, true);
			}),
			{numRuns: RUNS},
		);
	});

	it('on any bytes at all, gives payload or throws its own ChunkedCodingError, never anything else', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 2000}), cuts, (bytes, fractions) => {
				const decoder = new ChunkedDecoder();
				try {
					for (const read of cutAt(Buffer.from(bytes), fractions)) decoder.decode(read);
				} catch (error) {
					assert.ok(error instanceof ChunkedCodingError, `threw ${String(error)}`);
				}
			}),
			{numRuns: RUNS},
		);
	});

	it('refuses a chunk size beyond what it can count, instead of overflowing', () => {
		const decoder = new ChunkedDecoder();
		assert.throws(() => decoder.decode(Buffer.from(`${'f'.repeat(40)}\r\n`)), ChunkedCodingError);
	});
});

function decodeLogs(reads: readonly Buffer[], isTty: boolean): DecodedLine[] {
	const lines: DecodedLine[] = [];
	const decoder = new LogDecoder({isTty, partialDelayMs: 1_000_000, onLines: batch => lines.push(...batch)});
	for (const read of reads) decoder.push(read);
	decoder.end();
	return lines;
}

describe('LogDecoder, properties', () => {
	const payload = fc.array(fc.constantFrom('a', 'é', '\n', '\r', '\t', '\u001B', 'x'.repeat(40), '界'), {maxLength: 60}).map(parts => parts.join(''));

	it('decodes multiplexed frames to the same lines however the reads are cut', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.constantFrom(1, 2), payload), {maxLength: 12}), cuts, (frames, fractions) => {
				const bytes = Buffer.concat(frames.map(([stream, text]) => frame(stream, text)));
				assert.deepEqual(decodeLogs(cutAt(bytes, fractions), false), decodeLogs([bytes], false));
			}),
			{numRuns: RUNS},
		);
	});

	it('decodes a raw (tty) stream to the same lines however the reads are cut', () => {
		fc.assert(
			fc.property(payload, cuts, (text, fractions) => {
				const bytes = Buffer.from(text);
				assert.deepEqual(decodeLogs(cutAt(bytes, fractions), true), decodeLogs([bytes], true));
			}),
			{numRuns: RUNS},
		);
	});

	it('never throws on arbitrary bytes posing as multiplexed frames, and every line it gives is terminal-safe text', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 3000}), cuts, (bytes, fractions) => {
				for (const line of decodeLogs(cutAt(Buffer.from(bytes), fractions), false)) {
					assert.ok(line.stream === 'stdout' || line.stream === 'stderr');
					assert.equal(typeof line.text, 'string');
				}
			}),
			{numRuns: RUNS},
		);
	});
});

async function drainTar(data: Buffer, chunk: number): Promise<number> {
	let entries = 0;
	for await (const entry of readTar(chunked(data, chunk))) {
		entries++;
		for await (const _part of entry.body) void _part;
	}
	return entries;
}

describe('tar reader, properties', () => {
	const base = makeTar([
		{name: 'dir/', type: 'dir'},
		{name: 'dir/a.txt', content: 'hello'},
		{name: `long/${'n'.repeat(150)}`, content: 'gnu long name', longName: 'gnu'},
		{name: `pax/${'p'.repeat(150)}`, content: 'pax name', longName: 'pax'},
		{name: 'dir/link', type: 'symlink', linkName: 'a.txt'},
		{name: 'big', size: 3000},
	]);

	it('on a valid archive with any byte changed, or cut short anywhere, reads it or throws its own TarError', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(fc.nat({max: base.length - 1}), fc.integer({min: 0, max: 255})), {maxLength: 6}),
				fc.nat({max: base.length}),
				fc.integer({min: 1, max: 4096}),
				async (changes, length, chunk) => {
					const data = Buffer.from(base.subarray(0, length));
					for (const [at, byte] of changes) if (at < data.length) data[at] = byte;
					try {
						await drainTar(data, chunk);
					} catch (error) {
						assert.ok(error instanceof TarError, `threw ${String(error)}`);
					}
					try {
						await scanLayerTar(chunked(data, chunk));
					} catch (error) {
						assert.ok(error instanceof TarError, `scan threw ${String(error)}`);
					}
				},
			),
			{numRuns: RUNS},
		);
	});

	it('hostile sizes in a header (negative, huge, base-256) are refused or read, never trusted into an allocation', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom('-0000000001\0', '77777777777\0', '\x80\x00\x00\x00\x7f\xff\xff\xff\xff\xff\xff\xff', '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', 'zzzzzzzzzzz\0'), async size => {
				const data = Buffer.from(base);
				data.write(size, 124, 12, 'latin1');
				const before = process.memoryUsage().rss;
				try {
					await drainTar(data, 512);
				} catch (error) {
					assert.ok(error instanceof TarError, `threw ${String(error)}`);
				}
				assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024, 'no allocation sized by the header');
			}),
			{numRuns: 20},
		);
	});
});

describe('terminal input, properties', () => {
	it('a mouse report parser never throws and gives coordinates only for a whole SGR report', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 40}), input => {
				const event = parseMouseReport(input);
				if (event) {
					assert.match(input, /^\u001B?\[<\d+;\d+;\d+[Mm]$/);
					assert.ok(Number.isFinite(event.x) && Number.isFinite(event.y));
				}
			}),
			{numRuns: RUNS},
		);
	});

	it('keyBytes never throws and gives at most a short sequence for any key name and input', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 20}), fc.string({unit: 'binary', maxLength: 20}), (name, input) => {
				const bytes = keyBytes(name, input);
				assert.equal(typeof bytes, 'string');
				assert.ok(bytes.length <= Math.max(input.length, 8));
			}),
			{numRuns: RUNS},
		);
	});
});

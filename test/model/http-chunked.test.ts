import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ChunkedCodingError, ChunkedDecoder} from '../../source/model/http-chunked.js';

function encode(pieces: string[], trailer = ''): Buffer {
	return Buffer.from(`${pieces.map(piece => `${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`).join('')}0\r\n${trailer}\r\n`);
}

/** Decodes `bytes` cut into reads of `size` bytes; each read is a fresh buffer, as a socket gives. */
function decodeInReads(bytes: Buffer, size: number): {text: string; isDone: boolean} {
	const decoder = new ChunkedDecoder();
	let text = '';
	for (let i = 0; i < bytes.length; i += size) text += decoder.decode(Buffer.from(bytes.subarray(i, i + size))).toString('latin1');
	return {text, isDone: decoder.isDone};
}

describe('ChunkedDecoder', () => {
	it('gives the payload of many chunks in one read as one buffer', () => {
		const decoder = new ChunkedDecoder();
		const out = decoder.decode(encode(['one\n', 'two\n', 'three\n']));
		assert.equal(out.toString(), 'one\ntwo\nthree\n');
		assert.equal(decoder.isDone, true);
	});

	it('reads the same body cut at every possible place, size lines and CRLFs included', () => {
		const body = encode(['a', 'bc\r\n', 'x'.repeat(300), 'end']);
		for (const size of [1, 2, 3, 5, 7, 64]) assert.deepEqual(decodeInReads(body, size), {text: `abc\r\n${'x'.repeat(300)}end`, isDone: true}, `reads of ${size}`);
	});

	it('ignores chunk extensions and trailer fields, and bytes after the end', () => {
		const decoder = new ChunkedDecoder();
		const out = decoder.decode(Buffer.from('3;name=value\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\nGARBAGE'));
		assert.equal(out.toString(), 'abc');
		assert.equal(decoder.isDone, true);
	});

	it('takes upper- and lower-case hex sizes', () => {
		const decoder = new ChunkedDecoder();
		assert.equal(decoder.decode(Buffer.from(`A\r\n${'a'.repeat(10)}\r\nf\r\n${'b'.repeat(15)}\r\n`)).length, 25);
		assert.equal(decoder.isDone, false);
	});

	it('refuses what is not chunked coding', () => {
		assert.throws(() => new ChunkedDecoder().decode(Buffer.from('zz\r\n')), ChunkedCodingError);
		assert.throws(() => new ChunkedDecoder().decode(Buffer.from('3\r\nabcX\r\n')), ChunkedCodingError);
		assert.throws(() => new ChunkedDecoder().decode(Buffer.from('3\rX')), ChunkedCodingError);
		assert.throws(() => new ChunkedDecoder().decode(Buffer.from('ffffffffffffffff\r\n')), ChunkedCodingError);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ByteSource, TarError, TarHeaderScanner, type TarHeader, decodeRawName, readTar, scanLayerTar} from '../../source/model/layers/index.js';
import {chunked, makeTar} from '../support/tar-writer.js';

async function headers(data: Buffer, chunk = 7919) {
	const out: Array<{path: string; type: string; size: number; linkPath: string; body: string}> = [];
	for await (const entry of readTar(chunked(data, chunk))) {
		const parts: Buffer[] = [];
		for await (const part of entry.body) parts.push(part);
		out.push({path: entry.header.path, type: entry.header.type, size: entry.header.size, linkPath: entry.header.linkPath, body: Buffer.concat(parts).toString('latin1')});
	}
	return out;
}

describe('readTar', () => {
	it('reads ustar entries of every type, whatever the chunk size', async () => {
		const tar = makeTar([
			{name: 'dir/', type: 'dir'},
			{name: 'dir/a.txt', content: 'hello'},
			{name: 'dir/link', type: 'symlink', linkName: 'a.txt'},
			{name: 'dir/hard', type: 'hardlink', linkName: 'dir/a.txt'},
			{name: 'dev/null', type: 'char', devMajor: 1, devMinor: 3},
			{name: 'fifo', type: 'fifo'},
			{name: 'big', size: 5000},
		]);
		for (const chunk of [1, 511, 512, 513, 100_000]) {
			const got = await headers(tar, chunk);
			assert.deepEqual(
				got.map(entry => [entry.path, entry.type, entry.size, entry.linkPath]),
				[
					['dir/', 'directory', 0, ''],
					['dir/a.txt', 'file', 5, ''],
					['dir/link', 'symlink', 0, 'a.txt'],
					['dir/hard', 'hardlink', 0, 'dir/a.txt'],
					['dev/null', 'char-device', 0, ''],
					['fifo', 'fifo', 0, ''],
					['big', 'file', 5000, ''],
				],
			);
			assert.equal(got[1]!.body, 'hello');
			assert.equal(got[6]!.body, 'x'.repeat(5000));
		}
	});

	it('skips bodies the reader does not consume', async () => {
		const tar = makeTar([{name: 'a', size: 3000}, {name: 'b', content: 'bee'}]);
		const paths: string[] = [];
		for await (const entry of readTar(chunked(tar, 1000))) paths.push(entry.header.path);
		assert.deepEqual(paths, ['a', 'b']);
	});

	it('applies GNU long names, long link names, ustar prefixes and PAX path/linkpath/size', async () => {
		const long = `${'d'.repeat(80)}/${'n'.repeat(90)}`;
		const tar = makeTar([
			{name: long, content: 'g', longName: 'gnu'},
			{name: `${long}-pax`, content: 'p', longName: 'pax'},
			{name: `${long}-u`, content: 'u', longName: 'ustar'},
			{name: 'sym', type: 'symlink', linkName: 'l'.repeat(150), longName: 'gnu'},
			{name: 'sym2', type: 'symlink', linkName: 'k'.repeat(150), longName: 'pax'},
			{name: 'sized', content: 'abc', pax: {size: '3'}},
		]);
		const got = await headers(tar);
		assert.deepEqual(got.map(entry => entry.path), [long, `${long}-pax`, `${long}-u`, 'sym', 'sym2', 'sized']);
		assert.equal(got[3]!.linkPath, 'l'.repeat(150));
		assert.equal(got[4]!.linkPath, 'k'.repeat(150));
		assert.deepEqual(got.map(entry => entry.body), ['g', 'p', 'u', '', '', 'abc']);
	});

	it('keeps non-UTF-8 bytes of names for identity and decodes them for display', async () => {
		const raw = Buffer.from([0x66, 0xff, 0x2e, 0xc3, 0xa9]);
		const got = await headers(makeTar([{name: raw, content: ''}, {name: Buffer.concat([Buffer.from('pax-'), raw]), pax: {path: Buffer.concat([Buffer.from('pax-'), raw])}}]));
		assert.equal(got[0]!.path, raw.toString('latin1'));
		assert.equal(got[1]!.path, `pax-${raw.toString('latin1')}`);
		assert.equal(decodeRawName(got[0]!.path), 'f⟨xFF⟩.é');
		assert.equal(decodeRawName(Buffer.from('é', 'utf8').toString('latin1')), 'é');
	});

	it('reports truncation, corruption and non-tar input as TarError', async () => {
		const tar = makeTar([{name: 'a', size: 2000}]);
		const drain = async (data: Buffer) => {
			for await (const entry of readTar(chunked(data))) for await (const _ of entry.body);
		};
		await assert.rejects(drain(tar.subarray(0, 1000)), (error: Error) => error instanceof TarError && /truncated.*inside a file/.test(error.message));
		await assert.rejects(drain(tar.subarray(0, 300)), /truncated tar archive: it ends inside a header/);
		await assert.rejects(drain(makeTar([{name: 'a', size: 10}], {withoutEnd: true})), /end-of-archive marker is missing/);
		await assert.rejects(drain(Buffer.from('{"not": "a tar"}'.padEnd(600, ' '))), /^TarError: not a tar archive$/);
		await assert.rejects(drain(Buffer.alloc(0)), /not a tar archive: it is empty/);
		const corrupt = Buffer.from(makeTar([{name: 'a', content: 'x'}, {name: 'b', content: 'y'}]));
		corrupt[1024 + 3] = corrupt[1024 + 3]! ^ 0xff;
		await assert.rejects(drain(corrupt), /bad header checksum at byte 1024/);
	});
});

describe('TarHeaderScanner (headers only, fed synchronously)', () => {
	const specs = [
		{name: 'dir/', type: 'dir' as const},
		{name: 'dir/a.txt', content: 'hello'},
		{name: `${'d'.repeat(80)}/${'n'.repeat(90)}`, content: 'g', longName: 'gnu' as const},
		{name: `${'d'.repeat(80)}/${'p'.repeat(90)}`, content: 'p', longName: 'pax' as const},
		{name: 'dir/link', type: 'symlink' as const, linkName: 'l'.repeat(150), longName: 'gnu' as const},
		{name: 'big', size: 5000},
		{name: 'empty', size: 0},
		{name: 'dev/null', type: 'char' as const, devMajor: 1, devMinor: 3},
	];

	function scan(data: Buffer, chunk: number): TarHeader[] {
		const out: TarHeader[] = [];
		const scanner = new TarHeaderScanner(header => out.push(header));
		for (let i = 0; i < data.length; i += chunk) scanner.push(Buffer.from(data.subarray(i, i + chunk)));
		scanner.end();
		return out;
	}

	it('gives the same headers as readTar, whatever the chunks: headers and long names cut anywhere', async () => {
		const tar = makeTar(specs);
		const expected: TarHeader[] = [];
		for await (const entry of readTar(chunked(tar, 100_000))) expected.push(entry.header);
		for (const chunk of [1, 7, 511, 512, 513, 4096, tar.length]) assert.deepEqual(scan(tar, chunk), expected, `chunks of ${chunk}`);
	});

	it('stops at the end marker and ignores what follows it', () => {
		const tar = Buffer.concat([makeTar([{name: 'a', content: 'x'}]), Buffer.from('trailing garbage')]);
		assert.deepEqual(scan(tar, 100).map(header => header.path), ['a']);
	});

	it('reads a ByteSource exactly up to the end marker, leaving the rest to its owner', async () => {
		const tar = makeTar([{name: 'a', size: 700}]);
		const source = new ByteSource(chunked(Buffer.concat([tar, Buffer.from('after')]), 333));
		const changes = await scanLayerTar(source);
		assert.deepEqual(changes.entries.map(entry => [entry.path, entry.size]), [['a', 700]]);
		// The end marker's first block was read; its second block and what follows are left.
		assert.equal((await source.readExactly(512 + 5)).subarray(512).toString(), 'after');
	});

	it('reports truncation, corruption and non-tar input as readTar does', () => {
		const tar = makeTar([{name: 'a', size: 2000}]);
		assert.throws(() => scan(tar.subarray(0, 1000), 100), (error: Error) => error instanceof TarError && /truncated.*inside a file/.test(error.message));
		assert.throws(() => scan(tar.subarray(0, 300), 100), /truncated tar archive: it ends inside a header/);
		assert.throws(() => scan(makeTar([{name: 'a', size: 10}], {withoutEnd: true}), 100), /end-of-archive marker is missing/);
		assert.throws(() => scan(Buffer.from('{"not": "a tar"}'.padEnd(600, ' ')), 100), /^TarError: not a tar archive$/);
		assert.throws(() => scan(Buffer.alloc(0), 100), /not a tar archive: it is empty/);
		const corrupt = Buffer.from(makeTar([{name: 'a', content: 'x'}, {name: 'b', content: 'y'}]));
		corrupt[1024 + 3] = corrupt[1024 + 3]! ^ 0xff;
		for (const chunk of [1, 100, 4096]) assert.throws(() => scan(corrupt, chunk), /bad header checksum at byte 1024/);
	});
});

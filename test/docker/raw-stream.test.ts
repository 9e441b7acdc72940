// The logs adapter's own HTTP reader against local servers that answer as the engine does: a chunked body flushed
// piece by piece, an error status with a JSON body, a body cut off, and the same over TLS with client certificates.
import assert from 'node:assert/strict';
import {readFileSync, rmSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {parseHost} from '../../source/docker/endpoint.js';
import {type RawStreamBody, RawStreamStatusError, rawStreamGet} from '../../source/docker/raw-stream.js';
import {describeEngineError, engineStatus} from '../../source/docker/errors.js';
import {makeTlsCerts, type TlsCerts} from '../support/tls-certs.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** The engine's way: one flushed chunk per message, then the end. */
const chunkedAnswer: Handler = (request, response) => {
	response.writeHead(200, {'Content-Type': 'application/octet-stream'});
	let sent = 0;
	const next = () => {
		if (sent === 50) return response.end();
		response.write(`message ${sent++} ${request.url}\n`);
		setImmediate(next);
	};
	next();
};

function read(body: RawStreamBody): Promise<{text: string; error?: Error}> {
	return new Promise(resolve => {
		let text = '';
		body.on('data', (chunk: Buffer) => (text += chunk.toString()));
		body.on('end', () => resolve({text}));
		body.on('error', (error: Error) => resolve({text, error}));
	});
}

const expected = (url: string) => Array.from({length: 50}, (_, i) => `message ${i} ${url}\n`).join('');

async function listen(server: http.Server): Promise<number> {
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
}

describe('rawStreamGet', () => {
	const servers: http.Server[] = [];
	let certs: TlsCerts;
	before(() => {
		certs = makeTlsCerts();
	});
	after(() => {
		for (const server of servers) server.close();
		rmSync(certs.dir, {recursive: true, force: true});
	});

	async function serve(handler: Handler): Promise<number> {
		const server = http.createServer(handler);
		servers.push(server);
		return listen(server);
	}

	it('reads a chunked body flushed message by message, headers and first chunk in one read or not', async () => {
		const port = await serve(chunkedAnswer);
		const body = await rawStreamGet(parseHost(`tcp://127.0.0.1:${port}`, 'test'), '/containers/abc/logs?follow=true')!;
		assert.deepEqual(await read(body), {text: expected('/containers/abc/logs?follow=true')});
	});

	it('rejects an error status with the engine\'s message, as errors.ts expects it', async () => {
		const port = await serve((_, response) => {
			response.writeHead(404, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({message: 'No such container: abc'}));
		});
		const error = await rawStreamGet(parseHost(`tcp://127.0.0.1:${port}`, 'test'), '/containers/abc/logs')!.then(
			() => undefined,
			(reason: unknown) => reason,
		);
		assert.ok(error instanceof RawStreamStatusError);
		assert.equal(engineStatus(error), 404);
		assert.equal(describeEngineError(error), 'engine: No such container: abc');
	});

	it('says so when the engine cuts a chunked body off', async () => {
		const port = await serve((_, response) => {
			response.writeHead(200);
			response.write('partial\n');
			setTimeout(() => response.socket?.destroy(), 20);
		});
		const result = await read(await rawStreamGet(parseHost(`tcp://127.0.0.1:${port}`, 'test'), '/x')!);
		assert.equal(result.text, 'partial\n');
		assert.match(String(result.error?.message), /closed the stream early/);
	});

	it('reads a long body into a bounded set of pooled buffers when asked to, every byte intact (issue 16)', async () => {
		const total = 8 * 1024 * 1024;
		const byteAt = (offset: number) => (offset * 7 + (offset >> 12)) & 0xff;
		const content = Buffer.alloc(total);
		for (let i = 0; i < total; i++) content[i] = byteAt(i);
		const port = await serve((_, response) => {
			response.writeHead(200);
			let offset = 0;
			const next = () => {
				while (offset < total) {
					const piece = content.subarray(offset, offset + 100_003);
					offset += piece.length;
					if (!response.write(piece)) return void response.once('drain', next);
				}
				response.end();
			};
			next();
		});
		const readAll = async (recycle: boolean) => {
			const body = await rawStreamGet(parseHost(`tcp://127.0.0.1:${port}`, 'test'), '/images/x/get', undefined, {recycle})!;
			const memories = new Set<ArrayBufferLike>();
			let offset = 0;
			let isIntact = true;
			let reads = 0;
			for await (const chunk of body.chunks(8)) {
				memories.add(chunk.buffer);
				// Checked before the next chunk is asked for: the pool may reuse this one after that.
				for (let i = 0; i < chunk.length && isIntact; i++) isIntact = chunk[i] === byteAt(offset + i);
				offset += chunk.length;
				// A slow reader now and then: the queue fills and the socket pauses and resumes.
				if (++reads % 16 === 0) await new Promise(resolve => setTimeout(resolve, 5));
			}
			return {offset, isIntact, memories: memories.size};
		};
		const plain = await readAll(false);
		assert.equal(plain.offset, total);
		assert.ok(plain.isIntact);
		// The positive control: without the pool, every socket read is memory of its own.
		assert.ok(plain.memories > 50, `${plain.memories} buffers without the pool`);
		const pooled = await readAll(true);
		assert.equal(pooled.offset, total);
		assert.ok(pooled.isIntact, 'every byte as sent');
		// The queue's 8, the one the socket reads into, the one the reader holds, and one in between.
		assert.ok(pooled.memories <= 11, `${pooled.memories} buffers with the pool`);
	});

	it('stops when the signal aborts', async () => {
		const port = await serve((_, response) => {
			response.writeHead(200);
			response.write('first\n');
		});
		const controller = new AbortController();
		const body = await rawStreamGet(parseHost(`tcp://127.0.0.1:${port}`, 'test'), '/x', controller.signal)!;
		const closed = new Promise(resolve => body.on('close', resolve));
		body.on('data', () => controller.abort());
		body.on('error', () => undefined);
		await closed;
	});

	it('speaks TLS with the client certificate of the endpoint, and refuses a server its CA did not sign', async () => {
		const server = https.createServer(
			{ca: readFileSync(certs.server.ca), cert: readFileSync(certs.server.cert), key: readFileSync(certs.server.key), requestCert: true, rejectUnauthorized: true},
			chunkedAnswer,
		);
		servers.push(server);
		const port = await listen(server);
		const tlsFrom = (dir: string) => ({ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), verify: true});
		const endpoint = parseHost(`tcp://127.0.0.1:${port}`, 'test', tlsFrom(certs.clientDir));
		assert.deepEqual(await read(await rawStreamGet(endpoint, '/tls')!), {text: expected('/tls')});
		const wrong = parseHost(`tcp://127.0.0.1:${port}`, 'test', tlsFrom(certs.wrongCaDir));
		await assert.rejects(rawStreamGet(wrong, '/tls')!);
	});

	it('leaves ssh endpoints to dockerode', () => {
		assert.equal(rawStreamGet(parseHost('ssh://user@example.invalid', 'test'), '/x'), undefined);
	});
});

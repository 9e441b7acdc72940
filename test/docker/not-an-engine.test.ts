/**
 * Addresses that are not a Docker Engine, on loopback servers of the test's own (issue 20): one that
 * answers HTTP with a web page or an empty error says what was reached and what was expected, and one
 * that accepts connections and never answers is reported after the request timeout by every caller,
 * also by those that pass a signal of their own (the container sync of each engine among several).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {after, describe, it} from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import {createEngine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {describeEngineError} from '../../source/docker/errors.js';
import {ContainerStore} from '../../source/model/container-store.js';
import {ContainerSync} from '../../source/model/container-sync.js';

const servers: Array<http.Server | net.Server> = [];
after(() => {
	for (const server of servers) server.close();
});

/** An HTTP server on 127.0.0.1 answering every request with this status, content type and body. */
async function httpServer(status: number, body: string, type = 'text/html'): Promise<string> {
	const server = http.createServer((_request, response) => {
		response.writeHead(status, {'content-type': type});
		response.end(body);
	});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<string> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('data', () => undefined);
	});
	server.on('close', () => {
		for (const socket of sockets) socket.destroy();
	});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function versionError(url: string): Promise<string> {
	const endpoint = parseHost(url, 'test');
	const engine = createEngine(endpoint, {requestTimeoutMs: 2000});
	const error = await engine.version().then(
		() => assert.fail('a version from a server that is not an engine'),
		(caught: unknown) => caught,
	);
	return describeEngineError(error, endpoint);
}

describe('an address that answers HTTP but is not a Docker Engine', () => {
	it('a 404 web page: what was reached, that it is not the Docker Engine API, and what to check', async () => {
		const url = await httpServer(404, '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title></head></html>');
		assert.equal(await versionError(url), `${url} answered HTTP 404 with an HTML page: not a Docker Engine API; check the address and port (--host, DOCKER_HOST or the context)`);
	});

	it('an error with an empty body, where the engine always sends JSON', async () => {
		const url = await httpServer(500, '', 'text/plain');
		assert.equal(await versionError(url), `${url} answered HTTP 500 with an empty body: not what a Docker Engine answers; check the address and port (--host, DOCKER_HOST or the context)`);
	});

	it('a 200 web page for /version', async () => {
		const url = await httpServer(200, '<html><body>welcome</body></html>');
		assert.equal(await versionError(url), `${url}: answered /version with an HTML page: not a Docker Engine API; check the address and port (--host, DOCKER_HOST or the context)`);
	});
});

describe('an address that accepts connections and never answers', () => {
	it('the container sync reports "no answer … within N s" after the request timeout, garbage collections or not', async () => {
		// Node 20 let the timeout inside AbortSignal.any() be collected: after a collection it never fired (issue 20).
		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as () => void;
		const url = await silentServer();
		const engine = createEngine(parseHost(url, 'test'), {requestTimeoutMs: 1000});
		const sync = new ContainerSync(engine, new ContainerStore(), {relistIntervalMs: 60_000});
		const collect = setInterval(gc, 50);
		try {
			const problem = new Promise<string>(resolve => {
				sync.status.subscribe(() => {
					const current = sync.status.get().problem;
					if (current) resolve(current);
				});
			});
			void sync.start();
			const started = Date.now();
			const shown = await Promise.race([problem, new Promise<string>(resolve => setTimeout(() => resolve('still connecting after 4 s'), 4000))]);
			assert.equal(shown, `list containers: no answer from ${url} within 1 s`);
			assert.ok(Date.now() - started < 2500, 'about the request timeout');
		} finally {
			clearInterval(collect);
			sync.stop();
		}
	});
});

/**
 * A unix-socket proxy in front of the test engine that records the request
 * line of every HTTP request passing through, so a test can prove what did
 * (or did not) reach the engine.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {resolveEndpoint} from '../../source/docker/endpoint.js';

export interface RecordingProxy {
	socketPath: string;
	/** "METHOD /path" of every request seen, in order. */
	requests: string[];
	/** The link goes away: every connection is cut and nothing listens until `resume()`. */
	drop: () => Promise<void>;
	/** Listens again on the same socket path. */
	resume: () => Promise<void>;
	close: () => Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/g;

export async function startRecordingProxy(): Promise<RecordingProxy> {
	const upstream = resolveEndpoint();
	if (upstream.transport !== 'unix') throw new Error('the recording proxy needs a unix-socket engine (DOCKER_HOST=unix://...)');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'dockdash-proxy-'));
	const socketPath = path.join(dir, 'docker.sock');
	const requests: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		const engine = net.connect(upstream.socketPath);
		sockets.add(client);
		sockets.add(engine);
		client.on('data', chunk => {
			for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) requests.push(`${match[1]} ${match[2]}`);
			engine.write(chunk);
		});
		engine.pipe(client);
		const end = () => {
			client.destroy();
			engine.destroy();
			sockets.delete(client);
			sockets.delete(engine);
		};
		client.on('close', end);
		engine.on('close', end);
		client.on('error', end);
		engine.on('error', end);
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	let isListening = true;
	const drop = async () => {
		for (const socket of sockets) socket.destroy();
		if (!isListening) return;
		isListening = false;
		await new Promise(resolve => server.close(resolve));
	};
	return {
		socketPath,
		requests,
		drop,
		resume: async () => {
			if (isListening) return;
			await new Promise<void>(resolve => server.listen(socketPath, resolve));
			isListening = true;
		},
		close: async () => {
			await drop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

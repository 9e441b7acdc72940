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
	/** Listens again on the same socket path, and passes connections on again after `refuse()`. */
	resume: () => Promise<void>;
	/** Listens, but cuts every new connection at once, counting them (an engine that accepts and drops): see `refused`. */
	refuse: () => Promise<void>;
	/** Connections cut while refusing: each one is a try of the client's. */
	refused: () => number;
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
	let isRefusing = false;
	let refused = 0;
	const server = net.createServer(client => {
		if (isRefusing) {
			refused++;
			client.destroy();
			return;
		}
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
	const resume = async () => {
		isRefusing = false;
		if (isListening) return;
		await new Promise<void>(resolve => server.listen(socketPath, resolve));
		isListening = true;
	};
	return {
		socketPath,
		requests,
		drop,
		resume,
		refuse: async () => {
			await resume();
			isRefusing = true;
		},
		refused: () => refused,
		close: async () => {
			await drop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/**
 * Something posing as a Docker Engine at the end of DOCKER_HOST (issue 17): an HTTP server of the tests' own on a
 * unix socket that speaks just enough of the Engine API to bring the dashboard up, and that each test scripts to
 * answer badly — malformed JSON, wrong types, huge answers, broken transport, an event stream that stalls or sends
 * garbage. It is not a mock of the engine for product tests: it stands for a broken or hostile peer.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';

export type HostileHandler = (request: http.IncomingMessage, response: http.ServerResponse, socket: Socket) => void | 'default';

export interface HostileEngine {
	/** unix:///… to put in DOCKER_HOST. */
	host: string;
	/** Every request seen, as "METHOD /path?query". */
	requests: string[];
	/** Replaces the script: the handler answers first; returning 'default' falls back to a healthy answer. */
	script: (handler: HostileHandler | undefined) => void;
	/** Writes an event line to every open /events stream. */
	sendEvent: (event: object | string) => void;
	close: () => Promise<void>;
}

const NOW = 1_764_900_000;

export function healthyContainer(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const id = index.toString(16).padStart(64, '0');
	return {
		Id: id,
		Names: [`/hostile-${index}`],
		Image: 'busybox:latest',
		ImageID: `sha256:${'b'.repeat(64)}`,
		Command: 'sleep 3600',
		Created: NOW,
		Ports: [],
		Labels: {},
		State: 'running',
		Status: 'Up 5 minutes',
		HostConfig: {NetworkMode: 'none'},
		NetworkSettings: {Networks: {}},
		Mounts: [],
		...overrides,
	};
}

const json = (response: http.ServerResponse, status: number, body: unknown) => {
	const text = JSON.stringify(body);
	response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Api-Version': '1.43'});
	response.end(text);
};

/** An untagged image of the hostile engine, by number (its short ID is aaaaaaaaaaaa; the full ID is unique per number). */
export function healthyImage(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {Id: `sha256:${'a'.repeat(48)}${index.toString(16).padStart(16, '0')}`, RepoTags: [], RepoDigests: [], ParentId: '', Created: NOW, Size: 1_000_000, SharedSize: 0, Labels: {}, Containers: 0, ...overrides};
}

interface Lists {
	containers: () => unknown[];
	images: () => unknown[];
	volumes: () => unknown[];
	networks: () => unknown[];
}

function healthy(request: http.IncomingMessage, response: http.ServerResponse, lists: Lists, streams: Set<http.ServerResponse>): void {
	const {containers} = lists;
	const url = new URL(request.url ?? '/', 'http://engine');
	const route = url.pathname.replace(/^\/v1\.\d+/, '');
	const image = /^\/images\/([^/]+)(\/json)?$/.exec(route);
	if (route === '/_ping') {
		response.writeHead(200, {'Content-Type': 'text/plain', 'Api-Version': '1.43'});
		response.end('OK');
	} else if (route === '/version') {
		json(response, 200, {Version: '24.0.0-hostile', ApiVersion: '1.43', MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64', KernelVersion: '6.1.0'});
	} else if (route === '/info') {
		json(response, 200, {ID: 'hostile', Name: 'hostile-engine', ServerVersion: '24.0.0-hostile', Containers: 0, Images: 0, Driver: 'overlay2', CgroupVersion: '2', Swarm: {LocalNodeState: 'inactive'}});
	} else if (route === '/containers/json') {
		json(response, 200, containers());
	} else if (route === '/images/json') {
		json(response, 200, lists.images());
	} else if (image && request.method === 'GET' && image[2]) {
		const found = lists.images().find(entry => (entry as {Id?: string}).Id === decodeURIComponent(image[1]!));
		if (found) json(response, 200, {...(found as object), Config: {Labels: {}}});
		else json(response, 404, {message: `No such image: ${image[1]}`});
	} else if (image && request.method === 'DELETE') {
		json(response, 200, [{Deleted: decodeURIComponent(image[1]!)}]);
	} else if (route === '/volumes') {
		json(response, 200, {Volumes: lists.volumes(), Warnings: null});
	} else if (route === '/networks') {
		json(response, 200, lists.networks());
	} else if (route === '/events') {
		response.writeHead(200, {'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked'});
		response.flushHeaders();
		streams.add(response);
		response.on('close', () => streams.delete(response));
	} else if (route === '/system/df') {
		json(response, 200, {LayersSize: 0, Images: lists.images(), Containers: containers(), Volumes: lists.volumes(), BuildCache: []});
	} else {
		json(response, 404, {message: `hostile engine: no route for ${request.method} ${route}`});
	}
}

export async function startHostileEngine(options: {containers?: () => unknown[]; images?: () => unknown[]; volumes?: () => unknown[]; networks?: () => unknown[]} = {}): Promise<HostileEngine> {
	const folder = mkdtempSync(path.join(tmpdir(), 'dockdash-hostile-'));
	const socketPath = path.join(folder, 'docker.sock');
	const requests: string[] = [];
	const streams = new Set<http.ServerResponse>();
	const sockets = new Set<Socket>();
	const containers = options.containers ?? (() => [healthyContainer(1), healthyContainer(2, {State: 'exited', Status: 'Exited (0) 1 hour ago'})]);
	let handler: HostileHandler | undefined;
	const server = http.createServer((request, response) => {
		requests.push(`${request.method} ${request.url}`);
		if (handler && handler(request, response, request.socket) !== 'default') return;
		healthy(request, response, {containers, images: options.images ?? (() => []), volumes: options.volumes ?? (() => []), networks: options.networks ?? (() => [])}, streams);
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	return {
		host: `unix://${socketPath}`,
		requests,
		script: next => {
			handler = next;
		},
		sendEvent: event => {
			for (const stream of streams) stream.write(typeof event === 'string' ? event : `${JSON.stringify(event)}\n`);
		},
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
			rmSync(folder, {recursive: true, force: true});
		},
	};
}

/**
 * One-shot stats requests, lean (issue 16). Through the engine's API (a remote or tcp engine, cgroup files
 * not readable) the stats pane asks for every visible container each second: through dockerode each request
 * built its options with util.inspect (docker-modem's debug line, evaluated even when off), two abort signals
 * and a timer, about a third of dockdash's own CPU on that path. Here it is one GET on a keep-alive connection
 * (HTTP over the unix socket or tcp, or over the endpoint's TLS agent), the answer parsed once.
 *
 * Errors are shaped like docker-modem's (statusCode and json), so errors.ts reads them the same way.
 * Only GET is sent: read-only mode has nothing to refuse.
 */
import http from 'node:http';
import https from 'node:https';
import type {EngineEndpoint} from '../model/endpoint-types.js';
import {EngineTimeoutError} from './errors.js';
import {RawStreamStatusError} from './raw-stream.js';

/** Sends one request for a container's stats; resolves the engine's JSON. */
export type StatsRequest = (id: string, signal: AbortSignal) => Promise<unknown>;

/**
 * A request function for the endpoint, or undefined for one only dockerode reaches (ssh, or TLS without the
 * client's agent). `tlsAgent` is the https agent the client uses (the endpoint's certificates).
 */
export function createStatsRequest(endpoint: EngineEndpoint, options: {timeoutMs: number; tlsAgent?: https.Agent; maxSockets?: number}): StatsRequest | undefined {
	if (endpoint.transport === 'ssh') return undefined;
	const isTls = endpoint.transport === 'tcp' && endpoint.tls !== undefined;
	if (isTls && !options.tlsAgent) return undefined;
	const agent = isTls ? options.tlsAgent! : new http.Agent({keepAlive: true, maxSockets: options.maxSockets ?? 8});
	const send = isTls ? https.request : http.request;
	const target = endpoint.transport === 'unix' ? {socketPath: endpoint.socketPath} : {host: endpoint.host, port: endpoint.port};
	return (id, signal) =>
		new Promise((resolve, reject) => {
			const request = send({...target, agent, path: `/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`, headers: {Host: 'docker'}, signal}, response => {
				const parts: Buffer[] = [];
				response.on('data', (chunk: Buffer) => parts.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(parts).toString('utf8');
					const status = response.statusCode ?? 0;
					let json: unknown;
					try {
						json = JSON.parse(text);
					} catch (error) {
						if (status < 300) return reject(error);
					}
					if (status >= 300) reject(new RawStreamStatusError(status, (json ?? null) as {message?: string} | null, text.trim()));
					else resolve(json);
				});
			});
			// The connection's idle time, not a timer per request: a stalled engine is reported, a busy one waited for.
			request.setTimeout(options.timeoutMs, () =>
				request.destroy(new EngineTimeoutError(`container stats: no answer from ${endpoint.url} within ${Math.round(options.timeoutMs / 1000)} s`)),
			);
			request.on('error', reject);
			request.end();
		});
}

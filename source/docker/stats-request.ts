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
import {deadline} from './deadline.js';
import {EngineAnswerError, EngineTimeoutError} from './errors.js';
import {RawStreamStatusError} from './raw-stream.js';

/** A stats answer is a few kB (more with many networks); anything past this is not one (issue 17's hostile engine). */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** Sends one request for a container's stats; resolves the engine's JSON object. */
export type StatsRequest = (id: string, signal: AbortSignal) => Promise<unknown>;

/**
 * A request function for the endpoint, or undefined for one only dockerode reaches (ssh, or TLS without the
 * client's agent). `tlsAgent` is the https agent the client uses (the endpoint's certificates).
 */
/** How long a pooled connection may sit idle before it is closed. */
const IDLE_SOCKET_MS = 5000;

export function createStatsRequest(endpoint: EngineEndpoint, options: {timeoutMs: number; tlsAgent?: https.Agent; maxSockets?: number}): StatsRequest | undefined {
	if (endpoint.transport === 'ssh') return undefined;
	const isTls = endpoint.transport === 'tcp' && endpoint.tls !== undefined;
	if (isTls && !options.tlsAgent) return undefined;
	// Idle pooled connections close after a few seconds: while the Stats pane is not shown nothing asks, and a pool
	// kept open for ever read as a descriptor leak in the soak test (the CI trial of 5 Dec: 25 → 31 over 150 s).
	const agent = isTls ? options.tlsAgent! : new http.Agent({keepAlive: true, maxSockets: options.maxSockets ?? 8, timeout: IDLE_SOCKET_MS});
	const send = isTls ? https.request : http.request;
	const target = endpoint.transport === 'unix' ? {socketPath: endpoint.socketPath} : {host: endpoint.host, port: endpoint.port};
	return (id, signal) =>
		new Promise((resolve, reject) => {
			// A whole-request deadline (an engine trickling bytes never trips an idle timeout), held by its own timer.
			const limit = deadline(options.timeoutMs, signal);
			const fail = (error: unknown) => {
				limit.dispose();
				reject(limit.hasExpired ? new EngineTimeoutError(`container stats: no answer from ${endpoint.url} within ${Math.round(options.timeoutMs / 1000)} s`) : error);
			};
			const request = send({...target, agent, path: `/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`, headers: {Host: 'docker'}, signal: limit.signal}, response => {
				const parts: Buffer[] = [];
				let bytes = 0;
				response.on('data', (chunk: Buffer) => {
					bytes += chunk.length;
					if (bytes > MAX_ANSWER_BYTES) request.destroy(new EngineAnswerError(`container stats: the engine's answer is over ${MAX_ANSWER_BYTES / 1024 / 1024} MiB: is this address a Docker Engine?`));
					else parts.push(chunk);
				});
				response.on('error', fail);
				response.on('end', () => {
					limit.dispose();
					const text = Buffer.concat(parts).toString('utf8');
					const status = response.statusCode ?? 0;
					let json: unknown;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					if (status >= 300) reject(new RawStreamStatusError(status, (json ?? null) as {message?: string} | null, text.trim()));
					else if (json === null || typeof json !== 'object' || Array.isArray(json)) reject(new EngineAnswerError("container stats: the engine's answer is not a JSON object: is this address a Docker Engine?"));
					else resolve(json);
				});
			});
			request.on('error', fail);
			request.end();
		});
}

/**
 * A streamed GET to the engine over a socket of our own, for the one body that
 * must be read as fast as the engine writes it: a container's logs. The engine
 * flushes every log message as its own HTTP chunk, and Node's HTTP client calls
 * into JavaScript once per chunk (for a flood, a million calls and buffers a
 * second's worth of CPU per 300,000 lines, issue 8). Here the chunk framing is
 * stripped by a byte scan, and each socket read reaches the caller as one
 * buffer of payload.
 *
 * Unix sockets and TCP (with TLS when the endpoint has it) are dialled
 * directly; ssh endpoints answer undefined, and the caller goes through
 * dockerode instead. Only GET is sent, so read-only mode has nothing to refuse.
 */
import {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import {ChunkedDecoder} from '../model/http-chunked.js';
import type {EngineEndpoint} from '../model/endpoint-types.js';

/** The engine answered with an error status: shaped like docker-modem's errors, so errors.ts reads it the same way. */
export class RawStreamStatusError extends Error {
	override name = 'RawStreamStatusError';
	constructor(
		readonly statusCode: number,
		readonly json: {message?: string} | null,
		body: string,
	) {
		super(`(HTTP code ${statusCode}) - ${body}`);
	}
}

/** The body of a 2xx answer, as the events a Readable would give: 'data' (payload buffers), 'end', 'error', 'close'. */
export class RawStreamBody extends EventEmitter {
	// The head and the first payload often come in one read, before the caller (behind an await) has listened:
	// events wait here until a 'data' listener is added, then go out in order.
	private waiting: Array<[string, unknown]> | undefined = [];

	/** Set when the socket reads into pooled buffers: takes a chunk back once the reader has asked for the next. */
	recycle: ((chunk: Buffer) => void) | undefined;

	constructor(private readonly socket: net.Socket) {
		super();
		this.on('newListener', (event: string) => {
			if (event !== 'data' || !this.waiting) return;
			const waiting = this.waiting;
			this.waiting = undefined;
			// After the listener is added, and after the caller's other listeners, set up in the same turn.
			queueMicrotask(() => {
				for (const [name, value] of waiting) this.emit(name, value);
			});
		});
	}

	/** @internal */
	deliver(event: 'data' | 'end' | 'error' | 'close', value?: unknown): void {
		if (this.waiting) this.waiting.push([event, value]);
		else this.emit(event, value);
	}

	destroy(): void {
		this.socket.destroy();
	}

	/**
	 * The payload as an async iterable holding at most `readAhead` buffers: beyond that the socket pauses until
	 * the reader catches up. Ends when the body ends or the socket closes; throws the body's error.
	 */
	async *chunks(readAhead: number): AsyncGenerator<Buffer> {
		const queue: Buffer[] = [];
		let isEnded = false;
		let failure: unknown;
		let wake: (() => void) | undefined;
		const notify = () => {
			const resolve = wake;
			wake = undefined;
			resolve?.();
		};
		this.on('data', (chunk: Buffer) => {
			queue.push(chunk);
			if (queue.length >= readAhead) this.socket.pause();
			notify();
		});
		const end = () => {
			isEnded = true;
			notify();
		};
		this.on('end', end);
		this.on('close', end);
		this.on('error', (error: unknown) => {
			failure ??= error;
			end();
		});
		try {
			for (;;) {
				const chunk = queue.shift();
				if (chunk) {
					if (queue.length < readAhead / 2 && this.socket.isPaused()) this.socket.resume();
					yield chunk;
					// The reader asked for the next chunk: it is done with this one (a reader keeping bytes copies them).
					this.recycle?.(chunk);
					continue;
				}
				if (failure) throw failure as Error;
				if (isEnded) return;
				await new Promise<void>(resolve => (wake = resolve));
			}
		} finally {
			this.socket.destroy();
		}
	}
}

const MAX_HEADER = 64 * 1024;
const MAX_ERROR_BODY = 64 * 1024;
/** The size of a pooled read buffer: what Node allocates per socket read. */
const POOLED_READ = 64 * 1024;

/**
 * Read buffers lent to the socket and handed back by the reader, for a long body read once: a bounded set of
 * buffers allocated once instead of a new 64 KiB buffer per socket read. Measured on a 330 MB image export
 * (issue 16): the dead per-read buffers waited for the garbage collector, ~50 MB of the 120 MB peak RSS.
 */
class ReadBufferPool {
	private readonly free: Buffer[] = [];
	/** Buffers out (in the socket, queued, or with the reader), by their memory: only these are taken back. */
	private readonly lent = new Set<ArrayBufferLike>();

	take(): Buffer {
		const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(POOLED_READ);
		this.lent.add(buffer.buffer);
		return buffer;
	}

	/** Takes back the buffer a chunk is a view of; a chunk of any other memory (a copy) is left alone. */
	give(chunk: Buffer): void {
		if (!this.lent.delete(chunk.buffer)) return;
		this.free.push(Buffer.from(chunk.buffer, 0, POOLED_READ));
	}
}

type OnRead = {buffer: () => Buffer; callback: (bytes: number, buffer: Buffer) => boolean};

function connect(endpoint: EngineEndpoint, onread?: OnRead): net.Socket | undefined {
	switch (endpoint.transport) {
		case 'unix':
			return net.connect({path: endpoint.socketPath, ...(onread ? {onread} : {})});
		case 'tcp': {
			if (!endpoint.tls) return net.connect({host: endpoint.host, port: endpoint.port, ...(onread ? {onread} : {})});
			const read = (file?: string) => (file ? readFileSync(file) : undefined);
			return tls.connect({
				host: endpoint.host,
				port: endpoint.port,
				servername: net.isIP(endpoint.host) ? undefined : endpoint.host,
				ca: read(endpoint.tls.ca),
				cert: read(endpoint.tls.cert),
				key: read(endpoint.tls.key),
				rejectUnauthorized: endpoint.tls.verify,
			});
		}
		case 'ssh':
			return undefined;
	}
}

interface Head {
	status: number;
	isChunked: boolean;
	contentLength?: number;
}

function parseHead(text: string): Head {
	const lines = text.split('\r\n');
	const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
	if (!Number.isInteger(status)) throw Object.assign(new Error('the engine did not answer in HTTP'), {code: 'EPROTO'});
	let isChunked = false;
	let contentLength: number | undefined;
	for (const line of lines.slice(1)) {
		const colon = line.indexOf(':');
		if (colon === -1) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (name === 'transfer-encoding') isChunked = /(^|,)\s*chunked\s*$/i.test(value);
		else if (name === 'content-length' && /^\d+$/.test(value)) contentLength = Number(value);
	}
	return {status, isChunked, contentLength};
}

/**
 * Sends `GET path` and resolves once the engine's answer has its headers: with
 * the body for a 2xx status; rejects with a {@link RawStreamStatusError} for
 * any other (its body read first), or with the socket's error. Undefined for
 * an endpoint this cannot dial (ssh). The signal destroys the socket.
 *
 * `recycle`: for a body read through {@link RawStreamBody.chunks} only, by a reader that copies whatever it keeps
 * once it has asked for the next chunk: the socket reads into pooled buffers that the reader hands back (unix and
 * plain tcp; TLS reads as usual).
 */
export function rawStreamGet(endpoint: EngineEndpoint, path: string, signal?: AbortSignal, options: {recycle?: boolean} = {}): Promise<RawStreamBody> | undefined {
	const pool = options.recycle && !(endpoint.transport === 'tcp' && endpoint.tls) ? new ReadBufferPool() : undefined;
	/** The data of the last socket read went to the reader (which hands its buffer back). */
	let isHandedOver = false;
	const onread: OnRead | undefined = pool && {
		buffer: () => pool.take(),
		callback: (bytes, buffer) => {
			isHandedOver = false;
			onData(buffer.subarray(0, bytes));
			if (!isHandedOver) pool.give(buffer);
			// Reading goes on: the reader pauses the socket itself when its queue is full.
			return true;
		},
	};
	const socket = connect(endpoint, onread);
	if (!socket) return undefined;
	const body = new RawStreamBody(socket);
	if (pool) body.recycle = chunk => pool.give(chunk);
	// Declared below, inside the promise; the socket reads nothing before this function has returned.
	let onData: (chunk: Buffer) => void = () => undefined;
	return new Promise<RawStreamBody>((resolve, reject) => {
		let head: Buffer | undefined;
		let parsed: Head | undefined;
		let isResolved = false;
		let isEnded = false;
		const chunked = new ChunkedDecoder();
		let left = Number.POSITIVE_INFINITY;
		const errorParts: Buffer[] = [];
		let errorBytes = 0;

		const onAbort = () => socket.destroy();
		if (signal?.aborted) onAbort();
		else signal?.addEventListener('abort', onAbort, {once: true});

		const finishError = () => {
			const text = Buffer.concat(errorParts).toString('utf8');
			let json: {message?: string} | null = null;
			try {
				json = JSON.parse(text) as {message?: string};
			} catch {
				// not JSON: the text is the message
			}
			socket.destroy();
			reject(new RawStreamStatusError(parsed!.status, json, text.trim()));
		};
		const end = () => {
			if (isEnded) return;
			isEnded = true;
			socket.destroy();
			if (isResolved) body.deliver('end');
		};
		const payload = (chunk: Buffer) => {
			let data: Buffer;
			if (parsed!.isChunked) {
				data = chunked.decode(chunk);
			} else {
				data = chunk.length > left ? chunk.subarray(0, left) : chunk;
				left -= data.length;
			}
			if (parsed!.status >= 300) {
				if (errorBytes < MAX_ERROR_BODY) errorParts.push(Buffer.from(data));
				errorBytes += data.length;
				if (chunked.isDone || left === 0) finishError();
				return;
			}
			if (data.length > 0) {
				isHandedOver = true;
				body.deliver('data', data);
			}
			if (chunked.isDone || left === 0) end();
		};

		// Written at once: the socket holds it until it has connected (and, for TLS, shaken hands).
		socket.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: dockdash\r\nConnection: close\r\n\r\n`);
		onData = (chunk: Buffer) => {
			if (isEnded) return;
			try {
				if (parsed) return payload(chunk);
				head = head ? Buffer.concat([head, chunk]) : chunk;
				const split = head.indexOf('\r\n\r\n');
				if (split === -1) {
					if (head.length > MAX_HEADER) throw Object.assign(new Error('the engine sent an oversized HTTP header'), {code: 'EPROTO'});
					// A pooled read buffer is read into again: keep a copy of the head so far.
					if (pool && head === chunk) head = Buffer.from(chunk);
					return;
				}
				parsed = parseHead(head.toString('latin1', 0, split));
				if (!parsed.isChunked && parsed.contentLength !== undefined) left = parsed.contentLength;
				const rest = head.subarray(split + 4);
				head = undefined;
				if (parsed.status < 300) {
					isResolved = true;
					resolve(body);
				}
				if (rest.length > 0 || left === 0) payload(rest);
			} catch (error) {
				socket.destroy();
				if (isResolved) body.deliver('error', error);
				else reject(error);
			}
		};
		if (!pool) socket.on('data', onData);
		socket.on('end', () => {
			if (parsed && parsed.status >= 300 && !isEnded) return finishError();
			// A close-delimited body ends here; a chunked or sized one that stops early is cut off.
			if (isResolved && (parsed!.isChunked ? !chunked.isDone : left !== Number.POSITIVE_INFINITY && left > 0)) {
				body.deliver('error', Object.assign(new Error('the engine closed the stream early'), {code: 'ECONNRESET'}));
			}
			end();
		});
		socket.on('error', error => {
			if (isResolved) body.deliver('error', error);
			else reject(error);
		});
		socket.on('close', () => {
			signal?.removeEventListener('abort', onAbort);
			if (!isResolved && parsed) finishError();
			else if (!isResolved) reject(signal?.aborted ? Object.assign(new Error('aborted'), {name: 'AbortError'}) : Object.assign(new Error('the engine closed the connection'), {code: 'ECONNRESET'}));
			if (isResolved) body.deliver('close');
		});
	});
}

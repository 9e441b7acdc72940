/**
 * Turns whatever the transport or the engine threw into one line a user can act
 * on: it names the endpoint and the fix. Never a stack trace.
 */
import {sanitize} from '../model/sanitize.js';
import type {EngineEndpoint} from '../model/endpoint-types.js';

/** Refused by dockdash itself before anything was sent (read-only mode, protect label). */
export class RefusedError extends Error {
	override name = 'RefusedError';
}

/**
 * An engine answer dockdash cannot read: not JSON, or JSON of the wrong shape (issue 17). The message names the
 * request and what was wrong, so a broken proxy or something posing as an engine is told apart from a down engine.
 */
export class EngineAnswerError extends Error {
	override name = 'EngineAnswerError';
}

/** An engine request that did not answer in time. */
export class EngineTimeoutError extends Error {
	override name = 'EngineTimeoutError';
}

type ErrorLike = {
	code?: string;
	statusCode?: number;
	json?: {message?: string} | null;
	reason?: string;
	message?: string;
	name?: string;
	cause?: unknown;
};

function engineMessage(error: ErrorLike): string | undefined {
	const fromJson = error.json && typeof error.json === 'object' ? error.json.message : undefined;
	if (fromJson) return fromJson;
	// docker-modem puts the body in the message as "(HTTP code 404) no such container - <body> "
	const match = /\(HTTP code \d+\)[^-]*- (.*)$/s.exec(error.message ?? '');
	if (match?.[1]) {
		const body = match[1].trim();
		try {
			const parsed = JSON.parse(body) as {message?: string};
			if (parsed.message) return parsed.message;
		} catch {
			// not JSON: use the text as it is
		}
		return body;
	}
	return error.reason;
}

/**
 * An HTTP answer no Docker Engine gives (an HTML page, or an error with an empty body): says what was reached and
 * what was expected, instead of "engine: <!DOCTYPE HTML>" or "engine:" (issue 20). The engine's errors carry JSON.
 */
function notEngineAnswer(error: ErrorLike, where: string): string | undefined {
	if (error.json && typeof error.json === 'object' && !Buffer.isBuffer(error.json) && error.json.message) return undefined;
	const body = /\(HTTP code \d+\)[^-]*- (.*)$/s.exec(error.message ?? '')?.[1]?.trim() ?? '';
	const status = `HTTP ${error.statusCode}`;
	if (/^<(!doctype|html|head|body|\?xml)/i.test(body)) return sanitize(`${where} answered ${status} with an HTML page: not a Docker Engine API; check the address and port (--host, DOCKER_HOST or the context)`);
	if (body === '' && error.statusCode !== 304) return sanitize(`${where} answered ${status} with an empty body: not what a Docker Engine answers; check the address and port (--host, DOCKER_HOST or the context)`);
	return undefined;
}

/** The HTTP status the engine answered with, when the error came from the engine. */
export function engineStatus(error: unknown): number | undefined {
	const status = (error as ErrorLike | undefined)?.statusCode;
	return typeof status === 'number' ? status : undefined;
}

/** The muted line a pane shows for a feature the engine does not have, e.g. "Swarm: not supported by this engine (Podman)". */
export function unsupportedLine(feature: string, product: string): string {
	return `${feature}: not supported by this engine (${product})`;
}

/**
 * Whether the engine answered that it has no such endpoint at all, as Podman's
 * compatible API does for /swarm, /services, /nodes and /build/prune (a bare
 * 404 "Not Found", no JSON), or says it is not implemented or supported.
 * A 404 for a missing object comes as JSON with a message and is not this.
 */
export function isUnsupportedAnswer(error: unknown): boolean {
	const status = engineStatus(error);
	if (status === 501) return true;
	const message = engineMessage((error ?? {})) ?? '';
	if (status === 404) return /^\s*(404 )?(page )?not found\s*$/i.test(message);
	return status !== undefined && /not (implemented|supported)/i.test(message);
}

/** One line describing the error; `endpoint` adds where it happened and how to fix reaching it. */
export function describeEngineError(error: unknown, endpoint?: EngineEndpoint): string {
	const err = (error ?? {}) as ErrorLike;
	const where = endpoint?.url ?? 'the engine';
	if (err instanceof RefusedError || err instanceof EngineTimeoutError || err instanceof EngineAnswerError) return sanitize(err.message ?? '');
	if (typeof err.statusCode === 'number') {
		const notEngine = notEngineAnswer(err, where);
		if (notEngine) return ofRequest(err, notEngine);
		const message = engineMessage(err) ?? `HTTP ${err.statusCode}`;
		// dockerd started with --tlsverify answers plain HTTP with this 400.
		if (err.statusCode === 400 && /HTTP request to an HTTPS server/i.test(message)) return wantsTls(where, endpoint);
		return sanitize(`engine: ${message.split('\n')[0]}`);
	}
	const code = err.code ?? (err.cause as ErrorLike | undefined)?.code;
	switch (code) {
		case 'ENOENT':
			return `cannot reach the Docker Engine at ${where}: no such socket. Start dockerd, or choose an engine with --host, DOCKER_HOST or --context`;
		case 'EACCES':
		case 'EPERM':
			return `permission denied on ${where}: add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or run dockdash with sudo`;
		case 'ECONNREFUSED':
			return `connection refused at ${where}: is dockerd running and listening there?`;
		case 'ECONNRESET':
		case 'EPIPE':
			return `the connection to ${where} was closed by the other side: check the engine is running and the address speaks the Docker API`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `unknown host in ${where}: check the host name in --host or DOCKER_HOST`;
		case 'ETIMEDOUT':
		case 'ABORT_ERR':
			return `no answer from ${where} in time: check the engine and the network`;
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return `${where} is unreachable from here: check the address and the network`;
		default:
			break;
	}
	if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && /wrong version number/i.test(err.message ?? ''))) {
		return `${where} does not speak TLS (a plain HTTP port?): check the port, or leave out --tls/--tlsverify and DOCKER_TLS_VERIFY`;
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && endpoint?.transport === 'tcp') {
		return sanitize(`TLS with ${where} failed (${code}): the engine's certificate is not for ${endpoint.host}; use the name or address it was made for`);
	}
	if (code && /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) {
		const files = endpoint?.context ? `the TLS files of context "${endpoint.context}" (docker context inspect ${endpoint.context})` : 'ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH';
		return sanitize(`TLS with ${where} failed (${code}): check ${files}`);
	}
	if (err.name === 'AbortError' || err.name === 'TimeoutError') return `no answer from ${where} in time: check the engine and the network`;
	const text = (err.message ?? String(error)).split('\n')[0] ?? 'unknown error';
	return ofRequest(err, sanitize(`${where}: ${text}`));
}

/**
 * The answer of one request gone wrong (an HTML page, bytes the HTTP parser refused) names that request, as
 * Engine.oneShot tagged it (issue 17); a failure of the connection as a whole (refused, no socket) does not.
 */
function ofRequest(err: ErrorLike, line: string): string {
	const request = (err as {dockdashRequest?: unknown}).dockdashRequest;
	return typeof request === 'string' && !line.startsWith(`${request}:`) ? `${request}: ${line}` : line;
}

/** Marks an error with the request it came from, for {@link describeEngineError}; the first mark stays. */
export function tagRequest(error: unknown, request: string): void {
	if (error !== null && typeof error === 'object' && !Object.isFrozen(error) && !('dockdashRequest' in error)) {
		Object.defineProperty(error, 'dockdashRequest', {value: request, enumerable: false});
	}
}

/** The engine wants TLS and got plain HTTP: which variables or flags give it (issue 21). */
function wantsTls(where: string, endpoint: EngineEndpoint | undefined): string {
	if (endpoint?.context) {
		return sanitize(`${where} wants TLS, and context "${endpoint.context}" has no TLS files: docker context update ${endpoint.context} --docker "host=${where},ca=CA.pem,cert=CERT.pem,key=KEY.pem"`);
	}
	return `${where} wants TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (the folder of ca.pem, cert.pem, key.pem), or give --tlsverify; DOCKER_CERT_PATH alone is plain HTTP`;
}

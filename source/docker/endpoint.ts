/**
 * Chooses the engine the way the docker CLI does, so `dockdash` talks to the
 * same daemon as `docker ps` in the same shell:
 *   --context flag, then --host flag, then DOCKER_HOST, then DOCKER_CONTEXT,
 *   then currentContext in $DOCKER_CONFIG/config.json, then the default socket.
 * (--host and --context together are refused, as the docker CLI refuses them.)
 */
import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

export type TlsFiles = {ca?: string; cert?: string; key?: string; verify: boolean};

export type EngineEndpoint = (
	| {transport: 'unix'; socketPath: string; url: string; source: string}
	| {transport: 'tcp'; host: string; port: number; tls?: TlsFiles; url: string; source: string}
	| {transport: 'ssh'; host: string; port?: number; user?: string; url: string; source: string}
) & {
	/** The docker context it was chosen through, if one was: the header names it. */
	context?: string;
};

/** A problem with the user's engine selection; its message is one line that names the fix. */
export class EndpointError extends Error {
	override name = 'EndpointError';
}

export type EndpointInputs = {
	hostFlag?: string;
	contextFlag?: string;
	env?: NodeJS.ProcessEnv;
	home?: string;
};

const DEFAULT_SOCKET = '/var/run/docker.sock';

function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
	return env['DOCKER_CONFIG'] || path.join(home, '.docker');
}

function readJson(file: string): unknown {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new EndpointError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]} (fix or remove the file)`);
	}
}

/** Parses an engine address (unix://, tcp://, ssh://, or a bare path) into an endpoint. */
export function parseHost(raw: string, source: string, env: NodeJS.ProcessEnv = {}, tlsFromContext?: TlsFiles): EngineEndpoint {
	const value = raw.trim();
	if (value === '') throw new EndpointError(`${source} is empty: give an address such as unix:///var/run/docker.sock or tcp://host:2376`);
	if (value.startsWith('/')) return {transport: 'unix', socketPath: value, url: `unix://${value}`, source};
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new EndpointError(`${source} "${value}" is not an engine address: use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host`);
	}
	switch (url.protocol) {
		case 'unix:': {
			const socketPath = decodeURIComponent(url.pathname || '');
			if (!socketPath) throw new EndpointError(`${source} "${value}" has no socket path: use unix:///var/run/docker.sock`);
			return {transport: 'unix', socketPath, url: `unix://${socketPath}`, source};
		}
		case 'tcp:':
		case 'http:':
		case 'https:': {
			if (!url.hostname) throw new EndpointError(`${source} "${value}" has no host name: use tcp://host:2376`);
			const tls = tlsFromContext ?? tlsFromEnv(env, url.protocol === 'https:');
			const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
			return {transport: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port, tls, url: `tcp://${url.host}${url.port ? '' : `:${port}`}`, source};
		}
		case 'ssh:': {
			if (!url.hostname) throw new EndpointError(`${source} "${value}" has no host name: use ssh://user@host`);
			return {
				transport: 'ssh',
				host: url.hostname,
				port: url.port ? Number(url.port) : undefined,
				user: url.username ? decodeURIComponent(url.username) : undefined,
				url: value,
				source,
			};
		}
		case 'npipe:':
			throw new EndpointError(`${source} "${value}": named pipes exist only on Windows; use a unix:// or tcp:// address`);
		default:
			throw new EndpointError(`${source} "${value}" uses an unknown scheme ${url.protocol.replace(/:$/, '')}: use unix://, tcp:// or ssh://`);
	}
}

function tlsFromEnv(env: NodeJS.ProcessEnv, httpsScheme: boolean): TlsFiles | undefined {
	const verify = Boolean(env['DOCKER_TLS_VERIFY']) && env['DOCKER_TLS_VERIFY'] !== '0';
	const certPath = env['DOCKER_CERT_PATH'];
	if (!verify && !certPath && !httpsScheme) return undefined;
	const dir = certPath || path.join(env['HOME'] || homedir(), '.docker');
	const files: TlsFiles = {verify};
	for (const name of ['ca', 'cert', 'key'] as const) {
		const file = path.join(dir, `${name}.pem`);
		if (existsSync(file)) files[name] = file;
		else if (verify || (name !== 'ca' && certPath)) {
			throw new EndpointError(`TLS file ${file} is missing: set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem`);
		}
	}
	return files;
}

type ContextMeta = {Name?: string; Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}}};

function contextEndpoint(name: string, env: NodeJS.ProcessEnv, home: string, source: string): EngineEndpoint {
	if (name === 'default') return {...defaultEndpoint(`${source} default`), context: name};
	const configDir = dockerConfigDir(env, home);
	const digest = createHash('sha256').update(name).digest('hex');
	const metaFile = path.join(configDir, 'contexts', 'meta', digest, 'meta.json');
	const meta = readJson(metaFile) as ContextMeta | undefined;
	const host = meta?.Endpoints?.docker?.Host;
	if (!meta) throw new EndpointError(`docker context "${name}" does not exist: list contexts with "docker context ls"`);
	if (!host) throw new EndpointError(`docker context "${name}" has no docker endpoint (${metaFile})`);
	const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
	let tls: TlsFiles | undefined;
	if (existsSync(tlsDir)) {
		tls = {verify: !meta.Endpoints?.docker?.SkipTLSVerify};
		for (const part of ['ca', 'cert', 'key'] as const) {
			const file = path.join(tlsDir, `${part}.pem`);
			if (existsSync(file)) tls[part] = file;
		}
	}
	return {...parseHost(host, `${source} "${name}"`, env, tls), context: name};
}

function defaultEndpoint(source: string): EngineEndpoint {
	return {transport: 'unix', socketPath: DEFAULT_SOCKET, url: `unix://${DEFAULT_SOCKET}`, source};
}

/** Resolves which engine to talk to; throws {@link EndpointError} with a one-line fix. */
export function resolveEndpoint(inputs: EndpointInputs = {}): EngineEndpoint {
	const env = inputs.env ?? process.env;
	const home = inputs.home ?? env['HOME'] ?? homedir();
	if (inputs.hostFlag !== undefined && inputs.contextFlag !== undefined) {
		throw new EndpointError('--host and --context cannot be used together: choose one');
	}
	if (inputs.contextFlag !== undefined) return contextEndpoint(inputs.contextFlag, env, home, '--context');
	if (inputs.hostFlag !== undefined) return parseHost(inputs.hostFlag, '--host', env);
	if (env['DOCKER_HOST']) return parseHost(env['DOCKER_HOST'], 'DOCKER_HOST', env);
	if (env['DOCKER_CONTEXT']) return contextEndpoint(env['DOCKER_CONTEXT'], env, home, 'DOCKER_CONTEXT');
	const config = readJson(path.join(dockerConfigDir(env, home), 'config.json')) as {currentContext?: string} | undefined;
	if (config?.currentContext && config.currentContext !== 'default') {
		return contextEndpoint(config.currentContext, env, home, 'docker context');
	}
	return defaultEndpoint('default');
}

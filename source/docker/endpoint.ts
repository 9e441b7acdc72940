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
import type {EngineEndpoint, TlsFiles, TlsFlags} from '../model/endpoint-types.js';
import {MASK} from '../model/secrets.js';

/** True when the endpoint speaks TLS without checking the engine's certificate (the header warns). */
export function isUnverifiedTls(endpoint: EngineEndpoint): boolean {
	return endpoint.transport === 'tcp' && endpoint.tls !== undefined && !endpoint.tls.verify;
}

/** A problem with the user's engine selection; its message is one line that names the fix. */
export class EndpointError extends Error {
	override name = 'EndpointError';
}

export type EndpointInputs = {
	hostFlag?: string;
	contextFlag?: string;
	/** --tls, --tlsverify, --tlscacert, --tlscert, --tlskey: for -H, DOCKER_HOST and the default context only, as in the docker CLI. */
	tlsFlags?: TlsFlags;
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

/**
 * Parses an engine address (unix://, tcp://, ssh://, a bare path, or host:port as tcp) into an
 * endpoint. `tls` applies to tcp:// only, as in the docker CLI (a socket or ssh ignores it).
 * tcp://host without a port is port 2375 even with TLS, as the docker CLI parses it.
 */
/**
 * A percent-encoded part of an address, decoded; a broken escape (`%ff`, `%`) is an EndpointError naming it, not a
 * URIError with a stack (found by fuzzing, issue 17).
 */
function decodePart(part: string, source: string, value: string, what: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		throw new EndpointError(`${source} "${value}" has a broken %-escape in its ${what}: write %25 for a % sign`);
	}
}

/** The port of an address; 0 (which URL accepts) is no port to connect to (found by fuzzing, issue 17). */
function portOf(port: string, source: string, value: string): number {
	const number = Number(port);
	if (number === 0) throw new EndpointError(`${source} "${value}" has port 0: give the engine's port (1 to 65535), or none for the default`);
	return number;
}

/** The address with the password of its user part (scheme://user:password@host) masked. */
function withoutPassword(address: string): string {
	return address.replace(/^([a-z][\w+.-]*:\/\/[^/@:]*):[^/@]*@/i, `$1:${MASK}@`);
}

export function parseHost(raw: string, source: string, tls?: TlsFiles): EngineEndpoint {
	let value = raw.trim();
	if (value === '') throw new EndpointError(`${source} is empty: give an address such as unix:///var/run/docker.sock or tcp://host:2376`);
	if (!value.includes('://')) {
		if (value.startsWith('/') || value.startsWith('./')) return {transport: 'unix', socketPath: value, url: `unix://${value}`, source};
		value = `tcp://${value}`;
	}
	// A password in the address is never repeated back (issue 17): every message quotes the address without it.
	const shown = withoutPassword(value);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new EndpointError(`${source} "${shown}" is not an engine address: use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host`);
	}
	switch (url.protocol) {
		case 'unix:': {
			const socketPath = decodePart(url.pathname || '', source, shown, 'socket path');
			if (!socketPath) throw new EndpointError(`${source} "${shown}" has no socket path: use unix:///var/run/docker.sock`);
			return {transport: 'unix', socketPath, url: `unix://${socketPath}`, source};
		}
		case 'tcp:': {
			if (!url.hostname) throw new EndpointError(`${source} "${shown}" has no host name: use tcp://host:2376`);
			const port = url.port ? portOf(url.port, source, shown) : 2375;
			return {transport: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port, tls, url: `tcp://${url.host}${url.port ? '' : `:${port}`}`, source};
		}
		case 'http:':
		case 'https:':
			// The docker CLI refuses these too; https:// must not stand for TLS whose verification nobody chose.
			throw new EndpointError(`${source} "${shown}": the docker CLI has no ${url.protocol.replace(/:$/, '')}:// addresses; use tcp://${url.host || 'host:2376'} (with --tlsverify or DOCKER_TLS_VERIFY=1 for TLS)`);
		case 'ssh:': {
			if (!url.hostname) throw new EndpointError(`${source} "${shown}" has no host name: use ssh://user@host`);
			// As the docker CLI: ssh takes keys and agents, and a password here would be shown wherever the address is.
			if (url.password) throw new EndpointError(`${source} "${shown}" holds a password: ssh:// addresses take none (as with the docker CLI); use a key or ssh-agent`);
			return {
				transport: 'ssh',
				host: url.hostname,
				port: url.port ? portOf(url.port, source, shown) : undefined,
				user: url.username ? decodePart(url.username, source, shown, 'user name') : undefined,
				url: value,
				source,
			};
		}
		case 'npipe:':
			throw new EndpointError(`${source} "${shown}": named pipes exist only on Windows; use a unix:// or tcp:// address`);
		default:
			throw new EndpointError(`${source} "${shown}" uses an unknown scheme ${url.protocol.replace(/:$/, '')}: use unix://, tcp:// or ssh://`);
	}
}

/** The docker CLI drops one pair of quotes around a --tlscacert/--tlscert/--tlskey value. */
function trimQuotes(value: string): string {
	if (value.length < 2) return value;
	for (const quote of ["'", '"']) if (value.startsWith(quote) && value.endsWith(quote)) return value.slice(1, -1);
	return value;
}

/**
 * TLS for -H, DOCKER_HOST and the default context, by the docker CLI's rules (cli/flags/options.go):
 * TLS is on with --tls, a non-empty DOCKER_TLS, --tlsverify given with any value, or a non-empty
 * DOCKER_TLS_VERIFY ("0" included); it verifies when --tlsverify says so or, without the flag, when
 * DOCKER_TLS_VERIFY is non-empty. DOCKER_CERT_PATH alone is not TLS: the CLI speaks plain HTTP.
 * ca.pem is read whenever TLS is on (a missing one is an error, verified or not); cert.pem and
 * key.pem only when they exist or were named by flag, and only as a pair.
 */
export function tlsFromFlagsAndEnv(flags: TlsFlags, env: NodeJS.ProcessEnv, home: string): TlsFiles | undefined {
	const isVerifyGiven = flags.tlsverify !== undefined;
	const verify = isVerifyGiven ? Boolean(flags.tlsverify) : Boolean(env['DOCKER_TLS_VERIFY']);
	if (!(flags.tls || env['DOCKER_TLS'] || isVerifyGiven || verify)) return undefined;
	const dir = env['DOCKER_CERT_PATH'] || dockerConfigDir(env, home);
	const file = (flag: string | undefined, flagName: string, name: string, isRequired: boolean): string | undefined => {
		if (flag !== undefined) {
			const given = trimQuotes(flag);
			if (given === '') return undefined;
			if (!existsSync(given)) throw new EndpointError(`${flagName} ${given}: no such file; give the path of your ${name}`);
			return given;
		}
		const fallback = path.join(dir, name);
		if (existsSync(fallback)) return fallback;
		if (isRequired) {
			throw new EndpointError(
				`TLS file ${fallback} is missing: set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, or give --tlscacert, --tlscert and --tlskey`,
			);
		}
		return undefined;
	};
	const ca = file(flags.tlscacert, '--tlscacert', 'ca.pem', true);
	const cert = file(flags.tlscert, '--tlscert', 'cert.pem', false);
	const key = file(flags.tlskey, '--tlskey', 'key.pem', false);
	const tls: TlsFiles = {verify, ...(ca ? {ca} : {}), ...(cert && key ? {cert, key} : {})};
	if (!verify) tls.insecureBy = isVerifyGiven ? '--tlsverify=false' : flags.tls ? '--tls' : 'DOCKER_TLS';
	return tls;
}

type ContextMeta = {Name?: string; Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}}};

function contextEndpoint(name: string, inputs: Required<Pick<EndpointInputs, 'env' | 'home'>> & EndpointInputs, source: string): EngineEndpoint {
	const {env, home} = inputs;
	// As before issue 21: the named "default" context is the default socket (the Engines pane of --all-contexts lists it so).
	if (name === 'default') return {transport: 'unix', socketPath: DEFAULT_SOCKET, url: `unix://${DEFAULT_SOCKET}`, source: `${source} default`, context: name};
	const configDir = dockerConfigDir(env, home);
	const digest = createHash('sha256').update(name).digest('hex');
	const metaFile = path.join(configDir, 'contexts', 'meta', digest, 'meta.json');
	const meta = readJson(metaFile) as ContextMeta | undefined;
	const host = meta?.Endpoints?.docker?.Host;
	if (!meta) throw new EndpointError(`docker context "${name}" does not exist: list contexts with "docker context ls"`);
	if (!host) throw new EndpointError(`docker context "${name}" has no docker endpoint (${metaFile})`);
	// A context carries its own TLS (cli/context/docker/load.go): TLS when its store has files or it
	// skips verification; its ca.pem is the only CA trusted, none means the system's; the client
	// certificate only as a pair. The environment's TLS variables do not apply to it.
	const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
	const isSkipping = meta.Endpoints?.docker?.SkipTLSVerify === true;
	let tls: TlsFiles | undefined;
	if (existsSync(tlsDir) || isSkipping) {
		const stored = (part: string) => {
			const file = path.join(tlsDir, `${part}.pem`);
			return existsSync(file) ? file : undefined;
		};
		const [ca, cert, key] = [stored('ca'), stored('cert'), stored('key')];
		tls = {verify: !isSkipping, ...(ca ? {ca} : {}), ...(cert && key ? {cert, key} : {})};
		if (isSkipping) tls.insecureBy = `context "${name}" (skip-tls-verify)`;
	}
	return {...parseHost(host, `${source} "${name}"`, tls), context: name};
}

/** The default context: -H, else DOCKER_HOST, else the socket (tcp://localhost:2376 when TLS is asked for), with the flags' and environment's TLS. */
function defaultContextEndpoint(inputs: Required<Pick<EndpointInputs, 'env' | 'home'>> & EndpointInputs, source: string): EngineEndpoint {
	const tls = tlsFromFlagsAndEnv(inputs.tlsFlags ?? {}, inputs.env, inputs.home);
	if (inputs.hostFlag !== undefined) return parseHost(inputs.hostFlag, '--host', tls);
	if (inputs.env['DOCKER_HOST']) return parseHost(inputs.env['DOCKER_HOST'], 'DOCKER_HOST', tls);
	if (tls) return parseHost('tcp://localhost:2376', `${source} (TLS asked for, no host given)`, tls);
	return {transport: 'unix', socketPath: DEFAULT_SOCKET, url: `unix://${DEFAULT_SOCKET}`, source};
}

/** An extra -H address (several engines at once): the same TLS flags and variables as the first. */
export function extraHostEndpoint(host: string, inputs: EndpointInputs = {}): EngineEndpoint {
	const env = inputs.env ?? process.env;
	return parseHost(host, '--host', tlsFromFlagsAndEnv(inputs.tlsFlags ?? {}, env, inputs.home ?? env['HOME'] ?? homedir()));
}

/** Resolves which engine to talk to; throws {@link EndpointError} with a one-line fix. */
export function resolveEndpoint(inputs: EndpointInputs = {}): EngineEndpoint {
	const env = inputs.env ?? process.env;
	const home = inputs.home ?? env['HOME'] ?? homedir();
	const all = {...inputs, env, home};
	if (inputs.hostFlag !== undefined && inputs.contextFlag !== undefined) {
		throw new EndpointError('--host and --context cannot be used together: choose one');
	}
	if (inputs.contextFlag !== undefined) return contextEndpoint(inputs.contextFlag, all, '--context');
	if (inputs.hostFlag !== undefined || env['DOCKER_HOST']) return defaultContextEndpoint(all, 'default');
	if (env['DOCKER_CONTEXT']) return contextEndpoint(env['DOCKER_CONTEXT'], all, 'DOCKER_CONTEXT');
	const config = readJson(path.join(dockerConfigDir(env, home), 'config.json')) as {currentContext?: string} | undefined;
	if (config?.currentContext && config.currentContext !== 'default') {
		return contextEndpoint(config.currentContext, all, 'docker context');
	}
	return defaultContextEndpoint(all, 'default');
}

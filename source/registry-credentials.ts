/**
 * The registry's credentials for a push (issue 13), as the docker CLI finds them: its config.json
 * ($DOCKER_CONFIG/config.json, else ~/.docker/config.json), `credHelpers[registry]`, else `credsStore`, through
 * `docker-credential-NAME get`, else the base64 `auth` of `auths`. Credentials are handed to the one request that
 * needs them and kept nowhere: never printed, never logged, never in an error line (a helper's own output, which
 * could hold a secret, is not shown either).
 */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {RegistryAuth} from './docker/image-transfer.js';
import {pushImage} from './docker/image-transfer.js';
import type {Engine} from './docker/engine.js';
import {parseReference, registryOf} from './model/image-reference.js';
import type {PullMessage} from './model/image-types.js';
import {UserFacingError} from './model/ports.js';
import {sanitize} from './model/sanitize.js';

/** The key Docker Hub's credentials are stored under (and the server URL its helpers are asked for). */
const DOCKER_HUB = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 15_000;

interface DockerConfig {
	auths?: Record<string, {auth?: string; username?: string; password?: string; identitytoken?: string}>;
	credsStore?: string;
	credHelpers?: Record<string, string>;
}

/** The docker CLI's config file for this environment. */
export function dockerConfigFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(env['DOCKER_CONFIG'] || path.join(env['HOME'] || os.homedir(), '.docker'), 'config.json');
}

/** "https://127.0.0.1:5000/v2/" and "127.0.0.1:5000" name the same registry. */
function hostOf(key: string): string {
	return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

const serverUrl = (registry: string) => (registry === 'docker.io' ? DOCKER_HUB : registry);

function fromAuths(config: DockerConfig, registry: string): RegistryAuth | undefined {
	const wanted = registry === 'docker.io' ? ['docker.io', 'index.docker.io', 'registry-1.docker.io'] : [registry];
	const entry = Object.entries(config.auths ?? {}).find(([key]) => wanted.includes(hostOf(key)))?.[1];
	if (!entry) return undefined;
	const serveraddress = serverUrl(registry);
	if (entry.identitytoken) return {identitytoken: entry.identitytoken, serveraddress};
	if (entry.auth) {
		const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon > 0) return {username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress};
	}
	if (entry.username && entry.password) return {username: entry.username, password: entry.password, serveraddress};
	return undefined;
}

/** Runs `docker-credential-NAME get` with the server URL on stdin; undefined when it has none for it. */
function fromHelper(name: string, registry: string, env: NodeJS.ProcessEnv): Promise<RegistryAuth | undefined> {
	const program = `docker-credential-${name}`;
	return new Promise((resolve, reject) => {
		const child = spawn(program, ['get'], {env, stdio: ['pipe', 'pipe', 'ignore']});
		let output = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUT_MS);
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			if (output.length < 1024 * 1024) output += chunk;
		});
		child.on('error', error => {
			clearTimeout(timer);
			const code = (error as NodeJS.ErrnoException).code;
			reject(new UserFacingError(sanitize(code === 'ENOENT' ? `${program} is not on PATH (config.json names it for ${registry}): install it, or docker login ${registry} again` : `${program} could not run (${code ?? 'error'})`)));
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			if (signal) return reject(new UserFacingError(sanitize(`${program} did not answer within ${HELPER_TIMEOUT_MS / 1000} s`)));
			// A helper that has nothing for the server says so on stdout and exits 1 ("credentials not found in native keychain").
			if (exitCode !== 0) return resolve(undefined);
			try {
				const answer = JSON.parse(output) as {Username?: string; Secret?: string};
				if (!answer.Secret) return resolve(undefined);
				const serveraddress = serverUrl(registry);
				resolve(answer.Username === '<token>' || !answer.Username ? {identitytoken: answer.Secret, serveraddress} : {username: answer.Username, password: answer.Secret, serveraddress});
			} catch {
				reject(new UserFacingError(sanitize(`${program} answered something that is not its JSON: check it with \`echo ${serverUrl(registry)} | ${program} get\``)));
			}
		});
		child.stdin.on('error', () => undefined);
		child.stdin.end(serverUrl(registry));
	});
}

/** The credentials for `registry` ("127.0.0.1:5000", "docker.io"), or undefined when the docker CLI has none. */
export async function credentialsFor(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryAuth | undefined> {
	let config: DockerConfig;
	const file = dockerConfigFile(env);
	try {
		config = JSON.parse(readFileSync(file, 'utf8')) as DockerConfig;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new UserFacingError(sanitize(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}; fix it or run docker login ${registry}`));
	}
	const helper = config.credHelpers?.[registry] ?? (registry === 'docker.io' ? config.credHelpers?.[DOCKER_HUB] : undefined);
	if (helper) return fromHelper(helper, registry, env);
	if (config.credsStore) {
		const stored = await fromHelper(config.credsStore, registry, env);
		if (stored) return stored;
	}
	return fromAuths(config, registry);
}

/** The registry said no: one line naming `docker login`, whether dockdash sent credentials or not. */
function refusal(error: unknown, ref: string, registry: string, hadCredentials: boolean): Error {
	const text = String((error as Error)?.message ?? '');
	// Docker 20.10 and 28: "An image does not exist locally with the tag"; the containerd store: "tag does not exist".
	if (/does not exist locally|tag does not exist/i.test(text)) return new UserFacingError(sanitize(`no image ${ref} here: t tags the selected image as ${ref} first`));
	if (!/no basic auth credentials|unauthorized|authentication required|denied|401/i.test(text)) {
		// The engine's words from the push's stream (the registry unreachable, …) are the line, not an error of the socket.
		const isStreamMessage = error instanceof Error && text.startsWith('push failed: ');
		return isStreamMessage ? new UserFacingError(text.slice('push failed: '.length)) : (error as Error);
	}
	return new UserFacingError(
		hadCredentials
			? sanitize(`${registry} refused the credentials docker login saved: run docker login ${registry} again`)
			: sanitize(`${registry} wants credentials and the docker CLI has none for it: run docker login ${registry}`),
	);
}

/** `docker push REF` with the docker CLI's credentials for its registry. */
export async function pushWithCredentials(
	engine: Engine,
	ref: string,
	options: {signal?: AbortSignal; onMessage?: (message: PullMessage) => void},
	env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
	engine.assertWritable('pushing an image');
	let registry: string;
	try {
		registry = registryOf(parseReference(ref));
	} catch (error) {
		throw new UserFacingError((error as Error).message);
	}
	// Read for this request only: a credential changed by docker login meanwhile is the one used next time.
	const auth = await credentialsFor(registry, env);
	try {
		await pushImage(engine, ref, {...options, auth});
	} catch (error) {
		throw refusal(error, ref, registry, auth !== undefined);
	}
}

/**
 * The real Compose v2 CLI (issue 14), a child process like the custom commands: `docker compose` (the plugin), or the binary DOCKDASH_COMPOSE
 * names, run against the dashboard's own engine. Reads a stack's definition with `compose config`
 * and runs its actions with their output streamed (sanitized) into a BackgroundRun.
 */
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {BackgroundRun, BackgroundRuns} from './background-run.js';
import {COMPOSE_FILE_NAMES, parseComposeConfig, projectArgs, type StackDefinition, type StackSource} from '../model/compose.js';
import {sanitize} from '../model/sanitize.js';
import type {ComposePort} from '../model/stack-store.js';
import type {EngineEndpoint} from '../model/endpoint-types.js';

/** The compose command: DOCKDASH_COMPOSE split at spaces ("docker-compose", "podman compose"), else `docker compose`. */
export function composeCommand(env: NodeJS.ProcessEnv = process.env): string[] {
	const given = env['DOCKDASH_COMPOSE']?.trim();
	return given ? given.split(/\s+/) : ['docker', 'compose'];
}

// Variables that would make compose act on another project, file or engine than the one dockdash names.
const STRIPPED = ['COMPOSE_FILE', 'COMPOSE_PROJECT_NAME', 'COMPOSE_PROFILES', 'COMPOSE_PATH_SEPARATOR', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

/**
 * The environment and the docker CLI's global flags that point compose at this endpoint: its
 * context by name, else its address, with TLS as the dashboard speaks it.
 */
export function endpointEnvironment(endpoint: EngineEndpoint, base: NodeJS.ProcessEnv = process.env): {env: NodeJS.ProcessEnv; globalArgs: string[]} {
	const env: NodeJS.ProcessEnv = {...base};
	for (const name of STRIPPED) delete env[name];
	const globalArgs: string[] = [];
	if (endpoint.context && endpoint.context !== 'default') {
		env['DOCKER_CONTEXT'] = endpoint.context;
		return {env, globalArgs};
	}
	env['DOCKER_HOST'] = endpoint.url;
	if (endpoint.transport === 'tcp' && endpoint.tls) {
		const {ca, cert, key, verify} = endpoint.tls;
		if (verify) env['DOCKER_TLS_VERIFY'] = '1';
		else env['DOCKER_TLS'] = '1';
		const dir = ca ? path.dirname(ca) : undefined;
		const isStandard = dir !== undefined && path.basename(ca!) === 'ca.pem' && (!cert || cert === path.join(dir, 'cert.pem')) && (!key || key === path.join(dir, 'key.pem'));
		if (isStandard) env['DOCKER_CERT_PATH'] = dir;
		else {
			if (ca) globalArgs.push('--tlscacert', ca);
			if (cert && key) globalArgs.push('--tlscert', cert, '--tlskey', key);
		}
	}
	return {env, globalArgs};
}

const MISSING_HINT = 'install the Docker Compose v2 plugin (docker-compose-plugin, or Debian\'s docker-compose 2.x), or set DOCKDASH_COMPOSE to a compose binary';

/** One line for a compose command that could not run or failed. */
function describeFailure(command: readonly string[], error: NodeJS.ErrnoException & {stderr?: string; killed?: boolean}): string {
	const shown = sanitize(command.join(' '));
	if (error.code === 'ENOENT') return `${sanitize(command[0]!)} not found: ${MISSING_HINT}`;
	if (error.killed) return `${shown} did not answer in time`;
	const stderr = sanitize(error.stderr ?? '').trim();
	if (/is not a docker command|unknown command/.test(stderr)) return `${shown} is not installed: ${MISSING_HINT}`;
	const line = stderr.split('\n').find(text => text.trim() !== '') ?? sanitize(error.message.split('\n')[0] ?? '');
	return `${shown}: ${line}`;
}

const READ_TIMEOUT_MS = 20_000;

/** The ComposePort of one engine. */
export function createComposeCli(endpoint: EngineEndpoint, processEnv: NodeJS.ProcessEnv = process.env): ComposePort {
	const command = composeCommand(processEnv);
	const {env, globalArgs} = endpointEnvironment(endpoint, processEnv);
	// The docker CLI takes its global flags before the plugin's name; another binary takes none.
	const prefix = command[0] === 'docker' ? [command[0], ...globalArgs, ...command.slice(1)] : command;
	let checked: Promise<string | undefined> | undefined;
	// Its runs still going when dockdash exits are ended with it.
	const runs = new BackgroundRuns();
	// Compose reads a compose file from the folder it runs in (and its parents) when none is named:
	// a command on a project known only from its labels runs in an empty folder of its own.
	let emptyDir: string | undefined;
	const cwdOf = (source: StackSource) => {
		if (source.files.length > 0) return source.projectDirectory ?? path.dirname(source.files[0]!);
		return (emptyDir ??= mkdtempSync(path.join(os.tmpdir(), 'dockdash-compose-')));
	};
	const exec = (args: readonly string[], cwd: string) =>
		new Promise<string>((resolve, reject) => {
			execFile(prefix[0]!, [...prefix.slice(1), ...args], {env, cwd, timeout: READ_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024}, (error, stdout, stderr) => {
				if (!error) return resolve(stdout);
				// Compose says why on stderr (the docker CLI on stdout when the plugin is missing): both go in the one line.
				const failure: Error & {stderr?: string} = error;
				failure.stderr = `${stderr}\n${stdout}`;
				reject(failure);
			});
		});
	const port: ComposePort = {
		command,
		check: () =>
			(checked ??= exec(['version'], os.tmpdir()).then(
				() => undefined,
				(error: NodeJS.ErrnoException & {stderr?: string}) => describeFailure(command, error),
			)),
		readDefinition: async (source: StackSource): Promise<StackDefinition> => {
			const missing = source.files.find(file => !existsSync(file));
			if (missing !== undefined) throw new Error(`its compose file ${sanitize(missing)} is not on this machine`);
			if (source.projectDirectory && !existsSync(source.projectDirectory)) throw new Error(`its project directory ${sanitize(source.projectDirectory)} is not on this machine`);
			const problem = await port.check();
			if (problem) throw new Error(problem);
			let text: string;
			try {
				text = await exec([...projectArgs(source, ['*']), 'config', '--format', 'json'], cwdOf(source));
			} catch (error) {
				throw new Error(describeFailure(command, error as NodeJS.ErrnoException));
			}
			return parseComposeConfig(text);
		},
		run: (title, args, source) => new BackgroundRun(title, [...prefix, ...args], {env, cwd: cwdOf(source), maxLines: 2000, runs}),
	};
	return port;
}

/**
 * The stack named on the command line: `-f FILE` (repeatable) and `--project-directory DIR`, else
 * the compose file of DIR or of the current directory, as Compose finds it there. Undefined when
 * there is none; throws one line for a named file or folder that is not there.
 */
export function stackSourceFromFlags(files: readonly string[], projectDirectory: string | undefined, cwd = process.cwd()): StackSource | undefined {
	const directory = projectDirectory === undefined ? undefined : path.resolve(cwd, projectDirectory);
	if (directory !== undefined && !existsSync(directory)) throw new Error(`--project-directory ${directory}: no such folder`);
	const named = files.map(file => path.resolve(cwd, file));
	for (const file of named) if (!existsSync(file)) throw new Error(`compose file ${file}: no such file (given with -f)`);
	if (named.length > 0) return {files: named, projectDirectory: directory, origin: 'flag'};
	const folder = directory ?? cwd;
	const found = COMPOSE_FILE_NAMES.map(name => path.join(folder, name)).find(file => existsSync(file));
	if (found) return {files: [found], projectDirectory: directory, origin: directory ? 'flag' : 'cwd'};
	if (directory !== undefined) throw new Error(`no compose file in ${directory} (${COMPOSE_FILE_NAMES.join(', ')}): give one with -f`);
	return undefined;
}

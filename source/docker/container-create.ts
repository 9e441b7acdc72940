/**
 * Creating and starting a container from the run form (issue 13): the checks the form makes before
 * anything is created (GET requests only), and POST /containers/create with the spec mapped to the
 * engine's body, as `docker run` sends it.
 */
import type {Duplex} from 'node:stream';
import type Docker from 'dockerode';
import type {AttachedRun, RunChecks, RunSpec} from '../model/run-form.js';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {type AnswerRecord, answerRecord, text} from './engine-answer.js';
import {describeEngineError, EngineAnswerError, engineStatus} from './errors.js';
import {readTerminalOutput} from './terminal-stream.js';

type Modem = {dial: (options: Record<string, unknown>, callback: (error: unknown, data?: unknown) => void) => void};

/** The engine's create body for a spec. Exported for unit tests. */
export function createBody(spec: RunSpec): Record<string, unknown> {
	const exposed: Record<string, object> = {};
	const bindings: Record<string, Array<{HostIp: string; HostPort: string}>> = {};
	for (const [port, hosts] of Object.entries(spec.ports)) {
		exposed[port] = {};
		if (hosts.length > 0) bindings[port] = hosts.map(host => ({HostIp: host.hostIp, HostPort: host.hostPort}));
	}
	const interactive = spec.isInteractive;
	return {
		Image: spec.image,
		...(spec.cmd ? {Cmd: spec.cmd} : {}),
		Env: spec.env,
		ExposedPorts: exposed,
		Labels: spec.labels,
		...(spec.user ? {User: spec.user} : {}),
		...(spec.workdir ? {WorkingDir: spec.workdir} : {}),
		Volumes: Object.fromEntries(spec.anonymousVolumes.map(path => [path, {}])),
		Tty: interactive,
		OpenStdin: interactive,
		StdinOnce: interactive,
		AttachStdin: interactive,
		AttachStdout: interactive,
		AttachStderr: interactive,
		HostConfig: {
			PortBindings: bindings,
			Binds: spec.binds,
			NetworkMode: spec.network ?? 'default',
			RestartPolicy: {Name: spec.restart.name, MaximumRetryCount: spec.restart.maximumRetryCount},
			AutoRemove: spec.autoRemove,
			...(spec.nanoCpus ? {NanoCpus: spec.nanoCpus} : {}),
			...(spec.memoryBytes ? {Memory: spec.memoryBytes} : {}),
		},
	};
}

/** The form's engine checks: each a GET, so the form can be checked whole before anything is created. */
export function engineRunChecks(engine: Engine): Pick<RunChecks, 'checkImage' | 'containerNamed' | 'networkExists' | 'cpuCount'> {
	const isMissing = (error: unknown) => engineStatus(error) === 404;
	return {
		checkImage: async image => {
			try {
				await engine.oneShot('inspect image', s => engine.docker.getImage(image).inspect({abortSignal: s} as object));
				return undefined;
			} catch (error) {
				if (isMissing(error)) return `the image ${sanitize(image)} is not on this engine: pull it first`;
				return describeEngineError(error, engine.endpoint);
			}
		},
		containerNamed: async name => {
			try {
				const found = (await engine.oneShot('inspect container', s => engine.docker.getContainer(name).inspect({abortSignal: s} as object))) as Docker.ContainerInspectInfo;
				// A name lookup also matches an ID prefix: only the same name counts as taken.
				return found.Name.replace(/^\//, '') === name ? found.Id.slice(0, 12) : undefined;
			} catch (error) {
				if (isMissing(error)) return undefined;
				throw error;
			}
		},
		networkExists: async name => {
			try {
				const network = engine.docker.getNetwork(name);
				await engine.oneShot('inspect network', s => (network.inspect as (options: object) => Promise<unknown>).call(network, {abortSignal: s}));
				return true;
			} catch (error) {
				if (isMissing(error)) return false;
				throw error;
			}
		},
		cpuCount: async () => {
			const info = (await engine.oneShot('engine info', s => (engine.docker.info as (options: object) => Promise<unknown>).call(engine.docker, {abortSignal: s}))) as {NCPU?: number};
			return typeof info.NCPU === 'number' ? info.NCPU : undefined;
		},
	};
}

/** POST /containers/create: the new container's ID and the engine's warnings, sanitized. */
export async function createContainer(engine: Engine, spec: RunSpec, signal?: AbortSignal): Promise<{id: string; warnings: string[]}> {
	engine.assertWritable('create container');
	const modem = (engine.docker as unknown as {modem: Modem}).modem;
	const answer = (await engine.oneShot(
		'create container',
		s =>
			new Promise<unknown>((resolve, reject) => {
				modem.dial(
					{
						path: '/containers/create?',
						method: 'POST',
						options: {_query: spec.name ? {name: spec.name} : {}, _body: createBody(spec)},
						statusCodes: {201: true, 400: 'bad parameter', 404: 'no such image', 409: 'conflict', 500: 'server error'},
						abortSignal: s,
					},
					(error, data) => (error ? reject(error) : resolve(data)),
				);
			}),
		signal,
	)) as unknown;
	// Read as untrusted (issue 17): the ID is what the form goes on to start, so an answer that names no container,
	// or one that is not the container just made (not in the created state, or under another name), starts nothing.
	const record = answerRecord('create container', answer);
	const id = text(record['Id']);
	if (!id || !/^[0-9a-f]{64}$/.test(id)) throw new EngineAnswerError(sanitize(`create container: the engine's answer has no container ID (${id === undefined ? 'none' : `"${id.slice(0, 70)}"`}): nothing was started; check docker ps -a for a new container`));
	const made = answerRecord('inspect container', await engine.oneShot('inspect container', s => engine.docker.getContainer(id).inspect({abortSignal: s} as object), signal));
	const status = text((made['State'] as AnswerRecord | null | undefined)?.['Status']);
	const name = text(made['Name'])?.replace(/^\//, '');
	if (made['Id'] !== id || status !== 'created' || (spec.name !== undefined && spec.name !== '' && name !== spec.name)) {
		throw new EngineAnswerError(sanitize(`create container: the engine answered with ${name ?? id.slice(0, 12)} (${status ?? 'no state'}), not the container just made: nothing was started`));
	}
	return {id, warnings: (Array.isArray(record['Warnings']) ? record['Warnings'] : []).map(line => sanitize(String(line)))};
}

/** POST /containers/{id}/start. */
export async function startCreated(engine: Engine, id: string, signal?: AbortSignal): Promise<void> {
	engine.assertWritable('start container');
	await engine.oneShot('start container', s => engine.docker.getContainer(id).start({abortSignal: s} as object), signal);
}

/**
 * Attaches to a created container's terminal, then starts it (as `docker run -it` does, so the first
 * bytes it prints are not lost). The engine handles the detach keys (Ctrl-P Ctrl-Q) itself.
 */
export async function attachAndStart(engine: Engine, id: string, size: {columns: number; rows: number}): Promise<AttachedRun> {
	engine.assertWritable('attach to container');
	const container = engine.docker.getContainer(id);
	// The attach is a long-lived stream: no request timeout on it.
	const stream = (await container.attach({stream: true, stdin: true, stdout: true, stderr: true, hijack: true} as Docker.ContainerAttachOptions)) as unknown as Duplex;
	const {onOutput, closed} = readTerminalOutput(stream);
	try {
		await startCreated(engine, id);
	} catch (error) {
		stream.destroy();
		throw error;
	}
	const resize = async (columns: number, rows: number) => {
		try {
			await engine.oneShot('resize container', s => container.resize({h: rows, w: columns, abortSignal: s} as object));
		} catch {
			// A container that already exited has no terminal to size.
		}
	};
	// The terminal's size from the start, so the program's first screen fits.
	void resize(size.columns, size.rows);
	return {
		onOutput,
		write: data => {
			if (!stream.destroyed && stream.writable) stream.write(data);
		},
		resize,
		closed,
		end: async () => {
			stream.destroy();
			// The stream ends a moment before the engine records the exit: ask until it says.
			for (let attempt = 0; attempt < 20; attempt++) {
				try {
					const info = (await engine.oneShot('inspect container', s => container.inspect({abortSignal: s} as object))) as Docker.ContainerInspectInfo;
					if (!info.State.Running || attempt === 19) return info.State.Running ? {isRunning: true} : {exitCode: info.State.ExitCode};
				} catch (error) {
					if (engineStatus(error) === 404) return {isGone: true};
					throw error;
				}
				await new Promise(resolve => setTimeout(resolve, 50));
			}
			return {};
		},
	};
}

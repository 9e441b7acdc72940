/**
 * Interactive shells in containers (`docker exec -it`), and making sure none is
 * left behind.
 *
 * Engine behaviour this works around (measured on Docker 20.10, API 1.41):
 * - A command missing from the image does not fail the create call: the start
 *   fails (HTTP 400 when detached; in the stream when attached) and the exec's
 *   ExitCode is 126 (127 for some runtimes). So a shell is found by running it.
 * - Docker 28.5 (API 1.51; measured with containerd 2.1 and runc 1.1.5) starts a
 *   file only root may execute (mode 0700) for a non-root user too, where 20.10
 *   refused it with 126: a root-only script then fails in its interpreter
 *   ("sh: can't open", exit 2). So a shell counts only when `-c 'exit 0'`
 *   really exits 0 (issue 12).
 * - Resizing an exec before its process is ready answers HTTP 500 ("timeout
 *   waiting for exec session ready"), so the first resize is retried.
 * - Closing the attach connection does NOT end the process: the shell keeps
 *   running in the container (moby/moby#9098). Every session therefore carries
 *   a random token in its environment, and ending a session that is still
 *   running hangs up every process that carries it, through a second exec.
 */
import {randomBytes} from 'node:crypto';
import type Docker from 'dockerode';
import {describeExecShells} from '../model/exec-shells.js';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';
import {readTerminalOutput} from './terminal-stream.js';
import {type AnswerRecord, answerRecord, text} from './engine-answer.js';
import {describeEngineError, EngineAnswerError, engineStatus} from './errors.js';
import type {EndedOrphan, ExecEnd, ExecSession} from '../model/exec-types.js';
import {UserFacingError} from '../model/ports.js';

/** Why `e` cannot open a shell, in one line for the status bar. */
export class ExecUnavailableError extends UserFacingError {
	override name = 'ExecUnavailableError';
}

/** The environment variable that marks every process of one session. */
export const SESSION_ENV = 'DOCKDASH_EXEC_SESSION';

const PROBE_TIMEOUT_MS = 5000;

type ExecInfo = {Running?: boolean; ExitCode?: number | null; Pid?: number};

function containerLabel(name: string | undefined, id: string): string {
	return name ? sanitize(name) : id.slice(0, 12);
}

async function drain(stream: NodeJS.ReadableStream | undefined): Promise<void> {
	if (!stream || typeof stream.on !== 'function') return;
	await new Promise<void>(resolve => {
		stream.on('end', resolve);
		stream.on('close', resolve);
		stream.on('error', () => resolve());
		stream.resume();
	});
}

/**
 * Runs a command to its end with no terminal and no input and returns its exit
 * code, or undefined when the engine does not report one.
 */
async function runToEnd(engine: Engine, container: Docker.Container, cmd: string[], what: string): Promise<number | undefined> {
	return engine.oneShot(
		what,
		async signal => {
			const exec = await container.exec({Cmd: cmd, AttachStdout: true, AttachStderr: true, abortSignal: signal});
			const stream = (await exec.start({Detach: false, abortSignal: signal})) as NodeJS.ReadableStream | undefined;
			await drain(stream);
			const info = (await exec.inspect({abortSignal: signal} as object)) as ExecInfo;
			return typeof info.ExitCode === 'number' ? info.ExitCode : undefined;
		},
		AbortSignal.timeout(PROBE_TIMEOUT_MS),
	);
}

/** Throws an {@link ExecUnavailableError} unless the container is running. */
async function assertRunning(engine: Engine, container: Docker.Container, label: string): Promise<void> {
	let state: AnswerRecord;
	try {
		const info = answerRecord('inspect container', await engine.oneShot('inspect container', signal => container.inspect({abortSignal: signal} as object)));
		// Read as untrusted (issue 17): an answer without a State, or with flags that are not booleans, cannot say
		// whether the container runs; it is named, never taken for "stopped" or "paused".
		const raw = info['State'];
		if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new EngineAnswerError(`inspect container: the engine's answer has no State object: cannot tell whether ${label} is running`);
		state = raw as AnswerRecord;
		for (const key of ['Running', 'Paused', 'Restarting']) {
			if (state[key] !== undefined && typeof state[key] !== 'boolean') throw new EngineAnswerError(sanitize(`inspect container: the engine's State.${key} is not true or false: cannot tell whether ${label} is running`));
		}
	} catch (error) {
		if (engineStatus(error) === 404) throw new ExecUnavailableError(`${label} no longer exists`);
		throw error;
	}
	if (state['Paused'] === true) throw new ExecUnavailableError(`${label} is paused: unpause it to open a shell`);
	if (state['Restarting'] === true) throw new ExecUnavailableError(`${label} is restarting: try again when it is running`);
	if (state['Running'] !== true) throw new ExecUnavailableError(`${label} is not running (${sanitize(text(state['Status']) ?? 'stopped')}): a shell needs a running container`);
}

/**
 * The first command of `shells` the container can run, as its user. Each
 * candidate is run with `-c 'exit 0'`; the exec runs as the image's USER and
 * never through a login shell, so a non-root user, a `nologin` entry in
 * /etc/passwd or a shell only root may execute are all judged as `e` will
 * meet them.
 */
export async function detectShell(
	engine: Engine,
	containerId: string,
	shells: readonly (readonly string[])[],
	options: {name?: string} = {},
): Promise<string[]> {
	engine.assertWritable('opening a shell (exec is a POST to the engine)');
	const label = containerLabel(options.name, containerId);
	const container = engine.docker.getContainer(containerId);
	await assertRunning(engine, container, label);
	for (const argv of shells) {
		let exitCode: number | undefined;
		try {
			exitCode = await runToEnd(engine, container, [argv[0]!, '-c', 'exit 0'], `probe ${argv[0]}`);
		} catch (error) {
			const status = engineStatus(error);
			if (status === 404) throw new ExecUnavailableError(`${label} no longer exists`);
			if (status === 409) throw new ExecUnavailableError(`${label} is not running or is paused: ${describeEngineError(error)}`);
			throw error;
		}
		// 126/127: the engine could not run it; anything else but 0: it ran and could not do `exit 0`.
		if (exitCode === 0) return [...argv];
	}
	throw new ExecUnavailableError(`no shell in ${label}: tried ${sanitize(describeExecShells(shells))} (exec.shells in the config, or DOCKDASH_EXEC_SHELLS, lists others to try)`);
}

/** A session the engine could not be reached to end: its processes may still run (issue 20). */
interface Orphan {
	engine: Engine;
	containerId: string;
	/** The name the session was opened with, for the line that says it ended. */
	containerName: string;
	/** Tries again to end it; `isOrphaned` again while the engine is still out of reach. */
	end: () => Promise<ExecEnd>;
	isTrying: boolean;
}

/**
 * The shells dockdash opened and has not ended, and those a dropped connection left running: one per dashboard,
 * shared by the ports of every engine it shows (issue 15: not module state), so it can end them all when it quits.
 */
export class ExecSessions {
	private readonly open = new Set<ExecSession>();
	private readonly orphans = new Map<string, Orphan>();

	/** Starts a session (see openExecSession) that this registry ends with the rest. */
	async start(engine: Engine, containerId: string, shell: readonly string[], size: {columns: number; rows: number}, options: {name?: string} = {}): Promise<ExecSession> {
		const session = await openExecSession(engine, containerId, shell, size, {
			...options,
			onEnded: (ended, orphan) => {
				this.open.delete(ended);
				if (orphan) this.orphans.set(ended.execId, {...orphan, engine, isTrying: false});
			},
		});
		this.open.add(session);
		return session;
	}

	/**
	 * Tries again to end the sessions of this engine that a dropped connection left running
	 * (call it when the engine answers again); returns the ones that are ended now.
	 */
	async endOrphaned(engine: Engine): Promise<EndedOrphan[]> {
		const mine = [...this.orphans].filter(([, orphan]) => orphan.engine === engine && !orphan.isTrying);
		const results = await Promise.all(
			mine.map(async ([execId, orphan]) => {
				orphan.isTrying = true;
				try {
					const end = await orphan.end();
					if (end.isOrphaned) return undefined;
					this.orphans.delete(execId);
					return {execId, containerName: orphan.containerName, end};
				} catch {
					return undefined;
				} finally {
					orphan.isTrying = false;
				}
			}),
		);
		return results.filter(result => result !== undefined);
	}

	/** One line per session a dropped connection left running that dockdash could not end (for its last words on exit). */
	orphanedLines(): string[] {
		return [...this.orphans].map(([execId, orphan]) => `a shell dockdash opened may still run in container ${orphan.containerId.slice(0, 12)} on ${sanitize(orphan.engine.endpoint.url)} (exec ${execId.slice(0, 12)}): the engine could not be reached to end it`);
	}

	/** Ends every open session, and tries once more for orphaned ones (used when dockdash exits, for example when the SSH session drops). */
	async endAll(): Promise<void> {
		const engines = new Set([...this.orphans.values()].map(orphan => orphan.engine));
		await Promise.allSettled([...[...this.open].map(async session => session.end()), ...[...engines].map(async engine => this.endOrphaned(engine))]);
	}
}

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Hangs up every process carrying the session token: HUP first (what a terminal
 * closing sends), KILL for anything still alive after a grace period. Uses only
 * shell built-ins and /proc, so it works in images with nothing but a shell.
 */
const REAPER_SCRIPT = [
	't="$1=$2"; sig="$3"',
	'for d in /proc/[0-9]*; do',
	'  p=${d#/proc/}; [ "$p" = "$$" ] && continue; [ -r "$d/environ" ] || continue',
	'  while IFS= read -r l || [ -n "$l" ]; do case $l in *"$t"*) kill -"$sig" "$p" 2>/dev/null; break;; esac; done < "$d/environ"',
	'done',
	'exit 0',
].join('\n');

interface ExecState {
	/** Undefined when the engine could not say. */
	isRunning?: boolean;
	exitCode?: number;
	/** The engine no longer knows the exec: its container was removed. */
	isGone?: boolean;
}

async function execState(engine: Engine, exec: Docker.Exec): Promise<ExecState> {
	try {
		const info = (await engine.oneShot('inspect exec', signal => exec.inspect({abortSignal: signal} as object))) as ExecInfo;
		// A Running that is not a boolean says nothing: unknown, never taken for true (or false).
		return {isRunning: typeof info.Running === 'boolean' ? info.Running : undefined, exitCode: typeof info.ExitCode === 'number' ? info.ExitCode : undefined};
	} catch (error) {
		// The exec (or its container) is gone: so is its process.
		if (engineStatus(error) === 404) return {isRunning: false, isGone: true};
		return {};
	}
}

/** The engine answers 404 for the container, or says it is being removed: its processes are gone with it. */
async function isContainerGone(engine: Engine, container: Docker.Container): Promise<boolean> {
	try {
		const info = (await engine.oneShot('inspect container', signal => container.inspect({abortSignal: signal}))) as {State?: {Status?: string}};
		return info.State?.Status === 'removing' || info.State?.Status === 'dead';
	} catch (error) {
		return engineStatus(error) === 404;
	}
}

async function isRunning(engine: Engine, exec: Docker.Exec): Promise<boolean | undefined> {
	return (await execState(engine, exec)).isRunning;
}

async function waitStopped(engine: Engine, exec: Docker.Exec, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const running = await isRunning(engine, exec);
		if (running === false) return true;
		if (Date.now() >= deadline) return false;
		await sleep(100);
	}
}

async function reap(engine: Engine, container: Docker.Container, exec: Docker.Exec, shell: string, token: string): Promise<ExecEnd> {
	// The script is POSIX sh; a configured shell that is not (fish, nu) is followed by sh.
	const runners = shell === 'sh' ? ['sh'] : [shell, 'sh'];
	for (const [signal, graceMs] of [
		['HUP', 1500],
		['KILL', 1500],
	] as const) {
		try {
			for (const runner of runners) {
				const exitCode = await runToEnd(engine, container, [runner, '-c', REAPER_SCRIPT, 'dockdash-reaper', SESSION_ENV, token, signal], 'end the shell');
				if (exitCode === 0) break;
			}
		} catch (error) {
			// The container may have died or been removed meanwhile (`rm -f` while the stream ends): then so did the
			// shell, and saying it was hung up would be untrue.
			if (await isContainerGone(engine, container)) return {wasReaped: false, isContainerGone: true};
			if (await waitStopped(engine, exec, 0)) return {wasReaped: true};
			// No answer from the engine at all (no HTTP status): the connection is down, try again once it is back.
			const isOrphaned = engineStatus(error) === undefined;
			return {wasReaped: false, problem: `the shell may still run in the container: ${describeEngineError(error, engine.endpoint)}`, ...(isOrphaned ? {isOrphaned} : {})};
		}
		if (await waitStopped(engine, exec, graceMs)) return {wasReaped: true};
	}
	return {wasReaped: false, problem: 'the shell is still running in the container after HUP and KILL'};
}

const RESIZE_ATTEMPTS = 20;

/**
 * Starts `shell` in the container with a terminal and attaches to it. The
 * caller hands it the keys and the terminal size, and must call `end()`.
 */
async function openExecSession(
	engine: Engine,
	containerId: string,
	shell: readonly string[],
	// The first resize comes from the session's resize(), retried until the session is ready.
	_size: {columns: number; rows: number},
	options: {
		name?: string;
		/** Told once the session has ended, with what is needed to try again when the engine could not be reached. */
		onEnded?: (session: ExecSession, orphan: {containerId: string; containerName: string; end: () => Promise<ExecEnd>} | undefined) => void;
	} = {},
): Promise<ExecSession> {
	engine.assertWritable('opening a shell (exec is a POST to the engine)');
	const container = engine.docker.getContainer(containerId);
	const token = randomBytes(12).toString('hex');
	const exec = await engine.oneShot('create exec', signal =>
		container.exec({
			Cmd: [...shell],
			Tty: true,
			AttachStdin: true,
			AttachStdout: true,
			AttachStderr: true,
			Env: [`${SESSION_ENV}=${token}`],
			abortSignal: signal,
		}),
	);
	// The attach is a long-lived stream: no request timeout on it.
	const stream = await exec.start({hijack: true, stdin: true, Tty: true});

	let hasResized = false;
	let ending: Promise<ExecEnd> | undefined;
	const endProcesses = async (): Promise<ExecEnd> => {
		const state = await execState(engine, exec);
		// No exit code: the process went with its container (`rm -f`); say so when the engine already shows it gone.
		if (state.isRunning === false && state.exitCode === undefined && !state.isGone && (await isContainerGone(engine, container))) return {wasReaped: false, isContainerGone: true};
		if (state.isRunning === false) return {wasReaped: false, exitCode: state.exitCode, ...(state.isGone ? {isContainerGone: true} : {})};
		return reap(engine, container, exec, shell[0]!, token);
	};
	// Read from the start, so the end of the stream is seen even before anyone
	// listens; what arrives before the first listener (the prompt) is kept for it.
	const {onOutput, closed} = readTerminalOutput(stream);

	const session: ExecSession = {
		execId: exec.id,
		shell,
		onOutput,
		write: data => {
			if (!stream.destroyed && stream.writable) stream.write(data);
		},
		resize: async (columns, rows) => {
			const attempts = hasResized ? 1 : RESIZE_ATTEMPTS;
			for (let attempt = 1; attempt <= attempts; attempt++) {
				try {
					await engine.oneShot('resize exec', signal => exec.resize({h: rows, w: columns, abortSignal: signal}));
					hasResized = true;
					return;
				} catch (error) {
					// 500 until the process is ready; anything else (404: gone) will not get better.
					if (engineStatus(error) !== 500 || attempt === attempts || stream.destroyed) return;
					await sleep(Math.min(50 * attempt, 250));
				}
			}
		},
		closed,
		end: async () => {
			ending ??= (async () => {
				stream.destroy();
				const result = await endProcesses();
				options.onEnded?.(session, result.isOrphaned ? {containerId, containerName: sanitize(options.name ?? containerId.slice(0, 12)), end: endProcesses} : undefined);
				return result;
			})();
			return ending;
		},
	};
	return session;
}

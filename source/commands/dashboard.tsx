/** `dockdash`: the full-screen dashboard. */
import path from 'node:path';
import type React from 'react';
import {useEffect, useLayoutEffect, useState} from 'react';
import {stackSourceFromFlags} from '../process/compose-cli.js';
import type {StackSource} from '../model/compose.js';
import {defaultProjectName} from '../model/stack-store.js';
import {createEngine} from '../docker/engine.js';
import {describeEngineError} from '../docker/errors.js';
import {EndpointError, extraHostEndpoint, resolveEndpoint} from '../docker/endpoint.js';
import {type TlsFlags} from '../model/endpoint-types.js';
import type {Config} from '../model/config.js';
import {MOUSE_REPORTING_OFF, MouseReporting} from '../model/mouse.js';
import {contextsBeside} from '../docker/contexts.js';
import {createMultiEngineView} from '../multi-engine-services.js';
import {createServices} from '../services.js';
import {createPortResources} from '../engine-ports.js';
import {KEYS_SETTLED_TITLE} from '../model/key-signs.js';
import {EngineSwitcher} from '../engine-switch.js';
import {fail, unexpectedErrorLine} from './cli-error.js';

export interface DashboardFlags {
	host?: string;
	/** More -H addresses: the Engines pane shows them all (issue 7). */
	extraHosts?: string[];
	/** Every docker context in the Engines pane (issue 7). */
	allContexts?: boolean;
	context?: string;
	/** --tls, --tlsverify, --tlscacert, --tlscert, --tlskey. */
	tlsFlags?: TlsFlags;
	readOnly: boolean;
	config: Config;
	/** -f FILE and --project-directory: the stack the Compose pane shows from its file (issue 14). */
	composeFiles?: string[];
	projectDirectory?: string;
}

/**
 * Tests only (issue 17): DOCKDASH_TEST_CRASH=render throws inside a render, =timer inside a timer, =rejection in an
 * unhandled promise, 300 ms after the first frame, to prove the terminal comes back from a bug. Honoured only under the
 * test runner (DOCKDASH_TEST_RUN set), so no user setting reaches it.
 */
function testCrash(env: NodeJS.ProcessEnv = process.env): 'render' | 'timer' | 'rejection' | undefined {
	const kind = env['DOCKDASH_TEST_CRASH'];
	if (!env['DOCKDASH_TEST_RUN']) return undefined;
	return kind === 'render' || kind === 'timer' || kind === 'rejection' ? kind : undefined;
}

const TEST_CRASH_MS = 300;

/**
 * Tests only (issue 15): under the test runner (DOCKDASH_TEST_RUN set) the terminal's title says when the keys settled
 * (`dockdash-keys-settled N MS`: no key for MS ms, in the Nth pause), so the end-to-end tests press a key that changes the
 * engine on that sign (tmux's pane_title), not after a sleep. Nothing is written for anybody else.
 */
function testRouterOptions(write: (text: string) => void, env: NodeJS.ProcessEnv = process.env): {onKeysSettled: (keys: number, quietMs: number) => void} | undefined {
	if (!env['DOCKDASH_TEST_RUN']) return undefined;
	// N counts pauses for the whole run: an engine added or a context switch makes a new app, and a new router whose
	// own count starts again. A pause's waits come shortest first, so a wait no longer than the last starts a new pause.
	let pauses = 0;
	let lastQuietMs = Infinity;
	return {
		onKeysSettled: (_keys, quietMs) => {
			if (quietMs <= lastQuietMs) pauses++;
			lastQuietMs = quietMs;
			write(`\u001B]2;${KEYS_SETTLED_TITLE} ${pauses} ${quietMs}\u0007`);
		},
	};
}

/** Renders its child, then throws during a render (see {@link testCrash}). */
function CrashInRender({children}: {children: React.ReactNode}): React.ReactNode {
	const [isCrashing, setIsCrashing] = useState(false);
	useEffect(() => {
		const timer = setTimeout(() => setIsCrashing(true), TEST_CRASH_MS);
		return () => clearTimeout(timer);
	}, []);
	if (isCrashing) throw new Error('test crash inside a render (DOCKDASH_TEST_CRASH=render)');
	return children;
}

/**
 * Draws nothing in its first commit, then its children (issue 16). Keys register in layout effects, so the tree's own
 * first commit had no hint bar: Ink drew that whole frame at once, then a second one with the hints 17 ms or more later
 * (a quarter of a million characters composed twice). Ink draws the empty commit, and the first frame it composes
 * after it (its render throttle's trailing call) has the hints.
 */
function AfterFirstCommit({children}: {children: React.ReactNode}): React.ReactNode {
	const [isMounted, setIsMounted] = useState(false);
	useLayoutEffect(() => setIsMounted(true), []);
	return isMounted ? children : null;
}

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export async function runDashboard(flags: DashboardFlags): Promise<void> {
	let endpoint;
	let extraEndpoints;
	let contextView: ReturnType<typeof contextsBeside> | undefined;
	let stackSource: StackSource | undefined;
	try {
		stackSource = stackSourceFromFlags(flags.composeFiles ?? [], flags.projectDirectory);
	} catch (error) {
		fail((error as Error).message);
	}
	try {
		endpoint = resolveEndpoint({hostFlag: flags.host, contextFlag: flags.context, tlsFlags: flags.tlsFlags});
		extraEndpoints = (flags.extraHosts ?? []).map(host => extraHostEndpoint(host, {tlsFlags: flags.tlsFlags}));
		if (flags.allContexts) contextView = contextsBeside(endpoint);
	} catch (error) {
		if (error instanceof EndpointError) fail(error.message);
		throw error;
	}
	// After the flags, so a mistyped --host is reported as such even from a script.
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		fail('the dashboard needs a terminal (stdin and stdout are not both a TTY); run it in a terminal, or use "dockdash layers" or "dockdash prune" in scripts');
	}
	const {config} = flags;
	const engine = createEngine(endpoint, {readOnly: flags.readOnly, requestTimeoutMs: config.requestTimeout * 1000});
	// The terminal went away (the ssh session dropped): writes to it fail with EIO. Nothing more is written, the
	// dashboard ends as after SIGHUP (shells in containers ended), and the process ends by SIGHUP itself, since Node's
	// own reset of a terminal that is gone aborts it at exit (SIGABRT from node::ResetStdio; issue 17, adversarial pass).
	let isTerminalGone = false;
	const write = (text: string) => {
		if (!isTerminalGone) process.stdout.write(text);
	};
	const mouse = new MouseReporting(write, config.mouse);
	// The shells opened and the files being written, on every engine and after any context switch: ended at the end.
	const resources = createPortResources();
	const services = createServices(engine, {relistIntervalMs: config.refresh * 1000}, config, mouse, resources);
	if (endpoint.context) services.contextName = endpoint.context;
	if (extraEndpoints.length > 0 || contextView) {
		const engineOptions = {readOnly: flags.readOnly, requestTimeoutMs: config.requestTimeout * 1000};
		const others = [...extraEndpoints, ...(contextView?.others ?? [])];
		services.engines = createMultiEngineView(services, others, engineOptions, {relistIntervalMs: config.refresh * 1000}, contextView && extraEndpoints.length === 0 ? contextView.names : undefined, resources);
		if (contextView?.problems.length) services.notify(`left out: ${contextView.problems.join(' · ')}`, 'error');
	}
	// Not awaited: `docker compose config` must not hold up the first frame; the pane shows the stack when it is read.
	// With several engines the stack shows on each, as down where it is not up, to be brought up on the one chosen.
	const stackFromFlags = stackSource && {source: stackSource, fallback: defaultProjectName(path.basename(stackSource.projectDirectory ?? path.dirname(stackSource.files[0]!)))};
	if (stackFromFlags) {
		for (const stacks of services.engines?.members.map(member => member.compose) ?? [services.compose]) void stacks?.addSource(stackFromFlags.source, stackFromFlags.fallback);
	}
	// Ask for the version and the list at once, before Ink, React and the panes are evaluated
	// (imported below): the engine answers while this process evaluates them (issue 8: ~100 ms
	// of a loaded 2-core server's first frame). Only GET requests leave before the checks below.
	const started = services.sync.start();
	const versionAnswer = engine.version().then(
		version => ({version}),
		(error: unknown) => ({error}),
	);
	// config.startPane is a pane id: the config file and --pane were checked before (commands/config-file.ts).
	const [{render}, {SwitchableApp}] = await Promise.all([import('ink'), import('../app.js')]);
	const answer = await versionAnswer;
	if ('error' in answer) {
		services.sync.stop();
		fail(describeEngineError(answer.error, endpoint));
	}
	const {version} = answer;
	await started;
	// `context NAME` in the palette reconnects the whole dashboard to another context's engine.
	const switcher = new EngineSwitcher(
		{services, version, release: () => engine.close()},
		other => createServices(other, {relistIntervalMs: config.refresh * 1000}, config, mouse, resources),
		{readOnly: flags.readOnly, requestTimeoutMs: config.requestTimeout * 1000},
		process.env,
		{relistIntervalMs: config.refresh * 1000},
		resources,
		// An engine added at run time shows the -f stack too, as down until brought up there (issue 14).
		stackFromFlags,
	);

	// Main screen, cursor shown, mouse reporting off; written again at the very end, since a shell
	// being ended after a signal may switch the alternate screen back on as it hands the terminal back.
	let isRestored = false;
	const restore = () => {
		isRestored = true;
		mouse.release();
		write(MOUSE_REPORTING_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
	const exit = (code: number): never => {
		if (isTerminalGone) {
			process.removeAllListeners('SIGHUP');
			process.kill(process.pid, 'SIGHUP');
			// The signal ends the process at once; should it not, nothing may run Node's reset of the terminal either.
			setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1000);
			return undefined as never;
		}
		process.exit(code);
	};
	process.on('exit', () => {
		if (!isRestored) restore();
	});
	// A bug (an error thrown in a timer, a promise nobody awaited) ends dockdash as a render error does: the terminal
	// given back first, then one line on the screen the user returns to, not a stack the alternate screen hides (issue 17).
	// DOCKDASH_DEBUG_LOG's monitor has written the stack by then.
	process.on('uncaughtException', error => {
		restore();
		if (isTerminalGone) exit(1);
		else fail(unexpectedErrorLine(error));
	});
	write(ENTER_ALT_SCREEN);
	mouse.apply();
	const crash = testCrash();
	const routerOptions = testRouterOptions(write);
	const app = (
		<AfterFirstCommit>
			<SwitchableApp sessions={switcher} initialPane={config.startPane} routerOptions={routerOptions} />
		</AfterFirstCommit>
	);
	const instance = render(crash === 'render' ? <CrashInRender>{app}</CrashInRender> : app, {
		exitOnCtrlC: false,
		patchConsole: true,
		maxFps: 60,
	});
	const quit = () => instance.unmount();
	// SIGTERM, SIGINT (kill -INT; Ctrl-C itself is a key in raw mode) and SIGHUP end the dashboard and give the terminal back
	// at once: Ink draws its last frame on the alternate screen, then restore() leaves it, before shells in containers are ended.
	// A second signal does not wait for that either (issue 21).
	let isQuitting = false;
	const onSignal = (signal?: NodeJS.Signals) => {
		if (isQuitting) {
			// The kernel's hang-up may come more than once; with no terminal nobody is waiting: shells are ended first.
			if (isTerminalGone || signal === 'SIGHUP') return;
			restore();
			exit(0);
		}
		isQuitting = true;
		quit();
		restore();
	};
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
	const onTerminalError = (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EIO' && error.code !== 'EPIPE' && error.code !== 'ENXIO') throw error;
		if (isTerminalGone) return;
		isTerminalGone = true;
		if (!isQuitting) onSignal();
	};
	process.stdout.on('error', onTerminalError);
	process.stdin.on('error', onTerminalError);
	if (crash === 'timer') setTimeout(() => { throw new Error('test crash inside a timer (DOCKDASH_TEST_CRASH=timer)'); }, TEST_CRASH_MS);
	if (crash === 'rejection') setTimeout(() => void Promise.reject(new Error('test crash: an unhandled rejection (DOCKDASH_TEST_CRASH=rejection)')), TEST_CRASH_MS);
	try {
		await instance.waitUntilExit();
	} catch (error) {
		// An error in a render: leave the alternate screen before the line saying so is written (issue 17).
		restore();
		throw error;
	}
	// A shell opened with `e` must not outlive dockdash (for example when the SSH session drops).
	await Promise.race([resources.exec.endAll(), new Promise(resolve => setTimeout(resolve, 8000).unref())]);
	switcher.stop();
	restore();
	// Nothing left running by surprise: a shell the engine could not be reached to end is named (issue 20).
	if (!isTerminalGone) for (const line of resources.exec.orphanedLines()) process.stderr.write(`dockdash: ${line}\n`);
	exit(0);
}

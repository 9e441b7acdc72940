/**
 * `e`: an interactive shell in the selected container, on the real terminal.
 * Finds a shell, hands the terminal over (see ui/terminal-handover.ts), and
 * when the shell exits, the container dies, the connection drops or the
 * terminal itself goes away, takes it back and makes sure no process of the
 * session is left running in the container.
 */
import {useStdin, useStdout} from 'ink';
import {useEffect, useRef} from 'react';
import type {ExecEnd, ExecSession} from '../model/exec-types.js';
import type {ContainerSummary} from '../model/types.js';
import {parseExecShells} from '../model/exec-shells.js';
import {oneScreenFilter} from '../model/terminal-modes.js';
import {type AppServices, useServices} from '../ui/app-context.js';
import {handOverTerminal, type TerminalHandover} from '../ui/terminal-handover.js';
import {useTypeAheadLayer} from './use-type-ahead.js';
import type {CommandHandlers} from './use-commands.js';
import {UserFacingError} from '../model/ports.js';

export interface ExecShell {
	/** The handler of the containers scope's exec command. */
	handlers: CommandHandlers;
}

/** The status line after a session, from what ending it found. */
export function execEndText(name: string, end: ExecEnd): {text: string; kind: 'success' | 'error' | 'info'} {
	if (end.problem) return {text: `${name}: ${end.problem}`, kind: 'error'};
	if (end.isContainerGone) return {text: `shell in ${name} ended: the container was removed`, kind: 'info'};
	if (end.wasReaped) return {text: `shell in ${name} closed; its processes were hung up`, kind: 'info'};
	if (end.exitCode === undefined) return {text: `shell in ${name} ended`, kind: 'info'};
	return {text: `shell in ${name} exited with code ${end.exitCode}`, kind: end.exitCode === 0 ? 'success' : 'info'};
}

/** The status line once a shell that a dropped connection left running is ended (issue 20). */
export function orphanEndText(name: string, end: ExecEnd): {text: string; kind: 'success' | 'error' | 'info'} {
	if (end.problem) return {text: `${name}: the shell the dropped connection left: ${end.problem}`, kind: 'error'};
	// A 404 for the exec: its container was removed or restarted meanwhile, and the exec with it.
	if (end.isContainerGone) return {text: `connection back: the shell the dropped connection left in ${name} is gone (the engine no longer knows it)`, kind: 'info'};
	if (end.wasReaped) return {text: `connection back: ended the shell the dropped connection left running in ${name}; its processes were hung up`, kind: 'success'};
	const code = end.exitCode === undefined ? '' : ` with code ${end.exitCode}`;
	return {text: `connection back: the shell the dropped connection left in ${name} had exited${code}`, kind: 'info'};
}

/** Ends the shells a dropped connection left running in this engine's containers, and says so for each. */
export async function endOrphanedShells(services: Pick<AppServices, 'ports' | 'notify'>): Promise<void> {
	// The exec port keeps the orphaned sessions and the container names they were opened with (issue 15).
	for (const {containerName, end} of await services.ports.exec.endOrphaned()) {
		const message = orphanEndText(containerName, end);
		services.notify(message.text, message.kind);
	}
}

/**
 * For the whole dashboard (panes unmount when left): each time the engine answers again after a
 * dropped connection, ends the shells that drop left running (issue 20).
 */
export function useOrphanedShellsEnded(services: Pick<AppServices, 'ports' | 'notify' | 'sync'>): void {
	useEffect(() => {
		let wasConnected = services.sync.status.get().isConnected;
		return services.sync.status.subscribe(() => {
			const isConnected = services.sync.status.get().isConnected;
			if (isConnected && !wasConnected) void endOrphanedShells(services);
			wasConnected = isConnected;
		});
	}, [services]);
}

const TYPED_AHEAD_QUIET_MS = 150;
const TYPED_AHEAD_LATEST_MS = 1500;

async function runSession(
	services: AppServices,
	container: ContainerSummary,
	terminal: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; redraw: () => void},
	unmounted: Promise<void>,
	onHandover: (handover: TerminalHandover | undefined) => void,
): Promise<void> {
	services.notify(`looking for a shell in ${container.name}… (Ctrl-C to give up)`, 'progress');
	// The keyboard is taken now: keys typed ahead must not run dashboard commands.
	const handover = handOverTerminal(terminal);
	onHandover(handover);
	try {
		await converse(services, container, handover, terminal, unmounted);
	} finally {
		onHandover(undefined);
	}
}

async function converse(
	services: AppServices,
	container: ContainerSummary,
	handover: TerminalHandover,
	terminal: {stdout: NodeJS.WriteStream},
	unmounted: Promise<void>,
): Promise<void> {
	const {ports, notify} = services;
	const name = container.name;
	const size = () => ({columns: terminal.stdout.columns || 80, rows: terminal.stdout.rows || 24});
	const opening = (async () => {
		const shell = await ports.exec.detectShell(container.id, parseExecShells(services.config.exec.shells.join(',')), {name});
		return ports.exec.open(container.id, shell, size(), {name});
	})();
	let session: ExecSession | undefined;
	try {
		session = await Promise.race([opening, handover.interrupted.then(() => undefined), handover.hungUp.then(() => undefined), unmounted.then(() => undefined)]);
	} finally {
		if (!session) handover.restore();
	}
	if (!session) {
		// A shell that opens after the user gave up is ended at once.
		void opening.then(late => late.end()).catch(() => undefined);
		notify(`opening a shell in ${name}: cancelled`, 'info');
		return;
	}
	// Mouse reports would reach the shell as typed garbage; dockdash's own mouse comes back with the dashboard.
	const resumeMouse = services.mouse.suspend();
	handover.show(`dockdash: ${session.shell.join(' ')} in ${name}. Exit the shell to return to the dashboard.`);
	const current = session;
	// Keys typed ahead go in once the shell has printed its prompt and gone quiet
	// (or after a while, for a shell that prints nothing).
	let isReleased = false;
	let quiet: NodeJS.Timeout | undefined;
	const release = () => {
		if (isReleased) return;
		isReleased = true;
		clearTimeout(quiet);
		clearTimeout(latest);
		handover.releaseTypedAhead();
	};
	const latest = setTimeout(release, TYPED_AHEAD_LATEST_MS);
	const keepOnOneScreen = oneScreenFilter();
	current.onOutput(chunk => {
		handover.write(keepOnOneScreen(chunk));
		if (isReleased) return;
		clearTimeout(quiet);
		quiet = setTimeout(release, TYPED_AHEAD_QUIET_MS);
	});
	handover.onInput(data => current.write(data));
	handover.onResize((columns, rows) => void current.resize(columns, rows));
	void current.resize(size().columns, size().rows);
	await Promise.race([current.closed, handover.hungUp, unmounted]);
	isReleased = true;
	clearTimeout(quiet);
	clearTimeout(latest);
	// The dashboard comes back first; hanging up a shell left running can take a second.
	handover.restore();
	resumeMouse();
	notify(`closing the shell in ${name}…`, 'progress');
	const end = await current.end();
	if (!end.isOrphaned) {
		const message = execEndText(name, end);
		notify(message.text, message.kind);
		return;
	}
	// The engine could not be reached to end it: dockdash knows its ID and ends it once the engine answers.
	// (The header says why the engine is out of reach.)
	notify(`shell in ${name} may still run: the engine is out of reach; dockdash ends it when the engine answers again`, 'error');
	if (services.sync.status.get().isConnected) await endOrphanedShells(services);
}

/** The exec command for the containers pane; `selectedId` is the row under the cursor. */
export function useExecShell(selectedId: string | undefined): ExecShell {
	const services = useServices();
	const {stdin} = useStdin();
	const {stdout, write} = useStdout();
	const isBusy = useRef(false);
	const handover = useRef<TerminalHandover | undefined>(undefined);
	// A key Ink still dispatches while the terminal is handed over belongs to the shell, never to
	// the dashboard. (e itself acts only after the typing gap, so no key of its own chunk is left.)
	useTypeAheadLayer(handover);
	const unmount = useRef<() => void>(() => undefined);
	const unmounted = useRef(
		new Promise<void>(resolve => {
			unmount.current = resolve;
		}),
	);
	useEffect(() => () => unmount.current(), []);

	const open = () => {
		if (isBusy.current) return;
		// The state as the store knows it now, not as the row was drawn.
		const container = selectedId ? services.containers.getById(selectedId) : undefined;
		if (!container) {
			services.notify('no container selected', 'info');
			return;
		}
		if (container.state !== 'running') {
			const state = container.state === 'unknown' ? `in a state dockdash does not know (the engine answered ${container.stateAnswer ?? 'no state'})` : container.state;
			services.notify(`${container.name} is ${state}: a shell needs a running container`, 'error');
			return;
		}
		isBusy.current = true;
		runSession(services, container, {stdin, stdout, redraw: () => write('')}, unmounted.current, current => {
			handover.current = current;
		})
			.catch(error => {
				services.notify(error instanceof UserFacingError ? error.message : `shell in ${container.name}: ${services.ports.describeError(error)}`, 'error');
			})
			.finally(() => {
				isBusy.current = false;
			});
	};
	return {handlers: {'containers.exec': open}};
}

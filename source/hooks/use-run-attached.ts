/**
 * "Run interactively" from the run form (issue 13): `docker run -it` on the real terminal. The terminal is
 * handed over as `e` hands it to a shell (ui/terminal-handover.ts), and taken back when the process exits,
 * the user detaches (Ctrl-P Ctrl-Q, handled by the engine) or the connection drops.
 */
import {useStdin, useStdout} from 'ink';
import {useEffect, useRef} from 'react';
import {useServices} from '../ui/app-context.js';
import {handOverTerminal, type TerminalHandover} from '../ui/terminal-handover.js';
import {useTypeAheadLayer} from './use-type-ahead.js';

/** The status line after an interactive run, from how it ended. */
export function attachedEndText(label: string, end: {exitCode?: number; isRunning?: boolean; isGone?: boolean}): {text: string; kind: 'success' | 'info'} {
	if (end.isRunning) return {text: `detached from ${label}: it is still running`, kind: 'info'};
	if (end.isGone) return {text: `${label} exited and was removed (remove on exit)`, kind: 'info'};
	if (end.exitCode === undefined) return {text: `${label} ended`, kind: 'info'};
	return {text: `${label} exited with code ${end.exitCode}`, kind: end.exitCode === 0 ? 'success' : 'info'};
}

/** Returns `run(id, label)`: attaches, starts, hands the terminal over, and resolves once it is back. */
export function useRunAttached(): (id: string, label: string) => Promise<void> {
	const services = useServices();
	const {stdin} = useStdin();
	const {stdout, write} = useStdout();
	const handover = useRef<TerminalHandover | undefined>(undefined);
	// Keys Ink read in the same chunk as the Enter belong to the container, never to the dashboard.
	useTypeAheadLayer(handover);
	const unmounted = useRef<() => void>(() => undefined);
	const gone = useRef(new Promise<void>(resolve => (unmounted.current = resolve)));
	useEffect(() => () => unmounted.current(), []);

	return async (id, label) => {
		const {run, status, ports} = services;
		if (!run) return;
		const say = (text: string, kind: 'success' | 'info' | 'error' | 'progress') => status.set({text, kind, pane: 'containers'});
		const current = handOverTerminal({stdin, stdout, redraw: () => write('')});
		handover.current = current;
		const size = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
		try {
			const attached = await run.attachAndStart(id, size());
			const resumeMouse = services.mouse.suspend();
			current.show(`dockdash: ${label} runs on this terminal. When its process exits you are back; Ctrl-P Ctrl-Q detaches and leaves it running.`);
			attached.onOutput(chunk => current.write(chunk));
			current.onInput(data => attached.write(data));
			current.onResize((columns, rows) => void attached.resize(columns, rows));
			current.releaseTypedAhead();
			void attached.resize(size().columns, size().rows);
			await Promise.race([attached.closed, current.hungUp, gone.current]);
			current.restore();
			resumeMouse();
			const message = attachedEndText(label, await attached.end());
			say(message.text, message.kind);
		} catch (error) {
			current.restore();
			say(`${label} was created, but running it on the terminal failed: ${ports.describeError(error)}`, 'error');
		} finally {
			handover.current = undefined;
		}
	};
}

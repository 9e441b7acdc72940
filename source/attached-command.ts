/**
 * Runs a custom command on the real terminal, the way `e` runs a shell: the
 * same handover (ui/terminal-handover.ts) lends the terminal to the program
 * itself (it inherits stdin, stdout and stderr) and takes it back redrawn
 * when the program ends.
 */
import {type StdioOptions, spawn} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import type {AttachedEnd, ProgramsPort} from './model/ports.js';
import {BackgroundRun, BackgroundRuns} from './process/background-run.js';
import {handOverTerminal, type HandoverOptions} from './ui/terminal-handover.js';

export type {AttachedEnd} from './model/ports.js';

// Keys such as Ctrl-C and Ctrl-\ signal the terminal's whole foreground group,
// dockdash too: while the program has the terminal, they are the program's.
const TERMINAL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];

/** Runs argv on the terminal until it ends; the dashboard is back when this resolves. */
export async function runAttached(argv: readonly string[], terminal: HandoverOptions, banner: string, env: NodeJS.ProcessEnv = process.env): Promise<AttachedEnd> {
	const handover = handOverTerminal(terminal);
	const ignore = () => undefined;
	for (const signal of TERMINAL_SIGNALS) process.on(signal, ignore);
	try {
		handover.show(banner);
		handover.lend();
		const tty = openTerminal();
		return await new Promise<AttachedEnd>(resolve => {
			const child = spawn(argv[0]!, argv.slice(1), {stdio: tty === undefined ? 'inherit' : ([tty, tty, tty] as StdioOptions), env});
			if (tty !== undefined) closeSync(tty);
			child.on('error', error => {
				const code = (error as NodeJS.ErrnoException).code;
				resolve({problem: code === 'ENOENT' ? `cannot run ${argv[0]}: no such program (is it on PATH?)` : error.message.split('\n')[0]});
			});
			child.on('exit', (code, signal) => resolve({exitCode: code ?? undefined, signal: signal ?? undefined}));
		});
	} finally {
		handover.restore();
		for (const signal of TERMINAL_SIGNALS) process.off(signal, ignore);
	}
}

/**
 * The terminal opened afresh for the child. Inheriting dockdash's own stdin
 * would share its file status flags: a shell clears O_NONBLOCK on its stdin,
 * and Node's next read of the terminal would then block the whole process.
 */
function openTerminal(): number | undefined {
	try {
		return openSync('/dev/tty', 'r+');
	} catch {
		return undefined;
	}
}

/** The programs port of one services instance: its background runs are ended with dockdash (issue 15: not module state). */
export function createProgramsPort(runs = new BackgroundRuns()): ProgramsPort {
	return {
		runAttached: (argv, terminal, banner) => runAttached(argv, terminal, banner),
		runInBackground: (title, argv) => new BackgroundRun(title, argv, {runs}),
	};
}

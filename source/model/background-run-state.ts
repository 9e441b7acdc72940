/**
 * What the UI reads of a custom command running in the background
 * (source/process/background-run.ts runs it): its title, its argv and its
 * bounded, sanitized output as a store.
 */
import type {ReadableStore} from './observable.js';

export interface OutputLine {
	text: string;
	isError: boolean;
}

export interface BackgroundRunState {
	/** The last lines, sanitized; older ones are dropped. */
	lines: readonly OutputLine[];
	/** How many lines were dropped from the top. */
	dropped: number;
	status: 'running' | 'exited' | 'stopped' | 'failed';
	exitCode?: number;
	signal?: string;
	/** Why it could not run (failed). */
	problem?: string;
}

/** A background run as the output view sees it. */
export interface BackgroundRunView extends ReadableStore<BackgroundRunState> {
	readonly title: string;
	readonly argv: readonly string[];
}

/** A background run its starter may end (a custom command's output view closed while it runs). */
export interface StoppableRun extends BackgroundRunView {
	/** Ends the command (its whole process group). */
	stop(): void;
}

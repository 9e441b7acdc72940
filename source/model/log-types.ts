/**
 * What a log follower (source/docker/logs.ts, swarm.ts) hands its owner: lines and notices, sanitized.
 */
import type {LogLineInput} from './log-buffer.js';

/** Lines a follower starts from when the user did not ask for another tail. */
export const DEFAULT_TAIL = 1000;

/** What a follower tells its owner besides lines. Text is sanitized. */
export type LogNotice =
	| {kind: 'attached'; id: string; source?: string; isTty: boolean; isRunning: boolean}
	| {kind: 'exited'; id: string; source?: string; exitCode: number; isOomKilled?: boolean}
	| {kind: 'waiting'; id: string; source?: string}
	| {kind: 'removed'; id: string; source?: string; message: string}
	| {kind: 'unreadable'; id: string; source?: string; message: string}
	| {kind: 'error'; id: string; source?: string; message: string};

export interface LogSink {
	/** A batch of lines, sanitized, in arrival order. */
	onLines: (lines: LogLineInput[]) => void;
	onNotice: (notice: LogNotice) => void;
}

export interface LogTarget {
	id: string;
	/** Shown before each line when several containers are merged. */
	source?: string;
	sourceIndex?: number;
	/** With several engines, the engine it is on, when targets of several engines are merged (issue 14). */
	engine?: string;
}


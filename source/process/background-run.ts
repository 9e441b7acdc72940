/**
 * A custom command running in the background: detached from the terminal (its
 * own session, no tty, stdin closed), its output kept in a bounded list of
 * sanitized lines for the output view, published in batches.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {StringDecoder} from 'node:string_decoder';
import type {BackgroundRunState, OutputLine, StoppableRun} from '../model/background-run-state.js';
import {Observable} from '../model/observable.js';
import {sanitize} from '../model/sanitize.js';

export interface BackgroundRunOptions {
	maxLines?: number;
	maxLineLength?: number;
	/** Milliseconds between published batches of output. */
	batchMs?: number;
	env?: NodeJS.ProcessEnv;
	/** The folder it runs in (default: dockdash's own). */
	cwd?: string;
	/** The runs it is ended with when dockdash exits (default: its own). */
	runs?: BackgroundRuns;
}

const STOP_GRACE_MS = 3000;

/**
 * Runs still going when dockdash exits are ended with it: they were started as part of a view. One is built with
 * the services (issue 15: not module state); it listens for the process's exit only while a run is going.
 */
export class BackgroundRuns {
	private readonly running = new Set<ChildProcess>();
	private readonly endAll = () => {
		for (const child of this.running) signalGroup(child, 'SIGTERM');
	};

	add(child: ChildProcess): void {
		if (this.running.size === 0) process.on('exit', this.endAll);
		this.running.add(child);
	}

	delete(child: ChildProcess): void {
		if (this.running.delete(child) && this.running.size === 0) process.off('exit', this.endAll);
	}

	has(child: ChildProcess): boolean {
		return this.running.has(child);
	}
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		// The whole process group: `sh -c` may have children of its own.
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

export class BackgroundRun extends Observable<BackgroundRunState> implements StoppableRun {
	private readonly child: ChildProcess;
	private readonly running: BackgroundRuns;
	private readonly maxLines: number;
	private readonly maxLineLength: number;
	private lines: OutputLine[] = [];
	private dropped = 0;
	private flushTimer: NodeJS.Timeout | undefined;
	private isStopping = false;

	constructor(
		readonly title: string,
		readonly argv: readonly string[],
		options: BackgroundRunOptions = {},
	) {
		super({lines: [], dropped: 0, status: 'running'});
		this.maxLines = options.maxLines ?? 1000;
		this.maxLineLength = options.maxLineLength ?? 2000;
		const batchMs = options.batchMs ?? 50;
		this.running = options.runs ?? new BackgroundRuns();
		this.child = spawn(argv[0]!, argv.slice(1), {stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: options.env ?? process.env, cwd: options.cwd});
		this.running.add(this.child);
		const schedule = () => {
			this.flushTimer ??= setTimeout(() => this.flush(), batchMs);
		};
		this.read(this.child.stdout!, false, schedule);
		this.read(this.child.stderr!, true, schedule);
		this.child.on('error', error => {
			this.running.delete(this.child);
			const code = (error as NodeJS.ErrnoException).code;
			this.finish({status: 'failed', problem: code === 'ENOENT' ? `cannot run ${sanitize(argv[0]!)}: no such program (is it on PATH?)` : sanitize(error.message)});
		});
		// 'close' comes after the output streams ended, so every line is in.
		this.child.on('close', (code, signal) => {
			this.running.delete(this.child);
			if (this.get().status === 'failed') return;
			this.finish({status: this.isStopping ? 'stopped' : 'exited', exitCode: code ?? undefined, signal: signal ?? undefined});
		});
	}

	/** Ends the command (its whole process group): SIGTERM, then SIGKILL if it lingers. */
	stop(): void {
		if (this.get().status !== 'running' || this.isStopping) return;
		this.isStopping = true;
		signalGroup(this.child, 'SIGTERM');
		setTimeout(() => {
			if (this.running.has(this.child)) signalGroup(this.child, 'SIGKILL');
		}, STOP_GRACE_MS).unref();
	}

	private read(stream: NodeJS.ReadableStream, isError: boolean, schedule: () => void): void {
		const decoder = new StringDecoder('utf8');
		let partial = '';
		const take = (text: string) => {
			// A carriage return redraws the line (progress bars): keep what was drawn last.
			const line = text.endsWith('\r') ? text.slice(0, -1) : text;
			this.push({text: sanitize(line.slice(line.lastIndexOf('\r') + 1).slice(0, this.maxLineLength), {expandTabs: true}), isError});
		};
		stream.on('data', (chunk: Buffer) => {
			const parts = (partial + decoder.write(chunk)).split('\n');
			partial = parts.pop()!;
			for (const part of parts) take(part);
			// A line that never ends must not grow without bound: it is kept in pieces.
			while (partial.length > this.maxLineLength) {
				take(partial.slice(0, this.maxLineLength));
				partial = partial.slice(this.maxLineLength);
			}
			schedule();
		});
		stream.on('end', () => {
			partial += decoder.end();
			if (partial !== '') take(partial);
			schedule();
		});
	}

	private push(line: OutputLine): void {
		this.lines.push(line);
		if (this.lines.length > this.maxLines * 2) this.trim();
	}

	private trim(): void {
		const extra = this.lines.length - this.maxLines;
		if (extra <= 0) return;
		this.lines = this.lines.slice(extra);
		this.dropped += extra;
	}

	private flush(): void {
		clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		this.trim();
		this.set({...this.get(), lines: [...this.lines], dropped: this.dropped});
	}

	private finish(end: Omit<BackgroundRunState, 'lines' | 'dropped'>): void {
		this.flush();
		this.set({...this.get(), ...end});
	}
}

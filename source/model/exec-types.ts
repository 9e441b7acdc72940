/**
 * An interactive shell in a container (issue 9), as the adapter (source/docker/exec.ts) hands it out.
 */

/** How a session ended, from dockdash's side. */
export interface ExecEnd {
	/** The shell's exit code, when it exited by itself. */
	exitCode?: number;
	/** True when a process of the session was still running and had to be hung up. */
	wasReaped: boolean;
	/** Set when processes of the session may still be running (the hang-up failed). */
	problem?: string;
	/** The container was removed while the shell was open. */
	isContainerGone?: boolean;
	/**
	 * The engine could not be reached to end it (the connection dropped): the adapter keeps the
	 * session's ID and token and ends it when asked again (ExecPort.endOrphaned, issue 20).
	 */
	isOrphaned?: boolean;
}

/** A session a dropped connection left running, now ended (by dockdash, or by itself). */
export interface EndedOrphan {
	execId: string;
	/** The container's name as it was when the shell was opened (already sanitized), for the line that says it ended. */
	containerName: string;
	end: ExecEnd;
}

/** An interactive shell attached to the terminal. */
export interface ExecSession {
	readonly execId: string;
	readonly shell: readonly string[];
	/** Raw bytes from the shell's terminal. */
	onOutput(listener: (chunk: Buffer) => void): void;
	/** Keys from the user, passed on untouched (Ctrl-C included). */
	write(data: string | Buffer): void;
	/** Sets the shell's terminal size; the first call is retried until the session is ready. */
	resize(columns: number, rows: number): Promise<void>;
	/** Resolves when the stream from the engine ends (the shell exited, the container died, or the connection dropped). */
	readonly closed: Promise<void>;
	/** Closes dockdash's side and makes sure no process of the session is left running. Idempotent. */
	end(): Promise<ExecEnd>;
}


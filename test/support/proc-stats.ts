/** What /proc says about dockdash running in a tmux pane: its pid, resident memory and open descriptors. */
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {waitFor} from './engine.js';
import type {TerminalSession} from './pty.js';

function children(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

function isCli(pid: number): boolean {
	try {
		// dockdash sets its process title (argv becomes "dockdash"); before that, node's argv is [node, .../dist/cli.js].
		// The shell that started it only mentions the path inside its script.
		const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		return args[0] === 'dockdash' || (args[1]?.endsWith('dist/cli.js') ?? false);
	} catch {
		return false;
	}
}

/** The pid of the node process running dist/cli.js in the session's pane. */
export async function cliPid(session: TerminalSession): Promise<number> {
	const panePid = Number(execFileSync('tmux', ['display-message', '-p', '-t', session.name, '#{pane_pid}'], {encoding: 'utf8'}).trim());
	return waitFor(
		() => {
			const queue = [panePid];
			while (queue.length > 0) {
				const pid = queue.shift()!;
				if (isCli(pid)) return pid;
				queue.push(...children(pid));
			}
			return undefined;
		},
		{what: 'the dockdash process in the pane'},
	);
}

/** Resident set size in MiB (VmRSS), or undefined when the process is gone. */
export function rssMiB(pid: number): number | undefined {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Open file descriptors, or undefined when the process is gone. With `exceptCounterFiles`, the cgroup and /proc
 * counter files the stats collector keeps open per running container are left out: their number follows how many
 * containers run on the engine, which other tests sharing it change at will.
 */
export function fdCount(pid: number, {exceptCounterFiles = false} = {}): number | undefined {
	try {
		const fds = readdirSync(`/proc/${pid}/fd`);
		if (!exceptCounterFiles) return fds.length;
		return fds.filter(fd => {
			try {
				return !/^\/(sys\/fs\/cgroup|proc)\//.test(readlinkSync(`/proc/${pid}/fd/${fd}`));
			} catch {
				return false;
			}
		}).length;
	} catch {
		return undefined;
	}
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
	const n = points.length;
	if (n < 2) return 0;
	const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
	const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
	let num = 0;
	let den = 0;
	for (const [x, y] of points) {
		num += (x - meanX) * (y - meanY);
		den += (x - meanX) ** 2;
	}
	return den === 0 ? 0 : num / den;
}

/**
 * A throwaway Podman API service for tests: Debian's podman running
 * `podman system service` on a unix socket in a temp folder, with its own
 * storage (vfs), so nothing of a real Podman setup is touched. The fixture
 * image is built inside it from the machine's busybox (no registry is reachable).
 */
import {type ChildProcess, execFile, spawn} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {BUSYBOX, waitFor} from './engine.js';

const execFileAsync = promisify(execFile);

export interface TestPodman {
	host: string;
	docker: (...args: string[]) => Promise<string>;
	/** The podman CLI on the service's own storage, for what the compat API cannot do (build). */
	podman: (...args: string[]) => Promise<string>;
	/** The service's temp folder, removed by stop(). */
	dir: string;
	stop: () => Promise<void>;
}

/** Flags that let a container start inside this sandbox: Podman's default rlimits are above what it may set. */
export const PODMAN_RUN_FLAGS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

/**
 * Processes that still name the service's folder after it stopped: the conmon of
 * each exec session waits 300 s (--exit-delay) after the exec ends and then runs
 * `podman container cleanup` on the folder, which recreated it minutes after the
 * test removed it (five such folders were left in /tmp).
 */
function processesUsing(dir: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
		} catch {
			// Gone already, or not ours to read.
		}
	}
	return pids;
}

export async function startTestPodman(): Promise<TestPodman> {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-podman-'));
	const socket = path.join(dir, 'podman.sock');
	const host = `unix://${socket}`;
	const storage = ['--root', path.join(dir, 'graph'), '--runroot', path.join(dir, 'run'), '--storage-driver', 'vfs'];
	const child: ChildProcess = spawn(
		'podman',
		[...storage, 'system', 'service', '--time=0', host],
		{stdio: 'ignore'},
	);
	await waitFor(() => existsSync(socket), {timeoutMs: 20_000, what: 'the podman socket'});
	const docker = async (...args: string[]) => (await execFileAsync('docker', args, {env: {...process.env, DOCKER_HOST: host}})).stdout.trim();
	const podman = async (...args: string[]) => (await execFileAsync('podman', [...storage, ...args], {maxBuffer: 16 * 1024 * 1024})).stdout.trim();
	// The fixture is built by Podman itself, as fixtures.sh builds it on the test engine: an archive of the test
	// engine's copy would depend on that engine (Docker 28's containerd store writes one Podman 4.3 cannot build on).
	const context = path.join(dir, 'busybox');
	mkdirSync(context);
	copyFileSync('/bin/busybox', path.join(context, 'busybox'));
	await podman('build', ...PODMAN_RUN_FLAGS, '--network', 'none', '-q', '-f', path.resolve('test/support/busybox.Dockerfile'), '-t', BUSYBOX, context);
	return {
		host,
		dir,
		docker,
		podman,
		stop: async () => {
			const ids = (await docker('ps', '-aq').catch(() => '')).split('\n').filter(Boolean);
			if (ids.length > 0) await docker('rm', '-f', ...ids).catch(() => undefined);
			child.kill('SIGTERM');
			await new Promise(resolve => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
			// SIGKILL, not SIGTERM: a conmon told to stop would run its cleanup command at once, into the folder.
			for (const pid of processesUsing(dir)) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// Exited meanwhile.
				}
			}
			// vfs layers are plain folders: removing the temp folder removes everything.
			// Podman leaves a container's shm mounted after it stops: unmount what lies under the folder first.
			const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map(line => line.split(' ')[1] ?? '').filter(mount => mount.startsWith(dir));
			for (const mount of mounts.reverse()) await execFileAsync('umount', [mount]).catch(() => undefined);
			try {
				rmSync(dir, {recursive: true, force: true});
			} catch {
				// A mount podman left busy: the folder stays in the temp dir.
			}
		},
	};
}

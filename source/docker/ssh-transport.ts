/**
 * ssh:// engines, reached the way the docker CLI reaches them: the system `ssh`
 * runs `docker system dial-stdio` on the remote host and the Docker API flows
 * over its stdin and stdout. So ~/.ssh/config, agents, ProxyJump and
 * known_hosts all apply, and no SSH library or key handling lives in dockdash.
 *
 * Each HTTP connection is one ssh process; the agent keeps connections alive so
 * one-shot requests share one, and every long stream (events, logs) holds its
 * own. Unlike the docker CLI, those ssh processes do not each open an SSH
 * connection: the first one starts a private ControlMaster (a socket in a 0700
 * temp folder of this process) and the others ride on it as channels, so a
 * session authenticates once and holds ONE TCP connection to the host
 * (issue 7). The master ends when dockdash exits, or 30 s after its last
 * channel closes if dockdash was killed.
 *
 * Environment:
 *   DOCKDASH_SSH         the ssh binary (default: ssh from PATH)
 *   DOCKDASH_SSH_CONFIG  an ssh_config file passed as `ssh -F FILE` instead of ~/.ssh/config
 *   DOCKDASH_SSH_MUX=0   one SSH connection per HTTP connection, as the docker CLI does
 */
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Duplex} from 'node:stream';

export interface SshTarget {
	host: string;
	port?: number;
	user?: string;
}

const CONTROL_PERSIST_SECONDS = 30;

function sshBinary(): string {
	return process.env['DOCKDASH_SSH'] || 'ssh';
}

/** Options common to every ssh process of a target, before the host: exported for tests. */
export function sshBaseArguments(target: SshTarget, env: NodeJS.ProcessEnv = process.env): string[] {
	const args: string[] = [];
	if (env['DOCKDASH_SSH_CONFIG']) args.push('-F', env['DOCKDASH_SSH_CONFIG']);
	// BatchMode: a password prompt would draw over the dashboard; keys and agents only.
	args.push('-o', 'BatchMode=yes');
	if (target.port) args.push('-p', String(target.port));
	if (target.user) args.push('-l', target.user);
	return args;
}

/** The ssh command line for one API connection: exported for tests. */
export function sshArguments(target: SshTarget, controlPath?: string, env: NodeJS.ProcessEnv = process.env): string[] {
	const args = sshBaseArguments(target, env);
	// ControlMaster=no: a missing master means a direct connection, never a second master.
	if (controlPath) args.push('-o', 'ControlMaster=no', '-o', `ControlPath=${controlPath}`);
	// "--" stops a host name that starts with "-" from being read as an option.
	args.push('-T', '--', target.host, 'docker', 'system', 'dial-stdio');
	return args;
}

/** The ssh command line that starts the shared master in the background: exported for tests. */
export function sshMasterArguments(target: SshTarget, controlPath: string, env: NodeJS.ProcessEnv = process.env): string[] {
	return [
		...sshBaseArguments(target, env),
		'-o', 'ControlMaster=yes',
		'-o', `ControlPath=${controlPath}`,
		'-o', `ControlPersist=${CONTROL_PERSIST_SECONDS}`,
		'-N', '-f', '--', target.host,
	];
}

function lastLine(text: string): string | undefined {
	return text.trim().split('\n').pop()?.trim() || undefined;
}

class SshAgent extends http.Agent {
	private readonly isMultiplexed: boolean;
	private controlDir: string | undefined;
	private master: Promise<void> | undefined;
	private isMasterUp = false;
	private readonly closeMaster = () => this.stopMaster();

	constructor(private readonly target: SshTarget) {
		super({keepAlive: true, maxSockets: 8});
		this.isMultiplexed = process.env['DOCKDASH_SSH_MUX'] !== '0';
	}

	private get controlPath(): string | undefined {
		return this.controlDir ? path.join(this.controlDir, 'm') : undefined;
	}

	private failure(reason: string): Error {
		return Object.assign(new Error(`ssh to ${this.target.host} failed: ${reason}`), {code: 'ESSH'});
	}

	// Resolves once the master is authenticated and listening on its socket.
	private ensureMaster(): Promise<void> {
		// A master that is starting, or up with its socket in place, serves everyone;
		// one whose socket vanished (it timed out or was killed) is started again.
		if (this.master && (!this.isMasterUp || existsSync(this.controlPath!))) return this.master;
		this.isMasterUp = false;
		if (!this.controlDir) {
			// mkdtemp makes the folder 0700: no other user can reach the master through its socket.
			this.controlDir = mkdtempSync(path.join(tmpdir(), 'dockdash-ssh-'));
			process.once('exit', this.closeMaster);
		}
		const master = new Promise<void>((resolve, reject) => {
			const child = spawn(sshBinary(), sshMasterArguments(this.target, this.controlPath!), {stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			child.stderr.setEncoding('utf8');
			child.stderr.on('data', (text: string) => {
				stderr = (stderr + text).slice(-2000);
			});
			child.on('error', error => reject(this.failure(error.message)));
			// 'exit', not 'close': with -f the backgrounded master may keep the pipe a moment longer.
			child.on('exit', code => {
				if (code === 0) {
					this.isMasterUp = true;
					resolve();
				}
				else reject(this.failure(lastLine(stderr) ?? `ssh exited with code ${code}`));
			});
		});
		this.master = master;
		// A failed master is retried on the next connection (the network may come back).
		master.catch(() => {
			if (this.master === master) this.master = undefined;
		});
		return master;
	}

	private stopMaster(): void {
		const controlPath = this.controlPath;
		if (!controlPath) return;
		if (existsSync(controlPath)) {
			spawnSync(sshBinary(), [...sshBaseArguments(this.target), '-o', `ControlPath=${controlPath}`, '-O', 'exit', '--', this.target.host], {stdio: 'ignore', timeout: 2000});
		}
		rmSync(this.controlDir!, {recursive: true, force: true});
		this.controlDir = undefined;
		this.master = undefined;
		this.isMasterUp = false;
	}

	override destroy(): void {
		super.destroy();
		process.off('exit', this.closeMaster);
		this.stopMaster();
	}

	// Node's http.Agent also takes an asynchronous createConnection: it returns
	// nothing and calls back later (the typings only know the synchronous form).
	override createConnection(_options: unknown, callback?: (error: Error | null, socket: Duplex) => void): Duplex {
		if (!this.isMultiplexed) {
			const socket = this.dial();
			callback?.(null, socket);
			return socket;
		}
		this.ensureMaster().then(
			() => callback?.(null, this.dial(this.controlPath)),
			(error: Error) => callback?.(error, undefined as unknown as Duplex),
		);
		return undefined as unknown as Duplex;
	}

	private dial(controlPath?: string): Duplex {
		const child = spawn(sshBinary(), sshArguments(this.target, controlPath), {stdio: ['pipe', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (text: string) => {
			stderr = (stderr + text).slice(-2000);
		});
		const duplex = Duplex.from({readable: child.stdout, writable: child.stdin});
		child.on('error', error => duplex.destroy(error));
		child.on('exit', code => {
			if (code && code !== 0) duplex.destroy(this.failure(lastLine(stderr) ?? `ssh exited with code ${code}`));
		});
		duplex.on('close', () => child.kill());
		// http.Agent expects a socket-like object; these are the calls it makes.
		Object.assign(duplex, {setKeepAlive: () => duplex, setNoDelay: () => duplex, setTimeout: () => duplex, ref: () => duplex, unref: () => duplex});
		return duplex;
	}
}

export function createSshAgent(target: SshTarget): http.Agent {
	return new SshAgent(target);
}

/**
 * ssh:// engines, reached the way the docker CLI reaches them: the system `ssh`
 * runs `docker system dial-stdio` on the remote host and the Docker API flows
 * over its stdin and stdout. So ~/.ssh/config, agents, ProxyJump and
 * known_hosts all apply, and no SSH library or key handling lives in dockdash.
 * Each HTTP connection is one ssh process; the agent keeps connections alive so
 * one-shot requests share one, and every long stream (events, logs) holds its own.
 */
import {spawn} from 'node:child_process';
import http from 'node:http';
import {Duplex} from 'node:stream';

export interface SshTarget {
	host: string;
	port?: number;
	user?: string;
}

/** The ssh command line for a target: exported for tests. */
export function sshArguments(target: SshTarget): string[] {
	const args = ['-o', 'BatchMode=yes', '-T'];
	if (target.port) args.push('-p', String(target.port));
	if (target.user) args.push('-l', target.user);
	// "--" stops a host name that starts with "-" from being read as an option.
	args.push('--', target.host, 'docker', 'system', 'dial-stdio');
	return args;
}

class SshAgent extends http.Agent {
	constructor(private readonly target: SshTarget) {
		super({keepAlive: true, maxSockets: 8});
	}

	override createConnection(_options: unknown, callback?: (error: Error | null, socket: Duplex) => void): Duplex {
		const child = spawn(process.env['DOCKDASH_SSH'] || 'ssh', sshArguments(this.target), {stdio: ['pipe', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (text: string) => {
			stderr = (stderr + text).slice(-2000);
		});
		const duplex = Duplex.from({readable: child.stdout, writable: child.stdin});
		child.on('error', error => duplex.destroy(error));
		child.on('exit', code => {
			if (code && code !== 0) {
				const reason = stderr.trim().split('\n').pop() || `ssh exited with code ${code}`;
				duplex.destroy(Object.assign(new Error(`ssh to ${this.target.host} failed: ${reason}`), {code: 'ESSH'}));
			}
		});
		duplex.on('close', () => child.kill());
		// http.Agent expects a socket-like object; these are the calls it makes.
		Object.assign(duplex, {setKeepAlive: () => duplex, setNoDelay: () => duplex, setTimeout: () => duplex, ref: () => duplex, unref: () => duplex});
		callback?.(null, duplex);
		return duplex;
	}
}

export function createSshAgent(target: SshTarget): http.Agent {
	return new SshAgent(target);
}

/**
 * A throwaway sshd on 127.0.0.1 in front of a test engine, for ssh:// tests.
 * Everything lives in a temp folder: host key, a test client key, an
 * authorized_keys entry that sets DOCKER_HOST for the session (so the remote
 * `docker system dial-stdio` reaches the engine), and an ssh_config with a
 * host alias that the client side points at through DOCKDASH_SSH_CONFIG.
 * The system's sshd service and ~/.ssh are never touched.
 */
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {waitFor} from './engine.js';
import {freePort} from './free-port.js';

const execFileAsync = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
	/** The ssh_config alias for this server: use `ssh://<alias>`. */
	alias: string;
	port: number;
	dir: string;
	/** ssh_config file for DOCKDASH_SSH_CONFIG. */
	configFile: string;
	/** Environment for the client side: the config file, and an ssh wrapper that logs each ssh process it starts. */
	env: Record<string, string>;
	/** SSH connections the server accepted (one per successful authentication). */
	acceptedConnections: () => number;
	/** ssh processes dockdash started (each line of the wrapper's log is one). */
	sshProcesses: () => string[];
	/**
	 * The network goes away: the listener and every connection it serves are killed (SIGKILL,
	 * so no goodbye reaches the client) and nothing answers on the port until `restart()`.
	 */
	drop: () => Promise<void>;
	/** Listens again on the same port, with the same keys. */
	restart: () => Promise<void>;
	stop: () => Promise<void>;
}

/** Starts sshd; `dockerHost` is what the remote `docker` will use. */
export async function startTestSshd(dockerHost: string): Promise<TestSshd> {
	if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install openssh-server (.ci/run installs it)`);
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-sshd-'));
	const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dockdash-test', '-f', path.join(dir, file)]);
	keygen('host_key');
	keygen('client_key');
	const port = await freePort();
	const user = execFileSync('id', ['-un'], {encoding: 'utf8'}).trim();
	// The remote account is a clean one: HOME is a folder of the test's own, so the session's bash reads no
	// ~/.bashrc of the machine's (this machine's runs `pyenv init`, which waits 60 s on a rehash lock that a
	// session killed by drop() can leave behind: every later ssh test then timed out, CI of 5 Dec).
	const home = path.join(dir, 'home');
	mkdirSync(home, {mode: 0o700});
	writeFileSync(
		path.join(dir, 'authorized_keys'),
		`environment="DOCKER_HOST=${dockerHost}",environment="HOME=${home}" ${readFileSync(path.join(dir, 'client_key.pub'), 'utf8')}`,
		{mode: 0o600},
	);
	writeFileSync(
		path.join(dir, 'sshd_config'),
		[
			'ListenAddress 127.0.0.1',
			`Port ${port}`,
			`HostKey ${dir}/host_key`,
			`AuthorizedKeysFile ${dir}/authorized_keys`,
			`PidFile ${dir}/sshd.pid`,
			'PermitUserEnvironment DOCKER_HOST,HOME',
			'PermitRootLogin prohibit-password',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'UsePAM no',
			// The temp folder is the test's, not a home directory with the usual owners.
			'StrictModes no',
			'LogLevel VERBOSE',
			'',
		].join('\n'),
	);
	writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(path.join(dir, 'host_key.pub'), 'utf8')}`);
	const alias = 'dockdash-test-sshd';
	const configFile = path.join(dir, 'ssh_config');
	writeFileSync(
		configFile,
		[
			`Host ${alias}`,
			'  HostName 127.0.0.1',
			`  Port ${port}`,
			`  User ${user}`,
			`  IdentityFile ${dir}/client_key`,
			'  IdentitiesOnly yes',
			`  UserKnownHostsFile ${dir}/known_hosts`,
			'  StrictHostKeyChecking yes',
			'',
		].join('\n'),
	);
	const wrapper = path.join(dir, 'ssh-logged');
	writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${dir}/ssh-processes.log'\nexec ssh "$@"\n`, {mode: 0o755});
	// sshd refuses to start without its privilege separation folder.
	mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
	const pidFile = path.join(dir, 'sshd.pid');
	const start = async () => {
		await execFileAsync(SSHD, ['-f', path.join(dir, 'sshd_config'), '-E', path.join(dir, 'sshd.log')]);
		await waitFor(() => existsSync(pidFile), {what: 'sshd to write its pid file'});
	};
	await start();
	const read = (file: string) => (existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), 'utf8') : '');
	return {
		alias,
		port,
		dir,
		configFile,
		env: {DOCKDASH_SSH_CONFIG: configFile, DOCKDASH_SSH: wrapper},
		acceptedConnections: () => read('sshd.log').split('\n').filter(line => line.includes('Accepted publickey')).length,
		sshProcesses: () => read('ssh-processes.log').split('\n').filter(Boolean),
		drop: async () => {
			const pid = Number(readFileSync(pidFile, 'utf8').trim());
			rmSync(pidFile, {force: true});
			// Each connection is a child of the listener (and its privilege-separated child under it).
			const children = (pid: number): number[] => {
				try {
					return execFileSync('pgrep', ['-P', String(pid)], {encoding: 'utf8'}).split('\n').filter(Boolean).map(Number);
				} catch {
					return [];
				}
			};
			const tree = [pid];
			for (let index = 0; index < tree.length; index++) tree.push(...children(tree[index]!));
			for (const member of tree) {
				try {
					process.kill(member, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		},
		restart: start,
		stop: async () => {
			// After drop() without restart() nothing is listening.
			const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : undefined;
			try {
				if (pid) process.kill(pid, 'SIGTERM');
			} catch {
				// already gone
			}
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

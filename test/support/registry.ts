/**
 * A private registry on loopback for pull tests: Debian's docker-registry
 * (`apt-get install -y docker-registry`), its storage in a temp dir, stopped by
 * the test that started it. The engine trusts 127.0.0.0/8 without TLS.
 */
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {waitFor} from './engine.js';
import {freePort} from './free-port.js';

export interface LocalRegistry {
	/** "127.0.0.1:PORT", the prefix of every image reference in it. */
	host: string;
	stop: () => Promise<void>;
}

/**
 * A bcrypt line for an htpasswd file, made with python3's crypt (Debian's apache2-utils, which has htpasswd, may
 * be missing); undefined where neither is there, so a test can say why it cannot run. Cost 4: the registry checks
 * it on every request of a push, and the default cost 12 makes each check a quarter of a second.
 */
export function htpasswdLine(user: string, password: string): string | undefined {
	const viaHtpasswd = spawnSync('htpasswd', ['-nbB', '-C', '4', user, password], {encoding: 'utf8'});
	if (viaHtpasswd.status === 0) return viaHtpasswd.stdout.trim();
	const viaPython = spawnSync('python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))', password], {encoding: 'utf8'});
	const hash = viaPython.stdout?.trim();
	return viaPython.status === 0 && hash?.startsWith('$2') ? `${user}:${hash}` : undefined;
}

/** `htpasswd`: a line of an htpasswd file; the registry then wants basic auth for everything under /v2/. */
export async function startRegistry(binary = 'docker-registry', options: {htpasswd?: string} = {}): Promise<LocalRegistry> {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-registry-'));
	const port = await freePort();
	const config = path.join(dir, 'config.yml');
	const auth = options.htpasswd ? ['auth:', '  htpasswd:', '    realm: dockdash-test', `    path: ${path.join(dir, 'htpasswd')}`] : [];
	if (options.htpasswd) writeFileSync(path.join(dir, 'htpasswd'), `${options.htpasswd}\n`);
	writeFileSync(
		config,
		['version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(dir, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ...auth, ''].join('\n'),
	);
	const child: ChildProcess = spawn(binary, ['serve', config], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr?.on('data', chunk => (stderr += String(chunk)));
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(dir, {recursive: true, force: true});
	};
	try {
		await waitFor(
			async () => {
				if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr.trim()}`);
				const response = await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined);
				// With auth, an answer of 401 is the registry up and asking.
				return response?.ok || (options.htpasswd !== undefined && response?.status === 401);
			},
			{timeoutMs: 10_000, what: 'the registry to answer'},
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return {host: `127.0.0.1:${port}`, stop};
}

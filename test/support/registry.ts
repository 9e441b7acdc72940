/**
 * A private registry on loopback for pull tests: Debian's docker-registry
 * (`apt-get install -y docker-registry`), its storage in a temp dir, stopped by
 * the test that started it. The engine trusts 127.0.0.0/8 without TLS.
 */
import {type ChildProcess, spawn} from 'node:child_process';
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

export async function startRegistry(binary = 'docker-registry'): Promise<LocalRegistry> {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-registry-'));
	const port = await freePort();
	const config = path.join(dir, 'config.yml');
	writeFileSync(
		config,
		['version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(dir, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'),
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
				return response?.ok;
			},
			{timeoutMs: 10_000, what: 'the registry to answer'},
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return {host: `127.0.0.1:${port}`, stop};
}

/**
 * A private throwaway engine for tests that stop, restart or freeze their
 * engine: the shared one (DOCKER_HOST) stays untouched.
 */
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {freePort} from './free-port.js';

const execFileAsync = promisify(execFile);

export interface PrivateEngine {
	host: string;
	root: string;
	docker: (...args: string[]) => Promise<string>;
	pid: () => number;
	start: () => Promise<void>;
	stop: () => Promise<void>;
	/** Stops the engine and deletes its data root: what a test made there does not outlive it. */
	purge: () => Promise<void>;
}

export async function startPrivateEngine(name: string, extraArgs = ''): Promise<PrivateEngine> {
	// Per process: two test runs on one machine (a CI trial beside a developer's run) never share, or purge, an engine.
	const root = `/tmp/dd-engine-${name}-${process.pid}`;
	const env = {...process.env, DOCKDASH_ENGINE_ROOT: root, DOCKDASH_ENGINE_ARGS: extraArgs};
	const host = `unix://${root}/docker.sock`;
	const engine: PrivateEngine = {
		host,
		root,
		docker: async (...args) => (await execFileAsync('docker', args, {env: {...process.env, DOCKER_HOST: host}})).stdout.trim(),
		pid: () => Number(readFileSync(`${root}/dockerd.pid`, 'utf8').trim()),
		start: async () => {
			await execFileAsync('bash', ['scripts/engine.sh', 'start'], {env});
		},
		stop: async () => {
			await execFileAsync('bash', ['scripts/engine.sh', 'stop'], {env});
		},
		purge: async () => {
			await execFileAsync('bash', ['scripts/engine.sh', 'purge'], {env});
		},
	};
	// A fresh data root every time, should a process of the same number have left one behind.
	await engine.purge();
	await engine.start();
	await execFileAsync('bash', ['test/support/fixtures.sh'], {env: {...process.env, DOCKER_HOST: host}});
	return engine;
}

/**
 * Makes the engine a single-node swarm manager on a port of its own: two test files that each run a
 * swarm at the same time would otherwise both ask for the default 2377, and the second fails.
 */
export async function initSwarm(engine: PrivateEngine): Promise<void> {
	const address = `127.0.0.1:${await freePort()}`;
	await engine.docker('swarm', 'init', '--advertise-addr', address, '--listen-addr', address);
}

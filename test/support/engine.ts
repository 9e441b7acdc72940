/**
 * Helpers for tests that talk to the real engine (DOCKER_HOST, set by
 * scripts/test.mjs). Every object a test makes carries this run's label, so
 * test/support/cleanup.sh can remove whatever a crashed test left.
 */
import {execFile, execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {promisify} from 'node:util';
import {createEngine, type Engine, type EngineOptions} from '../../source/docker/engine.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';

const execFileAsync = promisify(execFile);

export const RUN_ID = process.env['DOCKDASH_TEST_RUN'] ?? `local-${process.pid}`;
export const TEST_LABEL = `dockdash.test=${RUN_ID}`;
export const BUSYBOX = 'dockdash-test/busybox:latest';

/** Runs the docker CLI against the test engine and returns its trimmed stdout. */
export async function docker(...args: string[]): Promise<string> {
	const {stdout} = await execFileAsync('docker', args, {maxBuffer: 64 * 1024 * 1024});
	return stdout.trim();
}

export function dockerSync(...args: string[]): string {
	return execFileSync('docker', args, {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024}).trim();
}

/** Whether the test engine keeps images in the containerd image store (Docker 28 with containerd-snapshotter, 29's default). */
export async function isContainerdStore(): Promise<boolean> {
	return (await docker('info', '--format', '{{json .DriverStatus}}')).includes('io.containerd.snapshotter');
}

/** A unique name for a test object, readable in `docker ps`. */
export function uniqueName(prefix: string): string {
	return `dd-${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Starts (or only creates) a labelled busybox container; returns its full ID. */
export async function makeContainer(options: {name?: string; command?: string[]; start?: boolean; extraArgs?: string[]} = {}): Promise<string> {
	const name = options.name ?? uniqueName('c');
	const command = options.command ?? ['sleep', '3600'];
	const verb = options.start === false ? 'create' : 'run';
	const detach = options.start === false ? [] : ['-d'];
	return docker(verb, ...detach, '--name', name, '--label', TEST_LABEL, '--network', 'none', ...(options.extraArgs ?? []), BUSYBOX, ...command);
}

/** Removes containers by ID or name, ignoring ones already gone. */
export async function removeContainers(...ids: string[]): Promise<void> {
	if (ids.length === 0) return;
	await execFileAsync('docker', ['rm', '-f', '-v', ...ids]).catch(() => undefined);
}

/** The engine adapter for the test engine. */
export function testEngine(options: EngineOptions = {}): Engine {
	return createEngine(resolveEndpoint(), options);
}

/** Polls until `check` returns a truthy value or the time is up; never a fixed sleep. */
export async function waitFor<T>(check: () => T | Promise<T>, options: {timeoutMs?: number; intervalMs?: number; what?: string | (() => string)} = {}): Promise<NonNullable<T>> {
	const deadline = Date.now() + (options.timeoutMs ?? 10_000);
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value) return value as NonNullable<T>;
		} catch (error) {
			last = error;
		}
		await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 50));
	}
	const what = typeof options.what === 'function' ? options.what() : options.what;
	throw new Error(`timed out waiting for ${what ?? 'a condition'}${last ? `: ${String(last)}` : ''}`);
}

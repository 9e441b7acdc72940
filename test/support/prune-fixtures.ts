/**
 * Objects for cleanup tests. Each carries the run's TEST_LABEL (for cleanup.sh)
 * and a SCOPE label unique to the test file: prunes in tests filter on the scope
 * label, so they can never reach another test file's objects, even in the same run.
 */
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {formatBytes} from '../../source/ui/format/units.js';
import {BUSYBOX, TEST_LABEL} from './engine.js';

export function pruneScope(): {key: string; value: string; label: string; filter: string} {
	const key = 'dockdash.test.scope';
	const value = randomBytes(4).toString('hex');
	return {key, value, label: `${key}=${value}`, filter: `label=${key}=${value}`};
}

/** Builds a tiny image (from the busybox fixture unless told) with the given labels; returns its ID. */
export function buildImage(tag: string | undefined, labels: string[], from = BUSYBOX): string {
	const dockerfile = `FROM ${from}\n${[TEST_LABEL, ...labels].map(label => `LABEL ${label.replace('=', '="')}"`).join('\n')}\n`;
	const args = ['build', '-q', ...(tag ? ['-t', tag] : []), '-'];
	return execFileSync('docker', args, {input: dockerfile, encoding: 'utf8', env: {...process.env, DOCKER_BUILDKIT: '0'}, stdio: ['pipe', 'pipe', 'pipe']}).trim();
}

/** Runs the docker CLI synchronously and returns the trimmed stdout. */
export function dockerRun(...args: string[]): string {
	return execFileSync('docker', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
}

/** IDs (or names, for volumes) that still exist, of the ones given. */
export function existing(kind: 'container' | 'image' | 'volume' | 'network', ids: readonly string[]): string[] {
	return ids.filter(id => {
		try {
			dockerRun(kind, 'inspect', id);
			return true;
		} catch {
			return false;
		}
	});
}

/** Removes whatever carries the scope label, quietly (after() of a test). */
export function removeScoped(label: string): void {
	const quiet = (...args: string[]) => {
		try {
			return dockerRun(...args);
		} catch {
			return '';
		}
	};
	const list = (out: string) => out.split('\n').filter(Boolean);
	const containers = list(quiet('ps', '-aq', '--filter', `label=${label}`));
	if (containers.length > 0) quiet('rm', '-f', ...containers);
	const networks = list(quiet('network', 'ls', '-q', '--filter', `label=${label}`));
	if (networks.length > 0) quiet('network', 'rm', ...networks);
	const volumes = list(quiet('volume', 'ls', '-q', '--filter', `label=${label}`));
	if (volumes.length > 0) quiet('volume', 'rm', '-f', ...volumes);
	const images = [...new Set(list(quiet('images', '-aq', '--no-trunc', '--filter', `label=${label}`)))];
	if (images.length > 0) quiet('rmi', '-f', ...images);
}

/**
 * A container's writable layer as the engine sizes it (`docker inspect --size`), as dockdash prints sizes: 0B for a
 * fresh container on overlay2, 4.1kB (one directory block) in the containerd store of Docker 28.
 */
export function containerSizeText(id: string): string {
	return formatBytes(Number(dockerRun('inspect', '--size', '--format', '{{if .SizeRw}}{{.SizeRw}}{{else}}0{{end}}', id)));
}

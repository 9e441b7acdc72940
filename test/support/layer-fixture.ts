/**
 * Builds the layer fixture image: files added, overwritten and deleted, a
 * directory removed and recreated (an opaque directory on overlay2), hard
 * links, symlinks, and names with an escape sequence and a non-UTF-8 byte.
 * Every size is fixed, so tests can assert them exactly.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {BUSYBOX, TEST_LABEL, docker, uniqueName} from './engine.js';

/** Raw (latin1-held) names of the odd files, as the model keys them. */
export const ESCAPE_NAME = 'data/esc\u001b[31mred';
export const NON_UTF8_NAME = Buffer.from([...Buffer.from('data/bad'), 0xff, ...Buffer.from('name')]).toString('latin1');

const DOCKERFILE = `FROM ${BUSYBOX}
RUN mkdir -p /data/opq/sub \\
 && head -c 1000 /dev/zero > /data/over \\
 && head -c 300 /dev/zero > /data/gone \\
 && head -c 50 /dev/zero > /data/opq/old \\
 && head -c 70 /dev/zero > /data/opq/sub/deep \\
 && head -c 2000 /dev/zero > /data/hl \\
 && ln /data/hl /data/hl2 \\
 && ln -s /data/over /data/sym \\
 && head -c 5 /dev/zero > "/data/esc$(printf '\\033')[31mred" \\
 && head -c 3 /dev/zero > "/data/bad$(printf '\\377')name"
ENV FIXTURE=layers
RUN head -c 10 /dev/zero > /data/over \\
 && rm /data/gone \\
 && rm -rf /data/opq \\
 && mkdir -p /data/opq \\
 && head -c 20 /dev/zero > /data/opq/new
`;

/** The fixture's expected figures (busybox's own two layers come first). */
export const FIXTURE = {
	/** Index of the first fixture layer (after busybox's two). */
	firstLayer: 2,
	layer2Bytes: 1000 + 300 + 50 + 70 + 2000 + 5 + 3,
	layer3Bytes: 10 + 20,
	wastedBytes: 1000 + 300 + 50 + 70,
	/** /data as seen in the final image. */
	finalDataBytes: 10 + 2000 + 5 + 3 + 20,
};

/** Builds the image (labelled for cleanup) and returns its tag. */
export async function buildLayerFixture(): Promise<string> {
	const tag = `dockdash-test/${uniqueName('layers')}:latest`;
	const dir = mkdtempSync(path.join(tmpdir(), 'dd-layers-'));
	try {
		writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
		await docker('build', '-q', '--label', TEST_LABEL, '-t', tag, dir);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	return tag;
}

/** Removes the fixture image. */
export async function removeLayerFixture(tag: string): Promise<void> {
	await docker('rmi', '-f', tag).catch(() => undefined);
}

/** The layout the engine's own `docker save` writes: OCI (an index.json) from Docker 25 on, the legacy one before. */
export function engineSaveLayout(tag: string): 'oci' | 'docker-save' {
	const names = execFileSync('sh', ['-c', 'docker save "$1" | tar -t', 'sh', tag], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	return names.split('\n').includes('index.json') ? 'oci' : 'docker-save';
}

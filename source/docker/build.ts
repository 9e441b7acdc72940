/**
 * `docker build` through the engine's /build (issue 13): the context sent as the docker CLI sends it
 * (.dockerignore honoured, the Dockerfile and .dockerignore always included), the output streamed as
 * lines, and cancelling by closing the request (the engine stops the build when its client goes).
 */
import {createHash} from 'node:crypto';
import {lstatSync, readdirSync, readFileSync, readlinkSync} from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import dockerIgnoreModule from '@balena/dockerignore';
import {sanitize} from '../model/sanitize.js';
import type {Engine} from './engine.js';

// dockerode's own .dockerignore reader (a port of the docker CLI's rules), so the files listed and hashed here are
// exactly the ones dockerode packs. A CommonJS module: its function is the default under one loader, the module under another.
type IgnoreFactory = (options?: {ignorecase?: boolean}) => {add: (patterns: string) => {createFilter: () => (file: string) => boolean}};
const DockerIgnore = ((dockerIgnoreModule as unknown as {default?: IgnoreFactory}).default ?? (dockerIgnoreModule as unknown as IgnoreFactory)) as IgnoreFactory;

/** Every file of the context the docker CLI would send, as context-relative paths with '/', sorted. */
export function contextFiles(contextDir: string, dockerfile = 'Dockerfile'): string[] {
	let ignoreText = '';
	try {
		ignoreText = readFileSync(path.join(contextDir, '.dockerignore'), 'utf8');
	} catch {
		// no .dockerignore: everything goes
	}
	const filter = DockerIgnore({ignorecase: false}).add(ignoreText).createFilter();
	const files: string[] = [];
	const walk = (relative: string) => {
		for (const entry of readdirSync(path.join(contextDir, relative), {withFileTypes: true})) {
			const name = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) walk(name);
			else files.push(name);
		}
	};
	walk('');
	// The builder needs these two whatever .dockerignore says (the docker CLI sends them too).
	const always = new Set([dockerfile.replace(/^\.\//, ''), '.dockerignore']);
	return files.filter(file => always.has(file) || filter(file)).sort();
}

/** Files larger than this are told apart by size and modification time, not read (the dashboard must not stall on a huge context). */
const HASH_LIMIT_BYTES = 8 * 1024 * 1024;
/** Bytes read in all before every further file is told apart by size and time. */
const HASH_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Content hashes of the context's files, to name the ones a COPY saw change since the last build. A symlink is
 * hashed by its target's name (the builder copies the link, not what it points to), never followed.
 */
export function hashContext(contextDir: string, files: readonly string[]): Record<string, string> {
	const out: Record<string, string> = {};
	let budget = HASH_BUDGET_BYTES;
	for (const file of files) {
		const full = path.join(contextDir, file);
		const stat = lstatSync(full);
		const hash = createHash('sha256');
		if (stat.isSymbolicLink()) hash.update(`link:${readlinkSync(full)}`);
		else if (!stat.isFile() || stat.size > HASH_LIMIT_BYTES || stat.size > budget) hash.update(`stat:${stat.size}:${stat.mtimeMs}`);
		else {
			budget -= stat.size;
			hash.update(readFileSync(full));
		}
		out[file] = hash.digest('hex').slice(0, 16);
	}
	return out;
}

export interface BuildRequest {
	contextDir: string;
	/** Relative to the context (default Dockerfile). */
	dockerfile?: string;
	tags: readonly string[];
	buildArgs: Readonly<Record<string, string>>;
	labels?: Readonly<Record<string, string>>;
	files: readonly string[];
	signal?: AbortSignal;
	/** Each line of output as it comes (sanitized). */
	onLine: (line: string) => void;
}

/** Runs a build with the classic builder (its "Step N/M" output is what the cache report reads). Resolves with the image ID; rejects with the builder's error. */
export async function buildImage(engine: Engine, request: BuildRequest): Promise<string | undefined> {
	engine.assertWritable('build image');
	const stream = (await engine.docker.buildImage(
		{context: request.contextDir, src: [...request.files]},
		{
			t: [...request.tags],
			dockerfile: request.dockerfile ?? 'Dockerfile',
			buildargs: {...request.buildArgs},
			...(request.labels ? {labels: {...request.labels}} : {}),
			rm: true,
			forcerm: true,
			version: '1',
			abortSignal: request.signal,
		} as object,
	)) as Readable;
	let imageId: string | undefined;
	let failure: string | undefined;
	let pending = '';
	const handle = (text: string) => {
		let message: {stream?: string; error?: string; errorDetail?: {message?: string}; aux?: {ID?: string}};
		try {
			message = JSON.parse(text);
		} catch {
			return;
		}
		if (message.aux?.ID) imageId = message.aux.ID;
		if (message.error) failure = sanitize(message.errorDetail?.message ?? message.error);
		for (const line of (message.stream ?? '').split('\n')) if (line.trim()) request.onLine(sanitize(line.replace(/\r$/, '')));
	};
	await new Promise<void>((resolve, reject) => {
		stream.on('data', (chunk: Buffer) => {
			pending += chunk.toString('utf8');
			let newline = pending.indexOf('\n');
			while (newline >= 0) {
				handle(pending.slice(0, newline));
				pending = pending.slice(newline + 1);
				newline = pending.indexOf('\n');
			}
		});
		stream.on('end', () => resolve());
		stream.on('close', () => resolve());
		stream.on('error', reject);
		request.signal?.addEventListener('abort', () => {
			stream.destroy();
			reject(new Error('build cancelled'));
		});
	});
	if (pending.trim()) handle(pending);
	if (failure) throw new Error(failure);
	return imageId;
}

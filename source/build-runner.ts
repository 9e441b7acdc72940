/**
 * One build, as the CLI (`dockdash build`) and the Images pane run it (issue 13): the context listed and
 * hashed, the engine's output folded into steps, and afterwards the cache report against the last build of
 * the same Dockerfile, remembered in the XDG state folder ($XDG_STATE_HOME/dockdash/builds.json).
 */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {buildImage, contextFiles, hashContext} from './docker/build.js';
import type {Engine} from './docker/engine.js';
import {describeEngineError} from './docker/errors.js';
import {type BuildPort, type BuildProgress, type BuildRecord, type CacheReport, cacheReport, foldBuildLine} from './model/build.js';

export interface BuildOptions {
	contextDir: string;
	dockerfile?: string;
	tags: string[];
	buildArgs: Record<string, string>;
	labels?: Record<string, string>;
	signal?: AbortSignal;
	env?: NodeJS.ProcessEnv;
	now?: () => number;
}

export interface BuildOutcome {
	progress: BuildProgress;
	report?: CacheReport;
	error?: string;
}

function historyFile(env: NodeJS.ProcessEnv): string {
	const base = env['XDG_STATE_HOME'] || path.join(env['HOME'] || homedir(), '.local', 'state');
	return path.join(base, 'dockdash', 'builds.json');
}

function readRecords(file: string): Record<string, BuildRecord> {
	try {
		const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, BuildRecord>;
		return raw && typeof raw === 'object' ? raw : {};
	} catch {
		return {};
	}
}

/** The Dockerfile's instructions as the builder prints them ("RUN npm ci"), continuation lines joined. */
export function dockerfileInstructions(text: string): string[] {
	const joined = text.replace(/\\\r?\n/g, ' ');
	return joined
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line && !line.startsWith('#'))
		.map(line => line.replace(/\s+/g, ' '))
		.map(line => line.replace(/^(\w+)/, word => word.toUpperCase()));
}

/** Runs the build; `onProgress` hears every change. Never throws: a failure is the outcome's error. */
export async function runBuild(engine: Engine, options: BuildOptions, onProgress: (progress: BuildProgress) => void): Promise<BuildOutcome> {
	const env = options.env ?? process.env;
	const now = options.now ?? (() => performance.now());
	const dockerfile = options.dockerfile ?? 'Dockerfile';
	let progress: BuildProgress = {steps: [], preamble: []};
	let current: BuildRecord;
	let files: string[];
	try {
		files = contextFiles(options.contextDir, dockerfile);
		const text = readFileSync(path.join(options.contextDir, dockerfile), 'utf8');
		current = {instructions: dockerfileInstructions(text), buildArgs: options.buildArgs, files: hashContext(options.contextDir, files)};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const problem = code === 'ENOENT' ? `no such file or directory: ${(error as NodeJS.ErrnoException).path ?? options.contextDir}` : (error as Error).message;
		return {progress, error: problem};
	}
	try {
		const imageId = await buildImage(engine, {
			contextDir: options.contextDir,
			dockerfile,
			tags: options.tags,
			buildArgs: options.buildArgs,
			labels: options.labels,
			files,
			signal: options.signal,
			onLine: line => {
				progress = foldBuildLine(progress, line, now());
				onProgress(progress);
			},
		});
		progress = foldBuildLine(progress, imageId ? `Successfully built ${imageId.replace(/^sha256:/, '').slice(0, 12)}` : '', now());
		progress = {...progress, imageId: imageId ?? progress.imageId};
		onProgress(progress);
	} catch (error) {
		// Close the running step's clock, so the report's times are the build's.
		const last = progress.steps.at(-1);
		if (last && last.ms === undefined) progress = {...progress, steps: [...progress.steps.slice(0, -1), {...last, ms: now() - last.startedMs}]};
		progress = {...progress, error: options.signal?.aborted ? 'build cancelled' : describeEngineError(error, engine.endpoint)};
		onProgress(progress);
		return {progress, error: progress.error};
	}
	const file = historyFile(env);
	const key = path.resolve(options.contextDir, dockerfile);
	const records = readRecords(file);
	const report = cacheReport(progress.steps, current, records[key]);
	try {
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		const temporary = `${file}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify({...records, [key]: current}), {mode: 0o600});
		renameSync(temporary, file);
	} catch {
		// The report of the next build is the only loss.
	}
	return {progress, report};
}

/** The Images pane's build port: relative paths are taken from dockdash's working directory, as the docker CLI does. */
export function createBuildPort(engine: Engine): BuildPort {
	return {
		start: (request, onProgress, signal) =>
			runBuild(engine, {contextDir: path.resolve(request.contextDir), dockerfile: request.dockerfile, tags: request.tags, buildArgs: request.buildArgs, signal}, onProgress),
	};
}

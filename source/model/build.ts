/**
 * Builds (issue 13): the engine's build output read into steps (cached or built, time, log), and the
 * cache report after a build — the first step that missed the cache, why, what re-ran because of it,
 * and the advice that applies to the Dockerfile. Pure: the engine's stream comes in as lines with
 * times, the context's file hashes and the last build of the same Dockerfile as plain records.
 */
import {Observable} from './observable.js';

export interface BuildStep {
	/** 1-based, as the builder numbers them. */
	index: number;
	instruction: string;
	/** undefined while the step runs and for steps that need no cache (FROM). */
	isCached?: boolean;
	startedMs: number;
	ms?: number;
	log: string[];
}

export interface BuildProgress {
	steps: BuildStep[];
	total?: number;
	imageId?: string;
	error?: string;
	/** Lines before the first step (sending the context). */
	preamble: string[];
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;

/** Folds one line of the builder's output into the progress (the classic builder's "Step N/M : …" format). */
export function foldBuildLine(progress: BuildProgress, line: string, nowMs: number): BuildProgress {
	const step = STEP.exec(line);
	const steps = [...progress.steps];
	const last = steps.at(-1);
	const finish = (at: number) => {
		if (last && last.ms === undefined) steps[steps.length - 1] = {...last, ms: at - last.startedMs};
	};
	if (step) {
		finish(nowMs);
		steps.push({index: Number(step[1]), instruction: step[3]!, startedMs: nowMs, log: []});
		return {...progress, steps, total: Number(step[2])};
	}
	if (!last) return {...progress, preamble: [...progress.preamble, line]};
	const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
	if (built) {
		finish(nowMs);
		return {...progress, steps, imageId: built[1]};
	}
	if (/^Successfully tagged /.test(line)) return progress;
	let updated = last;
	if (/^ ---> Using cache$/.test(line)) updated = {...last, isCached: true};
	else if (/^ ---> Running in [0-9a-f]+$/.test(line) && last.isCached === undefined) updated = {...last, isCached: false};
	else if (!/^ ---> /.test(line) && !/^Removing intermediate container /.test(line)) updated = {...last, log: [...last.log, line]};
	// A step that only changes metadata (ENV, LABEL…) and was not cached is built without a container.
	if (/^ ---> [0-9a-f]+$/.test(line) && last.isCached === undefined && !/^FROM\b/i.test(last.instruction)) updated = {...updated, isCached: false};
	steps[steps.length - 1] = updated;
	return {...progress, steps};
}

/** What is remembered of a build, per Dockerfile, to explain the next one. */
export interface BuildRecord {
	instructions: string[];
	buildArgs: Record<string, string>;
	/** Context path → content hash. */
	files: Record<string, string>;
}

export interface CacheReport {
	/** Undefined when every step came from the cache. */
	firstMiss?: {index: number; instruction: string; reason: string; changedFiles?: string[]};
	/** Steps after the first miss that ran again, and their time. */
	rerun: {count: number; ms: number};
	advice: string[];
}

/** A COPY/ADD source pattern as a test on context paths (".", a directory, a file, * and ? wildcards). */
function sourceMatcher(source: string): (file: string) => boolean {
	const clean = source.replace(/^\.\//, '').replace(/\/+$/, '');
	if (clean === '' || clean === '.') return () => true;
	if (/[*?[]/.test(clean)) {
		const pattern = new RegExp(`^${clean.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}(/.*)?$`);
		return file => pattern.test(file);
	}
	return file => file === clean || file.startsWith(`${clean}/`);
}

/** The sources of a COPY or ADD (without flags and the destination), or undefined for another instruction. */
export function copySources(instruction: string): string[] | undefined {
	const match = /^(COPY|ADD)\s+(.*)$/i.exec(instruction.trim());
	if (!match) return undefined;
	const body = match[2]!.trim();
	let words: string[];
	if (body.startsWith('[')) {
		try {
			words = JSON.parse(body) as string[];
		} catch {
			return undefined;
		}
	} else words = body.split(/\s+/).filter(word => !word.startsWith('--'));
	// A COPY --from=stage copies from another image: no context file is involved.
	if (/--from=/.test(body)) return [];
	return words.slice(0, -1);
}

const INSTALLS = /\b(npm (ci|install|i)\b|yarn( install)?\b|pnpm install|pip3? install|poetry install|bundle install|go mod download|composer install|cargo (build|fetch))/;

/** Advice for the Dockerfile's steps, as the docs teach it. */
export function dockerfileAdvice(instructions: readonly string[]): string[] {
	const advice: string[] = [];
	const wholeCopy = instructions.findIndex(text => (copySources(text) ?? []).some(source => ['.', './'].includes(source)));
	const install = instructions.findIndex((text, index) => index > wholeCopy && /^RUN\b/i.test(text) && INSTALLS.test(text));
	if (wholeCopy >= 0 && install > wholeCopy) {
		advice.push(
			`step ${install + 1} installs dependencies after step ${wholeCopy + 1} copies the whole context, so any source change re-runs the install: copy the dependency manifests (package.json and its lock file, requirements.txt, go.mod/go.sum …) and install them before copying the rest of the source`,
		);
	}
	for (const [index, text] of instructions.entries()) {
		if (/^RUN\b/i.test(text) && /apt-get update/.test(text) && !/apt-get (-\S+ )*install/.test(text)) {
			advice.push(`step ${index + 1} runs apt-get update alone: its cached result goes stale while later installs reuse it; merge it with its install in one RUN (apt-get update && apt-get install -y …)`);
		}
		const cleans =
			(/apt-get (-\S+ )*install/.test(text) && !/rm -rf \/var\/lib\/apt\/lists/.test(text)) ||
			(/apk add/.test(text) && !/--no-cache/.test(text)) ||
			(/pip3? install/.test(text) && !/--no-cache-dir/.test(text));
		if (/^RUN\b/i.test(text) && cleans) {
			advice.push(`step ${index + 1} leaves its package cache in the layer: clean it in the same RUN (rm -rf /var/lib/apt/lists/*, apk add --no-cache, pip install --no-cache-dir)`);
		}
	}
	return advice;
}

/** The report for a finished build, from its steps, this build's inputs and the last build of the same Dockerfile. */
export function cacheReport(steps: readonly BuildStep[], current: BuildRecord, previous: BuildRecord | undefined): CacheReport {
	const advice = dockerfileAdvice(current.instructions);
	const missIndex = steps.findIndex(step => step.isCached === false);
	if (missIndex < 0) return {rerun: {count: 0, ms: 0}, advice};
	const miss = steps[missIndex]!;
	const after = steps.slice(missIndex + 1).filter(step => step.isCached === false);
	const rerun = {count: after.length, ms: after.reduce((sum, step) => sum + (step.ms ?? 0), 0)};
	const position = miss.index - 1;
	let reason: string;
	let changedFiles: string[] | undefined;
	if (!previous) reason = 'no earlier build of this Dockerfile is known to dockdash, and the engine had no cache for it';
	else if (previous.instructions[position] !== current.instructions[position]) {
		reason = previous.instructions[position] === undefined ? 'a new step' : `the instruction changed (it was: ${previous.instructions[position]})`;
	} else {
		const sources = copySources(current.instructions[position] ?? '');
		const args = Object.keys({...previous.buildArgs, ...current.buildArgs})
			.filter(key => previous.buildArgs[key] !== current.buildArgs[key])
			.sort();
		if (sources && sources.length > 0) {
			const matchers = sources.map(sourceMatcher);
			const inScope = (file: string) => matchers.some(match => match(file));
			const names = new Set([...Object.keys(previous.files), ...Object.keys(current.files)]);
			changedFiles = [...names].filter(file => inScope(file) && previous.files[file] !== current.files[file]).sort();
			reason = changedFiles.length > 0 ? `files it copies changed: ${changedFiles.slice(0, 10).join(', ')}${changedFiles.length > 10 ? ` and ${changedFiles.length - 10} more` : ''}` : 'no file it copies changed since the last build: the engine no longer had the cache (pruned, or built elsewhere)';
		} else if (args.length > 0) {
			reason = `build arg ${args.map(key => `${key} (${previous.buildArgs[key] ?? 'unset'} → ${current.buildArgs[key] ?? 'unset'})`).join(', ')} changed`;
		} else if (missIndex > 0 && steps.slice(0, missIndex).every(step => step.isCached !== false)) {
			reason = 'nothing dockdash can see changed: the engine no longer had the cache (pruned, or built elsewhere)';
		} else reason = 'an earlier step changed';
	}
	return {firstMiss: {index: miss.index, instruction: miss.instruction, reason, ...(changedFiles ? {changedFiles} : {})}, rerun, advice};
}

/** The report as lines for a terminal. */
export function cacheReportLines(report: CacheReport, formatMs: (ms: number) => string): string[] {
	const lines: string[] = [];
	if (!report.firstMiss) lines.push('cache: every step came from the cache');
	else {
		lines.push(`cache: first miss at step ${report.firstMiss.index}: ${report.firstMiss.instruction}`);
		lines.push(`  why: ${report.firstMiss.reason}`);
		lines.push(report.rerun.count > 0 ? `  ${report.rerun.count} later step${report.rerun.count === 1 ? '' : 's'} ran again because of it: ${formatMs(report.rerun.ms)}` : '  no later step ran again because of it');
	}
	for (const advice of report.advice) lines.push(`advice: ${advice}`);
	return lines;
}

/** What the Images pane's build prompt takes: PATH [-t TAG]… [-f FILE] [--build-arg K=V]…, as on the command line. */
export interface BuildRequestLine {
	contextDir: string;
	tags: string[];
	dockerfile?: string;
	buildArgs: Record<string, string>;
}

/** Reads the prompt's words (already split as a shell would); an error is one line naming the fix. */
export function parseBuildWords(words: readonly string[]): BuildRequestLine | {error: string} {
	const out: BuildRequestLine = {contextDir: '', tags: [], buildArgs: {}};
	const paths: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		const value = () => words[++index];
		if (word === '-t' || word === '--tag') {
			const tag = value();
			if (!tag) return {error: `${word} needs a name: -t NAME[:TAG]`};
			out.tags.push(tag);
		} else if (word === '-f' || word === '--file') {
			const file = value();
			if (!file) return {error: `${word} needs a file: -f Dockerfile.dev`};
			out.dockerfile = file;
		} else if (word === '--build-arg') {
			const pair = value() ?? '';
			const equals = pair.indexOf('=');
			if (equals <= 0) return {error: `--build-arg takes KEY=VALUE, not "${pair}"`};
			out.buildArgs[pair.slice(0, equals)] = pair.slice(equals + 1);
		} else if (word.startsWith('-')) return {error: `unknown option ${word}: -t, -f and --build-arg are known`};
		else paths.push(word);
	}
	if (paths.length !== 1) return {error: 'name one directory to build: PATH [-t TAG] [-f FILE] [--build-arg K=V]'};
	out.contextDir = paths[0]!;
	return out;
}

/** The running (or last) build, as the Images pane shows it. */
export interface BuildState {
	request: BuildRequestLine;
	progress: BuildProgress;
	isDone: boolean;
	error?: string;
	report?: CacheReport;
}

/** Starting and cancelling builds (source/build-runner.ts behind it). */
export interface BuildPort {
	start: (request: BuildRequestLine, onProgress: (progress: BuildProgress) => void, signal: AbortSignal) => Promise<{progress: BuildProgress; report?: CacheReport; error?: string}>;
}

/** One build at a time, its state observable; cancelling aborts the request, which stops the build on the engine. */
export class BuildTracker {
	readonly state = new Observable<BuildState | undefined>(undefined);
	private controller: AbortController | undefined;

	constructor(private readonly port: BuildPort, private readonly onFinished: () => void = () => undefined) {}

	get isRunning(): boolean {
		return this.controller !== undefined;
	}

	async start(request: BuildRequestLine): Promise<BuildState> {
		if (this.controller) throw new Error('a build is running: cancel it first');
		const controller = new AbortController();
		this.controller = controller;
		this.state.set({request, progress: {steps: [], preamble: []}, isDone: false});
		const outcome = await this.port.start(request, progress => this.state.update(current => current && {...current, progress}), controller.signal);
		this.controller = undefined;
		const final: BuildState = {request, progress: outcome.progress, isDone: true, error: outcome.error, report: outcome.report};
		this.state.set(final);
		this.onFinished();
		return final;
	}

	cancel(): void {
		this.controller?.abort();
	}

	dismiss(): void {
		if (!this.controller) this.state.set(undefined);
	}
}

/**
 * `dockdash build PATH -t TAG [-f FILE] [--build-arg K=V] [--json]` (issue 13): builds with the engine's
 * builder, one line per step (cached or built, its time), then the cache report. Exit codes:
 *   0  built
 *   1  bad usage, an unreachable engine, or the build failed (the failing step's log is printed)
 *   130 interrupted (Ctrl-C cancels the build on the engine)
 */
import {createEngine} from '../docker/engine.js';
import {type BuildStep, cacheReportLines} from '../model/build.js';
import {sanitize} from '../model/sanitize.js';
import {runBuild} from '../build-runner.js';
import {UsageError, endpointFromFlags, parseCommandArgs, takeTlsFlags} from './cli-error.js';

export const BUILD_HELP = `
  Usage
    $ dockdash build PATH [-t TAG]… [-f FILE] [--build-arg K=V]… [--json]

  Builds the image from the directory PATH (its .dockerignore honoured), one line per
  step: cached or built, and its time. Then the cache report: the first step that missed
  the cache and why (the instruction, a build arg, or the files a COPY copies that
  changed since the last build of the same Dockerfile), what re-ran because of it, and advice.

  Options
    -t, --tag NAME[:TAG]      name the image (repeatable)
    -f, --file FILE           the Dockerfile, relative to PATH (default Dockerfile)
        --build-arg K=V       a build argument (repeatable)
        --json                print the steps and the cache report as JSON
    -H, --host, -c, --context the engine, as for the dashboard
`;

export function formatMs(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** A finished step as one line: "[2/5] cached  0.0s  COPY package.json ./". */
export function stepLine(step: BuildStep, total: number | undefined): string {
	const state = step.isCached === true ? 'cached' : step.isCached === false ? 'built ' : '      ';
	return `[${step.index}/${total ?? '?'}] ${state} ${formatMs(step.ms ?? 0).padStart(6)}  ${step.instruction}`;
}

export async function runBuildCommand(argv: string[], output: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream} = process): Promise<number> {
	const {tlsFlags, rest} = takeTlsFlags(argv);
	const {values, positionals} = parseCommandArgs(
		rest,
		{
			tag: {type: 'string', short: 't', multiple: true},
			file: {type: 'string', short: 'f'},
			'build-arg': {type: 'string', multiple: true},
			json: {type: 'boolean'},
			host: {type: 'string', short: 'H'},
			context: {type: 'string', short: 'c'},
			help: {type: 'boolean', short: 'h'},
		},
		'build',
	);
	if (values.help) {
		output.stdout.write(BUILD_HELP);
		return 0;
	}
	if (positionals.length !== 1) throw new UsageError('name one directory to build: dockdash build PATH [-t TAG]');
	const buildArgs: Record<string, string> = {};
	for (const pair of values['build-arg'] ?? []) {
		const equals = pair.indexOf('=');
		if (equals <= 0) throw new UsageError(`--build-arg takes KEY=VALUE, not "${sanitize(pair)}"`);
		buildArgs[pair.slice(0, equals)] = pair.slice(equals + 1);
	}
	const engine = createEngine(endpointFromFlags(values.host, values.context, tlsFlags));
	const controller = new AbortController();
	const interrupt = () => controller.abort();
	process.once('SIGINT', interrupt);
	let printed = 0;
	const outcome = await runBuild(engine, {contextDir: positionals[0]!, dockerfile: values.file, tags: values.tag ?? [], buildArgs, signal: controller.signal}, progress => {
		if (values.json) return;
		// A step is printed once it is finished (the next began, or the build ended).
		const done = progress.steps.filter(step => step.ms !== undefined);
		for (const step of done.slice(printed)) output.stdout.write(`${stepLine(step, progress.total)}\n`);
		printed = done.length;
	});
	process.off('SIGINT', interrupt);
	const {progress, report, error} = outcome;
	if (values.json) {
		output.stdout.write(
			`${JSON.stringify(
				{
					ok: !error,
					...(error ? {error} : {}),
					imageId: progress.imageId,
					tags: values.tag ?? [],
					steps: progress.steps.map(step => ({index: step.index, instruction: step.instruction, cached: step.isCached ?? null, ms: Math.round(step.ms ?? 0)})),
					cache: report ?? null,
				},
				null,
				2,
			)}\n`,
		);
	} else if (error) {
		const failed = progress.steps.at(-1);
		for (const line of failed?.log.slice(-20) ?? []) output.stderr.write(`  | ${line}\n`);
		output.stderr.write(`dockdash: build failed${failed ? ` at step ${failed.index}` : ''}: ${sanitize(error)}\n`);
	} else {
		output.stdout.write(`built ${progress.imageId ?? ''}${values.tag?.length ? ` as ${values.tag.join(', ')}` : ''}\n`);
		for (const line of cacheReportLines(report!, formatMs)) output.stdout.write(`${line}\n`);
	}
	if (controller.signal.aborted) return 130;
	return error ? 1 : 0;
}

/**
 * `dockdash layers IMAGE`: the layer table and efficiency without the
 * dashboard, for scripts and CI. Exit codes:
 *   0  analysed (and, with --ci, every threshold passed)
 *   1  could not analyse: bad usage, no such image, unreachable engine,
 *      unreadable/truncated/corrupt archive
 *   2  --ci: the image fails at least one threshold
 *   130 interrupted (Ctrl-C)
 */
import {parseArgs} from 'node:util';
import {createEngine, type Engine} from '../docker/engine.js';
import {type ArchiveProgress, type ImageArchive, ImageArchiveError, analyseArchive, readImageArchiveFile, readImageFromEngine} from '../docker/image-archive.js';
import type {ImageAnalysis} from '../model/layers/index.js';
import {TarError, displayPath} from '../model/layers/index.js';
import {type FileDifference, type FileFacts, type ImageComparison, compareImages} from '../model/layers/compare.js';
import {sanitize} from '../model/sanitize.js';
import {truncate} from '../ui/format/text.js';
import {formatBytes} from '../ui/format/units.js';
import {UsageError, endpointFromFlags, takeTlsFlags} from './cli-error.js';
import {plural} from '../model/plural.js';

export const LAYERS_HELP = `
  Usage
    $ dockdash layers IMAGE [options]
    $ dockdash layers --archive PATH [IMAGE] [options]
    $ dockdash layers IMAGE --compare OTHER [options]

  Prints the image's layers beside the steps that made them, its efficiency
  (bytes shipped that later layers overwrite or delete) and advice.

  Options
        --json                          print the analysis as JSON
        --archive PATH                  read a docker save / OCI archive file (no engine needed)
        --platform OS/ARCH              the platform to analyse in a multi-platform image or archive
        --compare OTHER                 compare with another image: shared layers, files that differ
        --compare-archive PATH          compare with an image in an archive file
        --top N                         wasted paths to list (default 10)
        --ci                            check thresholds; exit 2 when one fails
        --lowest-efficiency RATIO       fail below this efficiency (0.9 or 90%)
        --highest-wasted-bytes SIZE     fail above this many wasted bytes (20MB, 1.5GiB, 1000)
        --highest-wasted-percent RATIO  fail above this waste, as a share of the final image (0.1 or 10%)
    -H, --host ADDRESS                  engine address (as for the dashboard)
    -c, --context NAME                  docker context
        --tlsverify, --tls, --tlscacert, --tlscert, --tlskey
                                        TLS as for the dashboard (see dockdash --help)
    -h, --help                          print this help

  With --ci and no threshold, --lowest-efficiency 0.9 and --highest-wasted-percent 10% apply.

  Exit codes
    0  analysed; with --ci, every threshold passed
    1  could not analyse (bad usage, no such image, engine unreachable, bad archive)
    2  with --ci, the image failed at least one threshold
`;

/** Exit codes of `dockdash layers`. */
export const LAYERS_EXIT = {ok: 0, error: 1, thresholdFailed: 2, interrupted: 130} as const;

/** One CI threshold and how the image did against it. */
export interface CiCheck {
	name: 'lowest-efficiency' | 'highest-wasted-bytes' | 'highest-wasted-percent';
	limit: number;
	actual: number;
	isPassed: boolean;
}

const SIZE_UNITS: Record<string, number> = {'': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, k: 1e3, m: 1e6, g: 1e9};

/** Parses "20MB", "1.5GiB", "1000" into bytes. */
export function parseSize(text: string, flag: string): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
	const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
	if (!match || unit === undefined) throw new UsageError(`${flag} takes a size such as 20MB, 1.5GiB or 1000, not "${sanitize(text)}"`);
	return Math.round(Number(match[1]) * unit);
}

/** Parses "0.9" or "90%" into a ratio in [0, 1]. */
export function parseRatio(text: string, flag: string): number {
	const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
	const value = percent ? Number(percent[1]) / 100 : /^\s*\d*\.?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`${flag} takes a ratio from 0 to 1 or a percentage (0.9 or 90%), not "${sanitize(text)}"`);
	return value;
}

/** Evaluates the thresholds against an analysis. */
export function checkThresholds(analysis: ImageAnalysis, limits: {lowestEfficiency?: number; highestWastedBytes?: number; highestWastedPercent?: number}): CiCheck[] {
	const {efficiency} = analysis;
	const checks: CiCheck[] = [];
	if (limits.lowestEfficiency !== undefined) {
		checks.push({name: 'lowest-efficiency', limit: limits.lowestEfficiency, actual: efficiency.score, isPassed: efficiency.score >= limits.lowestEfficiency});
	}
	if (limits.highestWastedBytes !== undefined) {
		checks.push({name: 'highest-wasted-bytes', limit: limits.highestWastedBytes, actual: efficiency.wastedBytes, isPassed: efficiency.wastedBytes <= limits.highestWastedBytes});
	}
	if (limits.highestWastedPercent !== undefined) {
		checks.push({name: 'highest-wasted-percent', limit: limits.highestWastedPercent, actual: efficiency.wastedRatio, isPassed: efficiency.wastedRatio <= limits.highestWastedPercent});
	}
	return checks;
}

function percent(ratio: number): string {
	return `${(ratio * 100).toFixed(1)}%`;
}

function describeCheck(check: CiCheck): string {
	const show = check.name === 'highest-wasted-bytes' ? (value: number) => `${formatBytes(value)} (${value} B)` : percent;
	const relation = check.name === 'lowest-efficiency' ? '>=' : '<=';
	return `${check.isPassed ? 'PASS' : 'FAIL'}  ${check.name}: ${show(check.actual)} (must be ${relation} ${show(check.limit)})`;
}

/** The human-readable report: layer table, efficiency, wasted paths, advice. */
export function formatLayersReport(archive: ImageArchive, analysis: ImageAnalysis, options: {width: number; top: number; checks?: CiCheck[]}): string {
	const lines: string[] = [];
	const name = archive.references[0] ?? archive.imageId ?? 'image';
	lines.push(`${name}  ${archive.imageId ? archive.imageId.replace(/^sha256:/, '').slice(0, 12) : ''}  ${archive.platform ?? ''}  (${archive.layout} layout)`.replace(/\s+\(/, '  ('));
	if (archive.platforms.length > 1) lines.push(`platforms: ${archive.platforms.join(', ')} (--platform OS/ARCH reads another)`);
	lines.push('');
	const header = `${'LAYER'.padStart(5)}  ${'SIZE'.padStart(8)}  ${'FILES'.padStart(6)}  ${'WASTED'.padStart(8)}  INSTRUCTION`;
	lines.push(header);
	const instructionWidth = Math.max(20, options.width - header.length + 'INSTRUCTION'.length);
	const shown = new Set<number>();
	for (const step of analysis.steps) {
		const layer = step.layerIndex === undefined ? undefined : analysis.layers[step.layerIndex];
		if (layer) {
			shown.add(layer.index);
			lines.push(`${String(layer.index).padStart(5)}  ${formatBytes(layer.bytes).padStart(8)}  ${String(layer.entryCount).padStart(6)}  ${formatBytes(layer.wastedBytes).padStart(8)}  ${truncate(step.instruction, instructionWidth)}`);
		} else {
			lines.push(`${'-'.padStart(5)}  ${''.padStart(8)}  ${''.padStart(6)}  ${''.padStart(8)}  ${truncate(`${step.instruction} (metadata, no files)`, instructionWidth)}`);
		}
	}
	// Layers the history does not account for (a config without history) still get a row.
	for (const layer of analysis.layers) {
		if (shown.has(layer.index)) continue;
		lines.push(`${String(layer.index).padStart(5)}  ${formatBytes(layer.bytes).padStart(8)}  ${String(layer.entryCount).padStart(6)}  ${formatBytes(layer.wastedBytes).padStart(8)}  (no history entry)`);
	}
	const {efficiency} = analysis;
	lines.push('');
	lines.push(`Efficiency: ${percent(efficiency.score)}   wasted ${formatBytes(efficiency.wastedBytes)} (${efficiency.wastedBytes} B) of ${formatBytes(efficiency.totalBytes)} shipped; ${percent(efficiency.wastedRatio)} of the final ${formatBytes(efficiency.finalBytes)}`);
	const top = efficiency.topWasted.slice(0, options.top);
	if (top.length > 0) {
		lines.push('');
		lines.push('Top wasted paths:');
		for (const item of top) {
			const by = item.occurrences.map(o => `layer ${o.addedBy} → ${o.how} by layer ${o.replacedBy}`).join('; ');
			lines.push(`  ${formatBytes(item.wastedBytes).padStart(8)}  ${truncate(`/${item.displayPath}  (${by})`, Math.max(20, options.width - 12))}`);
		}
	}
	if (analysis.advice.length > 0) {
		lines.push('');
		lines.push('Advice:');
		for (const item of analysis.advice) lines.push(`  - ${item.message}`);
	}
	if (options.checks) {
		lines.push('');
		for (const check of options.checks) lines.push(describeCheck(check));
	}
	return `${lines.join('\n')}\n`;
}

/** The JSON document `--json` prints: display paths only (raw bytes would not survive JSON). */
export function toLayersJson(archive: ImageArchive, analysis: ImageAnalysis, top: number, checks?: CiCheck[]): object {
	return {
		image: {references: archive.references, id: archive.imageId, platform: archive.platform, platforms: archive.platforms, layout: archive.layout, archiveBytes: archive.bytesRead},
		steps: analysis.steps,
		layers: analysis.layers,
		efficiency: {
			...analysis.efficiency,
			topWasted: analysis.efficiency.topWasted.slice(0, top).map(item => ({
				path: `/${item.displayPath}`,
				wastedBytes: item.wastedBytes,
				occurrences: item.occurrences.map(({size, addedBy, replacedBy, how}) => ({size, addedBy, replacedBy, how})),
			})),
		},
		advice: analysis.advice,
		...(checks ? {ci: {isPassed: checks.every(check => check.isPassed), checks}} : {}),
	};
}

function progressLine(progress: ArchiveProgress): string {
	if (progress.phase === 'preparing') return 'waiting for the engine to export the image…';
	const of = progress.expectedBytes ? ` of ~${formatBytes(progress.expectedBytes)}` : '';
	return `reading ${formatBytes(progress.bytesRead)}${of}, ${progress.layersRead} layer(s)…`;
}

/** Layer identities to find shared layers by: the config's diff IDs, which do not depend on the image on top. */
function layerKeysOf(archive: ImageArchive): readonly string[] {
	// A legacy archive names the top layer's folder after the image too, so the same layer gets two names.
	return archive.diffIds.length === archive.layers.length ? archive.diffIds : archive.layerIds;
}

function nameOf(archive: ImageArchive): string {
	return archive.references[0] ?? (archive.imageId ? archive.imageId.replace(/^sha256:/, '').slice(0, 12) : 'image');
}

function factsText(facts: FileFacts | undefined): string {
	if (!facts) return '';
	const link = facts.linkTarget === undefined ? '' : ` → ${displayPath(facts.linkTarget)}`;
	return `${facts.kind === 'file' ? formatBytes(facts.size) : facts.kind}${link}`;
}

/** The human-readable comparison: shared layers, then the files that differ, largest first. */
export function formatComparison(first: ImageArchive, second: ImageArchive, comparison: ImageComparison, options: {width: number; top: number}): string {
	const [a, b] = [nameOf(first), nameOf(second)];
	const lines = [
		`${a} (${plural(first.layers.length, 'layer')})  vs  ${b} (${plural(second.layers.length, 'layer')})`,
		`shared layers: ${comparison.sharedLayers} (${formatBytes(comparison.sharedBytes)}, stored once for both)`,
		'',
		`files: ${comparison.onlyInFirst.length} only in ${a}, ${comparison.onlyInSecond.length} only in ${b}, ${comparison.changed.length} changed, ` +
			`${comparison.rewritten.length} rewritten at the same size (contents not compared), ${comparison.sameCount} the same`,
	];
	const section = (title: string, list: FileDifference[], mark: string, show: (item: FileDifference) => string) => {
		if (list.length === 0) return;
		lines.push('', `${title}:`);
		for (const item of list.slice(0, options.top)) lines.push(truncate(`  ${mark} /${item.displayPath}  ${show(item)}`, options.width));
		if (list.length > options.top) lines.push(`  … ${list.length - options.top} more (--top N, or --json for all)`);
	};
	section(`only in ${a}`, comparison.onlyInFirst, '-', item => factsText(item.first));
	section(`only in ${b}`, comparison.onlyInSecond, '+', item => factsText(item.second));
	section('changed', comparison.changed, '~', item => `${factsText(item.first)} → ${factsText(item.second)}${item.first!.mode !== item.second!.mode ? ` (mode ${item.first!.mode.toString(8)} → ${item.second!.mode.toString(8)})` : ''}`);
	section('rewritten at the same size', comparison.rewritten, '?', item => factsText(item.first));
	return `${lines.join('\n')}\n`;
}

export function toComparisonJson(first: ImageArchive, second: ImageArchive, comparison: ImageComparison): object {
	const files = (list: FileDifference[]) => list.map(({displayPath: path, first: a, second: b}) => ({path: `/${path}`, ...(a ? {first: {...a, linkTarget: a.linkTarget === undefined ? undefined : displayPath(a.linkTarget)}} : {}), ...(b ? {second: {...b, linkTarget: b.linkTarget === undefined ? undefined : displayPath(b.linkTarget)}} : {})}));
	return {
		first: {references: first.references, id: first.imageId, layers: first.layers.length},
		second: {references: second.references, id: second.imageId, layers: second.layers.length},
		sharedLayers: comparison.sharedLayers,
		sharedBytes: comparison.sharedBytes,
		onlyInFirst: files(comparison.onlyInFirst),
		onlyInSecond: files(comparison.onlyInSecond),
		changed: files(comparison.changed),
		rewrittenSameSize: files(comparison.rewritten),
		sameCount: comparison.sameCount,
	};
}

/** Runs `dockdash layers` with the arguments after "layers"; returns the exit code. */
export async function runLayers(argv: string[], output: {stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream} = process): Promise<number> {
	let parsed;
	const {tlsFlags, rest} = takeTlsFlags(argv);
	try {
		parsed = parseArgs({
			args: rest,
			allowPositionals: true,
			strict: true,
			options: {
				json: {type: 'boolean'},
				archive: {type: 'string'},
				platform: {type: 'string'},
				compare: {type: 'string'},
				'compare-archive': {type: 'string'},
				top: {type: 'string'},
				ci: {type: 'boolean'},
				'lowest-efficiency': {type: 'string'},
				'highest-wasted-bytes': {type: 'string'},
				'highest-wasted-percent': {type: 'string'},
				host: {type: 'string', short: 'H'},
				context: {type: 'string', short: 'c'},
				help: {type: 'boolean', short: 'h'},
			},
		});
	} catch (error) {
		const message = (error as Error).message;
		const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
		throw new UsageError(`${sanitize(unknown ? `unknown option ${unknown}` : (message.split('.')[0] ?? ''))}; see "dockdash layers --help"`);
	}
	const {values, positionals} = parsed;
	if (values.help) {
		output.stdout.write(LAYERS_HELP);
		return LAYERS_EXIT.ok;
	}
	if (positionals.length > 1) throw new UsageError(`one image at a time, got ${positionals.length}; see "dockdash layers --help"`);
	const image = positionals[0];
	if (!image && !values.archive) throw new UsageError('name an image (dockdash layers IMAGE) or an archive (--archive PATH)');
	const top = values.top === undefined ? 10 : Number(values.top);
	if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top takes a whole number, not "${sanitize(values.top ?? '')}"`);
	const limits = {
		lowestEfficiency: values['lowest-efficiency'] === undefined ? undefined : parseRatio(values['lowest-efficiency'], '--lowest-efficiency'),
		highestWastedBytes: values['highest-wasted-bytes'] === undefined ? undefined : parseSize(values['highest-wasted-bytes'], '--highest-wasted-bytes'),
		highestWastedPercent: values['highest-wasted-percent'] === undefined ? undefined : parseRatio(values['highest-wasted-percent'], '--highest-wasted-percent'),
	};
	const isComparing = values.compare !== undefined || values['compare-archive'] !== undefined;
	if (values.compare !== undefined && values['compare-archive'] !== undefined) throw new UsageError('compare with one image: --compare IMAGE or --compare-archive PATH');
	if (isComparing && values.ci) throw new UsageError('--ci checks one image; leave out --compare to check it');
	const hasLimits = Object.values(limits).some(value => value !== undefined);
	if (hasLimits && !values.ci) throw new UsageError('thresholds apply only with --ci');
	if (values.ci && !hasLimits) {
		limits.lowestEfficiency = 0.9;
		limits.highestWastedPercent = 0.1;
	}

	const controller = new AbortController();
	const onInterrupt = () => controller.abort();
	process.once('SIGINT', onInterrupt);
	const isTty = Boolean((output.stderr as NodeJS.WriteStream).isTTY);
	const onProgress = isTty ? (progress: ArchiveProgress) => output.stderr.write(`\r\u001b[2K${progressLine(progress)}`) : undefined;
	let archive: ImageArchive;
	let other: ImageArchive | undefined;
	try {
		const options = {signal: controller.signal, onProgress, platform: values.platform, reference: image};
		let engine: Engine | undefined;
		// Analysis only reads: read-only mode makes the transport refuse anything else.
		const theEngine = () => (engine ??= createEngine(endpointFromFlags(values.host, values.context, tlsFlags), {readOnly: true}));
		archive = values.archive ? await readImageArchiveFile(values.archive, options) : await readImageFromEngine(theEngine(), image!, options);
		if (values['compare-archive'] !== undefined) other = await readImageArchiveFile(values['compare-archive'], {...options, reference: undefined});
		else if (values.compare !== undefined) other = await readImageFromEngine(theEngine(), values.compare, {...options, reference: values.compare});
	} catch (error) {
		if (controller.signal.aborted) {
			output.stderr.write(isTty ? '\r\u001b[2Kdockdash: interrupted\n' : 'dockdash: interrupted\n');
			return LAYERS_EXIT.interrupted;
		}
		if (error instanceof ImageArchiveError || error instanceof TarError) throw new UsageError(error.message);
		throw error;
	} finally {
		process.off('SIGINT', onInterrupt);
		if (isTty) output.stderr.write('\r\u001b[2K');
	}
	if (other) {
		const comparison = compareImages({layerKeys: layerKeysOf(archive), layers: archive.layers}, {layerKeys: layerKeysOf(other), layers: other.layers});
		if (values.json) output.stdout.write(`${JSON.stringify(toComparisonJson(archive, other, comparison), null, 2)}\n`);
		else output.stdout.write(formatComparison(archive, other, comparison, {width: (output.stdout as NodeJS.WriteStream).columns ?? 120, top: values.top === undefined ? 20 : top}));
		return LAYERS_EXIT.ok;
	}
	const analysis = analyseArchive(archive, {topWastedCount: Math.max(top, 1)});
	const checks = values.ci ? checkThresholds(analysis, limits) : undefined;
	if (values.json) output.stdout.write(`${JSON.stringify(toLayersJson(archive, analysis, top, checks), null, 2)}\n`);
	else output.stdout.write(formatLayersReport(archive, analysis, {width: (output.stdout as NodeJS.WriteStream).columns ?? 120, top, checks}));
	return checks && !checks.every(check => check.isPassed) ? LAYERS_EXIT.thresholdFailed : LAYERS_EXIT.ok;
}

/**
 * `dockdash prune`: the exact plan as a table with its total, then (after a
 * yes) the deletion of exactly that list. For scripts: --dry-run and --yes,
 * and exit codes that tell success, nothing to do, partial failure and refusal.
 */
import {createInterface} from 'node:readline/promises';
import {parseArgs} from 'node:util';
import {executePlan, gatherInventory} from '../docker/cleanup.js';
import {createEngine} from '../docker/engine.js';
import {describeEngineError, RefusedError} from '../docker/errors.js';
import {
	computePrunePlan,
	DEFAULT_PROTECT_LABEL,
	type LabelFilter,
	parseLabelFilter,
	parseProtectLabel,
	parseUntil,
	type PlanItem,
	type PruneKind,
	type PrunePlan,
} from '../model/prune-plan.js';
import {formatReclaimed, formatTable, keptItemCells, planItemCells, planTotal} from '../ui/format/prune-row.js';
import {DEFAULT_KEYMAP} from '../keymap/keymap.js';
import type {ExecuteResult} from '../model/prune-plan.js';
import {UsageError, endpointFromFlags, takeTlsFlags} from './cli-error.js';
import type {TlsFlags} from '../model/endpoint-types.js';

export const PRUNE_EXIT = {success: 0, refused: 1, nothingToDo: 3, partial: 4} as const;

export const PRUNE_HELP = `
  Usage
    $ dockdash prune [kinds] [options]

  Shows exactly what would be removed (names, IDs, sizes) and the total freed,
  asks, then removes exactly that list. Never a running or paused container, an
  image or volume used by any container (stopped ones included) unless that
  container goes in the same run, a default network, or a protected object.

  Kinds (at least one)
    --containers           stopped containers (exited, created, dead)
    --dangling             untagged images no container uses (and their untagged parents)
    --images               every image no container uses, tagged or not (parents after children)
    --volumes              unused ANONYMOUS volumes (until does not apply: they stay, as
                           docker volume prune refuses it)
    --named-volumes        unused named volumes too (implies --volumes)
    --networks             networks no container (stopped ones included) or swarm service uses
    --build-cache          build cache records not in use
    --all                  all of the above except named volumes

  Options
    --until WHEN           only objects created before WHEN, read as docker reads it: a duration back
                           from now (90m, 1h30m; also 7d, 2w), a date or time (2026-01-31,
                           2026-01-31T12:00:00Z) or a Unix timestamp (1767225600.5)
    --filter label=K[=V]   only objects with this label (repeatable)
    --filter label!=K[=V]  only objects without it
    --protect-label K=V    never touch objects with this label (else DOCKDASH_PROTECT_LABEL,
                           else protectLabel in the config file, else dockdash.protect=true)
    --config FILE          the config file to read protectLabel from
    --dry-run              print the plan and stop
    --yes                  remove without asking
    --show-kept            also list what stays, and why
    --json                 for scripts: the plan (with --dry-run) or the result (with --yes) as JSON
                           on stdout; the same exit codes
    -H, --host, -c, --context, --read-only   as for dockdash
    --tlsverify, --tls, --tlscacert, --tlscert, --tlskey   as for dockdash

  Exit codes
    0  removed everything in the plan (or --dry-run with a plan)
    3  nothing to do
    4  partial: some objects failed, or changed since the plan and were kept
    1  refused or bad input (answered no, no terminal to ask on, --read-only, bad flag)
`;

interface PruneFlags {
	kinds: Set<PruneKind>;
	volumeScope: 'anonymous' | 'all';
	until?: number;
	labels: LabelFilter[];
	/** From --protect-label or DOCKDASH_PROTECT_LABEL; otherwise the config file's protectLabel applies. */
	protect?: {key: string; value: string};
	config?: string;
	isDryRun: boolean;
	isYes: boolean;
	showKept: boolean;
	isJson: boolean;
	host?: string;
	context?: string;
	tlsFlags: TlsFlags;
	readOnly: boolean;
}

/**
 * `--until -5m` is a value, as the docker CLI reads it (five minutes from now);
 * node's parser would take "-5m" for an option and answer about ambiguity.
 */
function joinDashValues(argv: readonly string[]): string[] {
	const args: string[] = [];
	for (let index = 0; index < argv.length; index += 1) {
		const next = argv[index + 1];
		if (argv[index] === '--until' && next !== undefined && /^-[\d.]/.test(next)) {
			args.push(`--until=${next}`);
			index += 1;
		} else {
			args.push(argv[index]!);
		}
	}
	return args;
}

/** Reads the prune flags; throws a UsageError with one line on bad input. */
export function parsePruneArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = Date.now() / 1000): PruneFlags | 'help' {
	let values;
	const {tlsFlags, rest} = takeTlsFlags(argv);
	try {
		({values} = parseArgs({
			args: joinDashValues(rest),
			strict: true,
			allowPositionals: false,
			options: {
				containers: {type: 'boolean'},
				dangling: {type: 'boolean'},
				images: {type: 'boolean'},
				volumes: {type: 'boolean'},
				'named-volumes': {type: 'boolean'},
				networks: {type: 'boolean'},
				'build-cache': {type: 'boolean'},
				all: {type: 'boolean'},
				until: {type: 'string'},
				filter: {type: 'string', multiple: true},
				'protect-label': {type: 'string'},
				config: {type: 'string'},
				'dry-run': {type: 'boolean'},
				yes: {type: 'boolean', short: 'y'},
				'show-kept': {type: 'boolean'},
				json: {type: 'boolean'},
				host: {type: 'string', short: 'H'},
				context: {type: 'string', short: 'c'},
				'read-only': {type: 'boolean'},
				help: {type: 'boolean', short: 'h'},
			},
		}));
	} catch (error) {
		throw new UsageError(`${(error as Error).message.split('\n')[0]}; see "dockdash prune --help"`);
	}
	if (values.help) return 'help';
	const kinds = new Set<PruneKind>();
	if (values.containers || values.all) kinds.add('containers');
	if (values.dangling) kinds.add('dangling');
	if (values.images || values.all) kinds.add('images');
	if (values.volumes || values['named-volumes'] || values.all) kinds.add('volumes');
	if (values.networks || values.all) kinds.add('networks');
	if (values['build-cache'] || values.all) kinds.add('buildCache');
	if (values.json && !values['dry-run'] && !values.yes) throw new UsageError('--json needs --dry-run (prints the plan) or --yes (removes it and prints the result)');
	if (kinds.size === 0) throw new UsageError('say what to prune: --containers, --dangling, --images, --volumes, --networks, --build-cache or --all; see "dockdash prune --help"');
	try {
		return {
			kinds,
			volumeScope: values['named-volumes'] ? 'all' : 'anonymous',
			until: values.until === undefined ? undefined : parseUntil(values.until, now),
			labels: (values.filter ?? []).map(parseLabelFilter),
			protect: values['protect-label'] ?? env['DOCKDASH_PROTECT_LABEL'] ? parseProtectLabel((values['protect-label'] ?? env['DOCKDASH_PROTECT_LABEL'])!) : undefined,
			config: values.config,
			isDryRun: Boolean(values['dry-run']),
			isYes: Boolean(values.yes),
			showKept: Boolean(values['show-kept']),
			isJson: Boolean(values.json),
			host: values.host,
			context: values.context,
			tlsFlags,
			readOnly: Boolean(values['read-only']),
		};
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

/** The plan as printed: the table, the total, and what the volume choice meant. */
export function formatPlan(plan: PrunePlan, showKept: boolean): string {
	const lines: string[] = [];
	if (plan.remove.length > 0) {
		const rows = plan.remove.map(item => {
			const cells = planItemCells(item);
			return [cells.kind, cells.name, cells.id, cells.size, cells.note];
		});
		lines.push(formatTable(['KIND', 'NAME', 'ID', 'SIZE', 'NOTE'], rows, new Set([3])));
	}
	lines.push(`Total: ${planTotal(plan)}`);
	for (const note of plan.notes) lines.push(`Note: ${note}`);
	if (showKept && plan.kept.length > 0) {
		lines.push('', 'Kept:');
		lines.push(formatTable(['KIND', 'NAME', 'ID', 'WHY'], plan.kept.map(item => Object.values(keptItemCells(item)))));
	} else if (plan.kept.length > 0) {
		lines.push(`Kept: ${plan.kept.length} object(s) (--show-kept lists them and why)`);
	}
	return lines.join('\n');
}

async function askOnTerminal(question: string): Promise<boolean> {
	const terminal = createInterface({input: process.stdin, output: process.stderr});
	try {
		const answer = await terminal.question(question);
		return /^(y|yes)$/i.test(answer.trim());
	} finally {
		terminal.close();
	}
}

/** Runs `dockdash prune`; returns the exit code. */
export async function runPrune(argv: readonly string[]): Promise<number> {
	const flags = parsePruneArgs(argv);
	if (flags === 'help') {
		process.stdout.write(PRUNE_HELP.replace(/^\n/, '') + '\n');
		return PRUNE_EXIT.success;
	}
	const endpoint = endpointFromFlags(flags.host, flags.context, flags.tlsFlags);
	let protect = flags.protect;
	if (!protect) {
		const {loadConfig} = await import('./config-file.js');
		const configured = loadConfig(flags.config).config.protectLabel;
		protect = configured ? parseProtectLabel(configured) : DEFAULT_PROTECT_LABEL;
	}
	const engine = createEngine(endpoint, {readOnly: flags.readOnly});
	let plan: PrunePlan;
	try {
		const inventory = await gatherInventory(engine);
		plan = computePrunePlan(inventory, {...flags, protect, namedVolumesHint: `--named-volumes, or ${DEFAULT_KEYMAP.keyOf('prune.namedVolumes')} in the Cleanup pane,`});
		// Asked for a kind the engine does not have (Podman's build cache): say so, then do the rest.
		if (flags.kinds.has('buildCache') && inventory.unsupported?.buildCache) process.stderr.write(`${inventory.unsupported.buildCache}\n`);
		if (inventory.notice) process.stderr.write(`${inventory.notice}\n`);
	} catch (error) {
		throw new UsageError(describeEngineError(error, endpoint));
	}
	if (flags.isJson) {
		// One JSON document at the end: the plan alone when nothing will be removed.
		if (plan.remove.length === 0 || flags.isDryRun) process.stdout.write(JSON.stringify(planJson(plan, flags.isDryRun), undefined, 2) + '\n');
	} else {
		process.stdout.write(formatPlan(plan, flags.showKept) + '\n');
	}
	if (plan.remove.length === 0) {
		if (!flags.isJson) process.stdout.write('Nothing to do.\n');
		return PRUNE_EXIT.nothingToDo;
	}
	if (flags.isDryRun) return PRUNE_EXIT.success;
	if (flags.readOnly) throw new UsageError('read-only mode: nothing was removed (started with --read-only)');
	if (!flags.isYes) {
		if (!process.stdin.isTTY) throw new UsageError('not removing without a yes: stdin is not a terminal to ask on; add --yes to remove the list above');
		if (!(await askOnTerminal(`Remove these ${planTotal(plan)}? [y/N] `))) throw new UsageError('answered no: nothing was removed');
	}
	let result;
	try {
		result = await executePlan(engine, plan, {
			protect,
			onProgress: (done, total) => {
				if (process.stderr.isTTY) process.stderr.write(`\rremoving ${done}/${total}…`);
			},
		});
	} catch (error) {
		if (error instanceof RefusedError) throw new UsageError(error.message);
		throw new UsageError(describeEngineError(error, endpoint));
	}
	if (process.stderr.isTTY) process.stderr.write('\r\u001B[K');
	const code = result.failed.length > 0 || result.skipped.length > 0 ? PRUNE_EXIT.partial : PRUNE_EXIT.success;
	if (flags.isJson) {
		process.stdout.write(JSON.stringify(resultJson(plan, result), undefined, 2) + '\n');
		return code;
	}
	for (const entry of result.skipped) process.stdout.write(`kept ${planItemCells(entry.item).kind} ${entry.item.name}: ${entry.reason}\n`);
	for (const entry of result.failed) process.stdout.write(`failed ${planItemCells(entry.item).kind} ${entry.item.name}: ${entry.reason}\n`);
	process.stdout.write(
		`Removed ${result.removed.length} of ${plan.remove.length}` +
			(result.skipped.length > 0 ? `, ${result.skipped.length} kept (changed since the plan)` : '') +
			(result.failed.length > 0 ? `, ${result.failed.length} failed` : '') +
			`; ${formatReclaimed(result)}\n`,
	);
	return code;
}

/** An object as `--json` names it: full ID, name, kind as the table says it. */
function objectJson(item: {kind: PlanItem['kind']; id: string; name: string}) {
	return {kind: planItemCells({...item, labels: {}}).kind, id: item.id, name: item.name};
}

/** The plan for scripts (`--json --dry-run`, and inside the result of `--json --yes`). */
export function planJson(plan: PrunePlan, isDryRun: boolean) {
	return {
		dryRun: isDryRun,
		remove: plan.remove.map(item => ({...objectJson(item), size: item.size ?? null, ...(item.tags ? {tags: item.tags} : {}), ...(item.note ? {note: item.note} : {})})),
		kept: plan.kept.map(item => ({...objectJson(item), reason: item.reason})),
		totalBytes: plan.totalBytes,
		isTotalPartial: plan.isTotalPartial,
		notes: plan.notes,
	};
}

/** What `--json --yes` did: removed, kept because it changed since the plan (and why), failed (and why), bytes. */
export function resultJson(plan: PrunePlan, result: ExecuteResult) {
	return {
		...planJson(plan, false),
		removed: result.removed.map(entry => ({...objectJson(entry.item), bytes: entry.bytes})),
		changed: result.skipped.map(entry => ({...objectJson(entry.item), reason: entry.reason})),
		failed: result.failed.map(entry => ({...objectJson(entry.item), reason: entry.reason})),
		reclaimedBytes: result.reclaimedBytes,
		// The part of reclaimedBytes that is the preview's figure: the engine does not say what a removal freed.
		estimatedBytes: result.estimatedBytes,
	};
}

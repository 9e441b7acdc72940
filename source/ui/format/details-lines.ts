/**
 * The details view as plain lines: pure, so the whole view is unit-tested
 * without a terminal, and the pane only scrolls a window over these lines.
 * Every string here already passed the sanitizer in source/docker.
 */
import type {ContainerDetails, ContainerSize, FileChange, ProcessTable} from '../../model/details-types.js';
import {changeTree} from '../../model/change-tree.js';
import type {EventEntry} from '../../model/event-log.js';
import type {DecodedLine} from '../../model/log-decoder.js';
import {MASK, isSecretName, maskSecretArguments} from '../../model/secrets.js';
import {plural} from '../../model/plural.js';
import type {Theme} from '../theme.js';
import {formatBytes, shortId} from './units.js';

/** Something fetched on its own: still loading, there, failed, or not asked for (and why). */
export type Loadable<T> = {status: 'loading'} | {status: 'ok'; value: T} | {status: 'error'; message: string} | {status: 'skipped'; reason: string};

export interface DetailsLine {
	text: string;
	color?: string;
	isBold?: boolean;
}

export interface DetailsInput {
	details: ContainerDetails;
	size: Loadable<ContainerSize>;
	top: Loadable<ProcessTable>;
	changes: Loadable<FileChange[]>;
	/** Show the values of secret-looking env variables. */
	isRevealed: boolean;
	/** The container's own events from the Events log, newest first (issue 14). */
	events?: readonly EventEntry[];
	/** Its last log lines, read when it is not running (issue 14). */
	lastLines?: Loadable<readonly DecodedLine[]>;
}

const MAX_PROBE_LINES = 12;
const CHANGE_MARK = {added: '+ A', changed: '~ C', deleted: '- D'} as const;
const changeColor = (theme: Theme) => ({added: theme.success, changed: theme.warning, deleted: theme.danger}) as const;

/** An argv as a shell would read it back: words with spaces or quotes are quoted. */
export function shellWords(argv: readonly string[]): string {
	return argv.map(word => (word === '' || /[\s"'\\$`]/.test(word) ? JSON.stringify(word) : word)).join(' ');
}

/** "0.5" or "2" CPUs, without float noise. */
function formatCpus(cpus: number): string {
	return String(Math.round(cpus * 1000) / 1000);
}

/** Limits are set in binary units (-m 64m is 64 MiB): show them as set, not as 67.1MB. */
export function formatLimit(bytes: number): string {
	for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
		if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
	}
	return formatBytes(bytes);
}

/** The engine's zero time means "never". */
function when(iso: string): string {
	return !iso || iso.startsWith('0001-') ? 'never' : iso.replace(/\.\d+Z$/, 'Z');
}

function pad(text: string, width: number): string {
	return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function loadableLines<T>(value: Loadable<T>, theme: Theme, render: (value: T) => DetailsLine[]): DetailsLine[] {
	switch (value.status) {
		case 'loading':
			return [{text: '  loading…', color: theme.muted}];
		case 'error':
			return [{text: `  ${value.message}`, color: theme.danger}];
		case 'skipped':
			return [{text: `  ${value.reason}`, color: theme.muted}];
		case 'ok':
			return render(value.value);
	}
}

/** All lines of the details view, in order. */
export function detailsLines({details: d, size, top, changes, isRevealed, events = [], lastLines}: DetailsInput, theme: Theme): DetailsLine[] {
	const out: DetailsLine[] = [];
	const heading = (text: string) => out.push({text: '', color: undefined}, {text, isBold: true, color: theme.header});
	const field = (name: string, value: string, color?: string) => out.push({text: `  ${pad(name, 16)}${value}`, color});

	out.push({text: `${d.name} (${shortId(d.id)}) · ${d.state}`, isBold: true});
	// The engine named no state dockdash knows: what it said, so the user can tell a broken engine from a new state.
	if (d.state === 'unknown') out.push({text: `  state unknown: the engine answered ${d.stateAnswer ?? 'no state'}`, color: theme.state.unknown.color});
	field('image', d.imageId ? `${d.image} (${shortId(d.imageId)})` : d.image);
	field('created', when(d.created));
	if (d.state === 'running' || d.state === 'paused' || d.state === 'restarting') field('started', when(d.startedAt));
	else if (d.state === 'exited' || d.state === 'dead') field('finished', `${when(d.finishedAt)} · exit code ${d.exitCode}${d.isOomKilled ? ' · killed: out of memory' : ''}`, d.exitCode === 0 ? undefined : theme.danger);
	if (d.error) field('error', d.error, theme.danger);
	field('restart policy', `${d.restartPolicy.name}${d.restartPolicy.name === 'on-failure' && d.restartPolicy.maximumRetryCount ? ` (at most ${d.restartPolicy.maximumRetryCount} retries)` : ''} · restarted ${d.restartCount} times`);

	if (d.state === 'exited' || d.state === 'dead') out.push(...whyStopped(d, events, lastLines, theme));

	heading('Command');
	// Secret-looking arguments are masked with the environment's secrets, and shown with them on v (issue 17).
	const masked = (commandLine: string) => (isRevealed ? commandLine : maskSecretArguments(commandLine));
	field('entrypoint', d.entrypoint.length > 0 ? masked(shellWords(d.entrypoint)) : '(none)');
	field('command', d.command.length > 0 ? masked(shellWords(d.command)) : '(none)');
	if (d.workingDir) field('working dir', d.workingDir);
	field('user', d.user || 'root (image default)');

	heading('Resources');
	field('memory limit', d.memoryLimit ? formatLimit(d.memoryLimit) : 'unlimited');
	if (d.memoryReservation) field('memory reserve', formatLimit(d.memoryReservation));
	field('CPUs', d.cpus ? formatCpus(d.cpus) : 'unlimited');
	if (d.cpuShares) field('CPU shares', String(d.cpuShares));
	if (d.cpusetCpus) field('CPU set', d.cpusetCpus);
	if (d.pidsLimit) field('PIDs limit', String(d.pidsLimit));
	out.push({text: `  ${pad('writable layer', 16)}${size.status === 'ok' ? `${formatBytes(size.value.writable)} (${formatBytes(size.value.rootFs)} with the image)` : size.status === 'loading' ? 'measuring…' : size.status === 'error' ? size.message : size.reason}`, color: size.status === 'error' ? theme.danger : undefined});

	heading('Health');
	if (!d.health) out.push({text: '  no health check', color: theme.muted});
	else {
		const color = d.health.status === 'healthy' ? theme.success : d.health.status === 'unhealthy' ? theme.danger : theme.warning;
		field('status', `${d.health.status}${d.health.failingStreak ? ` · failing ${d.health.failingStreak} times in a row` : ''}`, color);
		const probe = d.health.lastProbe;
		if (probe) {
			field('last probe', `exit code ${probe.exitCode} at ${when(probe.end)}`);
			for (const line of probe.output.slice(0, MAX_PROBE_LINES)) out.push({text: `    │ ${line}`, color: theme.muted});
			if (probe.output.length > MAX_PROBE_LINES) out.push({text: `    │ … ${probe.output.length - MAX_PROBE_LINES} more lines`, color: theme.muted});
		}
	}

	// Health checks run as execs: three events a probe, which would push everything else out (issue 14).
	const shown = events.filter(entry => !entry.action.startsWith('exec_'));
	const execs = events.length - shown.length;
	heading(`Recent events (${Math.min(shown.length, MAX_EVENTS)}${shown.length > MAX_EVENTS ? ` of ${shown.length}` : ''})`);
	if (shown.length === 0) out.push({text: '  none since dockdash started (the Events pane reads the last hour)', color: theme.muted});
	for (const entry of shown.slice(0, MAX_EVENTS)) {
		const extra = ['exitCode', 'signal'].filter(key => entry.attributes[key] !== undefined).map(key => `${key}=${entry.attributes[key]}`);
		out.push({text: `  ${eventClock(entry.timeNano)}  ${entry.action}${extra.length > 0 ? `  ${extra.join(' ')}` : ''}`});
	}
	if (execs > 0) out.push({text: `  and ${plural(execs, 'exec event')} (health checks, docker exec): the Events pane lists them`, color: theme.muted});

	heading(`Ports (${d.ports.length})`);
	if (d.ports.length === 0) out.push({text: '  none', color: theme.muted});
	for (const port of d.ports) {
		out.push({text: port.hostPort ? `  ${port.containerPort} → ${port.hostIp || '0.0.0.0'}:${port.hostPort}` : `  ${port.containerPort} (not published)`});
	}

	heading(`Mounts (${d.mounts.length})`);
	if (d.mounts.length === 0) out.push({text: '  none', color: theme.muted});
	for (const mount of d.mounts) out.push({text: `  ${pad(mount.type, 7)} ${mount.source || '(anonymous)'} → ${mount.destination} ${mount.isReadOnly ? '(read-only)' : '(read-write)'}`});

	heading(`Networks (mode ${d.networkMode || 'default'})`);
	if (d.networks.length === 0) out.push({text: '  none', color: theme.muted});
	for (const network of d.networks) {
		const parts = [network.ipAddress ? `ip ${network.ipAddress}` : 'no IP', network.ipv6Address ? `ipv6 ${network.ipv6Address}` : '', network.gateway ? `gateway ${network.gateway}` : '', network.macAddress ? `mac ${network.macAddress}` : '', network.aliases.length > 0 ? `aliases ${network.aliases.join(', ')}` : ''];
		out.push({text: `  ${pad(network.name, 16)}${parts.filter(Boolean).join(' · ')}`});
	}

	const secrets = d.env.filter(variable => variable.isSecret).length;
	heading(`Environment (${d.env.length}${secrets > 0 ? `, ${secrets} ${isRevealed ? 'shown: v hides them' : 'hidden: v reveals them'}` : ''})`);
	if (d.env.length === 0) out.push({text: '  none', color: theme.muted});
	for (const variable of d.env) {
		const isMasked = variable.isSecret && !isRevealed;
		out.push({text: `  ${variable.name}=${isMasked ? MASK : variable.value}`, color: variable.isSecret ? theme.warning : undefined});
	}

	const labels = Object.entries(d.labels).sort(([a], [b]) => a.localeCompare(b));
	heading(`Labels (${labels.length})`);
	if (labels.length === 0) out.push({text: '  none', color: theme.muted});
	for (const [key, value] of labels) out.push({text: `  ${key}=${isSecretName(key) && !isRevealed ? MASK : value}`, color: isSecretName(key) ? theme.warning : undefined});

	heading(top.status === 'ok' ? `Processes (${top.value.rows.length})` : 'Processes');
	out.push(...loadableLines(top, theme, table => processLines(isRevealed ? table : {...table, rows: table.rows.map(row => row.map(maskSecretArguments))}, theme)));

	heading(changes.status === 'ok' ? `Changes in the writable layer (${changes.value.length})` : 'Changes in the writable layer');
	out.push(...loadableLines(changes, theme, list => changeLines(list, theme)));
	return out;
}

const MAX_EVENTS = 10;

/** "2026-12-05 03:16:37 UTC" of an event's nanosecond time. */
function eventClock(timeNano: number): string {
	return `${new Date(Math.floor(timeNano / 1e6)).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/** Common signal numbers: an exit code above 128 is 128 plus the signal that ended the process. */
const SIGNALS: Record<number, string> = {1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM'};

/** The signal an exit code says ended the process, if it says one. */
export function signalOfExitCode(code: number): string | undefined {
	if (code <= 128 || code > 128 + 64) return undefined;
	return SIGNALS[code - 128] ?? `signal ${code - 128}`;
}

/**
 * "Why did it stop" for an exited container: the exit code and what it means, out of memory, the
 * signal sent to it (its last kill event), the last health checks and the last lines it wrote.
 */
function whyStopped(d: ContainerDetails, events: readonly EventEntry[], lastLines: Loadable<readonly DecodedLine[]> | undefined, theme: Theme): DetailsLine[] {
	const out: DetailsLine[] = [{text: '', color: undefined}, {text: 'Why it stopped', isBold: true, color: theme.header}];
	const field = (name: string, value: string, color?: string) => out.push({text: `  ${pad(name, 16)}${value}`, color});
	const signal = signalOfExitCode(d.exitCode);
	field('exit code', `${d.exitCode}${d.exitCode === 0 ? ' (its main process ended on its own, successfully)' : signal ? ` (128 + ${d.exitCode - 128}: ended by ${signal})` : ' (its main process reported a failure)'}`, d.exitCode === 0 ? undefined : theme.danger);
	field('out of memory', d.isOomKilled ? 'yes: the kernel killed it at its memory limit (OOMKilled)' : 'no', d.isOomKilled ? theme.danger : undefined);
	// The engine's kill event names the signal docker stop or docker kill sent (the events since dockdash started, or the last hour).
	const kill = events.find(entry => entry.action === 'kill' && entry.attributes['signal']);
	if (kill) {
		const sent = kill.attributes['signal']!;
		const name = /^\d+$/.test(sent) ? SIGNALS[Number(sent)] : undefined;
		field('signal sent', `${name ? `${name} (${sent})` : sent} at ${eventClock(kill.timeNano)} (docker stop or kill)`);
	}
	const oom = events.find(entry => entry.action === 'oom');
	if (oom && !d.isOomKilled) field('oom event', `at ${eventClock(oom.timeNano)}`, theme.warning);
	if (d.error) field('engine error', d.error, theme.danger);
	const probes = d.health?.probes ?? [];
	if (probes.length > 0) {
		out.push({text: `  last health checks (${probes.length}, newest last):`, color: theme.muted});
		for (const probe of probes) out.push({text: `    exit ${probe.exitCode} at ${when(probe.end)}${probe.output[0] ? ` │ ${probe.output[0]}` : ''}`, color: probe.exitCode === 0 ? undefined : theme.danger});
	}
	if (lastLines) {
		out.push({text: '  last log lines:', color: theme.muted});
		out.push(
			...loadableLines(lastLines, theme, lines =>
				lines.length === 0 ? [{text: '    (it wrote nothing)', color: theme.muted}] : lines.map(line => ({text: `    │ ${line.text}`, color: line.stream === 'stderr' ? theme.warning : undefined})),
			),
		);
	}
	return out;
}

/** `top` as aligned columns; the last column (the command) takes what is left. */
function processLines(table: ProcessTable, theme: Theme): DetailsLine[] {
	if (table.rows.length === 0) return [{text: '  no processes', color: theme.muted}];
	const widths = table.titles.map((title, index) => Math.max(title.length, ...table.rows.map(row => (row[index] ?? '').length)));
	const format = (cells: readonly string[]) => `  ${cells.map((cell, index) => (index === cells.length - 1 ? cell : pad(cell, widths[index]!))).join('  ')}`;
	return [{text: format(table.titles), color: theme.muted}, ...table.rows.map(row => ({text: format(row)}))];
}

function changeLines(changes: readonly FileChange[], theme: Theme): DetailsLine[] {
	if (changes.length === 0) return [{text: '  nothing changed since the container was created', color: theme.muted}];
	const {lines, omitted} = changeTree(changes);
	const out: DetailsLine[] = lines.map(line => ({
		text: `  ${line.kind ? CHANGE_MARK[line.kind] : '   '} ${'  '.repeat(line.depth)}${line.name}${line.hasChildren ? '/' : ''}`,
		color: line.kind ? changeColor(theme)[line.kind] : theme.muted,
	}));
	if (omitted > 0) out.push({text: `  … and ${omitted} more paths`, color: theme.muted});
	return out;
}

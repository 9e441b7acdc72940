/**
 * Everything the details view shows about one container: `inspect` (with the
 * writable layer's size asked for separately, since the engine walks the
 * layer to compute it), `top` and `diff`. Every string from the engine is
 * sanitized here; multi-line text (a health probe's output) comes out as
 * sanitized lines.
 */
import type {ChangeKind} from '../model/change-tree.js';
import {sanitize, sanitizeRecord} from '../model/sanitize.js';
import {isSecretName} from '../model/secrets.js';
import type {Engine} from './engine.js';
import {type AnswerRecord, answerRecord, count, list as entries, record, text} from './engine-answer.js';
import {EngineAnswerError, engineStatus} from './errors.js';
import {readContainerState} from '../model/container-state.js';
import type {ContainerDetails, ContainerSize, FileChange, PortBinding, ProcessTable} from '../model/details-types.js';



/** True when the engine says the container does not exist (any more). */
export function isGone(error: unknown): boolean {
	return engineStatus(error) === 404;
}

const CHANGE_KINDS: Record<number, ChangeKind> = {0: 'changed', 1: 'added', 2: 'deleted'};

type RawInspect = {
	Id: string;
	Name?: string;
	Created?: string;
	Image?: string;
	RestartCount?: number;
	State?: {
		Status?: string;
		ExitCode?: number;
		StartedAt?: string;
		FinishedAt?: string;
		Error?: string;
		OOMKilled?: boolean;
		Health?: {Status?: string; FailingStreak?: number; Log?: Array<{End?: string; ExitCode?: number; Output?: string}> | null};
	};
	Config?: {
		Tty?: boolean;
		Image?: string;
		Entrypoint?: string[] | string | null;
		Cmd?: string[] | string | null;
		WorkingDir?: string;
		User?: string;
		Env?: string[] | null;
		Labels?: Record<string, string> | null;
	};
	HostConfig?: {
		NetworkMode?: string;
		RestartPolicy?: {Name?: string; MaximumRetryCount?: number};
		Memory?: number;
		MemoryReservation?: number;
		NanoCpus?: number;
		CpuQuota?: number;
		CpuPeriod?: number;
		CpuShares?: number;
		CpusetCpus?: string;
		PidsLimit?: number | null;
	};
	NetworkSettings?: {
		Ports?: Record<string, Array<{HostIp?: string; HostPort?: string}> | null> | null;
		Networks?: Record<string, {IPAddress?: string; GlobalIPv6Address?: string; Gateway?: string; MacAddress?: string; Aliases?: string[] | null}> | null;
	};
	Mounts?: Array<{Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean}>;
	SizeRw?: number;
	SizeRootFs?: number;
};

const list = (value: string[] | string | null | undefined): string[] => (value == null ? [] : (Array.isArray(value) ? value : [value]).map(item => sanitize(item)));

/** Splits text into sanitized lines, dropping the trailing empty one. */
function lines(text: string): string[] {
	const out = text.replace(/\r\n/g, '\n').split('\n').map(line => sanitize(line, {expandTabs: true}));
	if (out.at(-1) === '') out.pop();
	return out;
}

const positive = (value: number | null | undefined): number | undefined => (value && value > 0 ? value : undefined);

/** Maps raw `inspect` JSON to {@link ContainerDetails}. Exported for unit tests. */
export function toContainerDetails(raw: RawInspect): ContainerDetails {
	const state = raw.State ?? {};
	const config = raw.Config ?? {};
	const host = raw.HostConfig ?? {};
	const env = (config.Env ?? []).map(entry => {
		const equals = entry.indexOf('=');
		const name = equals === -1 ? entry : entry.slice(0, equals);
		const value = equals === -1 ? '' : entry.slice(equals + 1);
		return {name: sanitize(name), value: sanitize(value), isSecret: isSecretName(name)};
	});
	const ports: PortBinding[] = [];
	for (const [containerPort, bindings] of Object.entries(raw.NetworkSettings?.Ports ?? {})) {
		if (!bindings || bindings.length === 0) ports.push({containerPort: sanitize(containerPort)});
		else for (const binding of bindings) ports.push({containerPort: sanitize(containerPort), hostIp: sanitize(binding.HostIp ?? ''), hostPort: sanitize(binding.HostPort ?? '')});
	}
	const cpus = host.NanoCpus ? host.NanoCpus / 1e9 : host.CpuQuota && host.CpuQuota > 0 ? host.CpuQuota / (host.CpuPeriod || 100_000) : undefined;
	const healthLog = state.Health?.Log ?? [];
	const last = healthLog.at(-1);
	const {state: status, stateAnswer} = readContainerState(state.Status);
	return {
		id: raw.Id,
		name: sanitize((raw.Name ?? '').replace(/^\//, '')),
		image: sanitize(config.Image ?? ''),
		imageId: sanitize(raw.Image ?? ''),
		created: sanitize(raw.Created ?? ''),
		state: status,
		...(stateAnswer === undefined ? {} : {stateAnswer}),
		exitCode: state.ExitCode ?? 0,
		startedAt: sanitize(state.StartedAt ?? ''),
		finishedAt: sanitize(state.FinishedAt ?? ''),
		error: sanitize(state.Error ?? ''),
		isOomKilled: Boolean(state.OOMKilled),
		restartCount: raw.RestartCount ?? 0,
		entrypoint: list(config.Entrypoint),
		command: list(config.Cmd),
		workingDir: sanitize(config.WorkingDir ?? ''),
		user: sanitize(config.User ?? ''),
		env,
		ports,
		mounts: (raw.Mounts ?? []).map(mount => ({
			type: sanitize(mount.Type ?? ''),
			source: sanitize(mount.Type === 'volume' ? (mount.Name ?? '') : (mount.Source ?? '')),
			destination: sanitize(mount.Destination ?? ''),
			isReadOnly: mount.RW === false,
		})),
		networkMode: sanitize(host.NetworkMode ?? ''),
		networks: Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([name, network]) => ({
			name: sanitize(name),
			ipAddress: sanitize(network.IPAddress ?? ''),
			ipv6Address: sanitize(network.GlobalIPv6Address ?? ''),
			gateway: sanitize(network.Gateway ?? ''),
			macAddress: sanitize(network.MacAddress ?? ''),
			aliases: list(network.Aliases),
		})),
		restartPolicy: {name: sanitize(host.RestartPolicy?.Name || 'no'), maximumRetryCount: host.RestartPolicy?.MaximumRetryCount ?? 0},
		memoryLimit: positive(host.Memory),
		memoryReservation: positive(host.MemoryReservation),
		cpus,
		cpuShares: positive(host.CpuShares),
		cpusetCpus: host.CpusetCpus ? sanitize(host.CpusetCpus) : undefined,
		pidsLimit: positive(host.PidsLimit),
		health: state.Health
			? {
					status: sanitize(state.Health.Status ?? ''),
					failingStreak: state.Health.FailingStreak ?? 0,
					lastProbe: last ? {exitCode: last.ExitCode ?? 0, end: sanitize(last.End ?? ''), output: lines(last.Output ?? '')} : undefined,
					probes: healthLog.map(probe => ({exitCode: probe.ExitCode ?? 0, end: sanitize(probe.End ?? ''), output: lines(probe.Output ?? '')})),
				}
			: undefined,
		labels: sanitizeRecord(config.Labels),
		isTty: Boolean(config.Tty),
	};
}

const object = (value: unknown): AnswerRecord | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as AnswerRecord) : undefined);
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined);
const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** An inspect answer read as untrusted (issue 17): a field of the wrong type reads as absent, never as a crash or a half-read value. */
export function shapeInspect(raw: AnswerRecord): RawInspect {
	const state = object(raw['State']) ?? {};
	const config = object(raw['Config']) ?? {};
	const host = object(raw['HostConfig']) ?? {};
	const network = object(raw['NetworkSettings']) ?? {};
	const health = object(state['Health']);
	const restart = object(host['RestartPolicy']);
	const words = (value: unknown) => text(value) ?? strings(value);
	const records = (value: unknown) => entries(value).map(object).filter((item): item is AnswerRecord => item !== undefined);
	return {
		Id: text(raw['Id']) ?? '',
		Name: text(raw['Name']),
		Created: text(raw['Created']),
		Image: text(raw['Image']),
		RestartCount: count(raw['RestartCount']),
		State: {
			Status: text(state['Status']),
			ExitCode: count(state['ExitCode']),
			StartedAt: text(state['StartedAt']),
			FinishedAt: text(state['FinishedAt']),
			Error: text(state['Error']),
			OOMKilled: flag(state['OOMKilled']),
			Health: health && {
				Status: text(health['Status']),
				FailingStreak: count(health['FailingStreak']),
				Log: records(health['Log']).map(probe => ({End: text(probe['End']), ExitCode: count(probe['ExitCode']), Output: text(probe['Output'])})),
			},
		},
		Config: {
			Tty: flag(config['Tty']),
			Image: text(config['Image']),
			Entrypoint: words(config['Entrypoint']),
			Cmd: words(config['Cmd']),
			WorkingDir: text(config['WorkingDir']),
			User: text(config['User']),
			Env: strings(config['Env']),
			Labels: record(config['Labels']),
		},
		HostConfig: {
			NetworkMode: text(host['NetworkMode']),
			RestartPolicy: restart && {Name: text(restart['Name']), MaximumRetryCount: count(restart['MaximumRetryCount'])},
			Memory: count(host['Memory']),
			MemoryReservation: count(host['MemoryReservation']),
			NanoCpus: count(host['NanoCpus']),
			CpuQuota: count(host['CpuQuota']),
			CpuPeriod: count(host['CpuPeriod']),
			CpuShares: count(host['CpuShares']),
			CpusetCpus: text(host['CpusetCpus']),
			PidsLimit: count(host['PidsLimit']),
		},
		NetworkSettings: {
			Ports: Object.fromEntries(
				Object.entries(object(network['Ports']) ?? {}).map(([port, bindings]) => [port, records(bindings).map(binding => ({HostIp: text(binding['HostIp']), HostPort: text(binding['HostPort'])}))]),
			),
			Networks: Object.fromEntries(
				Object.entries(object(network['Networks']) ?? {}).map(([name, value]) => {
					const entry = object(value) ?? {};
					return [name, {IPAddress: text(entry['IPAddress']), GlobalIPv6Address: text(entry['GlobalIPv6Address']), Gateway: text(entry['Gateway']), MacAddress: text(entry['MacAddress']), Aliases: strings(entry['Aliases'])}];
				}),
			),
		},
		Mounts: records(raw['Mounts']).map(mount => ({Type: text(mount['Type']), Name: text(mount['Name']), Source: text(mount['Source']), Destination: text(mount['Destination']), RW: flag(mount['RW'])})),
		SizeRw: count(raw['SizeRw']),
		SizeRootFs: count(raw['SizeRootFs']),
	};
}

/**
 * `docker inspect` of one container. Rejects with a 404 (see {@link isGone}) when it does not exist, and with one
 * line when the answer is not an object or is about another container than the one asked for by its full ID.
 */
export async function inspectContainer(engine: Engine, id: string, signal?: AbortSignal): Promise<ContainerDetails> {
	const raw = shapeInspect(answerRecord('inspect container', await engine.oneShot('inspect container', s => engine.docker.getContainer(id).inspect({abortSignal: s} as object), signal)));
	if (/^[0-9a-f]{64}$/.test(id) && raw.Id !== id) {
		throw new EngineAnswerError(sanitize(`inspect container: the engine answered for ${raw.Id ? `another container (${raw.Id.slice(0, 12)})` : 'no container (no ID)'}, not for ${id.slice(0, 12)}: nothing of it is shown`));
	}
	return toContainerDetails(raw);
}

/** The writable layer's size. Slow on a big layer (the engine walks it), so it is asked for on its own. */
export async function containerSize(engine: Engine, id: string, signal?: AbortSignal): Promise<ContainerSize> {
	const raw = (await engine.oneShot('container size', s => engine.docker.getContainer(id).inspect({size: true, abortSignal: s} as object), signal)) as unknown as RawInspect;
	return {writable: raw.SizeRw ?? 0, rootFs: raw.SizeRootFs ?? 0};
}

/** `docker top`: the container's processes as the engine's `ps` reports them. */
export async function containerTop(engine: Engine, id: string, signal?: AbortSignal): Promise<ProcessTable> {
	const raw = (await engine.oneShot('list processes', s => engine.docker.getContainer(id).top({abortSignal: s} as object), signal)) as {
		Titles?: string[] | null;
		Processes?: string[][] | null;
	};
	return {titles: list(raw.Titles), rows: (raw.Processes ?? []).map(row => row.map(cell => sanitize(cell)))};
}

/** `docker diff`: what the container added, changed and deleted in its writable layer. */
export async function containerChanges(engine: Engine, id: string, signal?: AbortSignal): Promise<FileChange[]> {
	const raw = (await engine.oneShot('list changed files', s => engine.docker.getContainer(id).changes({abortSignal: s} as object), signal)) as unknown;
	// With nothing changed the engine answers "null", which dockerode hands over as a raw Buffer, not as JSON.
	const parsed = Buffer.isBuffer(raw) || typeof raw === 'string' ? (JSON.parse(raw.toString()) as unknown) : raw;
	if (!Array.isArray(parsed)) return [];
	return (parsed as Array<{Path?: unknown; Kind?: number}>)
		.filter(change => typeof change?.Path === 'string')
		.map(change => ({path: sanitize(change.Path as string), kind: CHANGE_KINDS[change.Kind ?? 0] ?? 'changed'}));
}

/**
 * The run form (issue 13): `docker run`'s flags as fields, each parsed and checked the way the
 * docker CLI checks it, with the error kept next to its field. Pure: what needs the engine or
 * the disk (the image, a name in use, the network, the env file) goes through RunPort, which
 * sends GET requests and reads files only, so nothing is created until every field is valid.
 */
import {isSecretName} from './secrets.js';

export const RUN_FIELDS = [
	{id: 'name', label: 'name', hint: 'empty: the engine picks one'},
	{id: 'command', label: 'command', hint: "the image's own when empty; quote words with spaces"},
	{id: 'ports', label: 'ports (-p)', hint: '8080:80 127.0.0.1:5432:5432/tcp …'},
	{id: 'env', label: 'env (-e)', hint: 'KEY=value KEY (from dockdash\'s environment) …'},
	{id: 'envFile', label: 'env file', hint: 'a file of KEY=value lines'},
	{id: 'volumes', label: 'volumes (-v)', hint: 'name:/data /host/dir:/dir:ro …'},
	{id: 'network', label: 'network', hint: 'bridge when empty'},
	{id: 'restart', label: 'restart', hint: 'no, always, unless-stopped, on-failure[:N]'},
	{id: 'rm', label: 'remove on exit', hint: 'yes or no (← →)'},
	{id: 'user', label: 'user', hint: 'name|uid[:group|gid]'},
	{id: 'workdir', label: 'working dir', hint: 'an absolute path in the container'},
	{id: 'labels', label: 'labels', hint: 'key=value …'},
	{id: 'cpus', label: 'CPUs', hint: '0.5, 2 …'},
	{id: 'memory', label: 'memory', hint: '512m, 1g …'},
	{id: 'action', label: 'then', hint: '← → to choose, Enter on its own to do it'},
] as const;

export type RunFieldId = (typeof RUN_FIELDS)[number]['id'];
export type RunFormValues = Record<RunFieldId, string>;
/** Errors by field; `image` is the image's own (not present). */
export type RunErrors = Partial<Record<RunFieldId | 'image', string>>;

/** Fields chosen with ← → rather than typed. */
export const RUN_CHOICES: Partial<Record<RunFieldId, readonly string[]>> = {
	rm: ['no', 'yes'],
	action: ['create and start', 'create only', 'run interactively'],
};

export type RunAction = 'start' | 'create' | 'interactive';
const ACTIONS: Record<string, RunAction> = {'create and start': 'start', 'create only': 'create', 'run interactively': 'interactive'};

export function emptyRunForm(): RunFormValues {
	return {name: '', command: '', ports: '', env: '', envFile: '', volumes: '', network: '', restart: 'no', rm: 'no', user: '', workdir: '', labels: '', cpus: '', memory: '', action: 'create and start'};
}

/** What the engine is asked to create, in dockdash's words (source/docker/container-create.ts maps it to the API). */
export interface RunSpec {
	image: string;
	name?: string;
	cmd?: string[];
	env: string[];
	/** "80/tcp" → host bindings (empty: published on a random port, or exposed only when there are none). */
	ports: Record<string, Array<{hostIp: string; hostPort: string}>>;
	/** "src:dst[:mode]" as the engine's Binds take them (a lone path: an anonymous volume, in `volumes`). */
	binds: string[];
	anonymousVolumes: string[];
	network?: string;
	restart: {name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure'; maximumRetryCount: number};
	autoRemove: boolean;
	user?: string;
	workdir?: string;
	labels: Record<string, string>;
	nanoCpus?: number;
	memoryBytes?: number;
	/** `docker run -it`: a terminal, stdin kept open. */
	isInteractive: boolean;
}

/** The checks that need the engine or the disk: GET requests and file reads only. */
export interface RunChecks {
	/** Why the image cannot be used (not present), or undefined. */
	checkImage: (image: string) => Promise<string | undefined>;
	/** The short ID of the container already called this, or undefined. */
	containerNamed: (name: string) => Promise<string | undefined>;
	networkExists: (name: string) => Promise<boolean>;
	/** The engine's CPU count, for the --cpus limit. */
	cpuCount: () => Promise<number | undefined>;
	readFile: (file: string) => Promise<string>;
	/** dockdash's own environment, for `-e KEY` without a value (as the docker CLI takes the shell's). */
	environment: Readonly<Record<string, string | undefined>>;
	/** The directory a relative host path is resolved from (the docker CLI's own working directory). */
	cwd: string;
}

/** A container's terminal, attached (source/docker/container-create.ts). */
export interface AttachedRun {
	onOutput(listener: (chunk: Buffer) => void): void;
	write(data: string | Buffer): void;
	resize(columns: number, rows: number): Promise<void>;
	/** Resolves when the stream ends: the process exited, the user detached (Ctrl-P Ctrl-Q), or the connection dropped. */
	readonly closed: Promise<void>;
	/** After `closed`: the exit code, or that the container still runs (detached) or is gone (--rm). */
	end(): Promise<{exitCode?: number; isRunning?: boolean; isGone?: boolean}>;
}

/** What the form does with a valid spec: the engine's mutating calls. */
export interface RunPort extends RunChecks {
	/** Creates the container; the engine's warnings come back as lines. */
	create: (spec: RunSpec) => Promise<{id: string; warnings: string[]}>;
	start: (id: string) => Promise<void>;
	/** `docker run -it`: attaches to the created container's terminal, then starts it. */
	attachAndStart: (id: string, size: {columns: number; rows: number}) => Promise<AttachedRun>;
	/** The forms run before from an image, newest first (the XDG state folder). */
	recentForms: (image: string) => RunFormValues[];
	rememberForm: (image: string, values: RunFormValues) => void;
}

/** Splits a line into words as a POSIX shell does for quotes and backslashes (no expansion). */
export function splitWords(line: string): {words: string[]} | {error: string} {
	const words: string[] = [];
	let current = '';
	let hasWord = false;
	let quote: '"' | "'" | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote === "'") {
			if (char === "'") quote = undefined;
			else current += char;
		} else if (quote === '"') {
			if (char === '"') quote = undefined;
			else if (char === '\\' && index + 1 < line.length && '"\\$`'.includes(line[index + 1]!)) current += line[++index];
			else current += char;
		} else if (char === "'" || char === '"') {
			quote = char;
			hasWord = true;
		} else if (char === '\\' && index + 1 < line.length) {
			current += line[++index];
			hasWord = true;
		} else if (/\s/.test(char)) {
			if (hasWord) words.push(current);
			current = '';
			hasWord = false;
		} else {
			current += char;
			hasWord = true;
		}
	}
	if (quote) return {error: `a ${quote === '"' ? 'double' : 'single'} quote is not closed: close it or remove it`};
	if (hasWord) words.push(current);
	return {words};
}

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

function parsePortRange(text: string, what: string): {start: number; end: number} | string {
	const match = /^(\d+)(?:-(\d+))?$/.exec(text);
	const start = match ? Number(match[1]) : NaN;
	const end = match?.[2] === undefined ? start : Number(match[2]);
	if (!match || start < 1 || end > 65_535 || end < start) return `invalid ${what} "${text}": a port from 1 to 65535, or a range like 8000-8010`;
	return {start, end};
}

function isIpAddress(text: string): boolean {
	if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text)) return text.split('.').every(part => Number(part) <= 255);
	return /^[0-9a-fA-F:]+$/.test(text) && text.includes(':');
}

/** `-p`: [ip:][hostPort:]containerPort[/protocol], ranges of equal length, as the docker CLI reads it. */
export function parsePorts(text: string): {ports: RunSpec['ports']} | {error: string} {
	const split = splitWords(text);
	if ('error' in split) return split;
	const ports: RunSpec['ports'] = {};
	for (const word of split.words) {
		const slash = word.lastIndexOf('/');
		const protocol = slash >= 0 ? word.slice(slash + 1).toLowerCase() : 'tcp';
		const spec = slash >= 0 ? word.slice(0, slash) : word;
		if (!PROTOCOLS.has(protocol)) return {error: `invalid protocol "${protocol}" in ${word}: use tcp, udp or sctp`};
		let ip = '';
		let rest = spec;
		const bracket = /^\[([^\]]*)\]:(.*)$/.exec(spec);
		if (bracket) {
			ip = bracket[1]!;
			rest = bracket[2]!;
		}
		const parts = rest.split(':');
		if (!bracket && parts.length === 3) ip = parts.shift()!;
		if (parts.length > 2 || (bracket && parts.length !== 2)) return {error: `invalid port "${word}": use [ip:][hostPort:]containerPort[/protocol]`};
		if (ip && !isIpAddress(ip)) return {error: `invalid IP address "${ip}" in ${word}`};
		const containerText = parts.length === 2 ? parts[1]! : parts[0]!;
		const hostText = parts.length === 2 ? parts[0]! : '';
		const container = parsePortRange(containerText, 'container port');
		if (typeof container === 'string') return {error: container};
		const host = hostText === '' ? undefined : parsePortRange(hostText, 'host port');
		if (typeof host === 'string') return {error: host};
		const count = container.end - container.start + 1;
		if (host && host.end - host.start + 1 !== count && count !== 1) return {error: `invalid ranges in ${word}: the host and container ranges must be as long as each other`};
		for (let offset = 0; offset < count; offset++) {
			const key = `${container.start + offset}/${protocol}`;
			let hostPort = '';
			if (host) hostPort = count === 1 ? (host.start === host.end ? String(host.start) : `${host.start}-${host.end}`) : String(host.start + offset);
			const bindings = (ports[key] ??= []);
			if (host || ip || parts.length === 2) bindings.push({hostIp: ip, hostPort});
		}
	}
	return {ports};
}

/** `-e`: KEY=value, or KEY alone taken from the environment (left out when unset there, as the docker CLI does). */
export function parseEnv(text: string, environment: RunChecks['environment']): {env: string[]} | {error: string} {
	const split = splitWords(text);
	if ('error' in split) return split;
	const env: string[] = [];
	for (const word of split.words) {
		const equals = word.indexOf('=');
		const key = equals >= 0 ? word.slice(0, equals) : word;
		if (key === '') return {error: `invalid variable "${word}": the name before = is empty`};
		if (/\s/.test(key)) return {error: `variable "${key}" contains whitespace`};
		if (equals >= 0) env.push(word);
		else if (environment[key] !== undefined) env.push(`${key}=${environment[key]}`);
	}
	return {env};
}

/** An env file as the docker CLI reads it: KEY=value lines, # comments and blank lines skipped, a lone KEY from the environment. */
export function parseEnvFile(text: string, environment: RunChecks['environment']): {env: string[]} | {error: string} {
	const env: string[] = [];
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const line = raw.replace(/^\s+/, '');
		if (line === '' || line.startsWith('#')) continue;
		const equals = line.indexOf('=');
		const key = equals >= 0 ? line.slice(0, equals) : line.trimEnd();
		if (key === '') return {error: `line ${index + 1}: the name before = is empty`};
		if (/\s/.test(key)) return {error: `line ${index + 1}: variable "${key}" contains whitespace`};
		if (equals >= 0) env.push(line);
		else if (environment[key] !== undefined) env.push(`${key}=${environment[key]}`);
	}
	return {env};
}

const VOLUME_MODES: ReadonlySet<string> = new Set(['ro', 'rw', 'z', 'Z', 'nocopy', 'consistent', 'cached', 'delegated', 'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

/** `-v`: name:/path, /host:/path or ./relative:/path (resolved as the docker CLI does), an optional mode; a lone /path is anonymous. */
export function parseVolumes(text: string, cwd: string): {binds: string[]; anonymous: string[]} | {error: string} {
	const split = splitWords(text);
	if ('error' in split) return split;
	const binds: string[] = [];
	const anonymous: string[] = [];
	for (const word of split.words) {
		const parts = word.split(':');
		if (parts.length === 1) {
			if (!word.startsWith('/')) return {error: `invalid volume "${word}": a lone path must be absolute (/data)`};
			anonymous.push(word);
			continue;
		}
		if (parts.length > 3) return {error: `invalid volume "${word}": use source:/path[:mode]`};
		const [given, target, mode] = parts as [string, string, string | undefined];
		let source = given;
		if (!target.startsWith('/')) return {error: `invalid volume "${word}": the path in the container must be absolute`};
		if (source === '') return {error: `invalid volume "${word}": the source before : is empty`};
		if (source.startsWith('.')) source = joinPath(cwd, source);
		else if (!source.startsWith('/') && !NAME_PATTERN.test(source)) {
			return {error: `"${source}" is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]): for a host directory, give a path starting with / or ./`};
		}
		if (mode !== undefined) {
			const bad = mode.split(',').find(option => !VOLUME_MODES.has(option));
			if (bad !== undefined) return {error: `invalid mode "${bad}" in ${word}: ro, rw, z, Z, nocopy, or a propagation`};
		}
		binds.push([source, target, ...(mode === undefined ? [] : [mode])].join(':'));
	}
	return {binds, anonymous};
}

function joinPath(base: string, relative: string): string {
	const out = base.split('/').filter(Boolean);
	for (const part of relative.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') out.pop();
		else out.push(part);
	}
	return `/${out.join('/')}`;
}

/** `--restart`: no, always, unless-stopped, on-failure[:N]. */
export function parseRestart(text: string): RunSpec['restart'] | {error: string} {
	const value = text.trim();
	if (value === '' || value === 'no') return {name: 'no', maximumRetryCount: 0};
	if (value === 'always' || value === 'unless-stopped') return {name: value, maximumRetryCount: 0};
	const match = /^on-failure(?::(\d+))?$/.exec(value);
	if (match) return {name: 'on-failure', maximumRetryCount: match[1] === undefined ? 0 : Number(match[1])};
	if (/^(always|unless-stopped|no):/.test(value)) return {error: `maximum retry count cannot be used with "${value.split(':')[0]}": only with on-failure`};
	return {error: `invalid restart policy "${value}": no, always, unless-stopped or on-failure[:N]`};
}

const MEMORY_UNITS: Record<string, number> = {'': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4};

/** `--memory`: a number and an optional unit (b, k, m, g, t, with or without a b after it), as RAMInBytes reads it. */
export function parseMemory(text: string): number | {error: string} {
	const match = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)b?$/i.exec(text.trim());
	if (!match) return {error: `invalid size "${text.trim()}": a number and b, k, m or g (512m, 1g)`};
	const bytes = Math.floor(Number(match[1]) * MEMORY_UNITS[match[2]!.toLowerCase()]!);
	// The engine's own floor (it refuses less at create time with the same words).
	if (bytes < 6 * 1024 * 1024) return {error: 'minimum memory limit allowed is 6MB'};
	return bytes;
}

/** `--cpus`: a positive decimal, in nano-CPUs. */
export function parseCpus(text: string): number | {error: string} {
	const value = text.trim();
	if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) return {error: `invalid number of CPUs "${value}": a positive number like 0.5 or 2`};
	return Math.round(Number(value) * 1e9);
}

/** `-l`: key=value (or a bare key, empty value). */
export function parseLabels(text: string): {labels: Record<string, string>} | {error: string} {
	const split = splitWords(text);
	if ('error' in split) return split;
	const labels: Record<string, string> = {};
	for (const word of split.words) {
		const equals = word.indexOf('=');
		const key = equals >= 0 ? word.slice(0, equals) : word;
		if (key === '') return {error: `invalid label "${word}": the key before = is empty`};
		labels[key] = equals >= 0 ? word.slice(equals + 1) : '';
	}
	return {labels};
}

const BUILT_IN_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'default']);

/**
 * Every check of the form, the ones that ask the engine or read the env file included. Returns the spec, or the
 * errors by field; the engine is only read from here (RunChecks sends no mutating request).
 */
export async function checkRunForm(image: string, values: RunFormValues, checks: RunChecks): Promise<{spec: RunSpec; action: RunAction} | {errors: RunErrors}> {
	const errors: RunErrors = {};
	const name = values.name.trim();
	if (name && !NAME_PATTERN.test(name.replace(/^\//, ''))) errors.name = `invalid name "${name}": at least 2 of [a-zA-Z0-9_.-], starting with a letter or digit`;
	const command = splitWords(values.command);
	if ('error' in command) errors.command = command.error;
	const ports = parsePorts(values.ports);
	if ('error' in ports) errors.ports = ports.error;
	const env = parseEnv(values.env, checks.environment);
	if ('error' in env) errors.env = env.error;
	const volumes = parseVolumes(values.volumes, checks.cwd);
	if ('error' in volumes) errors.volumes = volumes.error;
	const restart = parseRestart(values.restart);
	const autoRemove = values.rm === 'yes';
	if ('error' in restart) errors.restart = restart.error;
	else if (autoRemove && restart.name !== 'no') errors.restart = 'conflicts with "remove on exit": set restart to no, or remove on exit to no';
	const user = values.user.trim();
	if (/\s/.test(user)) errors.user = 'a user has no spaces: name|uid[:group|gid]';
	const workdir = values.workdir.trim();
	if (workdir && !workdir.startsWith('/')) errors.workdir = `the working directory "${workdir}" is invalid: it needs to be an absolute path`;
	const labels = parseLabels(values.labels);
	if ('error' in labels) errors.labels = labels.error;
	const cpus = values.cpus.trim() ? parseCpus(values.cpus) : undefined;
	if (typeof cpus === 'object') errors.cpus = cpus.error;
	const memory = values.memory.trim() ? parseMemory(values.memory) : undefined;
	if (typeof memory === 'object') errors.memory = memory.error;
	const network = values.network.trim();
	if (/\s/.test(network)) errors.network = 'a network name has no spaces';
	const action = ACTIONS[values.action];
	if (!action) errors.action = 'choose with ← →';

	// What needs the engine or the disk, asked together (reads only).
	const envFile = values.envFile.trim();
	const [imageProblem, holder, hasNetwork, cpuCount, fileText] = await Promise.all([
		checks.checkImage(image),
		name && !errors.name ? checks.containerNamed(name.replace(/^\//, '')) : undefined,
		network && !errors.network && !BUILT_IN_NETWORKS.has(network) && !network.startsWith('container:') ? checks.networkExists(network) : true,
		typeof cpus === 'number' ? checks.cpuCount() : undefined,
		envFile ? checks.readFile(envFile.startsWith('/') ? envFile : joinPath(checks.cwd, envFile)).then(
			text => ({text}),
			(error: NodeJS.ErrnoException) => ({error: error.code === 'ENOENT' ? `no such file: ${envFile}` : `cannot read ${envFile}: ${error.code ?? error.message}`}),
		) : undefined,
	]);
	if (imageProblem) errors.image = imageProblem;
	if (holder) errors.name = `the name "${name}" is in use by container ${holder}: choose another, or remove that container`;
	if (!hasNetwork) errors.network = `no network "${network}" on this engine`;
	if (typeof cpus === 'number' && cpuCount !== undefined && cpus > cpuCount * 1e9) errors.cpus = `the engine has only ${cpuCount} CPU${cpuCount === 1 ? '' : 's'}: at most ${cpuCount}`;
	let fileEnv: string[] = [];
	if (fileText && 'error' in fileText) errors.envFile = fileText.error;
	else if (fileText) {
		const parsed = parseEnvFile(fileText.text, checks.environment);
		if ('error' in parsed) errors.envFile = `${envFile}: ${parsed.error}`;
		else fileEnv = parsed.env;
	}
	if (Object.keys(errors).length > 0 || 'error' in command || 'error' in ports || 'error' in env || 'error' in volumes || 'error' in restart || 'error' in labels || !action) return {errors};
	return {
		action,
		spec: {
			image,
			name: name ? name.replace(/^\//, '') : undefined,
			cmd: command.words.length > 0 ? command.words : undefined,
			// The file's first, as the docker CLI does: -e given on the line wins over the file.
			env: [...fileEnv, ...env.env],
			ports: ports.ports,
			binds: volumes.binds,
			anonymousVolumes: volumes.anonymous,
			network: network || undefined,
			restart,
			autoRemove,
			user: user || undefined,
			workdir: workdir || undefined,
			labels: labels.labels,
			nanoCpus: typeof cpus === 'number' ? cpus : undefined,
			memoryBytes: typeof memory === 'number' ? memory : undefined,
			isInteractive: action === 'interactive',
		},
	};
}

/**
 * The form as remembered for the next run of the image: without the name (a second container cannot take it)
 * and without the values of secret-looking variables, which stay out of the state file (the user types them again).
 */
export function formToRemember(values: RunFormValues): RunFormValues {
	const split = splitWords(values.env);
	const env = 'error' in split ? '' : split.words.filter(word => !isSecretName(word.split('=')[0]!)).map(quoteWord).join(' ');
	return {...values, name: '', env};
}

/** A word written back so splitWords reads it the same. */
export function quoteWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const MAX_REMEMBERED = 5;

/** The remembered forms with this one first: one entry per distinct form, the newest five per image. */
export function rememberRun(history: Readonly<Record<string, RunFormValues[]>>, image: string, values: RunFormValues): Record<string, RunFormValues[]> {
	const kept = formToRemember(values);
	const same = (other: RunFormValues) => RUN_FIELDS.every(field => other[field.id] === kept[field.id]);
	// Older entries are scrubbed the same way, so once dockdash writes the file it holds no secret-looking value.
	const previous = (history[image] ?? []).map(formToRemember).filter(other => !same(other));
	return {...history, [image]: [kept, ...previous].slice(0, MAX_REMEMBERED)};
}

/** Reads a state file's history leniently: anything malformed is dropped, never an error. */
export function parseRunHistory(text: string): Record<string, RunFormValues[]> {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return {};
	}
	if (!raw || typeof raw !== 'object') return {};
	const out: Record<string, RunFormValues[]> = {};
	for (const [image, forms] of Object.entries(raw as Record<string, unknown>)) {
		if (!Array.isArray(forms)) continue;
		const valid = forms.filter((form): form is Record<string, unknown> => Boolean(form) && typeof form === 'object').map(form => {
			const values = emptyRunForm();
			for (const field of RUN_FIELDS) if (typeof form[field.id] === 'string') values[field.id] = form[field.id] as string;
			return values;
		});
		if (valid.length > 0) out[image] = valid.slice(0, MAX_REMEMBERED);
	}
	return out;
}

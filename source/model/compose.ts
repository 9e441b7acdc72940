/**
 * Compose projects and services from the containers' labels
 * (com.docker.compose.project / .service, read by the adapter): no compose
 * binary and no compose file needed, so it works on any engine, remote too.
 */
import type {ContainerSummary} from './types.js';
import {sanitize} from './sanitize.js';

export interface ComposeGroup {
	kind: 'project' | 'service';
	project: string;
	/** Set on service rows. */
	service?: string;
	/** Unique across the list. */
	key: string;
	containers: readonly ContainerSummary[];
	running: number;
}

function group(kind: ComposeGroup['kind'], project: string, containers: readonly ContainerSummary[], service?: string): ComposeGroup {
	return {
		kind,
		project,
		service,
		key: service === undefined ? `p\u0000${project}` : `s\u0000${project}\u0000${service}`,
		containers,
		running: containers.filter(container => container.state === 'running').length,
	};
}

/**
 * Projects by name, each followed by its services by name (unless collapsed).
 * Containers without a project label are not part of any group.
 */
export function composeGroups(containers: readonly ContainerSummary[], collapsed: ReadonlySet<string> = new Set()): ComposeGroup[] {
	const projects = new Map<string, Map<string, ContainerSummary[]>>();
	for (const container of containers) {
		if (!container.composeProject) continue;
		let services = projects.get(container.composeProject);
		if (!services) projects.set(container.composeProject, (services = new Map<string, ContainerSummary[]>()));
		const service = container.composeService ?? '';
		const members = services.get(service);
		if (members) members.push(container);
		else services.set(service, [container]);
	}
	const rows: ComposeGroup[] = [];
	for (const project of [...projects.keys()].sort()) {
		const services = projects.get(project)!;
		rows.push(group('project', project, [...services.values()].flat()));
		if (collapsed.has(project)) continue;
		for (const service of [...services.keys()].sort()) rows.push(group('service', project, services.get(service)!, service));
	}
	return rows;
}

/*
 * Compose stacks from their files too (issue 14): what the compose file defines (read through
 * the real `docker compose config`), where it came from, and the command lines that act on it.
 */

/** One service as the compose file defines it. */
export interface ServiceDefinition {
	name: string;
	/** The image it runs: `image:`, else the one `build:` makes (PROJECT-SERVICE, as Compose v2 names it). */
	image: string;
	hasBuild: boolean;
	/** Profiles it belongs to; empty means it always runs. */
	profiles: readonly string[];
	hasHealthcheck: boolean;
	/** The engine names of the file's (not external) volumes it mounts: what `down --volumes SERVICE` removes. */
	volumes: readonly string[];
}

/** A project as its compose files define it (every profile's services included). */
export interface StackDefinition {
	project: string;
	services: readonly ServiceDefinition[];
	/** Every profile any service names, sorted. */
	profiles: readonly string[];
	/** The engine names of the volumes `down --volumes` removes (declared, not external). */
	volumes: readonly string[];
}

/** Where a stack's definition comes from: the files and folder given to `docker compose`. */
export interface StackSource {
	/** The project name: from the labels, or from the file once it was read. */
	project?: string;
	/** Compose files, absolute; empty when only the project's labels are known. */
	files: readonly string[];
	projectDirectory?: string;
	/** -f/--project-directory flags, the current directory's compose file, or a project's container labels. */
	origin: 'flag' | 'cwd' | 'labels';
}

/** What the Compose pane can ask `docker compose` to do. */
export type ComposeAction = 'up' | 'upBuild' | 'down' | 'downVolumes' | 'start' | 'stop' | 'restart' | 'pull' | 'build';

/** The words each action is shown with ("up --build"), as the user would type them after `docker compose`. */
export const COMPOSE_ACTION_WORDS: Record<ComposeAction, readonly string[]> = {
	up: ['up', '--detach'],
	upBuild: ['up', '--detach', '--build'],
	down: ['down'],
	downVolumes: ['down', '--volumes'],
	start: ['start'],
	stop: ['stop'],
	restart: ['restart'],
	pull: ['pull'],
	build: ['build'],
};

/** Actions that need the compose file itself (the others work from the project's labels alone). */
export const NEEDS_FILE: ReadonlySet<ComposeAction> = new Set(['up', 'upBuild', 'pull', 'build']);

/** The file names Compose v2 looks for in a folder, in its order. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

/** The file and folder flags that name one project: -p, each -f, --project-directory, each --profile. */
export function projectArgs(source: StackSource, profiles: readonly string[] = []): string[] {
	const args: string[] = [];
	if (source.project) args.push('--project-name', source.project);
	for (const file of source.files) args.push('--file', file);
	if (source.projectDirectory) args.push('--project-directory', source.projectDirectory);
	for (const profile of profiles) args.push('--profile', profile);
	return args;
}

/** The arguments after `docker compose` for one action on a stack, or on one of its services. */
export function composeArgs(source: StackSource, action: ComposeAction, options: {service?: string; profiles?: readonly string[]} = {}): string[] {
	// `--` ends the options: a service name can never be read as a flag.
	return [...projectArgs(source, options.profiles), ...COMPOSE_ACTION_WORDS[action], ...(options.service ? ['--', options.service] : [])];
}

/** A stack's source from its containers' labels: the project, its config files and working directory as Compose recorded them. */
export function sourceFromLabels(project: string, containers: readonly ContainerSummary[]): StackSource {
	const labelled = containers.find(container => container.labels['com.docker.compose.project.config_files']);
	const files = labelled?.labels['com.docker.compose.project.config_files']?.split(',').filter(file => file !== '') ?? [];
	const projectDirectory = (labelled ?? containers[0])?.labels['com.docker.compose.project.working_dir'] || undefined;
	return {project, files, projectDirectory, origin: 'labels'};
}

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/**
 * The definition from `docker compose config --format json` (run with every profile on).
 * Throws with one line when the text is not that.
 */
export function parseComposeConfig(text: string): StackDefinition {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new Error('docker compose config did not answer with JSON');
	}
	const root = asRecord(parsed);
	if (typeof root['name'] !== 'string' || root['name'] === '') throw new Error('docker compose config named no project');
	const project = sanitize(root['name']);
	// The file's volumes by key, as the engine names them; external ones are never removed.
	const declared = new Map(
		Object.entries(asRecord(root['volumes']))
			.filter(([, raw]) => asRecord(raw)['external'] !== true)
			.map(([key, raw]) => [key, sanitize(typeof asRecord(raw)['name'] === 'string' ? (asRecord(raw)['name'] as string) : `${root['name'] as string}_${key}`)] as const),
	);
	const services = Object.entries(asRecord(root['services']))
		.map(([name, raw]): ServiceDefinition => {
			const service = asRecord(raw);
			const hasBuild = service['build'] !== undefined && service['build'] !== null;
			const image = typeof service['image'] === 'string' && service['image'] !== '' ? service['image'] : `${root['name'] as string}-${name}`;
			const healthcheck = asRecord(service['healthcheck']);
			const mounted = (Array.isArray(service['volumes']) ? service['volumes'] : [])
				.map(mount => asRecord(mount))
				.filter(mount => mount['type'] === 'volume' && typeof mount['source'] === 'string')
				.map(mount => declared.get(mount['source'] as string))
				.filter((volume): volume is string => volume !== undefined);
			return {
				name: sanitize(name),
				image: sanitize(image),
				hasBuild,
				profiles: asStrings(service['profiles']).map(profile => sanitize(profile)),
				hasHealthcheck: service['healthcheck'] !== undefined && healthcheck['disable'] !== true,
				volumes: [...new Set(mounted)].sort(),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
	const volumes = [...declared.values()].sort();
	const profiles = [...new Set(services.flatMap(service => service.profiles))].sort();
	return {project, services, profiles, volumes};
}

/** A project known from its file, its containers, or both, with the profiles chosen for it. */
export interface StackInfo {
	source: StackSource;
	definition?: StackDefinition;
	/** Why the definition could not be read (one line). */
	problem?: string;
	/** Profiles switched on for this stack in this session (`--profile` on every action). */
	profiles: readonly string[];
}

/** One row of the Compose pane. */
export interface StackRow extends ComposeGroup {
	/** Service rows: what the file defines for it, when there is a file. */
	definition?: ServiceDefinition;
	/** Project rows: the stack (its file, profiles, problem). */
	stack?: StackInfo;
	/** Service rows: false when its profiles are all off, so `up` leaves it out. */
	isEnabled: boolean;
	/** With several engines (issue 14), the engine the stack is on; its key then starts with the engine's name. */
	engine?: string;
}

/** Whether `up` with these profiles starts the service. */
export function isServiceEnabled(service: ServiceDefinition, profiles: readonly string[]): boolean {
	return service.profiles.length === 0 || profiles.includes('*') || service.profiles.some(profile => profiles.includes(profile));
}

/**
 * The pane's rows: every project that has containers or a file, by name, each followed (unless collapsed)
 * by its services: those the file defines, whether or not they run, and any others its containers carry.
 */
export function stackRows(containers: readonly ContainerSummary[], stacks: ReadonlyMap<string, StackInfo>, collapsed: ReadonlySet<string> = new Set()): StackRow[] {
	const groups = composeGroups(containers);
	const byProject = new Map<string, ComposeGroup[]>();
	for (const row of groups) {
		const services = byProject.get(row.project) ?? [];
		if (row.kind === 'service') services.push(row);
		byProject.set(row.project, services);
	}
	const projects = [...new Set([...byProject.keys(), ...stacks.keys()])].sort();
	const rows: StackRow[] = [];
	for (const project of projects) {
		const stack = stacks.get(project);
		const services = byProject.get(project) ?? [];
		const all = services.flatMap(service => service.containers);
		rows.push({...group('project', project, all), stack, isEnabled: true});
		if (collapsed.has(project)) continue;
		const defined = stack?.definition?.services ?? [];
		const names = [...new Set([...defined.map(service => service.name), ...services.map(service => service.service ?? '')])].sort();
		for (const name of names) {
			const definition = defined.find(service => service.name === name);
			const running = services.find(service => service.service === name);
			rows.push({
				...group('service', project, running?.containers ?? [], name),
				definition,
				isEnabled: definition === undefined || isServiceEnabled(definition, stack?.profiles ?? []),
			});
		}
	}
	return rows;
}

/** A volume as the engine lists it, for the notes of a `down --volumes` dialog. */
export interface ListedVolume {
	name: string;
	labels: Record<string, string>;
}

/**
 * The notes of a `down --volumes` dialog: the volumes it removes with their data, by name. With the file
 * (`declared`), compose removes the volumes it declares (not external ones); without it, every volume labelled with
 * the project. Both as the engine has them now (`existing`, undefined when it did not list them); the declared ones it
 * does not have are said as such.
 */
export function downVolumesNotes(existing: readonly ListedVolume[] | undefined, project: string, declared: readonly string[] | undefined, service?: string): string[] {
	const anonymous = 'and the anonymous volumes of these containers';
	if (declared) {
		if (declared.length === 0) return [service ? `${service} mounts none of the file's volumes` : 'the file declares no volumes', anonymous];
		const names = new Set(existing?.map(volume => volume.name));
		const there = existing ? declared.filter(name => names.has(name)) : declared;
		const absent = existing ? declared.filter(name => !names.has(name)) : [];
		return [
			there.length > 0 ? `and REMOVES these volumes with their data: ${there.join(', ')}` : 'none of the volumes the file declares exists',
			...(absent.length > 0 ? [`(declared, not created: ${absent.join(', ')})`] : []),
			anonymous,
		];
	}
	if (!existing) return [`and REMOVES every volume labelled with project ${project} (the engine did not list them)`, anonymous];
	// Sorted: the engine's order differs by store (the containerd store listed _older before _data), the dialog's must not.
	const labelled = existing.filter(volume => volume.labels['com.docker.compose.project'] === project).map(volume => volume.name).sort();
	return [labelled.length > 0 ? `and REMOVES these volumes with their data (labelled with the project; no file to narrow it): ${labelled.join(', ')}` : `no volume is labelled with project ${project}`, anonymous];
}

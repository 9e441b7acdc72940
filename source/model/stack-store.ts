/**
 * The Compose stacks of this session (issue 14): the projects named by -f/--project-directory or
 * the current directory's compose file, and those found in the containers' labels, each with its
 * definition as `docker compose config` reads it, the profiles chosen for it, and the last
 * command run on it. A stack stays after its containers are gone: it shows as down.
 */
import type {BackgroundRunView} from './background-run-state.js';
import {COMPOSE_ACTION_WORDS, type ComposeAction, composeArgs, NEEDS_FILE, sourceFromLabels, type StackDefinition, type StackInfo, type StackSource} from './compose.js';
import type {ContainerSummary} from './types.js';
import {Observable} from './observable.js';

/** The compose CLI as the stacks use it (source/process/compose-cli.ts is the real one). */
export interface ComposePort {
	/** The command shown to the user ("docker compose"). */
	readonly command: readonly string[];
	/** Undefined when the compose CLI answers, else one line naming the fix. */
	check: () => Promise<string | undefined>;
	/** The stack as its files define it, every profile included; rejects with one line. */
	readDefinition: (source: StackSource) => Promise<StackDefinition>;
	/** Runs `compose ARGS` for this stack, its output streamed. */
	run: (title: string, args: readonly string[], source: StackSource) => StackRun;
}

/** A compose command running on a stack, which can be stopped (compose waits for ever on an engine that never answers). */
export interface StackRun extends BackgroundRunView {
	/** SIGTERM to the command's process group, then SIGKILL if it lingers; what it did so far stays done. */
	stop: () => void;
}

/** What starting an action gave: the run, or the one line that says why it did not start. */
export type ActionStart = {run: BackgroundRunView} | {problem: string};

/** The name Compose gives a project from its folder: lower case, only a-z, 0-9, _ and -. */
export function defaultProjectName(folder: string): string {
	return folder.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/** With several engines (issue 14): the engine's name, said in each command's title, and the one last run all engines' stores share. */
export interface StackStoreOptions {
	engine?: string;
	lastRun?: Observable<BackgroundRunView | undefined>;
}

export class StackStore extends Observable<ReadonlyMap<string, StackInfo>> {
	/** The last command run on any stack (of any engine, when shared): the Compose pane shows its output. */
	readonly lastRun: Observable<BackgroundRunView | undefined>;
	/** The engine the store's commands go to, when there are several (the app's own store is named when the several-engine view is made). */
	engine: string | undefined;
	private readonly known = new Set<string>();
	private readonly running = new Map<string, StackRun>();

	constructor(
		readonly port: ComposePort,
		options: StackStoreOptions = {},
	) {
		super(new Map());
		this.lastRun = options.lastRun ?? new Observable<BackgroundRunView | undefined>(undefined);
		this.engine = options.engine;
	}

	/** Reads a stack named by flags or the current directory; a failed read shows as that stack's problem. */
	async addSource(source: StackSource, fallbackName: string): Promise<void> {
		try {
			const definition = await this.port.readDefinition(source);
			this.put(definition.project, {source: {...source, project: definition.project}, definition, profiles: this.get().get(definition.project)?.profiles ?? []});
		} catch (error) {
			this.put(fallbackName, {source, problem: (error as Error).message, profiles: []});
		}
	}

	/** Projects seen in the containers' labels for the first time are added, read from their files when those are here. */
	noteContainers(containers: readonly ContainerSummary[]): void {
		const fresh = new Map<string, ContainerSummary[]>();
		for (const container of containers) {
			const project = container.composeProject;
			if (!project || this.known.has(project) || this.get().has(project)) continue;
			const members = fresh.get(project) ?? [];
			members.push(container);
			fresh.set(project, members);
		}
		for (const [project, members] of fresh) {
			this.known.add(project);
			const source = sourceFromLabels(project, members);
			this.put(project, {source, profiles: []});
			if (source.files.length > 0) void this.reload(project);
		}
	}

	/** Reads the stack's files again. */
	async reload(project: string): Promise<void> {
		const stack = this.get().get(project);
		if (!stack || stack.source.files.length === 0) return;
		try {
			const definition = await this.port.readDefinition(stack.source);
			this.change(project, {definition, problem: undefined});
		} catch (error) {
			this.change(project, {problem: (error as Error).message});
		}
	}

	/** Stops the command running on the stack; its title, or undefined when none runs. */
	cancel(project: string): string | undefined {
		const run = this.running.get(project);
		if (run?.get().status !== 'running') return undefined;
		run.stop();
		return run.title;
	}

	/** The profiles `--profile` switches on for this stack from now on. */
	setProfiles(project: string, profiles: readonly string[]): void {
		this.change(project, {profiles: [...new Set(profiles)]});
	}

	/**
	 * Runs an action on the stack or one service, unless it cannot run: no compose CLI, or an
	 * action that needs the file on a stack known only from its labels.
	 */
	async start(project: string, action: ComposeAction, service?: string): Promise<ActionStart> {
		const stack = this.get().get(project);
		if (!stack) return {problem: `no stack ${project}`};
		const words = COMPOSE_ACTION_WORDS[action].join(' ');
		// One command at a time per stack: a second `up` racing the first would act on a half-made stack.
		const running = this.running.get(project);
		if (running?.get().status === 'running') return {problem: `${project}: ${running.title} is still running (o shows its output)`};
		const missing = await this.port.check();
		if (missing) return {problem: missing};
		if (NEEDS_FILE.has(action) && !stack.definition) {
			return {problem: `${words} needs ${project}'s compose file: ${stack.problem ?? 'its containers do not name one'}`};
		}
		// Without a readable file (it is on another machine, or gone) compose acts by the project's labels alone:
		// naming the missing file would make it fail, and `down` and `stop` need none.
		const source: StackSource = stack.definition ? {...stack.source, project} : {project, files: [], origin: stack.source.origin};
		const args = composeArgs(source, action, {service, profiles: stack.profiles});
		const on = this.engine === undefined ? '' : ` on ${this.engine}`;
		const run = this.port.run(`${words} · ${service ? `${project} ${service}` : project}${on}`, args, source);
		this.running.set(project, run);
		this.lastRun.set(run);
		// The file may have changed since it was read (a service added): read it again once the command ends.
		const unsubscribe = run.subscribe(() => {
			if (run.get().status === 'running') return;
			unsubscribe();
			void this.reload(project);
		});
		return {run};
	}

	private put(project: string, stack: StackInfo): void {
		this.known.add(project);
		const next = new Map(this.get());
		next.set(project, stack);
		this.set(next);
	}

	private change(project: string, change: Partial<StackInfo>): void {
		const stack = this.get().get(project);
		if (stack) this.put(project, {...stack, ...change});
	}
}

/**
 * Switching the whole dashboard to another docker context (issue 7). The
 * session (the services of one engine, its version and context name) is an
 * observable the app's root renders, keyed by a counter, so a switch remounts
 * every pane with the new engine's stores: nothing of the old engine's
 * selection, streams or marks can act on the new one. The new engine must
 * answer first; if it does not, the current one stays and the status line
 * says why in one line.
 *
 * Adding or dropping an engine at run time (issue 14) gives a new session the same way, over the same running
 * members (their stores keep their lists), with the new set of engines, and the app's view (the pane shown, each
 * pane's filter and selection) kept: every multi-engine pane mounts again with the engine's rows added or gone.
 */
import {listContexts} from './docker/contexts.js';
import {appMember, createEngineMember} from './multi-engine-services.js';
import {type ContainerSyncOptions} from './model/container-sync.js';
import type {StackSource} from './model/compose.js';
import {type EngineMember, engineNames, MultiEngineView} from './model/multi-engine.js';
import type {EnginePorts} from './model/ports.js';
import {type DockerContext} from './model/endpoint-types.js';
import {createEngine, type Engine, type EngineOptions} from './docker/engine.js';
import {EndpointError, extraHostEndpoint, resolveEndpoint} from './docker/endpoint.js';
import {type EngineEndpoint} from './model/endpoint-types.js';
import {describeEngineError} from './docker/errors.js';
import type {EngineVersion} from './model/types.js';
import {Observable} from './model/observable.js';
import {createPortResources, type PortResources} from './engine-ports.js';
import type {AppServices, ContextSwitching, EngineMembership} from './ui/app-context.js';

export interface EngineSession {
	services: AppServices;
	version: EngineVersion;
	/** Changes on every switch: the app's root remounts on it. */
	generation: number;
	/** What the app shows, kept across an engine added or dropped (issue 14); a context switch starts a new one. */
	view: SessionView;
}

/** The pane shown and each pane's remembered values (filter, sort, selection) of a session. */
export interface SessionView {
	pane?: string;
	readonly memory: Map<string, unknown>;
}

/** C0 and C1 control characters, DEL among them. */
function hasControlCharacters(text: string): boolean {
	return [...text].some(char => {
		const code = char.codePointAt(0)!;
		return code < 0x20 || (code >= 0x7f && code < 0xa0);
	});
}

/** `-H ADDRESS`, `--host=ADDRESS` or `--context NAME` typed whole into the add field is the address or the name. */
function hostOf(input: string): string {
	return input.trim().replace(/^(?:-H|--host|-c|--context)(?:\s+|=)/, '').trim();
}

export class EngineSwitcher extends Observable<EngineSession> implements ContextSwitching, EngineMembership {
	private isSwitching = false;
	/** Closes the connections of the app's own engine, when it is dropped from the view (issue 14). */
	private releaseOwn: () => void;

	constructor(
		first: {services: AppServices; version: EngineVersion; release?: () => void},
		private readonly build: (engine: Engine) => AppServices,
		private readonly engineOptions: EngineOptions,
		private readonly env: NodeJS.ProcessEnv = process.env,
		private readonly syncOptions: ContainerSyncOptions = {},
		/** The dashboard's shells and unfinished files: an engine added later shares them, so they end with it. */
		private readonly resources: PortResources = createPortResources(),
		/** The stack of `-f` / `--project-directory`, shown on every engine, one added at run time too. */
		private readonly stackFromFlags?: {source: StackSource; fallback: string},
	) {
		super({services: first.services, version: first.version, generation: 0, view: {memory: new Map()}});
		this.releaseOwn = first.release ?? (() => undefined);
		first.services.contexts = this;
		first.services.membership = this;
	}

	list(): DockerContext[] {
		return listContexts(this.env);
	}

	async switchTo(name: string): Promise<void> {
		const current = this.get().services;
		if (this.isSwitching) return current.notify('already switching context: wait for it', 'info');
		let endpoint: EngineEndpoint;
		try {
			endpoint = resolveEndpoint({contextFlag: name, env: this.env});
		} catch (error) {
			if (error instanceof EndpointError) return current.notify(error.message, 'error');
			throw error;
		}
		this.isSwitching = true;
		current.notify(`connecting to context ${name} (${endpoint.url})…`, 'progress');
		const engine = createEngine(endpoint, this.engineOptions);
		try {
			const version = await engine.version();
			const services = this.build(engine);
			services.contexts = this;
			services.membership = this;
			services.contextName = name;
			await services.sync.start();
			current.sync.stop();
			stopEngines(current);
			this.releaseOwn = () => engine.close();
			services.notify(`switched to context ${name}: ${endpoint.url}`, 'success');
			this.set({services, version, generation: this.get().generation + 1, view: {memory: new Map()}});
		} catch (error) {
			// Where the dashboard stays comes first: the reason may be longer than the line.
			current.notify(`could not switch to context ${name}, still on ${current.ports.engine.url}: ${describeEngineError(error, endpoint)}`, 'error');
		} finally {
			this.isSwitching = false;
		}
	}

	/**
	 * Adds an engine to every multi-engine pane (issue 14): `-H`'s address (unix://, tcp://, ssh://) or a docker
	 * context's name. It must answer first; bad input or no answer is one line in the status bar, and nothing changes.
	 */
	async add(input: string): Promise<void> {
		const current = this.get().services;
		const host = hostOf(input);
		if (!host) return current.notify('add engine: give -H ADDRESS (unix://PATH, tcp://HOST:PORT, ssh://USER@HOST) or a docker context name', 'error');
		if (this.isSwitching) return current.notify('already connecting to an engine: wait for it', 'info');
		// Typed or pasted: no address or context name has control characters, and the messages below repeat it.
		if (hasControlCharacters(host)) return current.notify('engine not added: the address has control characters (a paste?): type it again', 'error');
		let endpoint: EngineEndpoint;
		try {
			// An address has a scheme; anything else is a context's name, as `docker --context NAME` takes it.
			endpoint = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? extraHostEndpoint(host, {env: this.env}) : resolveEndpoint({contextFlag: host, env: this.env});
		} catch (error) {
			if (error instanceof EndpointError) return current.notify(`engine not added: ${error.message}`, 'error');
			throw error;
		}
		const view = current.engines;
		const members = view ? [...view.members] : [];
		const urls = view ? members.map(member => member.engine.engine.url) : [current.ports.engine.url];
		const shown = urls.indexOf(endpoint.url);
		if (shown >= 0) return current.notify(`engine not added: ${endpoint.url} is already shown${view ? ` as ${members[shown]!.name}` : ' (the dashboard’s own engine)'}`, 'info');
		this.isSwitching = true;
		current.notify(`connecting to ${endpoint.url}…`, 'progress');
		const engine = createEngine(endpoint, this.engineOptions);
		try {
			await engine.version();
		} catch (error) {
			engine.close();
			this.isSwitching = false;
			return current.notify(`engine not added: ${describeEngineError(error, endpoint)}`, 'error');
		}
		const ownName = view ? members[0]!.name : (current.contextName ?? engineNames([...urls, endpoint.url])[0]!);
		if (!view) members.push(appMember(current, ownName));
		const taken = new Set(members.map(member => member.name));
		// Its context's name, else the short form of its address; a name another engine has already keeps the address.
		const short = endpoint.context ?? engineNames([...urls, endpoint.url]).at(-1)!;
		const name = taken.has(short) ? endpoint.url : short;
		const member = createEngineMember(current, ownName, name, engine, this.syncOptions, this.resources);
		if (this.stackFromFlags) void member.compose?.addSource(this.stackFromFlags.source, this.stackFromFlags.fallback);
		try {
			// Its list first, so its rows are there when the panes mount again; an engine that fails now shows as failed.
			await member.sync.start();
		} finally {
			this.isSwitching = false;
		}
		view?.detach();
		const session = this.get();
		this.set({...session, services: {...current, engines: new MultiEngineView([...members, member])}, generation: session.generation + 1});
		current.notify(`added engine ${name} (${endpoint.url}): its rows are in every pane`, 'success');
	}

	/** Why an engine cannot be dropped, or undefined when it can. */
	dropRefusal(name: string): string | undefined {
		const view = this.get().services.engines;
		const member = view?.memberOf(name);
		if (!view || !member) return `engine ${name} is not in the view`;
		if (view.members.length <= 1) return `${name} is the only engine: it cannot be dropped`;
		return undefined;
	}

	/**
	 * Drops an engine from the view (issue 14): its rows leave every pane, its event stream, image list and
	 * connections end. Nothing is sent to it: its containers and everything else on it are as they were.
	 */
	drop(name: string): void {
		const current = this.get().services;
		// An engine being added holds the view it will extend: dropping from it now would bring the dropped one back.
		const refusal = this.isSwitching ? `engine ${name} not dropped: an engine is being connected to; wait for it` : this.dropRefusal(name);
		if (refusal) return current.notify(refusal, 'error');
		const view = current.engines!;
		const member = view.memberOf(name)!;
		if (member === view.members[0]) return void this.dropOwn(view, member);
		view.detach();
		member.release?.();
		// The Logs pane followed a container of that engine: it says the engine left the view, not that the
		// container was removed (it is as it was).
		if (current.selection.get().engine === name) current.selection.set({marked: [], droppedEngine: name});
		const rest = view.members.filter(other => other !== member);
		// Back to the app's own engine alone: the panes as with one engine, no ENGINE column.
		const {engines: _dropped, ...services} = current;
		const next: AppServices = rest.length > 1 ? {...services, engines: new MultiEngineView(rest)} : services;
		const session = this.get();
		this.set({...session, services: next, generation: session.generation + 1});
		current.notify(`dropped engine ${name} from the view: nothing on it changed`, 'success');
	}

	/**
	 * Drops the engine the dashboard started on (issue 14): the next engine of the view takes its place as the app's
	 * own (the header, the one-engine panes, its store, images, runs, builds and stacks), once it answers for the header's
	 * version. The dropped one's streams and connections end; nothing is sent to it.
	 */
	private async dropOwn(view: NonNullable<AppServices['engines']>, member: EngineMember<EnginePorts>): Promise<void> {
		const current = this.get().services;
		const rest = view.members.filter(other => other !== member);
		const heir = rest[0]!;
		this.isSwitching = true;
		current.notify(`dropping engine ${member.name}: asking ${heir.name}, which takes its place, to answer…`, 'progress');
		let version: EngineVersion;
		try {
			version = await (heir.version ?? (() => Promise.reject(new Error('its version cannot be asked'))))();
		} catch (error) {
			return current.notify(`engine ${member.name} not dropped: ${heir.name}, which would take its place, does not answer: ${heir.engine.describeError(error)}`, 'error');
		} finally {
			this.isSwitching = false;
		}
		view.detach();
		// As for any engine dropped: the Logs pane following one of its containers says the engine left the view.
		if (current.selection.get().engine === member.name) current.selection.set({marked: [], droppedEngine: member.name});
		current.sync.stop();
		current.images.sync.stop();
		// After its stream stopped: the events it logged leave with it, and the heir's history is read as the own.
		current.events?.removeEngine(member.name);
		this.releaseOwn();
		this.releaseOwn = heir.release ?? (() => undefined);
		const {engines: _dropped, contextName: _context, run: _run, builds: _builds, compose: _compose, ...services} = current;
		const own: AppServices = {
			...services,
			ports: heir.engine,
			containers: heir.store,
			sync: heir.sync,
			images: heir.images ?? current.images,
			...(heir.run ? {run: heir.run} : {}),
			...(heir.builds ? {builds: heir.builds} : {}),
			...(heir.compose ? {compose: heir.compose} : {}),
		};
		if (rest.length > 1) own.engines = new MultiEngineView(rest);
		const session = this.get();
		this.set({...session, services: own, version, generation: session.generation + 1});
		current.notify(`dropped engine ${member.name} from the view: nothing on it changed; ${heir.name} is the dashboard’s own engine now`, 'success');
	}

	/** Stops the current engine's streams, when dockdash exits. */
	stop(): void {
		const {services} = this.get();
		services.sync.stop();
		stopEngines(services);
	}
}

/** Stops every engine of the view and releases the ones besides the app's own. */
function stopEngines(services: AppServices): void {
	const view = services.engines;
	if (!view) return;
	view.stop();
	for (const member of view.members.slice(1)) member.release?.();
}

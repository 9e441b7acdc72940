/**
 * The one test seam of the UI (issue 15): a scripted fake per port of
 * source/model/ports.ts. A component test swaps in the fake of the port it
 * exercises (`services.ports.logs = new ScriptedLogs()`, ...); every port it
 * does not script is the real adapter over a socket that does not exist, so
 * it fails the way an unreachable engine does. Anything that touches Docker
 * is also tested against a real engine.
 */
import type {DecodedLine} from '../../source/model/log-decoder.js';
import {createEngine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {describeEngineError} from '../../source/docker/errors.js';
import {createEnginePorts} from '../../source/engine-ports.js';
import type {ActionResult, ActionTarget, ContainerAction} from '../../source/model/action-rules.js';
import type {ContainerDetails, ContainerSize, FileChange, ProcessTable} from '../../source/model/details-types.js';
import type {LogSink, LogTarget} from '../../source/model/log-types.js';
import type {InventoryStore} from '../../source/model/inventory-store.js';
import type {CleanupPort, ContainerActionsPort, DetailsPort, EnginePorts, FilesPort, FollowOptions, LogsPort, StatsFeed, StatsFeedHandlers, StatsPort} from '../../source/model/ports.js';
import type {StatsSample} from '../../source/model/stats.js';
import {LayerStack, stackToTree} from '../../source/model/layers/file-tree.js';
import type {LayerEntry} from '../../source/model/layers/layer-changes.js';

/** The real ports over a socket that does not exist: what an unscripted port does in a component test. */
export function unreachablePorts(options: {readOnly?: boolean} = {}): EnginePorts {
	return createEnginePorts(createEngine(parseHost('unix:///nonexistent/dockdash-test.sock', 'test'), {readOnly: options.readOnly}));
}

export type ActionCall = [action: ContainerAction, id: string, options: {force?: boolean; removeVolumes?: boolean}];

/** Container actions: records what the engine would have been asked, and answers ok (or the error `fail` returns). */
export class ScriptedContainerActions implements ContainerActionsPort {
	calls: ActionCall[] = [];
	/** `fail` returns the error the engine would throw for this one (described the way the adapter describes it), or nothing. */
	constructor(private readonly fail?: (action: ContainerAction, id: string) => unknown) {}
	apply = async (action: ContainerAction, targets: ReadonlyArray<string | ActionTarget>, options: {removeVolumes?: boolean} = {}): Promise<ActionResult[]> =>
		targets.map(target => {
			const {id, force} = typeof target === 'string' ? {id: target, force: undefined} : target;
			this.calls.push([action, id, {...(force ? {force} : {}), ...(options.removeVolumes ? {removeVolumes: true} : {})}]);
			const error = this.fail?.(action, id);
			return error ? {id, isOk: false, error: describeEngineError(error)} : {id, isOk: true};
		});
}

/** Logs: the test pushes lines and notices into whatever the pane follows. */
export class ScriptedLogs implements LogsPort {
	calls: Array<{targets: readonly LogTarget[]; options: FollowOptions; of: 'containers' | 'services'}> = [];
	sink: LogSink | undefined;
	follow = async (targets: readonly LogTarget[], sink: LogSink, options: FollowOptions) => {
		this.calls.push({targets, options, of: 'containers'});
		this.sink = sink;
	};
	followServices = async (targets: readonly LogTarget[], sink: LogSink, options: FollowOptions) => {
		this.calls.push({targets, options, of: 'services'});
		this.sink = sink;
	};
	/** Lines to the latest follower; "E:" makes a line stderr. */
	lines(...texts: string[]) {
		this.sink!.onLines(texts.map(text => ({stream: text.startsWith('E:') ? 'stderr' : 'stdout', text: text.replace(/^E:/, ''), timestamp: '2026-11-23T01:02:03.456789Z'})));
	}
}

/** A stats feed the test pushes samples into. */
export class ScriptedFeed implements StatsFeed {
	targets: string[] = [];
	isStarted = false;
	isStopped = false;
	constructor(readonly push: (samples: Map<string, StatsSample>) => void) {}
	setTargets = (ids: readonly string[]) => {
		this.targets = [...ids];
	};
	start = () => {
		this.isStarted = true;
	};
	stop = () => {
		this.isStopped = true;
	};
	methodOf = (id: string) => (this.targets.includes(id) ? ('cgroup' as const) : undefined);
	/** The rows the pane last said are on screen. */
	visible: string[] | undefined;
	setVisible = (ids: readonly string[] | undefined) => {
		this.visible = ids && [...ids];
	};
}

/** Stats: the feed the pane made last. */
export class ScriptedStats implements StatsPort {
	feed: ScriptedFeed | undefined;
	createFeed = (handlers: StatsFeedHandlers) => (this.feed = new ScriptedFeed(handlers.onSamples));
}

const notFound = () => Object.assign(new Error('(HTTP code 404) no such container - No such container'), {statusCode: 404});

/** Details: answers for the containers the test gives; any other ID, or one removed, is a 404 as the engine says it. */
export class ScriptedDetails implements DetailsPort {
	readonly removed = new Set<string>();
	constructor(readonly containers: Map<string, {details: ContainerDetails; size?: ContainerSize; top?: ProcessTable; changes?: FileChange[]; lastLines?: DecodedLine[]}>) {}
	private of(id: string) {
		const found = this.containers.get(id);
		if (!found || this.removed.has(id)) throw notFound();
		return found;
	}
	inspect = async (id: string) => this.of(id).details;
	size = async (id: string) => this.of(id).size ?? {writable: 0, rootFs: 0};
	top = async (id: string) => this.of(id).top ?? {titles: [], rows: []};
	changes = async (id: string) => this.of(id).changes ?? [];
	lastLines = async (id: string) => this.of(id).lastLines ?? [];
	isGone = (error: unknown) => (error as {statusCode?: number} | undefined)?.statusCode === 404;
}

/** Cleanup: the inventory store the test scripts (test/support/inventory.ts). */
export function scriptedCleanup(store: InventoryStore): CleanupPort {
	return {inventory: () => store, existing: () => store};
}

/**
 * Files (issue 13): a container filesystem given as entries (paths without the leading slash), answered as the
 * engine's archive would name them; `reads` are files' contents; calls are recorded, copies answer ok.
 */
export class ScriptedFiles implements FilesPort {
	calls: Array<[string, ...string[]]> = [];
	constructor(
		readonly entries: readonly LayerEntry[],
		readonly reads: ReadonlyMap<string, Uint8Array> = new Map(),
	) {}
	list = async (id: string, path: string) => {
		this.calls.push(['list', id, path]);
		const own = path.slice(1);
		const base = own.slice(own.lastIndexOf('/') + 1);
		const chosen = path === '/' ? this.entries : this.entries.filter(entry => entry.path === own || entry.path.startsWith(`${own}/`)).map(entry => ({...entry, path: base + entry.path.slice(own.length)}));
		if (chosen.length === 0) throw Object.assign(new Error(`(HTTP code 404) no such container or path - Could not find the file ${path} in container ${id}`), {statusCode: 404});
		const stack = new LayerStack();
		stack.apply({entries: [...chosen], whiteouts: [], opaqueDirs: [], ignored: [], bytes: 0});
		return {path, root: stackToTree(stack, -2), entryCount: chosen.length};
	};
	read = async (id: string, path: string) => {
		this.calls.push(['read', id, path]);
		const bytes = this.reads.get(path) ?? new Uint8Array();
		return {path, size: bytes.length, bytes, isCut: false};
	};
	hostTarget = async (typed: string) => ({target: typed, exists: false, isFolder: false});
	copyOut = async (id: string, path: string, hostPath: string) => {
		this.calls.push(['copyOut', id, path, hostPath]);
		return {target: hostPath, files: 1, bytes: 0};
	};
	copyIn = async (id: string, hostPath: string, directory: string) => {
		this.calls.push(['copyIn', id, hostPath, directory]);
	};
	describe = (error: unknown) => String((error as Error).message);
}

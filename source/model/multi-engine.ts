/**
 * Several engines in one view (issue 7: `-H a -H b`, `--all-contexts`). An
 * additive layer over the one-engine model: each engine keeps its own
 * ContainerStore and ContainerSync, so one engine that fails or hangs only
 * marks itself failed and never stops the others. This merges their lists
 * into rows that carry their engine, keyed by engine + ID (two engines can
 * hold the same container ID, as two contexts on one daemon do).
 */
import type {ContainerSummary} from './types.js';
import type {ContainerStore} from './container-store.js';
import type {ContainerSync, SyncStatusValue} from './container-sync.js';
import {Observable} from './observable.js';
import type {ImageServices} from './image-store.js';
import type {RunPort} from './run-form.js';
import type {BuildTracker} from './build.js';
import type {StackStore} from './stack-store.js';

/** One engine of the view; `T` is the engine adapter, opaque to the model. */
export interface EngineMember<T = unknown> {
	/** Short label shown in the ENGINE column: the context name, or the address. */
	name: string;
	/** Set when the engine is reached over TLS that does not verify it (asked for by name): the pane says so. */
	isUnverifiedTls?: boolean;
	engine: T;
	store: ContainerStore;
	sync: ContainerSync;
	/** Its images, runs and builds (issue 14: the Images pane acts on the selected row's engine); absent in tests that do not need them. */
	images?: ImageServices;
	/** Absent under --read-only, as the app's own. */
	run?: RunPort;
	builds?: BuildTracker;
	/** Its Compose stacks, acted on through the compose CLI pointed at this engine (issue 14); absent in tests that do not need them. */
	compose?: StackStore;
	/** Ends what only this engine uses (its image list, its event history, its connections) when it is dropped at run time (issue 14). */
	release?: () => void;
}

/** A container row of the merged view. */
export interface EngineRow extends ContainerSummary {
	/** The member's name. */
	engine: string;
	/** engine + ID: unique across the view. */
	key: string;
	/** Set while its engine does not answer (issue 14): the row is as last seen, and nothing may be sent for it. */
	isEngineDown?: true;
}

export interface EngineHealth {
	name: string;
	isUnverifiedTls?: boolean;
	status: SyncStatusValue;
	isLoaded: boolean;
	count: number;
}

/**
 * Whether an engine's rows are as last seen (issue 14): it listed once, and now does not answer (its event stream or
 * a list failed, and it has not answered since). An engine still connecting for the first time has no rows to mark.
 */
export function isMemberDown(status: SyncStatusValue, isLoaded: boolean): boolean {
	return isLoaded && !status.isConnected && status.problem !== undefined;
}

/** The engines of the view whose rows are as last seen. */
export function downEngines(health: readonly EngineHealth[]): ReadonlySet<string> {
	return new Set(health.filter(engine => isMemberDown(engine.status, engine.isLoaded)).map(engine => engine.name));
}

/**
 * What a list pane's title says of the engines that do not answer (issue 14), one part each: those this pane listed
 * once show their rows as last seen; one that went down (or never answered) before the pane listed anything from it
 * has no rows here, and an empty list must not read as "none there". Empty when every engine answers.
 */
export function unansweringNote(health: readonly EngineHealth[], isListed: (engine: string) => boolean): string {
	const down = downEngines(health);
	const seen = health.filter(engine => down.has(engine.name) && isListed(engine.name)).map(engine => engine.name);
	const never = health.filter(engine => !engine.status.isConnected && engine.status.problem !== undefined && !isListed(engine.name)).map(engine => engine.name);
	const parts: string[] = [];
	if (seen.length > 0) parts.push(`${seen.join(', ')} not answering: ${seen.length === 1 ? 'its' : 'their'} rows as last seen`);
	if (never.length > 0) parts.push(`engine ${never.join(', ')} ${never.length === 1 ? 'is' : 'are'} down — nothing loaded from ${never.length === 1 ? 'it' : 'them'} yet`);
	return parts.map(part => ` · ${part}`).join('');
}

/** The one line an action on a down engine's rows gets, before anything is sent (issue 14). */
export function engineDownRefusal(action: string, engines: readonly string[]): string {
	const names = engines.join(', ');
	return `${action} not sent: engine ${names} ${engines.length === 1 ? 'does' : 'do'} not answer (${engines.length === 1 ? 'its' : 'their'} rows are as last seen; nothing was queued)`;
}

/**
 * Whether another engine of the view has a container of this name, or (with `project`) a compose project of that
 * name (issue 14): a title naming only it would not say which engine's it is.
 */
export function isNameOnOtherEngine(rows: readonly EngineRow[], engine: string, subject: {name: string} | {project: string}): boolean {
	return rows.some(row => row.engine !== engine && ('project' in subject ? row.composeProject === subject.project : row.name === subject.name));
}

/** The row key of a container of an engine. */
export function engineRowKey(engine: string, id: string): string {
	return `${engine}\u0000${id}`;
}

export class MultiEngineView<T = unknown> extends Observable<readonly EngineRow[]> {
	/** Per-engine status, in the order the engines were given. */
	readonly health: Observable<readonly EngineHealth[]>;
	// Unchanged containers keep their row object, so memoized rows stay memoized (one per container and engine state).
	private readonly rows = new WeakMap<ContainerSummary, EngineRow>();
	private readonly downRows = new WeakMap<ContainerSummary, EngineRow>();
	private readonly unsubscribe: Array<() => void> = [];

	constructor(readonly members: ReadonlyArray<EngineMember<T>>) {
		super([]);
		this.health = new Observable<readonly EngineHealth[]>(this.readHealth());
		for (const member of members) {
			this.unsubscribe.push(member.store.subscribe(() => this.refresh()));
			// A change of the engine's state changes its rows too: down, they show as last seen (issue 14).
			this.unsubscribe.push(member.sync.status.subscribe(() => this.refresh()));
		}
		this.refresh();
	}

	/** The member a row belongs to. */
	memberOf(name: string): EngineMember<T> | undefined {
		return this.members.find(member => member.name === name);
	}

	/** Starts every engine's sync at once; resolves when each has listed or failed. */
	async start(): Promise<void> {
		await Promise.all(this.members.map(member => member.sync.start()));
	}

	stop(): void {
		this.detach();
		for (const member of this.members) member.sync.stop();
	}

	/**
	 * Stops listening to the members without stopping them (issue 14): an engine added or dropped at run time gives a
	 * new view over the same running members, and this one must not keep their stores' subscriptions.
	 */
	detach(): void {
		for (const stop of this.unsubscribe.splice(0)) stop();
	}

	private refresh(): void {
		const merged: EngineRow[] = [];
		for (const member of this.members) {
			const isDown = isMemberDown(member.sync.status.get(), member.store.isLoaded);
			const cache = isDown ? this.downRows : this.rows;
			for (const container of member.store.get()) {
				let row = cache.get(container);
				if (!row) {
					row = {...container, engine: member.name, key: engineRowKey(member.name, container.id), ...(isDown ? {isEngineDown: true as const} : {})};
					cache.set(container, row);
				}
				merged.push(row);
			}
		}
		this.set(merged);
		this.health.set(this.readHealth());
	}

	private readHealth(): readonly EngineHealth[] {
		const next = this.members.map(member => ({
			name: member.name,
			...(member.isUnverifiedTls ? {isUnverifiedTls: true} : {}),
			status: member.sync.status.get(),
			isLoaded: member.store.isLoaded,
			count: member.store.get().length,
		}));
		const current = this.health?.get();
		// Same values: keep the old array, so subscribers do not render for nothing.
		if (
			current &&
			current.length === next.length &&
			current.every((old, index) => old.status === next[index]!.status && old.isLoaded === next[index]!.isLoaded && old.count === next[index]!.count)
		) {
			return current;
		}
		return next;
	}
}

/** Short, distinct names for engines given by address: the context name if any, else the host part. */
export function engineNames(addresses: readonly string[]): string[] {
	const short = addresses.map(address => {
		const match = /^(?:ssh|tcp|https?):\/\/(?:[^@/]*@)?([^/]+)/.exec(address);
		if (match) return match[1]!;
		// unix sockets by their folder (/tmp/engine-b/docker.sock is "engine-b"); the system one is "local".
		const socket = address.replace(/^unix:\/\//, '');
		if (socket === '/var/run/docker.sock' || socket === '/run/docker.sock') return 'local';
		const parts = socket.split('/').filter(Boolean);
		return (parts.at(-1) === 'docker.sock' ? parts.at(-2) : parts.at(-1)) ?? socket;
	});
	// Two addresses that shorten alike keep their full form.
	return short.map((name, index) => (short.indexOf(name) === short.lastIndexOf(name) ? name : addresses[index]!));
}

/**
 * The `engine:NAME` words of a list's filter (issue 14): which engines' rows it keeps, and the rest of the text for
 * the pane's own matching. A NAME that is an engine's whole name keeps that engine only (`engine:b` beside
 * `engine-b`); otherwise every engine whose name contains it. Several `engine:` words keep any of them; case is ignored.
 */
export function splitEngineFilter(filter: string, names: readonly string[]): {isEngineKept: (name: string) => boolean; rest: string} {
	const wanted: string[] = [];
	const rest = filter
		.split(/\s+/)
		.filter(word => {
			const match = /^engine:(.*)$/i.exec(word);
			if (match) wanted.push(match[1]!.toLowerCase());
			return !match;
		})
		.join(' ')
		.trim();
	if (wanted.length === 0) return {isEngineKept: () => true, rest: filter.trim()};
	const lower = names.map(name => name.toLowerCase());
	const kept = new Set<string>();
	for (const word of wanted) {
		const exact = lower.indexOf(word);
		if (exact >= 0) kept.add(names[exact]!);
		else for (const [index, name] of lower.entries()) if (word !== '' && name.includes(word)) kept.add(names[index]!);
	}
	return {isEngineKept: name => kept.has(name), rest};
}

/**
 * A list's matcher that also takes `engine:NAME` words (issue 14): a row with an engine is kept when its engine is
 * asked for, and the rest of the filter goes to the list's own matcher. Rows without an engine (one engine) ignore them.
 */
export function matchingOnEngine<T extends {engine?: string}>(matches: (row: T, filter: string) => boolean, names: readonly string[]): (row: T, filter: string) => boolean {
	return (row, filter) => {
		const {isEngineKept, rest} = splitEngineFilter(filter, names);
		if (row.engine !== undefined && !isEngineKept(row.engine)) return false;
		return !rest || matches(row, rest);
	};
}

/** The key of a row of one engine among several: its own key, with the engine's name before it when there is one. */
export function onEngineKey(engine: string | undefined, key: string): string {
	return engine === undefined ? key : engineRowKey(engine, key);
}

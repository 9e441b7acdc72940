/**
 * The engine's events as the Events pane shows them (issue 14): every event since dockdash
 * started, and the last hour read once when the pane first opens, in one bounded ring, newest
 * first, every field sanitized. Live events are published in batches, so a burst costs one render.
 */
import type {EngineEvent} from './types.js';
import {Observable} from './observable.js';
import {sanitize, sanitizeRecord} from './sanitize.js';
import {MASK, isSecretName, maskSecretArguments} from './secrets.js';

/** One event, ready to show: every text field has passed the sanitizer. */
export interface EventEntry {
	/** Unique in the log: time, type, action and object. */
	key: string;
	timeNano: number;
	type: string;
	action: string;
	/** The object's ID as the engine gives it (a hex ID, or a volume's or image's name). */
	id: string;
	/** The object's name when the event carries one (containers, images, networks, services, nodes), a volume's ID (its name). */
	name: string;
	attributes: Readonly<Record<string, string>>;
	/** Attributes the engine sent that are not shown: not text, or past the bound kept (issue 17). */
	attributesLeftOut?: number;
	/** With several engines (-H a -H b, --all-contexts): the engine it happened on. */
	engine?: string;
}

/** The types a user can narrow the list to, in the order `t` steps through them. */
export const EVENT_TYPES = ['container', 'image', 'volume', 'network', 'service', 'node'] as const;

export function toEntry(event: EngineEvent, engine?: string): EventEntry {
	// A container's events carry all its labels, an exec's its command line: secret-looking values are masked here,
	// so the pane neither shows them nor finds them with its filter (issue 17).
	const attributes = Object.fromEntries(Object.entries(sanitizeRecord(event.attributes)).map(([key, value]) => [key, isSecretName(key) ? MASK : value]));
	const id = sanitize(event.id);
	const type = sanitize(event.type);
	const fullAction = sanitize(event.action);
	const action = maskSecretArguments(fullAction);
	const name = attributes['name'] ?? (type === 'volume' ? id : '');
	return {
		key: `${engine ?? ''}\u0000${event.timeNano}\u0000${type}\u0000${fullAction}\u0000${id}`,
		timeNano: event.timeNano,
		type,
		action,
		id,
		name,
		attributes,
		...(event.attributesLeftOut ? {attributesLeftOut: event.attributesLeftOut} : {}),
		...(engine === undefined ? {} : {engine}),
	};
}

/** Whether an entry is shown under this type (undefined: every type) and text (each word must appear somewhere in it). */
export function matchesEvent(entry: EventEntry, type: string | undefined, text: string): boolean {
	if (type && entry.type !== type) return false;
	if (!text) return true;
	const haystack = `${entry.engine ?? ''} ${entry.type} ${entry.action} ${entry.name} ${entry.id} ${Object.entries(entry.attributes).map(([key, value]) => `${key}=${value}`).join(' ')}`.toLowerCase();
	return text.toLowerCase().split(/\s+/).filter(Boolean).every(word => haystack.includes(word));
}

/** Reads the events of a past window, [since, until] in Unix seconds. */
export type EventHistory = (since: number, until: number, signal: AbortSignal) => Promise<EngineEvent[] & {notice?: string}>;

export class EventLog extends Observable<readonly EventEntry[]> {
	/** Whether the last hour has been read (or is being read), and how that went. */
	readonly history = new Observable<'unread' | 'reading' | 'read' | {problem: string} | {partial: string}>('unread');
	private entries: EventEntry[] = [];
	private readonly keys = new Set<string>();
	private pending: EventEntry[] = [];
	private flushTimer: NodeJS.Timeout | undefined;
	/** The app's own engine's name once there are several: its events carry it too. */
	private ownName: string | undefined;
	/** The other engines' histories, read with the app's own when the pane opens. */
	private readonly others: Array<{engine: string; read: EventHistory}> = [];

	constructor(
		readonly capacity = 5000,
		private readonly readHistory?: EventHistory,
		private readonly batchMs = 100,
		private readonly now: () => number = Date.now,
	) {
		super([]);
	}

	/** With several engines: names the app's own and adds another's history (its live events come through {@link add}). */
	addEngine(ownName: string, engine: string, read: EventHistory): void {
		// The first engine added at run time (issue 14): what the app's own engine logged so far is named from now on.
		if (this.ownName === undefined) this.flush();
		if (this.ownName === undefined && this.entries.some(entry => entry.engine === undefined)) {
			this.keys.clear();
			this.entries = this.entries.map(entry => (entry.engine === undefined ? {...entry, engine: ownName, key: `${ownName}${entry.key}`} : entry));
			for (const entry of this.entries) this.keys.add(entry.key);
			this.set(this.entries);
		}
		this.ownName = ownName;
		this.others.push({engine, read});
	}

	/**
	 * An engine dropped at run time (issue 14): its history is not read any more, and its entries leave the list (the
	 * list shows the engines of the view). Its live events stopped with its stream.
	 */
	removeEngine(engine: string): void {
		const index = this.others.findIndex(other => other.engine === engine);
		if (index >= 0) this.others.splice(index, 1);
		this.flush();
		const kept = this.entries.filter(entry => entry.engine !== engine);
		if (kept.length === this.entries.length) return;
		for (const entry of this.entries) if (entry.engine === engine) this.keys.delete(entry.key);
		this.entries = kept;
		this.set(kept);
	}

	/** A live event from the stream (of another engine when `engine` is given); shown with the next batch. */
	add(event: EngineEvent, engine: string | undefined = this.ownName): void {
		this.pending.push(toEntry(event, engine));
		this.flushTimer ??= setTimeout(() => this.flush(), this.batchMs);
	}

	/** Reads the last hour once (the first time the pane opens); events already kept are not repeated. */
	async loadHistory(signal: AbortSignal, seconds = 3600): Promise<void> {
		if (!this.readHistory || this.history.get() === 'reading' || this.history.get() === 'read') return;
		this.history.set('reading');
		// Fractional seconds, as the engine takes them: a whole second would lose the events of this second that came
		// before the live stream connected (they are in neither); an overlap with the live events is dropped by key.
		const until = this.now() / 1000;
		// Every engine at once, each merged as it answers: one that is down or hangs holds up none of the others.
		const sources = [{engine: this.ownName, read: this.readHistory}, ...this.others];
		const problems: string[] = [];
		const partial: string[] = [];
		await Promise.all(
			sources.map(async source => {
				try {
					const events: EngineEvent[] & {notice?: string} = await source.read(until - seconds, until, signal);
					this.merge(events.map(event => toEntry(event, source.engine)));
					// Kept, with the line saying what was cut (issue 17: a window the engine never ended).
					if (events.notice) partial.push(source.engine ? `${source.engine}: ${events.notice}` : events.notice);
				} catch (error) {
					const line = sanitize(String((error as Error)?.message ?? error).split('\n')[0] ?? '');
					problems.push(source.engine ? `${source.engine}: ${line}` : line);
				}
			}),
		);
		if (signal.aborted) this.history.set('unread');
		else if (problems.length > 0) this.history.set({problem: [...problems, ...partial].join(' · ')});
		else this.history.set(partial.length > 0 ? {partial: partial.join(' · ')} : 'read');
	}

	/** Publishes the waiting live events now. */
	flush(): void {
		clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		const batch = this.pending;
		this.pending = [];
		this.merge(batch);
	}

	private merge(batch: readonly EventEntry[]): void {
		const fresh = batch.filter(entry => !this.keys.has(entry.key));
		if (fresh.length === 0) return;
		for (const entry of fresh) this.keys.add(entry.key);
		// Newest first; the history read on open lands below the live events that came meanwhile.
		const merged = [...fresh, ...this.entries].sort((a, b) => b.timeNano - a.timeNano);
		for (const dropped of merged.splice(this.capacity)) this.keys.delete(dropped.key);
		this.entries = merged;
		this.set(merged);
	}
}

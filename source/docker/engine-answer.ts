/**
 * Reading the engine's JSON answers as untrusted input (issue 17). Whatever is at the end of DOCKER_HOST — an engine,
 * a broken proxy, something posing as one — its answer is checked before it becomes a domain object: a list that is
 * not a list is an error naming the request; an entry without an ID is left out and counted (a row dockdash could
 * not act on must not be shown as if it were whole); fields of the wrong type read as absent.
 */
import {sanitize} from '../model/sanitize.js';
import {EngineAnswerError} from './errors.js';

export type AnswerRecord = Record<string, unknown>;

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The answer as a list of records; throws an {@link EngineAnswerError} for anything else. */
export function answerList(what: string, raw: unknown): unknown[] {
	// docker-modem hands over the raw bytes when the body is not JSON (or is JSON null).
	if (Buffer.isBuffer(raw) || typeof raw === 'string') {
		const text = (Buffer.isBuffer(raw) ? raw.subarray(0, 200).toString('utf8') : raw.slice(0, 200)).trim();
		if (text === 'null') throw new EngineAnswerError(`${what}: the engine answered null where a list was expected`);
		const head = sanitize(text.slice(0, 40));
		throw new EngineAnswerError(`${what}: the engine's answer is not JSON${head ? ` (it starts "${head}")` : ' (empty)'}: is this address a Docker Engine?`);
	}
	if (!Array.isArray(raw)) throw new EngineAnswerError(`${what}: the engine answered ${describeValue(raw)} where a list was expected`);
	return raw;
}

/** A list's entries that are records with a string ID under `idKey`, first of each ID; the rest counted by reason. */
export function entriesWithIds(raw: readonly unknown[], idKey: string): {entries: AnswerRecord[]; leftOut: Map<string, number>} {
	const entries: AnswerRecord[] = [];
	const leftOut = new Map<string, number>();
	const seen = new Set<string>();
	const count = (reason: string) => leftOut.set(reason, (leftOut.get(reason) ?? 0) + 1);
	for (const entry of raw) {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			count('not an object');
			continue;
		}
		const id = (entry as AnswerRecord)[idKey];
		if (typeof id !== 'string' || id === '') {
			count('no ID');
			continue;
		}
		if (seen.has(id)) {
			count('a repeated ID');
			continue;
		}
		seen.add(id);
		entries.push(entry as AnswerRecord);
	}
	return {entries, leftOut};
}

/** "2 entries left out (no ID), 1 (a repeated ID)", or undefined when nothing was. */
export function describeLeftOut(what: string, leftOut: ReadonlyMap<string, number>): string | undefined {
	if (leftOut.size === 0) return undefined;
	const parts = [...leftOut].map(([reason, n], index) => (index === 0 ? `${n} ${n === 1 ? 'entry' : 'entries'} left out (${reason})` : `${n} (${reason})`));
	return `${what}: ${parts.join(', ')}`;
}

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
export const record = (value: unknown): Record<string, string> => {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
	const out: Record<string, string> = {};
	for (const [key, entry] of Object.entries(value as AnswerRecord)) if (typeof entry === 'string') out[key] = entry;
	return out;
};
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * A list answer read whole: the entries that have an ID, and a line counting those left out (undefined when none
 * were). `orNull` lets a JSON null stand for an empty list, as engines answer for a sub-list with nothing in it.
 */
export function checkedList(what: string, raw: unknown, idKey: string, options: {orNull?: boolean} = {}): {entries: AnswerRecord[]; notice?: string} {
	if (options.orNull && (raw === null || raw === undefined)) return {entries: []};
	const {entries, leftOut} = entriesWithIds(answerList(what, raw), idKey);
	const notice = describeLeftOut(what, leftOut);
	return notice ? {entries, notice} : {entries};
}

/** The answer as a record; throws an {@link EngineAnswerError} for anything else. */
export function answerRecord(what: string, raw: unknown): AnswerRecord {
	if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !Buffer.isBuffer(raw)) return raw as AnswerRecord;
	// JSON null comes as raw bytes too: it is named as null where an object belongs, not where a list does.
	const isNull = (Buffer.isBuffer(raw) || typeof raw === 'string') && raw.toString().trim() === 'null';
	if (!isNull && (Buffer.isBuffer(raw) || typeof raw === 'string')) answerList(what, raw);
	throw new EngineAnswerError(`${what}: the engine answered ${isNull ? 'null' : describeValue(raw)} where an object was expected`);
}

/** The longest engine string a row holds (names, images, commands, statuses): real ones are far shorter. */
export const MAX_ROW_TEXT = 4096;
/** The longest label key or value kept: labels carry small JSON documents, never megabytes. */
export const MAX_LABEL_TEXT = 64 * 1024;

/**
 * `value` cut to `max` characters, with "…" saying so (issue 17: ten containers with 1 MB names and labels ran the
 * dashboard out of heap). Cut before the sanitizer, so its work is bounded too.
 */
export function bounded(value: string, max = MAX_ROW_TEXT): string {
	return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** A label record with its keys and values bounded by {@link MAX_LABEL_TEXT}. */
export function boundedRecord(labels: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(labels)) out[bounded(key, MAX_LABEL_TEXT)] = bounded(value, MAX_LABEL_TEXT);
	return out;
}

/**
 * The most attributes one event keeps, and the characters of all of them together: a container's events carry its
 * labels, a few dozen short ones. The Events pane keeps 5,000 events: a 1 MB map in each would hold gigabytes (issue 17).
 */
export const MAX_EVENT_ATTRIBUTES = 128;
export const MAX_EVENT_ATTRIBUTE_TEXT = 16 * 1024;
/** What the panes name an event by comes first, so a long map never pushes it out. */
const FIRST_ATTRIBUTES: ReadonlySet<string> = new Set(['name', 'image', 'exitCode', 'signal', 'container', 'execID', 'type', 'driver', 'destination']);

/**
 * An event's attributes, bounded: text values only (a number, an object or a list is left out), each key cut at 256
 * characters and each value at 1 KiB, at most {@link MAX_EVENT_ATTRIBUTES} within {@link MAX_EVENT_ATTRIBUTE_TEXT};
 * with how many were left out (a map that is not one counts as one).
 */
export function boundedAttributes(value: unknown): {attributes: Record<string, string>; leftOut: number} {
	if (value === undefined || value === null) return {attributes: {}, leftOut: 0};
	if (typeof value !== 'object' || Array.isArray(value)) return {attributes: {}, leftOut: 1};
	const entries = Object.entries(value as AnswerRecord);
	const ordered = [...entries.filter(([key]) => FIRST_ATTRIBUTES.has(key)), ...entries.filter(([key]) => !FIRST_ATTRIBUTES.has(key))];
	const chosen = new Map<string, [string, string]>();
	let size = 0;
	for (const [rawKey, entry] of ordered) {
		const key = bounded(rawKey, 256);
		const text = typeof entry === 'string' ? bounded(entry, 1024) : undefined;
		if (text === undefined || chosen.size >= MAX_EVENT_ATTRIBUTES || size + key.length + text.length > MAX_EVENT_ATTRIBUTE_TEXT) continue;
		chosen.set(rawKey, [key, text]);
		size += key.length + text.length;
	}
	// Kept in the engine's own order: the bound chooses what stays, not how it reads.
	const attributes: Record<string, string> = {};
	for (const [rawKey] of entries) {
		const kept = chosen.get(rawKey);
		if (kept) attributes[kept[0]] = kept[1];
	}
	return {attributes, leftOut: entries.length - chosen.size};
}

/** The latest Unix time in nanoseconds an event may carry (the year 9999): beyond it, or below 1, it has none. */
const MAX_EVENT_NANO = 253_402_300_799e9;

/** An event's time in nanoseconds: timeNano, else time in seconds, else 0 (none: shown as "–", never as a date). */
export function eventTimeNano(timeNano: unknown, time: unknown): number {
	const valid = (nano: number) => Number.isFinite(nano) && nano > 0 && nano <= MAX_EVENT_NANO;
	if (typeof timeNano === 'number' && valid(timeNano)) return timeNano;
	if (typeof time === 'number' && valid(time * 1e9)) return time * 1e9;
	return 0;
}

/**
 * The engine's word for a container's state, read as untrusted (issue 17): one of the states dockdash knows, else
 * `unknown` with what the engine said, sanitized and cut short, for the details to show. An unknown state is never
 * read as another one (it was shown as `dead`, which a prune counts as stopped).
 */
import {sanitize} from './sanitize.js';
import type {ContainerState} from './types.js';

const KNOWN: ReadonlySet<string> = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** The longest part of an unknown state's text shown: enough to recognise a word, never a screenful. */
const MAX_ANSWER = 40;

/** What the engine answered where a state belongs, as the details say it: `"zombie"`, `no state`, `a number (5)`. */
export function describeStateAnswer(raw: unknown): string {
	if (raw === undefined) return 'no state';
	if (raw === null) return 'null';
	if (typeof raw === 'string') {
		if (raw === '') return 'an empty state';
		const cut = [...raw].length > MAX_ANSWER ? `${[...raw].slice(0, MAX_ANSWER).join('')}…` : raw;
		return `"${sanitize(cut)}"`;
	}
	if (typeof raw === 'number' || typeof raw === 'boolean') return `a ${typeof raw} (${String(raw)})`;
	return Array.isArray(raw) ? 'a list' : 'an object';
}

/** The state the engine answered, or `unknown` and what it answered instead. */
export function readContainerState(raw: unknown): {state: ContainerState; stateAnswer?: string} {
	if (typeof raw === 'string' && KNOWN.has(raw)) return {state: raw as ContainerState};
	return {state: 'unknown', stateAnswer: describeStateAnswer(raw)};
}

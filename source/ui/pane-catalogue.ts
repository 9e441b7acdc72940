/**
 * The panes as data: ids, titles, other names and key scopes, with no React, so
 * the config check and `--pane` can name them without loading a pane (issue 15).
 * ui/panes/registry.ts pairs each id with its component.
 */
import type {Scope} from '../keymap/keymap.js';

export interface PaneEntry {
	id: string;
	title: string;
	/** Other names `--pane` and `startPane` accept for it, such as its title when that differs from the id. */
	aliases?: readonly string[];
	/**
	 * Scopes whose keys the pane handles, in the order the hint bar lists them. What the hint
	 * bar and help offer is what the pane registers (KeyRouter.bound), never this list (issue 19).
	 */
	scopes: readonly Scope[];
}

/** The panes in tab order. */
export const PANE_CATALOGUE = [
	{id: 'containers', title: 'Containers', scopes: ['list', 'containers', 'details', 'files']},
	{id: 'logs', title: 'Logs', scopes: ['logs']},
	{id: 'images', title: 'Images', scopes: ['images', 'list']},
	{id: 'layers', title: 'Layers', scopes: ['layers', 'list']},
	{id: 'prune', title: 'Cleanup', aliases: ['cleanup'], scopes: ['prune', 'list']},
	{id: 'volumes', title: 'Volumes', scopes: ['volumes', 'list']},
	{id: 'networks', title: 'Networks', scopes: ['networks', 'list']},
	{id: 'engines', title: 'Engines', scopes: ['list', 'containers', 'engines']},
	{id: 'stats', title: 'Stats', scopes: ['list', 'stats']},
	{id: 'compose', title: 'Compose', scopes: ['list', 'compose']},
	{id: 'swarm', title: 'Swarm', scopes: ['list', 'swarm']},
	{id: 'events', title: 'Events', scopes: ['list', 'events']},
] as const satisfies readonly PaneEntry[];

/** The id of a pane of the catalogue. */
export type PaneId = (typeof PANE_CATALOGUE)[number]['id'];

/** The pane ids and the other names they go by, as `--pane` and `startPane` accept them ("cleanup" is the prune pane). */
export const PANE_NAMES: ReadonlyMap<string, string> = new Map(
	(PANE_CATALOGUE as readonly PaneEntry[]).flatMap(pane => [[pane.id, pane.id] as const, ...(pane.aliases ?? []).map(alias => [alias, pane.id] as const)]),
);

/** The names to offer in a message: "containers, logs, …, prune (cleanup), …". */
export function paneNamesText(): string {
	return (PANE_CATALOGUE as readonly PaneEntry[]).map(pane => (pane.aliases?.length ? `${pane.id} (${pane.aliases.join(', ')})` : pane.id)).join(', ');
}

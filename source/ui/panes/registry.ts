/**
 * The panes in tab order. A pane is a component that renders one view of the
 * engine and handles the keys of its scope while it is active.
 */
import type React from 'react';
import type {Scope} from '../../keymap/keymap.js';
import {ComposePane} from './compose-pane.js';
import {ContainersPane} from './containers-pane.js';
import {EnginesPane} from './engines-pane.js';
import {EventsPane} from './events-pane.js';
import {LogsPane} from './logs-pane.js';
import {ImagesPane} from './images-pane.js';
import {LayersPane} from './layers-pane.js';
import {NetworksPane} from './networks-pane.js';
import {PrunePane} from './prune-pane.js';
import {SwarmPane} from './swarm-pane.js';
import {StatsPane} from './stats-pane.js';
import {VolumesPane} from './volumes-pane.js';

export interface PaneProps {
	width: number;
	height: number;
	isActive: boolean;
	/** The screen row the pane starts at, for mapping mouse clicks to rows. */
	top: number;
}

export interface PaneDefinition {
	id: string;
	title: string;
	/** Other names `--pane` and `startPane` accept for it, such as its title when that differs from the id. */
	aliases?: readonly string[];
	/**
	 * Scopes whose keys the pane handles, in the order the hint bar lists them. What the hint
	 * bar and help offer is what the pane registers (KeyRouter.bound), never this list (issue 19).
	 */
	scopes: readonly Scope[];
	component: React.ComponentType<PaneProps>;
}

export const PANES: readonly PaneDefinition[] = [{id: 'containers', title: 'Containers', scopes: ['list', 'containers', 'details'], component: ContainersPane},
	{id: 'logs', title: 'Logs', scopes: ['logs'], component: LogsPane},
	{id: 'images', title: 'Images', scopes: ['images', 'list'], component: ImagesPane},
	{id: 'layers', title: 'Layers', scopes: ['layers', 'list'], component: LayersPane},
	{id: 'prune', title: 'Cleanup', aliases: ['cleanup'], scopes: ['prune', 'list'], component: PrunePane},
	{id: 'volumes', title: 'Volumes', scopes: ['volumes', 'list'], component: VolumesPane},
	{id: 'networks', title: 'Networks', scopes: ['networks', 'list'], component: NetworksPane},
	{id: 'engines', title: 'Engines', scopes: ['list', 'containers'], component: EnginesPane},
	{id: 'stats', title: 'Stats', scopes: ['list', 'stats'], component: StatsPane},
	{id: 'compose', title: 'Compose', scopes: ['list', 'compose'], component: ComposePane},
	{id: 'swarm', title: 'Swarm', scopes: ['list', 'swarm'], component: SwarmPane},
	{id: 'events', title: 'Events', scopes: ['list', 'events'], component: EventsPane},
];

/** The pane ids and the other names they go by, as `--pane` and `startPane` accept them ("cleanup" is the prune pane). */
export const PANE_NAMES: ReadonlyMap<string, string> = new Map(PANES.flatMap(pane => [[pane.id, pane.id] as const, ...(pane.aliases ?? []).map(alias => [alias, pane.id] as const)]));

/** The names to offer in a message: "containers, logs, …, prune (cleanup), …". */
export function paneNamesText(): string {
	return PANES.map(pane => (pane.aliases?.length ? `${pane.id} (${pane.aliases.join(', ')})` : pane.id)).join(', ');
}

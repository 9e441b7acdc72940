/**
 * The panes in tab order. A pane is a component that renders one view of the
 * engine and handles the keys of its scope while it is active.
 */
import type React from 'react';
import {PANE_CATALOGUE, type PaneEntry, type PaneId} from '../pane-catalogue.js';
import {followingSelectedEngine} from '../components/engine-scope.js';
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

export interface PaneDefinition extends PaneEntry {
	component: React.ComponentType<PaneProps>;
}

// Every pane of the catalogue has a component: a missing or unknown id does not compile.
const COMPONENTS: Record<PaneId, React.ComponentType<PaneProps>> = {
	containers: ContainersPane,
	// Logs show the selected container: with several engines, on that container's engine (issue 14).
	logs: followingSelectedEngine(LogsPane),
	images: ImagesPane,
	layers: LayersPane,
	prune: PrunePane,
	volumes: VolumesPane,
	networks: NetworksPane,
	engines: EnginesPane,
	// Stats show every engine's running containers with several engines (issue 14).
	stats: StatsPane,
	compose: ComposePane,
	swarm: SwarmPane,
	events: EventsPane,
};

/** The panes in tab order (source/ui/pane-catalogue.ts), each with its component. */
export const PANES: readonly PaneDefinition[] = PANE_CATALOGUE.map(pane => ({...pane, component: COMPONENTS[pane.id]}));

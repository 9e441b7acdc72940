/** What every pane may use: the engine's ports (never the engine itself), the live stores and the status line. */
import type {TransferTracker} from '../model/image-transfer.js';
import {createContext, useContext} from 'react';
import type {DockerContext} from '../model/endpoint-types.js';
import type {Config} from '../model/config.js';
import type {Confirmations} from '../model/confirmations.js';
import type {ContainerStore} from '../model/container-store.js';
import type {ContainerSync} from '../model/container-sync.js';
import type {ImageServices} from '../model/image-store.js';
import type {RunPort} from '../model/run-form.js';
import type {BuildTracker} from '../model/build.js';
import type {TargetObject} from '../model/custom-commands.js';
import type {MouseReporting} from '../model/mouse.js';
import type {MultiEngineView} from '../model/multi-engine.js';
import type {Observable} from '../model/observable.js';
import type {EnginePorts, LogStoragePort, ProgramsPort} from '../model/ports.js';
import type {StackStore} from '../model/stack-store.js';
import type {EventLog} from '../model/event-log.js';
import type {StatusKind, StatusMessage} from '../model/status-line.js';

export type {StatusKind, StatusMessage} from '../model/status-line.js';

export interface AppServices {
	/** The engine's features, one port each (source/model/ports.ts); the Engines pane scopes them to a row's engine. */
	ports: EnginePorts;
	/** Runs custom commands' programs on the terminal. */
	programs: ProgramsPort;
	/** The logs pane's ring size and where a save goes. */
	logStorage: LogStoragePort;
	containers: ContainerStore;
	sync: ContainerSync;
	/** Images: the live list, the running pull, and the image the layer explorer shows. */
	images: ImageServices;
	status: Observable<StatusMessage | undefined>;
	/** Creating and starting containers from the run form (issue 13); absent under --read-only, where the form does not exist. */
	run?: RunPort;
	/** The running (or last) export, save or load to or from a tar file (issue 13); absent in tests that do not need it. */
	transfers?: TransferTracker;
	/** Builds from the Images pane (issue 13); absent under --read-only. */
	builds?: BuildTracker;
	isReadOnly: boolean;
	/** "Select this object in that pane", from the command palette; the pane clears it when done. */
	/** `label` names the object in a message when it is not in the pane's list. */
	jumpTo: Observable<{pane: string; key: string; label?: string} | undefined>;
	/** Mouse reporting on the terminal: suspend it where the terminal's own selection is needed. */
	mouse: MouseReporting;
	/** The effective configuration (defaults, the config file, then flags). */
	config: Config;
	/** Ask before acting: `await services.confirmations.ask({...})` is true only on an explicit yes. */
	confirmations: Confirmations;
	/** Compose stacks from labels and files, acted on through the real compose CLI (issue 14); absent in tests that do not need it. */
	compose?: StackStore;
	/** The engine's events since dockdash started, and the last hour once read (issue 14); absent in tests that do not need it. */
	events?: EventLog;
	/** The docker context this engine was switched to in the app, shown in the header. */
	contextName?: string;
	/** The docker contexts and switching the whole dashboard to one (source/engine-switch.ts); absent in tests that do not need it. */
	contexts?: ContextSwitching;
	/** Adding and dropping engines at run time (issue 14, source/engine-switch.ts); absent in tests that do not need it. */
	membership?: EngineMembership;
	/** Every engine of `-H a -H b` or `--all-contexts`; undefined with one engine (source/model/multi-engine.ts). */
	engines?: MultiEngineView<EnginePorts>;
	/** Shows one line in the status bar (already sanitized text). */
	notify: (text: string, kind?: StatusKind) => void;
	/** The container selected in the containers pane and the ones marked there; the logs pane follows them. */
	selection: Observable<ContainerSelection>;
	/** The object selected in each pane that publishes one (images, volumes, networks), by pane id: what custom commands act on. */
	paneSelections: Observable<Readonly<Partial<Record<string, TargetObject>>>>;
}

export interface ContextSwitching {
	/** Every docker context, "default" first; a broken one carries its problem. */
	list: () => DockerContext[];
	/** Reconnects the dashboard to the context's engine, or says in the status line why not and stays. */
	switchTo: (name: string) => Promise<void>;
}

/** Engines added to or dropped from the view at run time (issue 14): nothing is sent to an engine by either. */
export interface EngineMembership {
	/** Adds `-H`'s address or a docker context's name once it answers; says in the status line why not. */
	add: (host: string) => Promise<void>;
	/** Why this engine cannot be dropped (the app's own, the last one), or undefined. */
	dropRefusal: (name: string) => string | undefined;
	/** Drops the engine (ask first): its rows, streams and connections go away. */
	drop: (name: string) => void;
}

export interface ContainerSelection {
	id?: string;
	marked: readonly string[];
	/** With several engines, the engine of the selected and marked containers (a member's name). */
	engine?: string;
	/** With several engines, every marked container with its engine, when marks are on more than one (issue 14): Logs merge them. */
	markedOn?: ReadonlyArray<{engine: string; id: string}>;
	/** Set when the engine the selected container was on has been dropped from the view (issue 14): its name. */
	droppedEngine?: string;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useServices(): AppServices {
	const services = useContext(AppContext);
	if (!services) throw new Error('useServices outside <AppContext.Provider>');
	return services;
}

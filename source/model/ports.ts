/**
 * The ports (issue 15): one small interface per feature, built once per engine
 * in the services (source/engine-ports.ts) and handed to the UI, which sees
 * nothing else of the engine. Hooks and panes call these; only source/docker
 * knows dockerode and sockets. Component tests hand in a scripted fake of the
 * port they exercise (test/support/ports.ts); everything else is tested
 * against a real engine.
 */
import type {ActionResult, ActionTarget, ContainerAction} from './action-rules.js';
import type {ContainerDetails, ContainerSize, FileChange, ProcessTable} from './details-types.js';
import type {FileContent, FileListing, FileListingProgress} from './container-files.js';
import type {EndedOrphan, ExecSession} from './exec-types.js';
import type {ImageDetails, ImageSummary, RemoveResult} from './image-types.js';
import type {DecodedLine} from './log-decoder.js';
import type {LogSink, LogTarget} from './log-types.js';
import type {NodeAvailability, SwarmList, SwarmNode, SwarmService, SwarmStatus, SwarmTask} from './swarm-types.js';
import type {InventoryStore} from './inventory-store.js';
import type {InventoryNetwork, InventoryVolume, ProtectLabel} from './prune-plan.js';
import type {StatsMethod, StatsSample} from './stats.js';
import type {CommitRequest, TransferProgress} from './image-transfer.js';
import type {StoppableRun} from './background-run-state.js';

/** Which engine the ports talk to, as the screen names it. */
export interface EngineIdentity {
	/** The engine's address (unix:///…, tcp://…, ssh://…). */
	url: string;
	/** Reached over TLS that does not verify it (asked for by name). */
	isUnverifiedTls: boolean;
}

/** Start, stop, restart, kill, pause, unpause, remove: one result per target, never a rejection. */
export interface ContainerActionsPort {
	/** `removeVolumes`: remove only, also the containers' anonymous volumes (`docker rm -v`). */
	apply: (action: ContainerAction, targets: ReadonlyArray<string | ActionTarget>, options?: {removeVolumes?: boolean}) => Promise<ActionResult[]>;
}

export interface FollowOptions {
	signal: AbortSignal;
	/** Last N lines to start from. */
	tail?: number;
	/** Only lines since this time: unix seconds (may be fractional). */
	since?: number;
	/** Ask the engine for timestamps (parsed off each line). */
	timestamps?: boolean;
	/** Characters a line keeps (the rest is counted, not kept). */
	maxLineLength?: number;
	/** Called once when every target's backlog has been handed on (or its follower ended first): merging across engines (issue 14). */
	onBacklogEnd?: () => void;
}

/** Follows logs; every ending is a notice to the sink, never a throw. */
export type FollowLogs = (targets: readonly LogTarget[], sink: LogSink, options: FollowOptions) => Promise<void>;

export interface LogsPort {
	/** Containers' logs (several merged in time order). */
	follow: FollowLogs;
	/** Swarm services' logs, every task merged: same contract, so the logs session takes either. */
	followServices: FollowLogs;
}

/** What the stats pane needs from a collector. */
export interface StatsFeed {
	setTargets: (ids: readonly string[]) => void;
	start: () => void;
	stop: () => void;
	methodOf: (id: string) => StatsMethod | undefined;
	/** The rows on screen: through the engine they are asked for each round, the others less often (issue 16). */
	setVisible?: (ids: readonly string[] | undefined) => void;
}

export interface StatsFeedHandlers {
	onSamples: (samples: Map<string, StatsSample>) => void;
	onError: (id: string, error: unknown) => void;
}

export interface StatsPort {
	/** A collector in rounds; the caller sets targets, starts and stops it. */
	createFeed: (handlers: StatsFeedHandlers) => StatsFeed;
}

export interface DetailsPort {
	inspect: (id: string, signal?: AbortSignal) => Promise<ContainerDetails>;
	size: (id: string, signal?: AbortSignal) => Promise<ContainerSize>;
	top: (id: string, signal?: AbortSignal) => Promise<ProcessTable>;
	changes: (id: string, signal?: AbortSignal) => Promise<FileChange[]>;
	/** Its last lines, read once (not followed), sanitized: for a container that stopped (issue 14). */
	lastLines: (id: string, isTty: boolean, count: number, signal: AbortSignal) => Promise<DecodedLine[]>;
	/** The error says the container no longer exists. */
	isGone: (error: unknown) => boolean;
}

export interface ImagesPort {
	inspect: (idOrRef: string, signal?: AbortSignal) => Promise<ImageDetails>;
	/** Resolves with the full reference made (`iy-dang` → `iy-dang:latest`). */
	tag: (source: string, target: string) => Promise<string>;
	/**
	 * `imageId`: the image the user confirmed. A tag that names another image by then (re-tagged meanwhile) is
	 * refused, nothing removed: untagging it would take that image, which no dialog named.
	 */
	remove: (ref: string, options: {force?: boolean; imageId?: string}) => Promise<RemoveResult>;
	/** A removal refused because of a conflict, and whether forcing would go through. */
	conflictOf: (error: unknown) => {message: string; canForce: boolean} | undefined;
}

/** The inventory (objects with sizes) the Cleanup, Volumes and Networks panes share. */
export interface CleanupPort {
	/** One store per engine, made on first use, so leaving a pane neither cancels a measurement nor loses a prune's result. */
	inventory: (protect: ProtectLabel) => InventoryStore;
	/** The store if a pane has made it: engine events go there. */
	existing: () => InventoryStore | undefined;
}

export interface SwarmPort {
	status: (signal?: AbortSignal) => Promise<SwarmStatus>;
	services: (signal?: AbortSignal) => Promise<SwarmList<SwarmService>>;
	nodes: (signal?: AbortSignal) => Promise<SwarmList<SwarmNode>>;
	tasks: (serviceId: string, signal?: AbortSignal) => Promise<SwarmList<SwarmTask>>;
	nodeTasks: (nodeId: string, signal?: AbortSignal) => Promise<SwarmTask[]>;
	waitingTasks: (signal?: AbortSignal) => Promise<SwarmTask[]>;
	/** With `expectedReplicas`, a service whose count changed meanwhile is left alone (a {@link UserFacingError}). */
	scale: (serviceId: string, replicas: number, expectedReplicas?: number) => Promise<void>;
	setAvailability: (nodeId: string, availability: NodeAvailability) => Promise<void>;
}

export interface ExecPort {
	/** The first shell of `shells` the container can run; a {@link UserFacingError} when none or the container is not running. */
	detectShell: (containerId: string, shells: readonly (readonly string[])[], options?: {name?: string}) => Promise<string[]>;
	/** `name`: the container's name, kept with the session should a dropped connection leave it running (EndedOrphan). */
	open: (containerId: string, shell: readonly string[], size: {columns: number; rows: number}, options?: {name?: string}) => Promise<ExecSession>;
	/** Tries again to end the sessions a dropped connection left running (call it when the engine answers again); returns the ones ended now, with the container names they were opened with (issue 20). */
	endOrphaned: () => Promise<EndedOrphan[]>;
}

/** A container's files (issue 13): browse, read, copy out to the host and in from it, as `docker cp` does. */
export interface FilesPort {
	/** A path of the container and everything under it, from the headers of its archive. */
	list: (id: string, path: string, options: {signal?: AbortSignal; onProgress?: (progress: FileListingProgress) => void}) => Promise<FileListing>;
	/** One file for the viewer, at most MAX_VIEW_BYTES of it. */
	read: (id: string, path: string, signal?: AbortSignal) => Promise<FileContent>;
	/** Where a copy out named `name` lands for a typed host path (into an existing folder, as docker cp does), absolute, and whether something is there. */
	hostTarget: (typed: string, name: string) => Promise<{target: string; exists: boolean; isFolder: boolean}>;
	/** `docker cp CTR:PATH HOST`: written under a hidden name and renamed when complete; resolves with the absolute path written. */
	copyOut: (id: string, path: string, hostPath: string, options: {overwrite: boolean; signal?: AbortSignal}) => Promise<{target: string; files: number; bytes: number}>;
	/** `docker cp HOST CTR:DIR`: the host file or folder into a directory of the container. */
	copyIn: (id: string, hostPath: string, directory: string) => Promise<void>;
	/** One line for a failure about this path of this container (no such path, the container gone, a full disk). */
	describe: (error: unknown, containerName: string, path: string) => string;
}

/** Every port of one engine. */
/** The engine's images, volumes and networks in plain lists (no disk usage): what the palette searches (issue 20). */
export interface ObjectsPort {
	list: (signal?: AbortSignal) => Promise<{images: readonly ImageSummary[]; volumes: readonly InventoryVolume[]; networks: readonly InventoryNetwork[]}>;
}

/**
 * Commit, export, save and load (issue 13). A file is written under a temporary name beside it and renamed at the
 * end: a failure, a cancel or a full disk leaves nothing under the name asked for.
 */
export interface TransferPort {
	/** `docker commit`: resolves with the new image's ID. */
	commit: (containerId: string, request: CommitRequest) => Promise<string>;
	/** `docker export -o FILE`; without `overwrite` an existing file is refused (a {@link UserFacingError}). */
	exportContainer: (containerId: string, file: string, options: TransferProgress & {overwrite?: boolean}) => Promise<void>;
	/** `docker save -o FILE REF…`, same rules as export. */
	saveImages: (refs: readonly string[], file: string, options: TransferProgress & {overwrite?: boolean}) => Promise<void>;
	/** `docker load -i FILE`: what the engine says it loaded (references, else image IDs); `onBytes` counts the file read. */
	loadImages: (file: string, options: TransferProgress) => Promise<{loaded: string[]}>;
	/** Where a typed file name points (relative to the working folder, `~/` for home), and what is there now. */
	locate: (file: string) => {path: string; exists: boolean; isDirectory: boolean; size?: number};
}

export interface EnginePorts {
	engine: EngineIdentity;
	/** One line for an engine error, naming the engine where that helps. */
	describeError: (error: unknown) => string;
	/** The HTTP status the engine answered with, when the error came from the engine. */
	statusOf: (error: unknown) => number | undefined;
	containers: ContainerActionsPort;
	logs: LogsPort;
	stats: StatsPort;
	details: DetailsPort;
	images: ImagesPort;
	cleanup: CleanupPort;
	swarm: SwarmPort;
	exec: ExecPort;
	objects: ObjectsPort;
	files: FilesPort;
	transfer: TransferPort;
}

/** An error whose message is already the one line to show, as it is. */
export class UserFacingError extends Error {
	override name = 'UserFacingError';
}

/** A commit the engine says it made, whose answer names no image or one the new name does not point at (issue 17). */
export class CommitAnswerError extends UserFacingError {
	override name = 'CommitAnswerError';
}

/** The terminal a program is lent (stdin, stdout, and how to draw the dashboard again). */
export interface LentTerminal {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	redraw: () => void;
}

/** How a program run on the terminal ended. */
export interface AttachedEnd {
	exitCode?: number;
	signal?: string;
	/** Why it could not run. */
	problem?: string;
}

/** Custom commands: programs of the user's config, run on the real terminal until they end, or in the background. */
export interface ProgramsPort {
	runAttached: (argv: readonly string[], terminal: LentTerminal, banner: string) => Promise<AttachedEnd>;
	/** Starts it detached, its output kept for the output view; it is ended if dockdash exits first. */
	runInBackground: (title: string, argv: readonly string[]) => StoppableRun;
}

/** Where the logs pane's ring is sized from and where a save goes (the environment and the file system, read by the services). */
export interface LogStoragePort {
	/** Lines the ring keeps: DOCKDASH_LOG_LINES for one run, else the config's logs.bufferLines. */
	capacity: number;
	/** Characters the ring keeps (DOCKDASH_LOG_CHARS for one run), and so the longest line it keeps whole. */
	maxChars: number;
	/** Writes a new file (never over an existing one) and resolves with its path. */
	save: (fileName: string, text: string) => Promise<string>;
}

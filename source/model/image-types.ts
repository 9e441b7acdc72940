/**
 * dockdash's own view of images, sanitized in source/docker/images.ts before
 * the UI sees it (the same contract as ./types.ts). IDs are kept raw.
 */

/** One image as `GET /images/json` lists it, plus disk usage once known. */
/** The image list; `notice` counts entries the engine sent that could not be shown whole (no ID, a repeated ID). */
export type ImageList = ImageSummary[] & {notice?: string};

export interface ImageSummary {
	/** The full ID, "sha256:…". */
	id: string;
	/** Every "repository:tag" that points at this image; empty for a dangling image. */
	repoTags: readonly string[];
	repoDigests: readonly string[];
	parentId: string;
	/** Creation time, Unix seconds. */
	created: number;
	/** All layers of the image, in bytes. */
	size: number;
	/** Bytes shared with other images; undefined until `docker system df` data arrived, null when the engine does not tell (Podman). */
	sharedSize?: number | null;
	/** Bytes only this image holds (size − shared); undefined until known, null when the engine does not tell. */
	uniqueSize?: number | null;
	labels: Readonly<Record<string, string>>;
}

/** Per-image disk usage from `GET /system/df` (API 1.41 computes shared sizes only there). */
export interface ImageDiskUsage {
	/** null: the engine answers df but its figure is not shared bytes (Podman 4.3). */
	sharedSize: number | null;
	uniqueSize: number | null;
}

export interface ImageHealthcheck {
	test: readonly string[];
	intervalMs?: number;
	timeoutMs?: number;
	startPeriodMs?: number;
	retries?: number;
}

/** What `docker image inspect` says about how a container made from the image starts. */
export interface ImageDetails {
	id: string;
	repoTags: readonly string[];
	repoDigests: readonly string[];
	created: string;
	architecture: string;
	os: string;
	variant?: string;
	size: number;
	author?: string;
	entrypoint?: readonly string[];
	cmd?: readonly string[];
	env: readonly string[];
	exposedPorts: readonly string[];
	volumes: readonly string[];
	workingDir: string;
	user: string;
	stopSignal?: string;
	labels: Readonly<Record<string, string>>;
	healthcheck?: ImageHealthcheck;
	layerCount: number;
}

/** What the engine did on a remove: tags it untagged and images it deleted. */
export interface RemoveResult {
	untagged: readonly string[];
	deleted: readonly string[];
}

/** One message of the engine's pull progress stream, sanitized. */
export interface PullMessage {
	/** The layer (short ID) the message is about; absent for messages about the whole pull. */
	id?: string;
	status: string;
	current?: number;
	total?: number;
}

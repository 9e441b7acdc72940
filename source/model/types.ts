/**
 * dockdash's own view of engine objects. Everything here has already passed the
 * sanitizer (source/model/sanitize.ts) in the adapter, so the UI can render any
 * string field as it is. IDs are kept raw: the engine only ever issues hex IDs,
 * and actions must address exactly the object the user saw.
 */

/** `unknown`: the engine's answer named no state dockdash knows (issue 17); never counted as running or stopped. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'unknown';

export type HealthState = 'healthy' | 'unhealthy' | 'starting';

export interface PortMapping {
	hostIp?: string;
	hostPort?: number;
	containerPort: number;
	protocol: string;
}

/** A container list as the engine gave it; `notice` names entries left out because dockdash could not act on them (issue 17). */
export type ContainerList = ContainerSummary[] & {notice?: string};

export interface ContainerSummary {
	id: string;
	name: string;
	image: string;
	imageId: string;
	command: string;
	state: ContainerState;
	/** With the state `unknown`: what the engine answered instead, sanitized (model/container-state.ts). */
	stateAnswer?: string;
	/** The engine's own human status, such as "Up 3 minutes (healthy)" or "Exited (137) 2 hours ago". */
	status: string;
	/** When the engine said that status (ms since the epoch): the age in it is moved on from here when drawn. */
	listedAt?: number;
	exitCode?: number;
	health?: HealthState;
	/** Creation time, Unix seconds. */
	created: number;
	ports: PortMapping[];
	composeProject?: string;
	composeService?: string;
	labels: Record<string, string>;
}

/** Which engine answers the Docker API: Docker itself, or Podman's compatible service (issue 7). */
export type EngineProduct = 'Docker' | 'Podman';

export interface EngineVersion {
	/** Podman when the version answer names it (Platform or a component), else Docker. */
	product: EngineProduct;
	version: string;
	apiVersion: string;
	os: string;
	arch: string;
	kernelVersion?: string;
}

/** One message from the engine's event stream, reduced to what dockdash uses. */
export interface EngineEvent {
	type: string;
	action: string;
	id: string;
	/** Time in nanoseconds since the epoch, as the engine reports it. */
	timeNano: number;
	attributes: Record<string, string>;
	/** Attributes the adapter left out: not text, or past the bound it keeps (issue 17). */
	attributesLeftOut?: number;
}

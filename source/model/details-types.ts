/**
 * What the details view shows about one container (inspect, size, top, diff),
 * sanitized by the adapter (source/docker/container-details.ts).
 */
import type {ChangeKind} from './change-tree.js';
import type {ContainerState} from './types.js';

export interface EnvVar {
	name: string;
	value: string;
	/** The name looks like it holds a password, token or key: the view masks the value. */
	isSecret: boolean;
}

export interface MountInfo {
	type: string;
	/** Volume name for volumes, host path for binds. */
	source: string;
	destination: string;
	isReadOnly: boolean;
}

export interface NetworkInfo {
	name: string;
	ipAddress: string;
	ipv6Address: string;
	gateway: string;
	macAddress: string;
	aliases: string[];
}

export interface PortBinding {
	containerPort: string;
	hostIp?: string;
	hostPort?: string;
}

export interface HealthProbe {
	exitCode: number;
	/** ISO time the probe ended. */
	end: string;
	output: string[];
}

export interface HealthInfo {
	status: string;
	failingStreak: number;
	lastProbe?: HealthProbe;
	/** Every probe the engine kept (its last five), oldest first. */
	probes: HealthProbe[];
}

export interface ContainerDetails {
	id: string;
	name: string;
	image: string;
	imageId: string;
	created: string;
	state: ContainerState;
	/** With the state `unknown`: what the engine answered instead, sanitized (model/container-state.ts). */
	stateAnswer?: string;
	exitCode: number;
	startedAt: string;
	finishedAt: string;
	error: string;
	isOomKilled: boolean;
	restartCount: number;
	entrypoint: string[];
	command: string[];
	workingDir: string;
	user: string;
	env: EnvVar[];
	ports: PortBinding[];
	mounts: MountInfo[];
	networkMode: string;
	networks: NetworkInfo[];
	restartPolicy: {name: string; maximumRetryCount: number};
	/** Bytes; undefined when unlimited. */
	memoryLimit?: number;
	memoryReservation?: number;
	/** CPUs, from --cpus or from the quota and period; undefined when unlimited. */
	cpus?: number;
	cpuShares?: number;
	cpusetCpus?: string;
	pidsLimit?: number;
	health?: HealthInfo;
	labels: Record<string, string>;
	/** Started with a terminal (-t): its logs are raw, not multiplexed. */
	isTty: boolean;
}

export interface ContainerSize {
	/** Bytes written to the container's writable layer. */
	writable: number;
	/** Writable layer plus the image. */
	rootFs: number;
}

export interface ProcessTable {
	titles: string[];
	rows: string[][];
}

export interface FileChange {
	path: string;
	kind: ChangeKind;
}


/**
 * Which engine dockdash talks to: the endpoint chosen the way the docker CLI
 * chooses it (source/docker/endpoint.ts), and the CLI's contexts.
 */

/**
 * How a tcp:// endpoint speaks TLS. `verify` false only when the user asked for it by name
 * (`--tls`, `DOCKER_TLS`, `--tlsverify=false`, a context's SkipTLSVerify): `insecureBy` names it.
 * `ca` absent with verify means the system's roots, as the docker CLI's context without ca.pem.
 */
export type TlsFiles = {ca?: string; cert?: string; key?: string; verify: boolean; insecureBy?: string};

/** The docker CLI's TLS flags as given on the command line; undefined when not given. */
export type TlsFlags = {tls?: boolean; tlsverify?: boolean; tlscacert?: string; tlscert?: string; tlskey?: string};

export type EngineEndpoint = (
	| {transport: 'unix'; socketPath: string; url: string; source: string}
	| {transport: 'tcp'; host: string; port: number; tls?: TlsFiles; url: string; source: string}
	| {transport: 'ssh'; host: string; port?: number; user?: string; url: string; source: string}
) & {
	/** The docker context it was chosen through, if one was: the header names it. */
	context?: string;
};

/** A docker CLI context, for `--all-contexts` (issue 7). */
export interface DockerContext {
	name: string;
	endpoint?: EngineEndpoint;
	/** Set when the context cannot be used; one line. */
	problem?: string;
}


/** How every command line of dockdash reports a problem: one line on stderr, then an exit code. */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {sanitize} from '../model/sanitize.js';
import {EndpointError, resolveEndpoint} from '../docker/endpoint.js';
import {type EngineEndpoint, type TlsFlags} from '../model/endpoint-types.js';

/** An error whose message is already the one line to show the user. */
export class UsageError extends Error {
	override name = 'UsageError';
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
	}
}

/** The one line for a failure that is a bug in dockdash, not something the user did: where to report it. */
export function unexpectedErrorLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return `unexpected error: ${message.split('\n')[0]} (please report this; DOCKDASH_DEBUG_LOG=FILE keeps its stack)`;
}

/** Ends dockdash with one line on stderr; the line passes the sanitizer, as it may quote a file, an engine or an address. */
export function fail(message: string, exitCode = 1): never {
	process.stderr.write(`dockdash: ${sanitize(message)}\n`);
	process.exit(exitCode);
}

/** How an entry ends on a failure that reached it: a UsageError's own line and code, anything else one line naming the bug. */
export function failFromEntry(error: unknown, writeDebugLog: (kind: string, reason: unknown) => void): never {
	if (error instanceof UsageError) fail(error.message, error.exitCode);
	// Anything else is a bug in dockdash: still one line, with where to report it.
	// An error in a render reaches here, not the uncaught-exception monitor: the debug log keeps its stack too.
	writeDebugLog('unexpected error', error);
	fail(unexpectedErrorLine(error));
}

/** The engine the -H / -c (and TLS) flags of a command choose; a bad choice is a UsageError with the one-line fix. */
export function endpointFromFlags(host: string | undefined, context: string | undefined, tlsFlags: TlsFlags = {}): EngineEndpoint {
	try {
		const endpoint = resolveEndpoint({hostFlag: host, contextFlag: context, tlsFlags});
		// A command line has no header to say it: one line on stderr (issue 21).
		if (endpoint.transport === 'tcp' && endpoint.tls && !endpoint.tls.verify) {
			process.stderr.write(`dockdash: TLS unverified: ${endpoint.url} is not checked against a CA (${endpoint.tls.insecureBy ?? 'asked for'}); anyone on the path can pose as it\n`);
		}
		return endpoint;
	} catch (error) {
		if (error instanceof EndpointError) throw new UsageError(error.message);
		throw error;
	}
}

const TLS_BOOLEANS: ReadonlySet<string> = new Set(['tls', 'tlsverify']);
const TLS_FILES: ReadonlySet<string> = new Set(['tlscacert', 'tlscert', 'tlskey']);

/** The help lines of the TLS flags, the same for every command. */
export const TLS_FLAGS_HELP = `        --tlsverify        TLS that verifies the engine's certificate (as DOCKER_TLS_VERIFY=1);
                           --tlsverify=false is TLS WITHOUT verifying, as --tls is
        --tls              TLS WITHOUT verifying the engine: anyone on the path can pose as it
        --tlscacert PATH, --tlscert PATH, --tlskey PATH
                           the CA, client certificate and key (default: ca.pem, cert.pem
                           and key.pem in DOCKER_CERT_PATH)`;

/**
 * Takes the docker CLI's TLS flags out of argv (pflag's forms: --tlsverify, --tlsverify=false,
 * --tlscacert PATH, --tlscacert=PATH), leaving the rest for the command's own parser. A flag
 * given is recorded even when false: --tlsverify=false asks for TLS without verification.
 */
export function takeTlsFlags(argv: readonly string[]): {tlsFlags: TlsFlags; rest: string[]} {
	const tlsFlags: TlsFlags = {};
	const rest: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (word === '--') {
			rest.push(...argv.slice(index));
			break;
		}
		const match = /^--([a-z]+)(?:=(.*))?$/s.exec(word);
		const name = match?.[1] ?? '';
		if (TLS_BOOLEANS.has(name)) {
			const value = match![2];
			// Go's strconv.ParseBool, as pflag reads --flag=VALUE.
			if (value !== undefined && !/^(1|t|T|true|TRUE|True|0|f|F|false|FALSE|False)$/.test(value)) {
				throw new UsageError(`--${name}=${sanitize(value)}: give true or false (--${name} alone is true)`);
			}
			tlsFlags[name as 'tls' | 'tlsverify'] = value === undefined || /^(1|t|true)$/i.test(value);
		} else if (TLS_FILES.has(name)) {
			const value = match![2] ?? argv[++index];
			if (value === undefined) throw new UsageError(`--${name} needs a file path`);
			tlsFlags[name as 'tlscacert' | 'tlscert' | 'tlskey'] = value;
		} else {
			rest.push(word);
		}
	}
	return {tlsFlags, rest};
}

/** A subcommand's flags parsed strictly; a bad one is a UsageError naming it and the command's help. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, command: string) {
	try {
		return parseArgs({args, allowPositionals: true, strict: true, options});
	} catch (error) {
		const message = (error as Error).message;
		const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
		throw new UsageError(`${sanitize(unknown ? `unknown option ${unknown}` : (message.split('.')[0] ?? ''))}; see "dockdash ${command} --help"`);
	}
}

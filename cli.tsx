#!/usr/bin/env node
/**
 * dockdash's entry point: flags in, the right command out. Every failure a user
 * can cause ends as one line on stderr and exit code 1, never a stack trace.
 */
import meow from 'meow';
import {TLS_FLAGS_HELP, UsageError, failFromEntry, takeTlsFlags} from './source/commands/cli-error.js';
import {installDebugLog, writeDebugLog} from './source/commands/debug-log.js';
import {isColorRefused} from './source/model/color-preference.js';
import {parseExecShells} from './source/model/exec-shells.js';

declare const __DOCKDASH_VERSION__: string | undefined;

const HELP = `
  Usage
    $ dockdash [options]                open the dashboard
    $ dockdash layers IMAGE [options]   print an image's layers and efficiency (see dockdash layers --help)
    $ dockdash build PATH -t TAG        build an image, then say why the cache missed (see dockdash build --help)
    $ dockdash prune [kinds] [options]  remove unused objects after an exact preview
                                        (see "dockdash prune --help")

  Options
    -H, --host ADDRESS     engine address: unix:///path, tcp://host:port, ssh://user@host;
                           give it again for more engines, shown together in the Engines pane
    -c, --context NAME     use this docker context
        --all-contexts     also show every other docker context in the Engines pane
${TLS_FLAGS_HELP}
    -f, --file FILE        a compose file whose stack the Compose pane shows and acts on, even when
                           it is down (repeatable, as docker compose -f; default: compose.yaml or
                           docker-compose.yml in the current directory)
        --project-directory DIR
                           the stack's folder, as docker compose --project-directory
        --read-only        never change anything: actions that would are not offered
                           and the engine adapter refuses them
        --pane NAME        the pane to open first: containers (default), logs, images,
                           layers, cleanup, volumes, networks, engines, stats, compose, swarm, events
        --refresh SECONDS  full relist interval behind the event stream (default 10)
        --request-timeout SECONDS
                           how long one request may take before it is reported (default 10)
        --config PATH      the config file (default $XDG_CONFIG_HOME/dockdash/config.yaml)
        --print-config     print the effective configuration and exit
        --no-mouse         leave the mouse to the terminal (no clicks or wheel in dockdash)
    -v, --version          print the version
    -h, --help             print this help

  The engine is chosen as the docker CLI chooses it: --context, --host,
  DOCKER_HOST, DOCKER_CONTEXT, the current context, then unix:///var/run/docker.sock.
`;

async function main(): Promise<void> {
	installDebugLog();
	// Subcommands parse their own flags, so they go before the dashboard's meow parsing.
	if (process.argv[2] === 'layers') {
		const {runLayers} = await import('./source/commands/layers.js');
		process.exitCode = await runLayers(process.argv.slice(3));
		return;
	}
	if (process.argv[2] === 'build') {
		const {runBuildCommand} = await import('./source/commands/build.js');
		process.exitCode = await runBuildCommand(process.argv.slice(3));
		return;
	}
	// The docker CLI's TLS flags, read as pflag reads them (meow cannot tell --tlsverify=false from absent).
	const {tlsFlags, rest} = takeTlsFlags(process.argv.slice(2));
	const cli = meow(HELP, {
		importMeta: import.meta,
		argv: rest,
		allowUnknownFlags: true,
		autoHelp: false,
		autoVersion: false,
		flags: {
			host: {type: 'string', shortFlag: 'H', isMultiple: true},
			context: {type: 'string', shortFlag: 'c'},
			allContexts: {type: 'boolean', default: false},
			readOnly: {type: 'boolean', default: false},
			file: {type: 'string', shortFlag: 'f', isMultiple: true},
			projectDirectory: {type: 'string'},
			pane: {type: 'string'},
			refresh: {type: 'number'},
			requestTimeout: {type: 'number'},
			config: {type: 'string'},
			printConfig: {type: 'boolean', default: false},
			mouse: {type: 'boolean', default: true},
			version: {type: 'boolean', shortFlag: 'v'},
			help: {type: 'boolean', shortFlag: 'h'},
		},
	});
	// Subcommands read their own flags, so they are routed before the dashboard's checks.
	if (cli.input[0] === 'prune') {
		const {runPrune} = await import('./source/commands/prune.js');
		const argv = process.argv.slice(2);
		argv.splice(argv.indexOf('prune'), 1);
		// runPrune reads the TLS flags itself, wherever they stand.
		process.exit(await runPrune(argv));
	}
	if (cli.flags.help) cli.showHelp(0);
	if (cli.flags.version) {
		// Set by the build: the bundle and the standalone binary have no package.json beside them.
		process.stdout.write(`${typeof __DOCKDASH_VERSION__ === 'string' ? __DOCKDASH_VERSION__ : (cli.pkg.version ?? 'unknown')}\n`);
		return;
	}
	const known = new Set(['host', 'H', 'context', 'c', 'allContexts', 'all-contexts', 'file', 'f', 'projectDirectory', 'project-directory', 'readOnly', 'read-only', 'pane', 'refresh', 'requestTimeout', 'request-timeout', 'config', 'printConfig', 'print-config', 'mouse', 'version', 'v', 'help', 'h']);
	const unknown = Object.keys(cli.unnormalizedFlags).filter(flag => !known.has(flag));
	if (unknown.length > 0) {
		throw new UsageError(`unknown option ${asTyped(unknown[0]!, process.argv.slice(2))}; see "dockdash --help"`);
	}
	if (cli.input.length > 0) throw new UsageError(`unknown command "${cli.input[0]}"; see "dockdash --help"`);
	for (const flag of ['refresh', 'requestTimeout'] as const) {
		const value = cli.flags[flag];
		if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
			throw new UsageError(`--${flag === 'refresh' ? 'refresh' : 'request-timeout'} takes a number of seconds above 0`);
		}
	}
	const {loadConfig, checkConfig, paneFromFlag} = await import('./source/commands/config-file.js');
	const {config, file} = loadConfig(cli.flags.config);
	// Flags win over the file.
	if (cli.flags.pane) config.startPane = paneFromFlag(cli.flags.pane);
	if (cli.flags.refresh) config.refresh = cli.flags.refresh;
	if (cli.flags.requestTimeout) config.requestTimeout = cli.flags.requestTimeout;
	if (!cli.flags.mouse) config.mouse = false;
	// NO_COLOR means no colour from dockdash or from the containers' logs; bold, inverse and the text markers stay.
	if (isColorRefused(process.env)) {
		config.theme = 'monochrome';
		config.colors = {};
		config.logs.colors ??= false;
	}
	// Before --print-config, so it refuses exactly what the dashboard refuses (issue 22: a key
	// clash passed --print-config and then stopped the dashboard).
	checkConfig(config, file);
	if (cli.flags.printConfig) {
		const {formatConfig} = await import('./source/model/config.js');
		process.stdout.write(`# ${file ? `read from ${file}` : 'no config file; these are the defaults'}\n${formatConfig(config)}`);
		return;
	}
	// DOCKDASH_EXEC_SHELLS wins over exec.shells in the file; read here, once (after --print-config, which shows the file), so no hook reads the environment (issue 15).
	const execShells = process.env['DOCKDASH_EXEC_SHELLS'];
	if (execShells !== undefined) config.exec.shells = parseExecShells(execShells).map(argv => argv.join(' '));
	const {runDashboard} = await import('./source/commands/dashboard.js');
	await runDashboard({tlsFlags, host: cli.flags.host?.[0], extraHosts: cli.flags.host?.slice(1), allContexts: cli.flags.allContexts, context: cli.flags.context, readOnly: cli.flags.readOnly, composeFiles: cli.flags.file ?? [], projectDirectory: cli.flags.projectDirectory, config});
}

/** A flag as the user typed it (`--bogus-flag`), from the name meow gives it (`bogusFlag`). */
function asTyped(flag: string, argv: readonly string[]): string {
	const camel = (name: string) => name.replace(/[-_]+([a-zA-Z0-9])/g, (_, letter: string) => letter.toUpperCase());
	for (const argument of argv) {
		if (argument === '--') break;
		const name = /^--([^=]+)/.exec(argument)?.[1];
		if (name && [name, name.replace(/^no-/, '')].some(candidate => candidate === flag || camel(candidate) === flag)) return argument.split('=')[0]!;
	}
	return flag.length === 1 ? `-${flag}` : `--${flag}`;
}

main().catch((error: unknown) => failFromEntry(error, writeDebugLog));

/** `dockdash`: the full-screen dashboard. */
import {render} from 'ink';
import React from 'react';
import {App} from '../app.js';
import {createEngine} from '../docker/engine.js';
import {describeEngineError} from '../docker/errors.js';
import {endAllExecSessions} from '../docker/exec.js';
import {EndpointError, parseHost, resolveEndpoint} from '../docker/endpoint.js';
import type {Config} from '../model/config.js';
import {MouseReporting} from '../model/mouse.js';
import {contextsBeside} from '../docker/contexts.js';
import {createMultiEngineView} from '../multi-engine-services.js';
import {createServices} from '../services.js';
import {PANES} from '../ui/panes/registry.js';
import {fail} from './cli-error.js';

export interface DashboardFlags {
	host?: string;
	/** More -H addresses: the Engines pane shows them all (issue 7). */
	extraHosts?: string[];
	/** Every docker context in the Engines pane (issue 7). */
	allContexts?: boolean;
	context?: string;
	readOnly: boolean;
	config: Config;
}

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export async function runDashboard(flags: DashboardFlags): Promise<void> {
	let endpoint;
	let extraEndpoints;
	let contextView: ReturnType<typeof contextsBeside> | undefined;
	try {
		endpoint = resolveEndpoint({hostFlag: flags.host, contextFlag: flags.context});
		extraEndpoints = (flags.extraHosts ?? []).map(host => parseHost(host, '--host'));
		if (flags.allContexts) contextView = contextsBeside(endpoint);
	} catch (error) {
		if (error instanceof EndpointError) fail(error.message);
		throw error;
	}
	// After the flags, so a mistyped --host is reported as such even from a script.
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		fail('the dashboard needs a terminal (stdin and stdout are not both a TTY); run it in a terminal, or use "dockdash layers" or "dockdash prune" in scripts');
	}
	const {config} = flags;
	if (!PANES.some(pane => pane.id === config.startPane)) fail(`there is no pane "${config.startPane}": choose one of ${PANES.map(pane => pane.id).join(', ')}`);
	const engine = createEngine(endpoint, {readOnly: flags.readOnly, requestTimeoutMs: config.requestTimeout * 1000});
	const mouse = new MouseReporting(text => process.stdout.write(text), config.mouse);
	const services = createServices(engine, {relistIntervalMs: config.refresh * 1000}, config, mouse);
	if (extraEndpoints.length > 0 || contextView) {
		const engineOptions = {readOnly: flags.readOnly, requestTimeoutMs: config.requestTimeout * 1000};
		const others = [...extraEndpoints, ...(contextView?.others ?? [])];
		services.engines = createMultiEngineView(services, others, engineOptions, {relistIntervalMs: config.refresh * 1000}, contextView && extraEndpoints.length === 0 ? contextView.names : undefined);
		if (contextView?.problems.length) services.notify(`left out: ${contextView.problems.join(' · ')}`, 'error');
	}
	// Ask for the version and the list at once: both are needed for the first frame.
	const started = services.sync.start();
	let version;
	try {
		version = await engine.version();
	} catch (error) {
		services.sync.stop();
		fail(describeEngineError(error, endpoint));
	}
	await started;

	let isRestored = false;
	const restore = () => {
		if (isRestored) return;
		isRestored = true;
		mouse.release();
		process.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
	process.on('exit', restore);
	process.stdout.write(ENTER_ALT_SCREEN);
	mouse.apply();
	const instance = render(<App services={services} version={version} initialPane={config.startPane} />, {
		exitOnCtrlC: false,
		patchConsole: true,
		maxFps: 60,
	});
	const quit = () => instance.unmount();
	process.on('SIGTERM', quit);
	process.on('SIGHUP', quit);
	await instance.waitUntilExit();
	// A shell opened with `e` must not outlive dockdash (for example when the SSH session drops).
	await Promise.race([endAllExecSessions(), new Promise(resolve => setTimeout(resolve, 8000).unref())]);
	services.sync.stop();
	restore();
	process.exit(0);
}

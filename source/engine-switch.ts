/**
 * Switching the whole dashboard to another docker context (issue 7). The
 * session (the services of one engine, its version and context name) is an
 * observable the app's root renders, keyed by a counter, so a switch remounts
 * every pane with the new engine's stores: nothing of the old engine's
 * selection, streams or marks can act on the new one. The new engine must
 * answer first; if it does not, the current one stays and the status line
 * says why in one line.
 */
import {listContexts} from './docker/contexts.js';
import {type DockerContext} from './model/endpoint-types.js';
import {createEngine, type Engine, type EngineOptions} from './docker/engine.js';
import {EndpointError, resolveEndpoint} from './docker/endpoint.js';
import {type EngineEndpoint} from './model/endpoint-types.js';
import {describeEngineError} from './docker/errors.js';
import type {EngineVersion} from './model/types.js';
import {Observable} from './model/observable.js';
import type {AppServices, ContextSwitching} from './ui/app-context.js';

export interface EngineSession {
	services: AppServices;
	version: EngineVersion;
	/** Changes on every switch: the app's root remounts on it. */
	generation: number;
}

export class EngineSwitcher extends Observable<EngineSession> implements ContextSwitching {
	private isSwitching = false;

	constructor(
		first: {services: AppServices; version: EngineVersion},
		private readonly build: (engine: Engine) => AppServices,
		private readonly engineOptions: EngineOptions,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {
		super({...first, generation: 0});
		first.services.contexts = this;
	}

	list(): DockerContext[] {
		return listContexts(this.env);
	}

	async switchTo(name: string): Promise<void> {
		const current = this.get().services;
		if (this.isSwitching) return current.notify('already switching context: wait for it', 'info');
		let endpoint: EngineEndpoint;
		try {
			endpoint = resolveEndpoint({contextFlag: name, env: this.env});
		} catch (error) {
			if (error instanceof EndpointError) return current.notify(error.message, 'error');
			throw error;
		}
		this.isSwitching = true;
		current.notify(`connecting to context ${name} (${endpoint.url})…`, 'progress');
		const engine = createEngine(endpoint, this.engineOptions);
		try {
			const version = await engine.version();
			const services = this.build(engine);
			services.contexts = this;
			services.contextName = name;
			await services.sync.start();
			current.sync.stop();
			current.engines?.stop();
			services.notify(`switched to context ${name}: ${endpoint.url}`, 'success');
			this.set({services, version, generation: this.get().generation + 1});
		} catch (error) {
			// Where the dashboard stays comes first: the reason may be longer than the line.
			current.notify(`could not switch to context ${name}, still on ${current.ports.engine.url}: ${describeEngineError(error, endpoint)}`, 'error');
		} finally {
			this.isSwitching = false;
		}
	}

	/** Stops the current engine's streams, when dockdash exits. */
	stop(): void {
		const {services} = this.get();
		services.sync.stop();
		services.engines?.stop();
	}
}

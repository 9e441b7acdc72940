/**
 * Builds the several-engines view for `-H a -H b` (issue 7): the first engine
 * is the app's own (its store and sync are reused as they are); every other
 * engine gets its own adapter, store and sync, started at once and failing on
 * its own.
 */
import {createEngine, type Engine, type EngineOptions} from './docker/engine.js';
import {isUnverifiedTls} from './docker/endpoint.js';
import type {EngineEndpoint} from './model/endpoint-types.js';
import {describeEngineError} from './docker/errors.js';
import {createEnginePorts, createPortResources, type PortResources} from './engine-ports.js';
import {ContainerStore} from './model/container-store.js';
import {ContainerSync, type ContainerSyncOptions} from './model/container-sync.js';
import {type EngineMember, engineNames, MultiEngineView} from './model/multi-engine.js';
import type {EnginePorts} from './model/ports.js';
import type {AppServices} from './ui/app-context.js';
import {createImageServices} from './image-services.js';
import {createRunPort} from './run-services.js';
import {BuildTracker} from './model/build.js';
import {createBuildPort} from './build-runner.js';
import {StackStore} from './model/stack-store.js';
import {createComposeCli} from './process/compose-cli.js';

export function createMultiEngineView(
	services: AppServices,
	others: readonly EngineEndpoint[],
	engineOptions: EngineOptions,
	syncOptions: ContainerSyncOptions = {},
	/** Names for the app's engine and then each of `others` (context names); addresses are shortened otherwise. */
	givenNames?: readonly string[],
	/** What the app's own ports share (its shells, the files it writes): every engine's ports share it too. */
	resources: PortResources = createPortResources(),
): MultiEngineView<EnginePorts> {
	const names = givenNames ?? engineNames([services.ports.engine.url, ...others.map(endpoint => endpoint.url)]);
	const members = [appMember(services, names[0]!)];
	for (const [index, endpoint] of others.entries()) {
		const member = createEngineMember(services, names[0]!, names[index + 1]!, createEngine(endpoint, engineOptions), syncOptions, resources);
		members.push(member);
		// Not awaited: a slow or dead engine must not hold up the first frame.
		void member.sync.start();
	}
	return new MultiEngineView(members);
}

/** The app's own engine as the first member of a view: its store, sync, images and stacks as they are. */
export function appMember(services: AppServices, name: string): EngineMember<EnginePorts> {
	// Compose commands of every engine show in the one output of the Compose pane, each title naming its engine.
	const compose = services.compose;
	if (compose) compose.engine = name;
	return {
		name,
		isUnverifiedTls: services.ports.engine.isUnverifiedTls,
		engine: services.ports,
		store: services.containers,
		sync: services.sync,
		images: services.images,
		...(services.run ? {run: services.run} : {}),
		...(services.builds ? {builds: services.builds} : {}),
		...(compose ? {compose} : {}),
	};
}

/**
 * Another engine of the view: its own adapter, store and sync (not started here), images, runs, builds and stacks,
 * and `release` to end them all when it is dropped at run time (issue 14).
 */
export function createEngineMember(
	services: AppServices,
	ownName: string,
	name: string,
	engine: Engine,
	syncOptions: ContainerSyncOptions = {},
	/** Shared with the app's own ports, so its shells are ended when dockdash quits. */
	resources: PortResources = createPortResources(),
): EngineMember<EnginePorts> {
	const {endpoint} = engine;
	const store = new ContainerStore();
	// Its events go to the one Events log, named by engine (issue 14); its history is read when the pane opens.
	const sync = new ContainerSync(engine, store, {...syncOptions, describeError: error => describeEngineError(error, endpoint), onEvent: event => services.events?.add(event, name)});
	services.events?.addEngine(ownName, name, (since, until, signal) =>
		engine.eventsBetween(since, until, signal).catch((error: unknown) => {
			throw new Error(describeEngineError(error, endpoint));
		}),
	);
	// Its own images, pulls, runs and builds: the Images pane acts on the selected row's engine (issue 14).
	const images = createImageServices(engine);
	const acting = engine.isReadOnly ? {} : {run: createRunPort(engine), builds: new BuildTracker(createBuildPort(engine), () => void images.sync.refresh())};
	// Its stacks, with `docker compose` pointed at this engine (DOCKER_HOST, or its context).
	const compose = services.compose;
	const stacks = compose ? {compose: new StackStore(createComposeCli(endpoint), {engine: name, lastRun: compose.lastRun})} : {};
	const release = () => {
		sync.stop();
		images.sync.stop();
		services.events?.removeEngine(name);
		engine.close();
	};
	return {name, isUnverifiedTls: isUnverifiedTls(endpoint), engine: createEnginePorts(engine, resources), store, sync, images, ...acting, ...stacks, release, version: () => engine.version()};
}

/** Wires the engine adapter to the live stores and the ports the UI reads. */
import {createProgramsPort} from './attached-command.js';
import type {Engine} from './docker/engine.js';
import {describeEngineError} from './docker/errors.js';
import {createEnginePorts, createPortResources, type PortResources} from './engine-ports.js';
import {createImageServices} from './image-services.js';
import {createLogStorage} from './log-storage.js';
import {type Config, DEFAULT_CONFIG} from './model/config.js';
import {Confirmations} from './model/confirmations.js';
import {ContainerStore} from './model/container-store.js';
import {ContainerSync, type ContainerSyncOptions} from './model/container-sync.js';
import {MouseReporting} from './model/mouse.js';
import {Observable} from './model/observable.js';
import {StackStore} from './model/stack-store.js';
import {EventLog} from './model/event-log.js';
import {createComposeCli} from './process/compose-cli.js';
import {createRunPort} from './run-services.js';
import {createBuildPort} from './build-runner.js';
import {BuildTracker} from './model/build.js';
import {TransferTracker} from './model/image-transfer.js';
import {UserFacingError} from './model/ports.js';
import type {AppServices, ContainerSelection, StatusMessage} from './ui/app-context.js';

export function createServices(
	engine: Engine,
	options: ContainerSyncOptions = {},
	config: Config = DEFAULT_CONFIG,
	mouse: MouseReporting = new MouseReporting(() => undefined, false),
	/** Shared by every services instance of one dashboard (a context switch builds new ones), so it ends all their shells. */
	resources: PortResources = createPortResources(),
): AppServices {
	const containers = new ContainerStore();
	const ports = createEnginePorts(engine, resources);
	const images = createImageServices(engine);
	const events = new EventLog(5000, (since, until, signal) =>
		engine.eventsBetween(since, until, signal).catch((error: unknown) => {
			throw new Error(describeEngineError(error, engine.endpoint));
		}),
	);
	const sync = new ContainerSync(engine, containers, {
		describeError: error => describeEngineError(error, engine.endpoint),
		...options,
		onEvent: event => {
			events.add(event);
			images.sync.handleEvent(event);
			ports.cleanup.existing()?.handleEvent(event);
			options.onEvent?.(event);
		},
		onReconnect: () => {
			images.sync.resync();
			options.onReconnect?.();
		},
	});
	const status = new Observable<StatusMessage | undefined>(undefined);
	return {
		ports,
		logStorage: createLogStorage(config.logs.bufferLines),
		programs: createProgramsPort(),
		containers,
		sync,
		images,
		status,
		run: engine.isReadOnly ? undefined : createRunPort(engine),
		builds: engine.isReadOnly ? undefined : new BuildTracker(createBuildPort(engine), () => void images.sync.refresh()),
		transfers: new TransferTracker({describeError: error => (error instanceof UserFacingError ? error.message : describeEngineError(error, engine.endpoint))}),
		isReadOnly: engine.isReadOnly,
		config,
		mouse,
		jumpTo: new Observable<{pane: string; key: string; label?: string} | undefined>(undefined),
		confirmations: new Confirmations(),
		compose: new StackStore(createComposeCli(engine.endpoint)),
		events,
		notify: (text, kind = 'info') => status.set({text, kind}),
		selection: new Observable<ContainerSelection>({marked: []}),
		paneSelections: new Observable({}),
	};
}

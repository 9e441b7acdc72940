/**
 * Builds every port of one engine (source/model/ports.ts) over the docker
 * adapter: the only place the UI's view of an engine is made. Errors are
 * described naming this engine's endpoint.
 */
import {containerLogSizes, executePlan, gatherInventory, listInventoryObjects} from './docker/cleanup.js';
import {applyContainerAction} from './docker/container-actions.js';
import {containerArchive, describeFilesError, listContainerFiles, putContainerArchive, readContainerFile} from './docker/container-files.js';
import {containerChanges, containerSize, containerTop, inspectContainer, isGone} from './docker/container-details.js';
import type {Engine} from './docker/engine.js';
import {isUnverifiedTls} from './docker/endpoint.js';
import {describeEngineError, engineStatus} from './docker/errors.js';
import {detectShell, ExecSessions} from './docker/exec.js';
import {imageConflictOf, inspectImage, listImages, removeImage, tagImage} from './docker/images.js';
import {followManyLogs, lastLogLines} from './docker/logs.js';
import {StatsCollector} from './docker/stats.js';
import {followServiceLogs, listNodes, listNodeTasks, listServices, listTasks, listWaitingTasks, scaleService, setNodeAvailability, swarmStatus} from './docker/swarm.js';
import {extractArchiveTo, packHostPath, resolveHostTarget} from './file-transfer.js';
import {InventoryStore} from './model/inventory-store.js';
import type {EnginePorts} from './model/ports.js';
import {createTransferPort, type TransferWrites, transferWrites} from './transfer-services.js';
import {UnfinishedFiles} from './unfinished-files.js';

/**
 * What the ports of one dashboard share across its engines and end when it quits: the shells it opened, the files
 * it is writing (issue 15: built with the services, not kept in modules).
 */
export interface PortResources {
	exec: ExecSessions;
	unfinished: UnfinishedFiles;
	writes: TransferWrites;
}

export function createPortResources(): PortResources {
	const unfinished = new UnfinishedFiles();
	return {exec: new ExecSessions(), unfinished, writes: transferWrites(unfinished)};
}

export function createEnginePorts(engine: Engine, resources: PortResources = createPortResources()): EnginePorts {
	const describeError = (error: unknown) => describeEngineError(error, engine.endpoint);
	let inventory: InventoryStore | undefined;
	return {
		engine: {url: engine.endpoint.url, isUnverifiedTls: isUnverifiedTls(engine.endpoint)},
		describeError,
		statusOf: engineStatus,
		containers: {apply: (action, targets, options) => applyContainerAction(engine, action, targets, options)},
		logs: {
			follow: (targets, sink, options) => followManyLogs(engine, targets, sink, options),
			followServices: (targets, sink, options) => followServiceLogs(engine, targets, sink, options),
		},
		stats: {createFeed: handlers => new StatsCollector(engine, handlers)},
		details: {
			inspect: (id, signal) => inspectContainer(engine, id, signal),
			size: (id, signal) => containerSize(engine, id, signal),
			top: (id, signal) => containerTop(engine, id, signal),
			changes: (id, signal) => containerChanges(engine, id, signal),
			lastLines: (id, isTty, count, signal) => lastLogLines(engine, id, isTty, count, signal),
			isGone,
		},
		images: {
			inspect: (id, signal) => inspectImage(engine, id, signal),
			tag: (source, target) => tagImage(engine, source, target),
			remove: (ref, options) => removeImage(engine, ref, options),
			conflictOf: imageConflictOf,
		},
		cleanup: {
			inventory: protect =>
				(inventory ??= new InventoryStore({
					load: signal => gatherInventory(engine, signal),
					logSizes: (ids, signal) => containerLogSizes(engine, ids, signal),
					execute: (plan, onProgress) => executePlan(engine, plan, {protect, onProgress}),
					describeError,
					relist: signal => listInventoryObjects(engine, signal),
				})),
			existing: () => inventory,
		},
		swarm: {
			status: signal => swarmStatus(engine, signal),
			services: signal => listServices(engine, signal),
			nodes: signal => listNodes(engine, signal),
			tasks: (id, signal) => listTasks(engine, id, signal),
			nodeTasks: (id, signal) => listNodeTasks(engine, id, signal),
			waitingTasks: signal => listWaitingTasks(engine, signal),
			scale: (id, replicas, expected) => scaleService(engine, id, replicas, expected),
			setAvailability: (id, availability) => setNodeAvailability(engine, id, availability),
		},
		exec: {
			detectShell: (id, shells, options) => detectShell(engine, id, shells, options),
			open: (id, shell, size, options) => resources.exec.start(engine, id, shell, size, options),
			endOrphaned: () => resources.exec.endOrphaned(engine),
		},
		objects: {
			list: async signal => {
				const [images, {volumes, networks}] = await Promise.all([listImages(engine, signal), listInventoryObjects(engine, signal)]);
				return {images, volumes, networks};
			},
		},
		files: {
			list: (id, path, options) => listContainerFiles(engine, id, path, options),
			read: (id, path, signal) => readContainerFile(engine, id, path, signal),
			hostTarget: resolveHostTarget,
			copyOut: async (id, path, hostPath, options) => {
				const stream = await containerArchive(engine, id, path, options.signal);
				try {
					return await extractArchiveTo(stream as AsyncIterable<Uint8Array>, hostPath, {...options, unfinished: resources.unfinished});
				} finally {
					stream.destroy();
				}
			},
			copyIn: async (id, hostPath, directory) => {
				engine.assertWritable('copying files into a container');
				await putContainerArchive(engine, id, directory, await packHostPath(hostPath));
			},
			describe: (error, name, path) => describeFilesError(engine, error, name, path),
		},
		transfer: createTransferPort(engine, undefined, resources.writes),
	};
}

/**
 * Container actions (start, stop, restart, kill, pause, unpause, remove) on a
 * list of IDs. Each ID gets its own result, so one failure never hides the
 * others, and each error is one sanitized line. Every call passes
 * engine.assertWritable first; under --read-only the transport refuses too,
 * so nothing here can send a POST or DELETE even if that check were skipped.
 */
import type {ContainerAction} from '../model/action-rules.js';
import type {Engine} from './engine.js';
import {describeEngineError, engineStatus} from './errors.js';
import type {ActionResult, ActionTarget} from '../model/action-rules.js';

export interface ActionOptions {
	/** remove only: also remove the container's anonymous volumes (`docker rm -v`). */
	removeVolumes?: boolean;
	/** stop and restart: seconds the engine waits after SIGTERM before SIGKILL; the container's own default when unset. */
	stopTimeoutSeconds?: number;
	/** Requests in flight at once for a bulk action (default 8: see bench/bulk-actions.ts). */
	concurrency?: number;
	signal?: AbortSignal;
}

// A stop waits for the container to exit, up to its stop timeout (10 s by
// default, more if the container sets StopTimeout), so the request timeout
// must outlast it or a slow but healthy stop would be reported as a failure.
const STOP_GRACE_MS = 60_000;

// Engine messages name containers by their 64-digit ID; 12 read the same and keep the line short.
function shortenIds(line: string): string {
	return line.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1');
}

async function runOne(engine: Engine, action: ContainerAction, target: ActionTarget, options: ActionOptions): Promise<ActionResult> {
	const {id} = target;
	try {
		engine.assertWritable(`${action} container`);
		const container = engine.docker.getContainer(id);
		const long = action === 'stop' || action === 'restart';
		const ms = long ? ((options.stopTimeoutSeconds ?? 0) * 1000 + STOP_GRACE_MS) : undefined;
		const signal = engine.timeoutSignal(options.signal, ms);
		const t = options.stopTimeoutSeconds === undefined ? {} : {t: options.stopTimeoutSeconds};
		switch (action) {
			case 'start':
				await container.start({abortSignal: signal} as object);
				break;
			case 'stop':
				await container.stop({...t, abortSignal: signal} as object);
				break;
			case 'restart':
				await container.restart({...t, abortSignal: signal} as object);
				break;
			case 'kill':
				await container.kill({abortSignal: signal} as object);
				break;
			case 'pause':
				await container.pause({abortSignal: signal} as object);
				break;
			case 'unpause':
				await container.unpause({abortSignal: signal} as object);
				break;
			case 'remove':
				await container.remove({force: Boolean(target.force), v: Boolean(options.removeVolumes), abortSignal: signal} as object);
				break;
		}
		return {id, isOk: true};
	} catch (error) {
		// 304: the engine had nothing to do. The container is where the user wanted it.
		if (engineStatus(error) === 304) return {id, isOk: true, note: action === 'start' ? 'already running' : 'already stopped'};
		return {id, isOk: false, error: shortenIds(describeEngineError(error, engine.endpoint))};
	}
}

/**
 * Runs one action on every target, a few at a time, and resolves with one
 * result per target in the order given. Never rejects.
 */
export async function applyContainerAction(
	engine: Engine,
	action: ContainerAction,
	targets: ReadonlyArray<string | ActionTarget>,
	options: ActionOptions = {},
): Promise<ActionResult[]> {
	const list = targets.map(target => (typeof target === 'string' ? {id: target} : target));
	const results: ActionResult[] = new Array(list.length);
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const index = next++;
			results[index] = await runOne(engine, action, list[index]!, options);
		}
	};
	const workers = Math.max(1, Math.min(options.concurrency ?? 8, list.length));
	await Promise.all(Array.from({length: workers}, worker));
	return results;
}

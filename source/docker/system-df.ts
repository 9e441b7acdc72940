/**
 * `GET /system/df` (what `docker system df -v` reads), asked again when the
 * answer is a race with a removal.
 *
 * Engine behaviour this works around (measured on Docker 28.5 with the
 * containerd image store, issue 12): while containers are run and removed, 7
 * of 100 df calls fail as a whole with 404 "snapshot … does not exist", 404
 * "content digest …: not found" or 500 "rw layer snapshot not found for
 * container …", for an object that went while the engine counted. The classic
 * overlay2 store answered all 100. A dashboard asks exactly when things are
 * removed (it refreshes on their events), so one such answer is not the
 * engine's last word: the next call counts without the object that went.
 */
import type {Engine} from './engine.js';
import {engineStatus, isUnsupportedAnswer} from './errors.js';

// Back off 100 ms, 200 ms, … (3.1 s in all): under a burst of removals (test/reliability/burst.test.ts) four asks
// 150 ms apart all raced one.
const ATTEMPTS = 6;
const FIRST_DELAY_MS = 100;

/** Whether an error is the engine losing an object it was counting, not a real failure. */
export function isVanishedObjectAnswer(error: unknown): boolean {
	const status = engineStatus(error);
	if ((status !== 404 && status !== 500) || isUnsupportedAnswer(error)) return false;
	const message = String((error as {json?: {message?: string} | null; message?: string}).json?.message ?? (error as Error).message ?? '');
	return /does not exist|not found/i.test(message);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(signal.reason as Error);
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal.reason as Error);
		};
		signal.addEventListener('abort', onAbort, {once: true});
	});
}

/** The engine's disk usage answer; `signal` bounds all attempts together. */
export async function systemDf<T>(engine: Engine, signal: AbortSignal): Promise<T> {
	// dockerode's types give df no options; it passes them on (abortSignal) all the same.
	const docker = engine.docker as unknown as {df(options: object): Promise<T>};
	const df = (options: object) => docker.df(options);
	for (let attempt = 1; ; attempt++) {
		try {
			return await df({abortSignal: signal});
		} catch (error) {
			if (attempt >= ATTEMPTS || signal.aborted || !isVanishedObjectAnswer(error)) throw error;
			await pause(FIRST_DELAY_MS * 2 ** (attempt - 1), signal);
		}
	}
}

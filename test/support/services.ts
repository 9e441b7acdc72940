/**
 * Services for component tests: a scripted container source, and the ports of
 * an engine that is never dialled (its socket does not exist); a test swaps in
 * the scripted fake of the port it exercises (test/support/ports.ts).
 */
import {createProgramsPort} from '../../source/attached-command.js';
import {KeyRouter} from '../../source/hooks/key-router.js';
import {createLogStorage} from '../../source/log-storage.js';
import type {ContainerSummary, EngineEvent} from '../../source/model/types.js';
import {DEFAULT_CONFIG} from '../../source/model/config.js';
import {Confirmations} from '../../source/model/confirmations.js';
import {ContainerStore} from '../../source/model/container-store.js';
import {type ContainerSource, ContainerSync} from '../../source/model/container-sync.js';
import {MouseReporting} from '../../source/model/mouse.js';
import {Observable} from '../../source/model/observable.js';
import type {AppServices, ContainerSelection, StatusMessage} from '../../source/ui/app-context.js';
import {scriptedImageServices} from './images.js';
import {unreachablePorts} from './ports.js';

export class ScriptedContainers implements ContainerSource {
	constructor(public containers: ContainerSummary[] = []) {}
	async listContainers(options: {ids?: string[]} = {}): Promise<ContainerSummary[]> {
		return options.ids ? this.containers.filter(c => options.ids!.includes(c.id)) : [...this.containers];
	}
	async streamEvents(_handlers: {onEvent: (event: EngineEvent) => void; onClose: (error?: unknown) => void}): Promise<void> {}
}

export async function scriptedServices(containers: ContainerSummary[] = [], options: {readOnly?: boolean} = {}): Promise<AppServices & {source: ScriptedContainers}> {
	const source = new ScriptedContainers(containers);
	const store = new ContainerStore();
	const sync = new ContainerSync(source, store, {relistIntervalMs: 60_000});
	await sync.start();
	const status = new Observable<StatusMessage | undefined>(undefined);
	return {
		ports: unreachablePorts(options),
		programs: createProgramsPort(),
		logStorage: createLogStorage(DEFAULT_CONFIG.logs.bufferLines),
		containers: store,
		sync,
		images: scriptedImageServices(),
		status,
		isReadOnly: Boolean(options.readOnly),
		config: DEFAULT_CONFIG,
		mouse: new MouseReporting(() => undefined, true),
		jumpTo: new Observable<{pane: string; key: string; label?: string} | undefined>(undefined),
		confirmations: new Confirmations(),
		notify: (text, kind = 'info') => status.set({text, kind}),
		selection: new Observable<ContainerSelection>({marked: []}),
		paneSelections: new Observable({}),
		source,
	};
}

/** Polls an ink-testing-library frame until it contains the text. */
export async function frameWith(lastFrame: () => string | undefined, text: string | RegExp, timeoutMs = 3000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let frame = '';
	while (Date.now() < deadline) {
		frame = lastFrame() ?? '';
		if (typeof text === 'string' ? frame.includes(text) : text.test(frame)) return frame;
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	throw new Error(`frame never showed ${String(text)}; last frame:\n${frame}`);
}

/**
 * A key router for tests of what actions do, not of typing: on its clock every key comes a
 * second after the one before, so a key that changes the engine is always "pressed on its
 * own" and acts at once (test/ui/typing.test.tsx tests the typing guard itself).
 */
export function deliberateRouter(): KeyRouter {
	let now = 0;
	return new KeyRouter({
		now: () => (now += 1000),
		schedule: fn => {
			fn();
			return () => undefined;
		},
	});
}

/**
 * The next turn of the event loop: keys written in one turn reach the key router as one chunk (a paste),
 * so a key meant to be pressed on its own is written after this. No time passes on any clock.
 */
export async function nextTurn(): Promise<void> {
	await new Promise(resolve => setImmediate(resolve));
}

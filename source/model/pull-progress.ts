/**
 * Progress of one `docker pull`, folded from the engine's JSON message stream:
 * a line per layer (waiting, downloading n of m bytes, extracting, done) and an
 * overall fraction. Pure folding plus a small tracker that owns the running
 * pull, so it keeps going while the user looks at another pane.
 */
import type {PullMessage} from './image-types.js';
import {TaskTracker, taskError} from './task-tracker.js';

/** `uploading` is a push's (issue 13): its bytes are the whole of the layer's work. */
export type LayerPhase = 'waiting' | 'downloading' | 'uploading' | 'verifying' | 'extracting' | 'done';

export interface LayerProgress {
	id: string;
	phase: LayerPhase;
	/** The engine's words for the phase: "Downloading", "Already exists". */
	status: string;
	current?: number;
	total?: number;
	/** 0…1 for this layer: downloading is the first half, extracting the second. */
	fraction: number;
}

export interface PullState {
	ref: string;
	/** A pull (the default) or a push, which the same bars show (issue 13). */
	kind?: 'pull' | 'push';
	/** Layers in the order the engine first named them. */
	layers: readonly LayerProgress[];
	/** The latest message about the pull as a whole ("Digest: …", "Status: Downloaded newer image …"). */
	lastStatus: string;
	/** 0…1 over all layers, weighted by their size where the engine said it. */
	overall: number;
	isDone: boolean;
	error?: string;
	startedAt: number;
	finishedAt?: number;
}

const PHASES: Record<string, LayerPhase> = {
	'Pulling fs layer': 'waiting',
	Waiting: 'waiting',
	Downloading: 'downloading',
	'Verifying Checksum': 'verifying',
	'Download complete': 'verifying',
	Extracting: 'extracting',
	'Pull complete': 'done',
	'Already exists': 'done',
	// A push's words (issue 13).
	Preparing: 'waiting',
	Pushing: 'uploading',
	Pushed: 'done',
	'Layer already exists': 'done',
};

function phaseOf(status: string): LayerPhase | undefined {
	// "Mounted from library/busybox": the registry had the layer in another repository.
	return PHASES[status] ?? (status.startsWith('Mounted from ') ? 'done' : undefined);
}

function layerFraction(phase: LayerPhase, current?: number, total?: number): number {
	const part = total && current !== undefined ? Math.min(1, current / total) : 0;
	switch (phase) {
		case 'waiting':
			return 0;
		case 'downloading':
			return part / 2;
		case 'uploading':
			return part;
		case 'verifying':
			return 0.5;
		case 'extracting':
			return 0.5 + part / 2;
		case 'done':
			return 1;
	}
}

/** Weighted by layer size; a layer whose size is not known yet weighs as much as the average known one. */
export function overallFraction(layers: readonly LayerProgress[]): number {
	if (layers.length === 0) return 0;
	const known = layers.filter(layer => layer.total);
	const average = known.length > 0 ? known.reduce((sum, layer) => sum + layer.total!, 0) / known.length : 1;
	let weights = 0;
	let done = 0;
	for (const layer of layers) {
		const weight = layer.total ?? average;
		weights += weight;
		done += weight * layer.fraction;
	}
	return weights > 0 ? done / weights : 0;
}

export function startPull(ref: string, now = Date.now(), kind: 'pull' | 'push' = 'pull'): PullState {
	return {ref, kind, layers: [], lastStatus: 'asking the engine…', overall: 0, isDone: false, startedAt: now};
}

/** Folds one message into the state, returning a new state. */
export function applyPullMessage(state: PullState, message: PullMessage): PullState {
	const phase = phaseOf(message.status);
	if (!phase || !message.id) return {...state, lastStatus: message.status || state.lastStatus};
	const index = state.layers.findIndex(layer => layer.id === message.id);
	const previous = index >= 0 ? state.layers[index] : undefined;
	// "Extracting" restarts current at 0 against the same total; keep the total once seen.
	const total = message.total ?? previous?.total;
	const current = phase === 'done' || phase === 'verifying' ? total : message.current;
	const layer: LayerProgress = {id: message.id, phase, status: message.status, current, total, fraction: layerFraction(phase, current, total)};
	const layers = index >= 0 ? state.layers.map((old, at) => (at === index ? layer : old)) : [...state.layers, layer];
	return {...state, layers, overall: overallFraction(layers)};
}

export function finishPull(state: PullState, error?: string, now = Date.now()): PullState {
	return {...state, isDone: true, error, finishedAt: now, overall: error ? state.overall : 1};
}

/** Runs a pull; the real one is source/docker/images.ts pullImage bound to the engine. */
export type Puller = (ref: string, options: {signal: AbortSignal; onMessage: (message: PullMessage) => void}) => Promise<void>;

/**
 * Owns at most one running pull. Messages are folded at once but published at
 * most every `publishMs`, so a fast stream of progress lines costs a render per
 * interval, not per line.
 */
export class PullTracker extends TaskTracker<PullState> {
	constructor(
		private readonly puller: Puller,
		private readonly options: {publishMs?: number; describeError?: (error: unknown) => string; onFinished?: (state: PullState) => void; kind?: 'pull' | 'push'} = {},
	) {
		super(options.publishMs);
	}

	/** Starts a pull; resolves with the final state. Refuses while another pull runs. */
	async start(ref: string): Promise<PullState> {
		if (this.isRunning) throw new Error(`already ${this.options.kind === 'push' ? 'pushing' : 'pulling'} ${this.working?.ref ?? ''}`.trim());
		const signal = this.begin(startPull(ref, Date.now(), this.options.kind));
		let error: string | undefined;
		try {
			await this.puller(ref, {signal, onMessage: message => this.fold(state => applyPullMessage(state, message))});
		} catch (caught) {
			error = taskError(caught, signal, this.options.describeError);
		}
		const final = this.end(finishPull(this.working!, error));
		this.options.onFinished?.(final);
		return final;
	}
}

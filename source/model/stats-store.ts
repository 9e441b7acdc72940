/**
 * Latest stats and bounded history of every container being collected. Fed
 * one batch per collection round, so a round of 200 containers is one
 * notification and one render, not 200.
 */
import {Observable} from './observable.js';
import {type ContainerStats, DEFAULT_HISTORY_POINTS, StatsHistory, type StatsSample, deriveStats} from './stats.js';

export type StatsSnapshot = ReadonlyMap<string, ContainerStats>;

export class StatsStore extends Observable<StatsSnapshot> {
	private readonly historyPoints: number;

	constructor(options: {historyPoints?: number} = {}) {
		super(new Map());
		this.historyPoints = options.historyPoints ?? DEFAULT_HISTORY_POINTS;
	}

	/** Adds one round of samples. Containers without a sample this round keep their last figures. */
	apply(samples: ReadonlyMap<string, StatsSample>): void {
		if (samples.size === 0) return;
		const next = new Map(this.get());
		for (const [id, sample] of samples) {
			const before = next.get(id);
			// A sample older than the one held (a slow answer overtaken by a newer one) is dropped.
			if (before && sample.readAt <= before.sample.readAt) continue;
			const latest = deriveStats(before?.sample, sample);
			const history = before?.history ?? new StatsHistory(this.historyPoints);
			history.push(latest);
			next.set(id, {id, latest, sample, history});
		}
		this.set(next);
	}

	/** Forgets every container not in `ids` (stopped or removed ones). */
	retain(ids: ReadonlySet<string>): void {
		const current = this.get();
		if ([...current.keys()].every(id => ids.has(id))) return;
		this.set(new Map([...current].filter(([id]) => ids.has(id))));
	}

	clear(): void {
		if (this.get().size > 0) this.set(new Map());
	}
}

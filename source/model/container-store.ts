/**
 * The live list of containers: fed by full relists and by targeted refreshes
 * after engine events, read by the UI through {@link ContainerStore.get}.
 * Each change produces a new immutable array, so React can compare snapshots
 * by identity and unchanged rows keep their object identity (memoized rows stay
 * memoized).
 */
import type {ContainerSummary} from './types.js';
import {Observable} from './observable.js';

function sameSummary(a: ContainerSummary, b: ContainerSummary): boolean {
	return (
		a.status === b.status &&
		a.state === b.state &&
		a.stateAnswer === b.stateAnswer &&
		a.name === b.name &&
		a.image === b.image &&
		a.health === b.health &&
		a.ports.length === b.ports.length &&
		a.ports.every((port, index) => {
			const other = b.ports[index]!;
			return port.hostPort === other.hostPort && port.containerPort === other.containerPort && port.protocol === other.protocol && port.hostIp === other.hostIp;
		})
	);
}

export class ContainerStore extends Observable<readonly ContainerSummary[]> {
	private byId = new Map<string, ContainerSummary>();
	/** False until the first full list arrived, so the UI can tell "loading" from "empty". */
	isLoaded = false;

	constructor() {
		super([]);
	}

	/** Replaces everything with a full list (`ps -a`). */
	replaceAll(list: readonly ContainerSummary[]): void {
		const next = new Map<string, ContainerSummary>();
		let changed = list.length !== this.byId.size || !this.isLoaded;
		for (const fresh of list) {
			const old = this.byId.get(fresh.id);
			if (old && sameSummary(old, fresh)) next.set(fresh.id, old);
			else {
				next.set(fresh.id, fresh);
				changed = true;
			}
		}
		this.isLoaded = true;
		if (!changed) return;
		this.byId = next;
		this.publish();
	}

	/**
	 * Applies a refresh of some IDs: the ones listed are added or updated, the
	 * ones asked for but not listed are gone from the engine.
	 */
	applyRefresh(askedIds: Iterable<string>, listed: readonly ContainerSummary[]): void {
		let changed = false;
		const seen = new Set<string>();
		for (const fresh of listed) {
			seen.add(fresh.id);
			const old = this.byId.get(fresh.id);
			if (old && sameSummary(old, fresh)) continue;
			this.byId.set(fresh.id, fresh);
			changed = true;
		}
		for (const id of askedIds) {
			if (!seen.has(id) && this.byId.delete(id)) changed = true;
		}
		if (changed) this.publish();
	}

	remove(id: string): void {
		if (this.byId.delete(id)) this.publish();
	}

	getById(id: string): ContainerSummary | undefined {
		return this.byId.get(id);
	}

	private publish(): void {
		this.set([...this.byId.values()]);
	}
}

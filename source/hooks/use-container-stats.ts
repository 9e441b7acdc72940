/**
 * Live stats for a set of running containers while the calling pane is
 * mounted: the collector is made in an effect and stopped in its cleanup, so
 * nothing polls the engine or reads cgroup files when the stats pane is hidden.
 */
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {StatsFeed} from '../model/ports.js';
import type {StatsMethod} from '../model/stats.js';
import type {StatsSample} from '../model/stats.js';
import {StatsStore, type StatsSnapshot} from '../model/stats-store.js';
import {useServices} from '../ui/app-context.js';
import {useLatest} from './use-latest.js';
import {useObservable} from './use-observable.js';

export interface ContainerStatsState {
	snapshot: StatsSnapshot;
	/** How the figures are read, for the pane's title: 'cgroup', 'one-shot', a mix, or undefined before the first round. */
	methods: ReadonlySet<StatsMethod>;
	/** Tells the collector which containers' rows are on screen (undefined: all). */
	setVisible: (ids: readonly string[]) => void;
}

export function useContainerStats(ids: readonly string[]): ContainerStatsState {
	const {ports, notify} = useServices();
	const store = useMemo(() => new StatsStore(), []);
	const [feed, setFeed] = useState<StatsFeed>();
	const [methods, setMethods] = useState<ReadonlySet<StatsMethod>>(new Set());

	useEffect(() => {
		const handlers = {
			onSamples: (samples: Map<string, StatsSample>) => store.apply(samples),
			onError: (_id: string, error: unknown) => {
				// A container that stopped or vanished between the list and the poll is not news.
				const status = ports.statusOf(error);
				if (status === 404 || status === 409) return;
				notify(`stats: ${ports.describeError(error)}`, 'error');
			},
		};
		const created = ports.stats.createFeed(handlers);
		setFeed(created);
		return () => {
			created.stop();
			store.clear();
		};
	}, [ports, store, notify]);

	// One array per set of IDs: a new array with the same IDs changes nothing (the effects below run when the IDs do).
	const idsKey = ids.join('\n');
	const targets = useMemo(() => (idsKey === '' ? [] : idsKey.split('\n')), [idsKey]);
	useEffect(() => {
		if (!feed) return;
		feed.setTargets(targets);
		feed.start();
		store.retain(new Set(targets));
	}, [feed, targets, store]);
	const latestTargets = useLatest(targets);

	const snapshot = useObservable(store);
	const methodsRef = useRef(methods);
	useEffect(() => {
		if (!feed) return;
		const next = new Set(latestTargets.current.map(id => feed.methodOf(id)).filter((method): method is StatsMethod => method !== undefined));
		const current = methodsRef.current;
		// Compared here, not in a setState updater: even an update that bails out
		// costs a commit, and every commit makes Ink lay out and draw the whole frame.
		if (current.size === next.size && [...next].every(method => current.has(method))) return;
		methodsRef.current = next;
		setMethods(next);
		// Re-checked once per round (snapshot changes), not per render nor per new set of IDs.
	}, [feed, snapshot, latestTargets]);
	const visibleKey = useRef('');
	const visibleIds = useRef<readonly string[] | undefined>(undefined);
	const setVisible = useCallback(
		(visible: readonly string[]) => {
			const key = visible.join('\n');
			if (key === visibleKey.current && visibleIds.current) return;
			visibleKey.current = key;
			visibleIds.current = visible;
			feed?.setVisible?.(visible);
		},
		[feed],
	);
	// A new feed (engine switched) hears the rows on screen again.
	useEffect(() => {
		if (feed && visibleIds.current) feed.setVisible?.(visibleIds.current);
	}, [feed]);
	return {snapshot, methods, setVisible};
}

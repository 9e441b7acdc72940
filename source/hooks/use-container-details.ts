/**
 * Loads what the details view shows for one container and reloads it when the
 * container's state changes (the store sees that through engine events). The
 * slow parts (the writable layer's size, `diff`) load on their own after
 * `inspect`, so the view is there at once. A container removed while open
 * turns into `isGone`, never an exception.
 */
import {useEffect, useState} from 'react';
import type {ContainerDetails, ContainerSize, FileChange, ProcessTable} from '../model/details-types.js';
import type {DecodedLine} from '../model/log-decoder.js';
import {useServices} from '../ui/app-context.js';
import type {Loadable} from '../ui/format/details-lines.js';
import {useObservable} from './use-observable.js';

export interface ContainerDetailsState {
	details?: ContainerDetails;
	isGone: boolean;
	/** inspect failed for another reason than the container being gone. */
	error?: string;
	size: Loadable<ContainerSize>;
	top: Loadable<ProcessTable>;
	changes: Loadable<FileChange[]>;
	/** The last log lines of a container that is not running: why it stopped (issue 14). */
	lastLines: Loadable<DecodedLine[]>;
}

const LOADING = {status: 'loading'} as const;
/** Log lines shown under "why it stopped". */
const LAST_LINES = 10;

export function useContainerDetails(id: string, reloadToken = 0): ContainerDetailsState {
	const {ports, containers} = useServices();
	const all = useObservable(containers);
	const summary = all.find(container => container.id === id);
	const isMissing = containers.isLoaded && !summary;
	const [state, setState] = useState<ContainerDetailsState>({isGone: false, size: LOADING, top: LOADING, changes: LOADING, lastLines: LOADING});

	// Reload on what changes the view: the state and the health, not the "Up 3 minutes" text.
	const stateKey = `${summary?.state}/${summary?.health}`;
	useEffect(() => {
		if (isMissing) return;
		const abort = new AbortController();
		const {signal} = abort;
		const update = (patch: Partial<ContainerDetailsState>) => {
			if (!signal.aborted) setState(current => ({...current, ...patch}));
		};
		const fail = (error: unknown) => (ports.details.isGone(error) ? {isGone: true} : undefined);
		const load = async <T,>(key: 'size' | 'top' | 'changes' | 'lastLines', run: () => Promise<T>) => {
			try {
				update({[key]: {status: 'ok', value: await run()}});
			} catch (error) {
				if (signal.aborted) return;
				update(fail(error) ?? {[key]: {status: 'error', message: ports.describeError(error)}});
			}
		};
		void (async () => {
			let details: ContainerDetails;
			try {
				details = await ports.details.inspect(id, signal);
			} catch (error) {
				if (!signal.aborted) update(fail(error) ?? {error: ports.describeError(error)});
				return;
			}
			update({details, error: undefined});
			const isUp = details.state === 'running' || details.state === 'paused';
			void load('size', () => ports.details.size(id, signal));
			void load('changes', () => ports.details.changes(id, signal));
			// A state dockdash does not know is not said to be "not running" (issue 17): the engine is asked, and answers or refuses.
			if (isUp || details.state === 'unknown') void load('top', () => ports.details.top(id, signal));
			else update({top: {status: 'skipped', reason: `not running (${details.state}): no processes`}});
			if (isUp) update({lastLines: {status: 'skipped', reason: 'running'}});
			else void load('lastLines', () => ports.details.lastLines(id, details.isTty, LAST_LINES, signal));
		})();
		return () => abort.abort();
	}, [ports, id, stateKey, reloadToken, isMissing]);

	return isMissing ? {...state, isGone: true} : state;
}

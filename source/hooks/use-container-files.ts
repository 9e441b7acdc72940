/**
 * Reads a path of a container for the Files view (issue 13): one read per
 * (container, path, reload), aborted when any of them changes or the view
 * closes, with the archive's progress while it streams.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {FileListing, FileListingProgress} from '../model/container-files.js';
import {useServices} from '../ui/app-context.js';

export type FilesLoad =
	| {status: 'loading'; progress?: FileListingProgress}
	| {status: 'ready'; listing: FileListing}
	| {status: 'error'; message: string}
	| {status: 'cancelled'};

export function useContainerFiles(id: string, name: string, path: string, reloads: number): {load: FilesLoad; cancel: () => void} {
	const {ports} = useServices();
	const [load, setLoad] = useState<FilesLoad>({status: 'loading'});
	const abortRef = useRef<AbortController | undefined>(undefined);
	useEffect(() => {
		const abort = new AbortController();
		abortRef.current = abort;
		setLoad({status: 'loading'});
		ports.files
			.list(id, path, {signal: abort.signal, onProgress: progress => !abort.signal.aborted && setLoad({status: 'loading', progress})})
			.then(
				listing => !abort.signal.aborted && setLoad({status: 'ready', listing}),
				(error: unknown) => !abort.signal.aborted && setLoad({status: 'error', message: ports.files.describe(error, name, path)}),
			);
		return () => abort.abort();
	}, [ports, id, name, path, reloads]);
	const cancel = useCallback(() => {
		abortRef.current?.abort();
		setLoad({status: 'cancelled'});
	}, []);
	return {load, cancel};
}

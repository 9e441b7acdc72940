/**
 * Reads an image's layers for the layer explorer through the images service
 * (an export that streams from the engine, with progress), in one effect that
 * aborts the export in its cleanup: leaving the pane or choosing another image
 * stops it, and the engine stops with it. The last analyses outlive the pane.
 */
import {useEffect, useRef, useState} from 'react';
import type {LayerLoadProgress, LoadedLayers} from '../model/image-store.js';
import {useServices} from '../ui/app-context.js';
import {useSessionValue} from './use-remembered.js';

export type Load =
	| {status: 'idle'}
	| {status: 'loading'; progress?: LayerLoadProgress}
	| {status: 'ready'; data: LoadedLayers}
	| {status: 'error'; message: string}
	| {status: 'cancelled'};

// The pane unmounts when another pane is shown; the last analyses survive that for the session (keyed by image and platform).
const LOADED_CACHE_SIZE = 2;
const newCache = () => new Map<string, LoadedLayers>();

/** A one-line message for whatever reading the image threw. */
function loadError(error: unknown, describe: (error: unknown) => string): string {
	const name = (error as Error)?.name;
	if (name === 'ImageArchiveError' || name === 'TarError') return (error as Error).message;
	return describe(error);
}

/** The layers of `target` on `platform` (the engine's choice when undefined); a new `reloads` reads them again. */
export function useLayerLoad(target: {id: string} | undefined, platform: string | undefined, reloads: number): {load: Load; cancel: () => void} {
	const {images, ports} = useServices();
	const loadedCache = useSessionValue('loadedLayers', newCache);
	const [load, setLoad] = useState<Load>({status: 'idle'});
	const reloadRef = useRef(0);
	const abortRef = useRef<AbortController | undefined>(undefined);
	useEffect(() => {
		if (!target) return;
		// R reads again; anything else may show what was read before.
		const cacheKey = `${target.id}|${platform ?? ''}`;
		const cached = reloadRef.current === reloads ? loadedCache.get(cacheKey) : undefined;
		reloadRef.current = reloads;
		if (cached) {
			setLoad({status: 'ready', data: cached});
			return;
		}
		const controller = new AbortController();
		abortRef.current = controller;
		setLoad({status: 'loading'});
		images
			.loadLayers(target.id, {signal: controller.signal, platform, onProgress: progress => !controller.signal.aborted && setLoad({status: 'loading', progress})})
			.then(
				data => {
					if (loadedCache.size >= LOADED_CACHE_SIZE) loadedCache.delete(loadedCache.keys().next().value!);
					loadedCache.set(cacheKey, data);
					if (!controller.signal.aborted) setLoad({status: 'ready', data});
				},
				error => {
					if (controller.signal.aborted) setLoad({status: 'cancelled'});
					else setLoad({status: 'error', message: loadError(error, ports.describeError)});
				},
			);
		return () => {
			// Leaving the pane or choosing another image stops this export; the engine stops with it.
			controller.abort();
		};
	}, [images, ports, target, reloads, platform, loadedCache]);
	return {load, cancel: () => abortRef.current?.abort()};
}

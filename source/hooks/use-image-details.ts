/** The images pane's details panel reads an image's inspect answer through the images port. */
import {useEffect, useState} from 'react';
import type {ImageDetails} from '../model/image-types.js';
import {useServices} from '../ui/app-context.js';
import {useSessionValue} from './use-remembered.js';

// Image IDs name immutable content, so an inspect result never goes stale; keep a bounded few for the session.
const DETAILS_CACHE_SIZE = 200;
const newCache = () => new Map<string, ImageDetails>();

/** The selected image's inspect answer, asked for once the cursor rests on it (80 ms) and kept for the session. */
export function useImageDetails(imageId: string | undefined): ImageDetails | undefined {
	const {ports} = useServices();
	const detailsCache = useSessionValue('imageDetails', newCache);
	const [details, setDetails] = useState<ImageDetails | undefined>(() => (imageId ? detailsCache.get(imageId) : undefined));
	useEffect(() => {
		if (!imageId) return setDetails(undefined);
		const cached = detailsCache.get(imageId);
		setDetails(cached);
		if (cached) return;
		const controller = new AbortController();
		// Moving through the list quickly must not fire an inspect per row passed.
		const timer = setTimeout(() => {
			ports.images.inspect(imageId, controller.signal).then(
				found => {
					if (detailsCache.size >= DETAILS_CACHE_SIZE) detailsCache.delete(detailsCache.keys().next().value!);
					detailsCache.set(imageId, found);
					if (!controller.signal.aborted) setDetails(found);
				},
				() => undefined, // a vanished image leaves the list on the next refresh
			);
		}, 80);
		return () => {
			clearTimeout(timer);
			controller.abort();
		};
	}, [ports, imageId, detailsCache]);
	return details;
}

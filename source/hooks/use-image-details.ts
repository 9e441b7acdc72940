/** The images pane's details panel reads an image's inspect answer through the images port. */
import {useEffect, useState} from 'react';
import type {ImageDetails} from '../model/image-types.js';
import {useServices} from '../ui/app-context.js';
import {useSessionValue} from './use-remembered.js';

// Image IDs name immutable content, so an inspect result never goes stale; keep a bounded few for the session.
const DETAILS_CACHE_SIZE = 200;
const newCache = () => new Map<string, ImageDetails>();

/**
 * The selected image's inspect answer, asked for once the cursor rests on it (80 ms) and kept for the session; or
 * the one line saying why it could not be read (an answer of the wrong shape, issue 17), never an empty panel.
 */
export function useImageDetails(imageId: string | undefined): {details?: ImageDetails; problem?: string} {
	const {ports} = useServices();
	const [problem, setProblem] = useState<{imageId: string; text: string}>();
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
				error => {
					// A vanished image leaves the list on the next refresh; anything else is said where the details go.
					if (!controller.signal.aborted) setProblem({imageId, text: ports.describeError(error)});
				},
			);
		}, 80);
		return () => {
			clearTimeout(timer);
			controller.abort();
		};
	}, [ports, imageId, detailsCache]);
	return {details, problem: problem && problem.imageId === imageId && !details ? problem.text : undefined};
}

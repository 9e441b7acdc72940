/** Container summaries for unit and component tests (no engine). */
import type {ContainerSummary} from '../../source/model/types.js';

let counter = 0;

export function summary(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
	counter += 1;
	const id = overrides.id ?? counter.toString(16).padStart(64, 'a');
	return {
		id,
		name: `c${counter}`,
		image: 'busybox',
		imageId: 'sha256:1',
		command: 'sleep 1',
		state: 'running',
		status: 'Up 1 minute',
		created: 1_700_000_000,
		ports: [],
		labels: {},
		...overrides,
	};
}

/**
 * The decision a prune or a cleanup makes when an object's turn comes (issue 17): from the confirmed plan's item and
 * what the engine shows of that object now, either the removal requests to send or why it is skipped. Pure, so the
 * promise "only objects of the confirmed plan, and only while they still qualify" is a property over generated engine
 * states (test/property/prune-plan.test.ts); source/docker/cleanup.ts reads the engine and sends what this returns.
 */
import {isApiAtLeast} from './api-version.js';
import {isProtected, isStoppedState, isSystemNetwork, type PlanItem, type ProtectLabel} from './prune-plan.js';

/** What the engine shows of a plan's object just before it would be removed, read by the adapter (sanitized). */
export type Observed =
	| {kind: 'container'; state: string; labels?: Record<string, string>}
	/** users: names of the containers (any state) whose image it is. */
	| {kind: 'image'; labels?: Record<string, string>; tags: readonly string[]; users: readonly string[]}
	/** created: Unix seconds, when the engine says. users: names of the containers that mount it. */
	| {kind: 'volume'; labels: Record<string, string>; created?: number; users: readonly string[]}
	/** swarm: read only for a swarm-scoped network (only a manager knows its services). */
	| {kind: 'network'; name: string; labels?: Record<string, string>; scope?: string; users: readonly string[]; swarm?: {isWorker: boolean; services: ReadonlyArray<{name: string; networks: readonly string[]}>}}
	| {kind: 'buildCache'; apiVersion: string | undefined};

/**
 * One request the adapter sends for an item. `reference` is what the request names: the item's ID (a volume's name),
 * or for an image with several tags each of its confirmed tags in turn (the last untag deletes it). Never force.
 */
export interface RemovalRequest {
	kind: PlanItem['kind'];
	reference: string;
}

export type RemovalDecision = {requests: RemovalRequest[]} | {skip: string};

function protectedSince(labels: Record<string, string> | undefined, protect: ProtectLabel): string | undefined {
	return isProtected(labels, protect) ? `protected (${protect.key}=${protect.value}) since the preview` : undefined;
}

/** The tags an image has now against those it was confirmed with: a change is a reason to skip, or undefined. */
function tagsChanged(item: PlanItem, tags: readonly string[]): string | undefined {
	if (!item.tags || [...tags].sort().join('\n') === [...item.tags].sort().join('\n')) return undefined;
	const added = tags.filter(tag => !item.tags!.includes(tag));
	const removed = item.tags.filter(tag => !tags.includes(tag));
	return `tags changed since the preview (${[...added.map(tag => `now also ${tag}`), ...removed.map(tag => `no longer ${tag}`)].join(', ')})`;
}

const sameLabels = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * What to send for one confirmed plan item, given what the engine shows of it now (undefined: the engine no longer
 * has it). The checks are those of the preview, made again: a change since makes it a skip with its reason.
 */
export function removalFor(item: PlanItem, observed: Observed | undefined, protect: ProtectLabel): RemovalDecision {
	if (!observed) return {skip: 'already gone'};
	if (observed.kind !== item.kind) return {skip: `now a ${observed.kind}, not a ${item.kind}`};
	const only = (reference: string): RemovalDecision => ({requests: [{kind: item.kind, reference}]});
	switch (observed.kind) {
		case 'container': {
			if (!isStoppedState(observed.state)) return {skip: `now ${observed.state}: changed since the preview`};
			const reason = protectedSince(observed.labels, protect);
			return reason ? {skip: reason} : only(item.id);
		}
		case 'image': {
			const reason = protectedSince(observed.labels, protect) ?? tagsChanged(item, observed.tags);
			if (reason) return {skip: reason};
			if (observed.users.length > 0) return {skip: `now used by ${observed.users.join(', ')}`};
			// An image with several tags cannot be removed by ID without force: untag each tag, and the last one deletes it.
			// The tags are those just read, which the check above found equal to the confirmed ones.
			return observed.tags.length > 1 ? {requests: observed.tags.map(tag => ({kind: 'image', reference: tag}))} : only(item.id);
		}
		case 'volume': {
			const reason = protectedSince(observed.labels, protect);
			if (reason) return {skip: reason};
			// Volumes go by name: one removed and made again under that name since the preview is another volume.
			// CreatedAt has one-second resolution, so a volume made again within that second is told apart by its labels.
			const isRemade = (item.created !== undefined && observed.created !== undefined && observed.created !== item.created) || !sameLabels(observed.labels, item.labels);
			if (isRemade) return {skip: 'made again under this name since the preview'};
			if (observed.users.length > 0) return {skip: `now used by ${observed.users.join(', ')}`};
			return only(item.id);
		}
		case 'network': {
			if (isSystemNetwork(observed.name)) return {skip: 'default network'};
			const reason = protectedSince(observed.labels, protect);
			if (reason) return {skip: reason};
			if (observed.users.length > 0) return {skip: `now used by ${observed.users.join(', ')}`};
			if (observed.scope === 'swarm') {
				if (!observed.swarm || observed.swarm.isWorker) return {skip: 'swarm network: only a manager knows whether a service uses it'};
				const using = observed.swarm.services.filter(service => service.networks.includes(item.id) || service.networks.includes(observed.name));
				if (using.length > 0) return {skip: `now used by service ${using.map(service => service.name).join(', ')}`};
			}
			return only(item.id);
		}
		case 'buildCache':
			// Before API 1.39 the engine takes no filters on /build/prune and would empty the whole cache: never that.
			// An unreadable version is not a new one (issue 17: "banana".split('.') read as new enough).
			if (!isApiAtLeast(observed.apiVersion, 1, 39)) return {skip: `engine API ${observed.apiVersion} can only prune the whole build cache; dockdash removes records one by one (API 1.39+)`};
			return only(item.id);
	}
}

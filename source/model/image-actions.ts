/**
 * Removing an image, as a dialogue: ask, try without force, and only when the
 * engine refuses because something still uses the image, ask a second time,
 * naming those containers, before forcing. Plain code over two injected
 * functions, so the same flow runs in the pane and against the real engine in
 * tests.
 */
import type {RemoveResult} from './image-types.js';
import type {ConfirmRequest, ConfirmTarget} from './confirmations.js';
import {plural} from './plural.js';

export interface RemoveTarget {
	/** What is removed: "repo:tag" (untags it) or an image ID (a dangling image). */
	ref: string;
	imageId: string;
	/** All tags of the image, so the question can say whether this is the last one. */
	repoTags: readonly string[];
	sizeText?: string;
	/** Containers made from the image (any state), as the container store has them. */
	containers: ReadonlyArray<{id: string; name: string; state: string}>;
}

export interface RemoveOutcome {
	outcome: 'removed' | 'cancelled' | 'refused';
	/** One line for the status bar. */
	message: string;
	result?: RemoveResult;
}

export interface RemoveDeps {
	ask: (request: ConfirmRequest) => Promise<boolean>;
	remove: (ref: string, force: boolean) => Promise<RemoveResult>;
	/** Recognises the engine's "in use" refusal and whether force would override it. */
	conflictOf: (error: unknown) => {message: string; canForce: boolean} | undefined;
	describeError: (error: unknown) => string;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

function summarize(ref: string, result: RemoveResult): string {
	const parts: string[] = [];
	if (result.untagged.length > 0) parts.push(`untagged ${result.untagged.filter(tag => !tag.includes('@')).join(', ') || ref}`);
	if (result.deleted.length > 0) parts.push(`deleted ${plural(result.deleted.length, 'layer')} (${short(result.deleted[0]!)}…)`);
	return parts.join('; ') || `removed ${ref}`;
}

/** The first question: what goes, and whether the image itself goes or only a tag. */
export function firstQuestion(target: RemoveTarget): ConfirmRequest {
	const isTag = target.ref !== target.imageId;
	const otherTags = target.repoTags.filter(tag => tag !== target.ref);
	const isUntagOnly = isTag && otherTags.length > 0;
	const notes: string[] = [];
	if (isUntagOnly) notes.push(`only the tag goes: the image stays as ${otherTags.join(', ')}`);
	else notes.push(`the image is deleted${target.sizeText ? `, up to ${target.sizeText} freed` : ''} (layers other images share stay)`);
	if (target.containers.length > 0) {
		notes.push(`${plural(target.containers.length, 'container')} ${target.containers.length === 1 ? 'uses' : 'use'} it: ${target.containers.map(c => c.name).join(', ')}`);
	}
	return {
		title: isUntagOnly ? `Untag ${target.ref}?` : `Remove image ${target.ref}?`,
		targets: [{label: target.ref, id: short(target.imageId), detail: target.sizeText}],
		notes,
		verb: isUntagOnly ? 'untag' : 'remove',
		isDangerous: true,
	};
}

/** The second question, only after the engine refused: names every container that uses the image. */
export function forceQuestion(target: RemoveTarget, engineMessage: string): ConfirmRequest {
	const targets: ConfirmTarget[] =
		target.containers.length > 0
			? target.containers.map(container => ({label: container.name, id: short(container.id), detail: container.state}))
			: target.repoTags.map(tag => ({label: tag, id: short(target.imageId)}));
	return {
		title: `FORCE: ${target.ref} is in use. Remove it anyway?`,
		targets,
		notes: [
			`the engine said: ${engineMessage}`,
			target.containers.length > 0
				? 'these containers keep running or stay as they are; their image is left as <none> until they are removed'
				: 'force removes it from every tag listed above',
		],
		verb: 'force remove',
		isDangerous: true,
	};
}

export async function removeWithConfirmation(target: RemoveTarget, deps: RemoveDeps): Promise<RemoveOutcome> {
	if (!(await deps.ask(firstQuestion(target)))) return {outcome: 'cancelled', message: `kept ${target.ref}`};
	try {
		const result = await deps.remove(target.ref, false);
		return {outcome: 'removed', message: summarize(target.ref, result), result};
	} catch (error) {
		const conflict = deps.conflictOf(error);
		if (!conflict) return {outcome: 'refused', message: deps.describeError(error)};
		if (!conflict.canForce) return {outcome: 'refused', message: `engine: ${conflict.message}`};
		if (!(await deps.ask(forceQuestion(target, conflict.message)))) return {outcome: 'cancelled', message: `kept ${target.ref} (in use)`};
	}
	try {
		const result = await deps.remove(target.ref, true);
		return {outcome: 'removed', message: summarize(target.ref, result), result};
	} catch (error) {
		const conflict = deps.conflictOf(error);
		return {outcome: 'refused', message: conflict ? `engine: ${conflict.message}` : deps.describeError(error)};
	}
}

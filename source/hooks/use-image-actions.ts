/**
 * The Images pane's changes to the engine (issues 4, 13 and 14; moved out of
 * the pane for issue 15: the pane binds keys and asks for the words, this
 * acts): build, save, load, pull, push, tag and remove, each on the engine the
 * row or prompt named when the key was pressed (several engines), with one
 * line of outcome. Saves and loads run in the shared transfers, which confirm
 * before replacing a file; remove asks through the app's confirmations.
 */
import {parseBuildWords} from '../model/build.js';
import {type RemoveTarget, removeWithConfirmation} from '../model/image-actions.js';
import {splitWords} from '../model/run-form.js';
import {sanitize} from '../model/sanitize.js';
import {useServices} from '../ui/app-context.js';
import {type Transfers, useTransfers} from './use-transfers.js';

/** The engine an action goes to: a name with several engines, undefined with one. */
type On = string | undefined;

export interface ImageActions {
	/** The shared transfers (save and load), for the pane's transfer line and its cancel key. */
	transfers: Transfers;
	/** The images (store, sync, pulls, pushes) of the engine named, or the pane's own. */
	imagesOf: (engine: On) => ReturnType<typeof useServices>['images'];
	/** " on NAME" with several engines, "" with one: what an outcome line adds. */
	onEngineText: (engine: On) => string;
	/** Build with the words typed (PATH -t TAG -f FILE --build-arg K=V). */
	build: (line: string) => void;
	save: (refs: readonly string[], fileName: string, engine: On) => void;
	load: (fileName: string, engine: On) => void;
	pull: (ref: string, engine: On) => void;
	push: (ref: string, engine: On) => void;
	/** Tag the image `imageId` (shown as `ref`) with the reference typed. */
	tag: (imageId: string, ref: string, typed: string, engine: On) => void;
	/** Remove `target`, asked first (and again before forcing), naming the engine. */
	remove: (target: RemoveTarget, engine: On) => void;
}

export function useImageActions(): ImageActions {
	const services = useServices();
	const {ports, images, notify, confirmations, engines, builds} = services;
	const transfers = useTransfers();
	// The engine a row is on (several engines): its ports and images, whatever engine the pane is seen through.
	const memberOf = (engine: On) => (engine === undefined ? undefined : engines?.memberOf(engine));
	const portsOf = (engine: On) => memberOf(engine)?.engine ?? ports;
	const imagesOf = (engine: On) => memberOf(engine)?.images ?? images;
	const onEngineText = (engine: On) => (engine === undefined ? '' : ` on ${engine}`);

	const build = (line: string) => {
		const words = splitWords(line);
		const request = 'error' in words ? words : parseBuildWords(words.words);
		if (!builds || 'error' in request) {
			if ('error' in request) notify(`build: ${request.error}`, 'error');
			return;
		}
		builds.start(request).then(
			final => {
				const miss = final.report?.firstMiss;
				if (final.error) notify(`build of ${request.contextDir} failed: ${final.error}`, 'error');
				else notify(`built ${request.tags[0] ?? request.contextDir}${miss ? ` · cache missed at step ${miss.index}` : ' · all from cache'}`, 'success');
			},
			error => notify(String((error as Error).message), 'error'),
		);
	};
	const save = (refs: readonly string[], fileName: string, engine: On) => {
		const subject = refs.join(', ');
		void transfers.write('save', subject, fileName.trim(), (file, options) => portsOf(engine).transfer.saveImages(refs, file, options));
	};
	const load = (fileName: string, engine: On) => void transfers.load(fileName.trim()).then(() => void imagesOf(engine).sync.refresh());
	const push = (ref: string, engine: On) => {
		const where = onEngineText(engine);
		imagesOf(engine).pushes?.start(ref.trim()).then(
			final => notify(final.error ? `push of ${final.ref}${where} failed: ${final.error}` : `pushed ${final.ref}${where}`, final.error ? 'error' : 'success'),
			error => notify(String((error as Error).message), 'error'),
		);
	};
	const pull = (ref: string, engine: On) => {
		const where = onEngineText(engine);
		imagesOf(engine).pulls.start(ref.trim()).then(
			final => notify(final.error ? `pull of ${final.ref}${where} failed: ${final.error}` : `pulled ${final.ref}${where}`, final.error ? 'error' : 'success'),
			error => notify(String((error as Error).message), 'error'),
		);
	};
	const tag = (imageId: string, ref: string, typed: string, engine: On) => {
		const at = portsOf(engine);
		at.images.tag(imageId, typed.trim()).then(
			tagged => {
				notify(`tagged ${ref} as ${sanitize(tagged)}${onEngineText(engine)}`, 'success');
				void imagesOf(engine).sync.refresh();
			},
			error => notify(at.describeError(error), 'error'),
		);
	};
	const remove = (target: RemoveTarget, engine: On) => {
		const at = portsOf(engine);
		void removeWithConfirmation(target, {
			ask: request => confirmations.ask(engine === undefined ? request : {...request, engine}),
			remove: (ref, force) => at.images.remove(ref, {force, imageId: target.imageId}),
			conflictOf: at.images.conflictOf,
			describeError: at.describeError,
		}).then(outcome => {
			notify(`${outcome.message}${onEngineText(engine)}`, outcome.outcome === 'removed' ? 'success' : outcome.outcome === 'refused' ? 'error' : 'info');
			if (outcome.outcome === 'removed') void imagesOf(engine).sync.refresh();
		});
	};

	return {transfers, imagesOf, onEngineText, build, save, load, pull, push, tag, remove};
}

/**
 * The Containers pane's commit and export (issue 13; moved out of the pane for
 * issue 15: the pane binds keys and asks for the words, this acts). Commit
 * makes an image of the container captured at the key press and shows it
 * selected in Images; export writes the container's filesystem to a tar
 * through the shared transfers, which confirm before replacing a file.
 */
import {whenListed} from '../model/image-store.js';
import {parseCommitWords, type TransferState} from '../model/image-transfer.js';
import {splitWords} from '../model/run-form.js';
import {CommitAnswerError} from '../model/ports.js';
import {sanitize} from '../model/sanitize.js';
import {useServices} from '../ui/app-context.js';
import {useTransfers} from './use-transfers.js';

/** The container a commit or export acts on, as it was when the key was pressed. */
export interface TransferredContainer {
	id: string;
	name: string;
}

export interface ContainerTransfers {
	/** The export running or last ended, for the pane's transfer line. */
	state: TransferState | undefined;
	/** Commit `container` with the words typed (REPOSITORY[:TAG] -m MESSAGE -a AUTHOR --no-pause). */
	commit: (container: TransferredContainer, line: string) => void;
	/** Export `container`'s filesystem to the tar file typed. */
	exportTo: (container: TransferredContainer, fileName: string) => void;
}

export function useContainerTransfers(): ContainerTransfers {
	const {ports, notify, images, status, jumpTo} = useServices();
	const transfers = useTransfers();
	const commit = (container: TransferredContainer, line: string) => {
		const words = splitWords(line);
		const request = 'error' in words ? words : parseCommitWords(words.words);
		if ('error' in request) return notify(`commit: ${request.error}`, 'error');
		const made = `${request.repository}:${request.tag}`;
		notify(`committing ${container.name} as ${made}${request.pause ? ' (paused meanwhile)' : ''}…`, 'info');
		ports.transfer.commit(container.id, request).then(
			async imageId => {
				// Said in Images, where the new image is shown selected (status lines are per pane).
				status.set({text: sanitize(`committed ${container.name} as ${made}`), kind: 'success', pane: 'images'});
				await images.sync.ensureStarted();
				void images.sync.refresh();
				await whenListed(images.store, imageId);
				jumpTo.set({pane: 'images', key: `${imageId} ${made}`, label: made});
			},
			// The engine may well have made the image: its answer is what is wrong, and it is said so, not "failed".
			error => notify(error instanceof CommitAnswerError ? `commit of ${container.name}: ${error.message}` : `commit of ${container.name} failed: ${ports.describeError(error)}`, 'error'),
		);
	};
	const exportTo = (container: TransferredContainer, fileName: string) =>
		void transfers.write('export', container.name, fileName.trim(), (file, options) => ports.transfer.exportContainer(container.id, file, options));
	return {state: transfers.state, commit, exportTo};
}

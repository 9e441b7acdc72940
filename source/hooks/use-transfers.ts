/**
 * Export, save and load from the panes (issue 13): the file named is located first, an existing file is replaced
 * only after a confirmation naming it, and the transfer runs in the shared tracker, so it goes on while the user
 * looks at another pane. What happened is said in the status line when it ends.
 */
import {useCallback} from 'react';
import type {TransferProgress, TransferState} from '../model/image-transfer.js';
import {plural} from '../model/plural.js';
import {sanitize} from '../model/sanitize.js';
import {useServices} from '../ui/app-context.js';
import {useObservable} from './use-observable.js';
import {Observable} from '../model/observable.js';
import {formatBytes} from '../ui/format/units.js';

const NONE = new Observable<TransferState | undefined>(undefined);

export interface Transfers {
	state: TransferState | undefined;
	/** Writes a tar (export or save) to the typed file name. */
	write: (verb: 'export' | 'save', subject: string, fileName: string, write: (file: string, options: TransferProgress & {overwrite?: boolean}) => Promise<void>) => Promise<void>;
	/** Loads the typed tar file into the engine; resolves with what it loaded. */
	load: (fileName: string) => Promise<readonly string[] | undefined>;
	cancel: () => boolean;
	dismiss: () => void;
}

export function useTransfers(): Transfers {
	const {transfers, ports, confirmations, notify} = useServices();
	const state = useObservable(transfers ?? NONE);

	const write = useCallback<Transfers['write']>(
		async (verb, subject, fileName, run) => {
			if (!transfers) return;
			if (transfers.isRunning) return notify('a transfer is running: x in Images cancels it', 'info');
			const place = ports.transfer.locate(fileName);
			// "out/" names a folder: with none there, the tar must not be written as a file called out.
			if (!place.isDirectory && /\/\s*$/.test(fileName)) return notify(sanitize(`no folder ${place.path}: create it first, or name the tar file to write`), 'error');
			if (place.isDirectory) return notify(sanitize(`${place.path} is a folder: name the tar file to write, such as ${place.path.replace(/\/$/, '')}/${verb === 'export' ? 'rootfs' : 'images'}.tar`), 'error');
			let overwrite = false;
			if (place.exists) {
				overwrite = await confirmations.ask({
					title: `Replace ${sanitize(place.path)}?`,
					targets: [{label: sanitize(place.path), id: '', detail: place.size === undefined ? undefined : `${place.size} bytes`}],
					notes: [`the file there now is replaced by the ${verb} of ${subject} once it is written whole`],
					verb: 'replace',
					isDangerous: true,
				});
				if (!overwrite) return notify(sanitize(`kept ${place.path}: nothing was written`), 'info');
			}
			const final = await transfers.start({verb, subject, file: place.path}, progress => run(place.path, {...progress, overwrite}));
			if (final.error) notify(`${verb} of ${subject} failed: ${final.error}`, 'error');
			else notify(sanitize(`${verb === 'export' ? 'exported' : 'saved'} ${subject} to ${final.file} (${formatBytes(final.bytes)})`), 'success');
		},
		[transfers, ports, confirmations, notify],
	);

	const load = useCallback<Transfers['load']>(
		async fileName => {
			if (!transfers) return undefined;
			if (transfers.isRunning) {
				notify('a transfer is running: x cancels it', 'info');
				return undefined;
			}
			const place = ports.transfer.locate(fileName);
			const final = await transfers.start({verb: 'load', subject: place.path, file: place.path, total: place.size}, progress => ports.transfer.loadImages(place.path, progress));
			if (final.error) notify(`load of ${sanitize(place.path)} failed: ${final.error}`, 'error');
			else notify(`loaded ${final.loaded?.length ? final.loaded.join(', ') : plural(0, 'image')} from ${sanitize(place.path)}`, 'success');
			return final.loaded;
		},
		[transfers, ports, notify],
	);

	return {
		state,
		write,
		load,
		cancel: () => {
			if (!transfers?.isRunning) return false;
			transfers.cancel();
			return true;
		},
		dismiss: () => transfers?.dismiss(),
	};
}

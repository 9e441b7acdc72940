/**
 * The Files view's actions (issue 13; moved out of the pane for issue 15: the
 * pane binds keys, this acts): view a file (the read aborted when another is
 * opened or the viewer closes), copy a path out to this machine and copy a file
 * or folder in, each over the FilesPort, asked first where it replaces or
 * changes something, with one line of outcome. `onCopiedIn` runs after a copy
 * in, so the view reads its folder again.
 */
import {useRef, useState} from 'react';
import {baseOfContainerPath} from '../model/container-files.js';
import {plural} from '../model/plural.js';
import {sanitize} from '../model/sanitize.js';
import {useServices} from '../ui/app-context.js';
import type {ViewedFile} from '../ui/components/file-viewer.js';
import {engineLabel} from '../ui/engine-label.js';
import {formatBytes} from '../ui/format/units.js';

export interface FileActions {
	/** The file shown in the viewer, if one is open. */
	viewed: ViewedFile | undefined;
	/** Read `filePath` of the container and show it (the previous read, if any, is aborted). */
	view: (filePath: string) => void;
	/** Close the viewer and abort its read. */
	closeViewer: () => void;
	/** Stop showing the viewer (when the view goes to another path). */
	forget: () => void;
	/** Copy the container's `from` to the path typed on this machine. */
	copyOut: (from: string, typed: string) => Promise<void>;
	/** Copy the path typed on this machine into the container's `directory`. */
	copyIn: (directory: string, typed: string) => Promise<void>;
}

export function useFileActions(containerId: string, name: string, onCopiedIn: () => void): FileActions {
	const services = useServices();
	const {ports, confirmations, notify} = services;
	// With several engines (issue 14) the dialogs name the container's own engine, never the app's first engine.
	const onEngine = services.engines ? {engine: engineLabel(services)} : {};
	const [viewed, setViewed] = useState<ViewedFile>();
	const viewAbort = useRef<AbortController | undefined>(undefined);

	const closeViewer = () => {
		viewAbort.current?.abort();
		setViewed(undefined);
	};
	const view = (filePath: string) => {
		viewAbort.current?.abort();
		const abort = new AbortController();
		viewAbort.current = abort;
		setViewed({status: 'loading', path: filePath});
		ports.files.read(containerId, filePath, abort.signal).then(
			content => !abort.signal.aborted && setViewed({status: 'ready', path: filePath, content}),
			(error: unknown) => !abort.signal.aborted && setViewed({status: 'error', path: filePath, message: ports.files.describe(error, name, filePath)}),
		);
	};

	const copyOut = async (from: string, typed: string) => {
		if (typed.trim() === '') return notify('copy out cancelled: no path typed', 'info');
		try {
			const {target, exists, isFolder} = await ports.files.hostTarget(typed.trim(), baseOfContainerPath(from) || 'root');
			if (exists) {
				const isYes = await confirmations.ask({
					title: `Replace ${sanitize(target)} on this machine with ${sanitize(name)}:${sanitize(from)}?`,
					targets: [{label: sanitize(target), id: isFolder ? 'a folder' : 'a file', detail: 'replaced only once the copy is complete'}],
					notes: [`what is there now${isFolder ? ', and everything in it,' : ''} is removed after the new copy is in place`],
					verb: 'replace',
					isDangerous: true,
					...onEngine,
				});
				if (!isYes) return notify(`copy out cancelled: ${sanitize(target)} left as it was`, 'info');
			}
			notify(`copying ${sanitize(name)}:${sanitize(from)} to ${sanitize(target)}…`, 'progress');
			const result = await ports.files.copyOut(containerId, from, target, {overwrite: exists});
			notify(`copied ${sanitize(name)}:${sanitize(from)} to ${sanitize(result.target)} (${plural(result.files, 'file')}, ${formatBytes(result.bytes)})`, 'success');
		} catch (error) {
			notify(`copy out failed: ${ports.files.describe(error, name, from)}`, 'error');
		}
	};
	const copyIn = async (directory: string, typed: string) => {
		if (typed.trim() === '') return notify('copy in cancelled: no path typed', 'info');
		// The path as the engine will get it, absolute: the dialog names exactly what is sent ("./" is the whole current folder).
		const {target: source, exists, isFolder} = await ports.files.hostTarget(typed.trim().replace(/\/+$/, '') || '/', '');
		if (!exists) return notify(`copy in: no such file or folder on this machine: ${sanitize(source)}`, 'error');
		const into = `${directory === '/' ? '' : directory}/${source.split('/').pop() ?? ''}`;
		const isYes = await confirmations.ask({
			title: `Copy ${sanitize(source)}${isFolder ? ' (a folder, with everything in it)' : ''} into ${sanitize(name)}:${sanitize(directory)}?`,
			targets: [{label: `${sanitize(name)}:${sanitize(into)}`, id: containerId.slice(0, 12), detail: 'written in the container (a file of that name is replaced)'}],
			notes: ['this changes the container’s filesystem (docker cp in)'],
			verb: 'copy in',
			isDangerous: true,
			...onEngine,
		});
		if (!isYes) return notify('copy in cancelled: nothing was sent', 'info');
		notify(`copying ${sanitize(source)} into ${sanitize(name)}:${sanitize(directory)}…`, 'progress');
		try {
			await ports.files.copyIn(containerId, source, directory);
			notify(`copied ${sanitize(source)} to ${sanitize(name)}:${sanitize(into)}`, 'success');
			onCopiedIn();
		} catch (error) {
			notify(`copy in failed: ${ports.files.describe(error, name, directory)}`, 'error');
		}
	};

	return {viewed, view, closeViewer, forget: () => setViewed(undefined), copyOut, copyIn};
}

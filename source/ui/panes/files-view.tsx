/**
 * A container's files (issue 13), opened from the Containers pane with f:
 * the path shown (/ first) as a tree with modes, sizes and where links point,
 * as the layer explorer shows an image; o goes to a typed path, Enter views a
 * file, c copies out to this machine, i copies in (asked first; absent under
 * --read-only). Render and keys; reading is hooks/use-container-files.ts and
 * viewing and copying hooks/use-file-actions.ts, over the FilesPort.
 */
import {Box, Text} from 'ink';
import {useMemo, useRef, useState} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {type FilesLoad, useContainerFiles} from '../../hooks/use-container-files.js';
import {useFileActions} from '../../hooks/use-file-actions.js';
import {LAYER, useMouse} from '../../hooks/key-router.js';
import {useListPane} from '../../hooks/use-list-pane.js';
import type {ListState} from '../../hooks/use-list-state.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {baseOfContainerPath, containerPathOf, normalizeContainerPath, parentOfContainerPath} from '../../model/container-files.js';
import {decodeRawName} from '../../model/layers/tar-reader.js';
import {plural} from '../../model/plural.js';
import {sanitize} from '../../model/sanitize.js';
import {useServices} from '../app-context.js';
import {engineLabel} from '../engine-label.js';
import {FileViewer} from '../components/file-viewer.js';
import {ListPaneView} from '../components/list-pane.js';
import {TextInput} from '../components/text-input.js';
import {TitleBar} from '../components/title-bar.js';
import {treeHeader, TreeRows} from '../components/tree-rows.js';
import {fileRowSize, fileRowText} from '../format/file-rows.js';
import {flattenTree, type TreeRow} from '../format/layer-rows.js';
import {joinWhole} from '../format/text.js';
import {formatBytes} from '../format/units.js';
import {useTheme} from '../../hooks/use-theme.js';

export interface FilesViewProps {
	containerId: string;
	name: string;
	width: number;
	height: number;
	/** The pane's first screen row: with it the mouse selects and scrolls the rows (without it the view has no mouse). */
	top?: number;
	isActive: boolean;
	onClose: () => void;
}

type Prompt = {kind: 'path'} | {kind: 'copyOut'; path: string} | {kind: 'copyIn'; directory: string};

const PROMPT_LABEL: Record<Prompt['kind'], string> = {path: 'go to path: ', copyOut: 'copy to (on this machine): ', copyIn: 'copy in from (on this machine): '};

const rowKey = (row: TreeRow) => row.node.path;
const everyRow = () => true;

export function FilesView({containerId, name, width, height, top, isActive, onClose}: FilesViewProps) {
	const theme = useTheme();
	const services = useServices();
	const {isReadOnly, notify} = services;
	// With several engines (issue 14) this view is scoped to the container's own engine: its dialogs and title name it,
	// never the app's first engine.
	const onEngine = services.engines ? {engine: engineLabel(services)} : {};
	const [path, setPath] = useState('/');
	const [reloads, setReloads] = useState(0);
	const {load: answer, cancel} = useContainerFiles(containerId, name, path, reloads);
	// Until the read of a new path starts, the last answer is of the old one: never shown under the new path's name.
	const load = answer.status === 'ready' && answer.listing.path !== path ? ({status: 'loading'} as FilesLoad) : answer;
	const listing = load.status === 'ready' ? load.listing : undefined;
	// Open folders by raw tree path, per listed path; the listed folder itself starts open.
	const [expansion, setExpansion] = useState<{of: string; open: ReadonlySet<string>}>({of: '', open: new Set()});
	const topPath = listing?.root.children.length === 1 && path !== '/' ? listing.root.children[0]!.path : undefined;
	const open = useMemo(() => (expansion.of === path ? expansion.open : new Set(topPath ? [topPath] : [])), [expansion, path, topPath]);
	const rows = useMemo(() => (listing ? flattenTree(listing.root, open) : []), [listing, open]);
	const files = useFileActions(containerId, name, () => setReloads(count => count + 1));
	const {viewed} = files;
	const [prompt, setPrompt] = useState<Prompt>();
	const promptRef = useRef<Prompt | undefined>(undefined);

	const field = useTextField({
		isActive,
		onSubmit: value => {
			const current = promptRef.current;
			promptRef.current = undefined;
			setPrompt(undefined);
			if (!current) return;
			if (current.kind === 'path') {
				const next = normalizeContainerPath(value);
				if (next === undefined) notify(`type an absolute path, starting with / (not "${sanitize(value)}")`, 'error');
				else goTo(next);
			} else if (current.kind === 'copyOut') void files.copyOut(current.path, value);
			else void files.copyIn(current.directory, value);
		},
	});
	// Esc closes the field without a submit: the prompt is over when the field is closed.
	const isPrompting = prompt !== undefined && field.isOpen;
	const inputLines = isPrompting ? 1 : 0;
	const listHeight = Math.max(1, height - 3 - inputLines);
	// The list this view covers (the Containers list) must not hear the mouse meant for this one: a wheel turned here
	// moved the hidden container selection, and Esc came back to another container than the one whose files were shown
	// (found by the SRE pass). Registered before the rows' own mouse, so it hears what they leave: the wheel scrolls the
	// files, a click elsewhere does nothing.
	const listRef = useRef<ListState | undefined>(undefined);
	useMouse(
		LAYER.pane,
		event => {
			if ((event.kind === 'wheelUp' || event.kind === 'wheelDown') && !viewed && !isPrompting) listRef.current?.moveBy(event.kind === 'wheelUp' ? -3 : 3);
			return true;
		},
		isActive,
	);
	// No `/` filter here: o goes to a path instead. The mouse is the table's while nothing covers it.
	const pane = useListPane({rows, rowKey, matches: everyRow, height, top: top ?? 0, isActive, tableHeightFor: () => listHeight, isMouseActive: top !== undefined && isActive && !viewed && !isPrompting, hasFilter: false, isSelectionKept: false});
	const {list} = pane;
	listRef.current = list;
	// Tree paths are raw bytes (latin1); the engine is asked with the decoded name, and every shown one is sanitized.
	const pathOfRow = (row: TreeRow | undefined) => (row && listing ? containerPathOf(listing.path, decodeRawName(row.node.path)) : undefined);
	// A key acts on the row the cursor is on as of the last key, before React draws it: "jj Enter" in one read opens
	// the row moved to, not the one drawn before the moves (issue 22's rule).
	const currentRow = pane.current;

	const goTo = (next: string) => {
		setPath(next);
		files.forget();
		list.moveTo(0);
	};
	const ask = (next: Prompt, prefill: string) => {
		promptRef.current = next;
		setPrompt(next);
		field.openWith(prefill);
	};

	useCommands(
		['list', 'files'],
		{
			...pane.handlers,
			'files.open': () => {
				const selected = currentRow();
				const selectedPath = pathOfRow(selected);
				if (!selected || !selectedPath || !listing) return;
				if (selected.isDirectory) {
					const next = new Set(open);
					if (next.has(selected.node.path)) next.delete(selected.node.path);
					else next.add(selected.node.path);
					setExpansion({of: path, open: next});
				} else if (selected.node.kind === 'symlink' && selected.node.linkTarget !== undefined) {
					// Where the link points, read in the container: relative targets from the link's folder.
					const linkTarget = decodeRawName(selected.node.linkTarget);
					const target = linkTarget.startsWith('/') ? linkTarget : `${parentOfContainerPath(selectedPath)}/${linkTarget}`;
					goTo(normalizeContainerPath(target) ?? '/');
				} else files.view(selectedPath);
			},
			'files.path': () => ask({kind: 'path'}, sanitize(pathOfRow(currentRow()) ?? path)),
			'files.parent': () => goTo(parentOfContainerPath(path)),
			'files.copyOut': () => {
				const selectedPath = pathOfRow(currentRow());
				if (!selectedPath) return;
				ask({kind: 'copyOut', path: selectedPath}, `./${sanitize(baseOfContainerPath(selectedPath)) || 'root'}`);
			},
			'files.copyIn': () => {
				const selected = currentRow();
				const selectedPath = pathOfRow(selected);
				if (!selectedPath || !selected) return;
				const isFolder = selected.node.kind === 'directory';
				ask({kind: 'copyIn', directory: isFolder ? selectedPath : parentOfContainerPath(selectedPath)}, './');
			},
			'files.reload': () => setReloads(count => count + 1),
			'files.back': () => (load.status === 'loading' ? cancel() : onClose()),
		},
		{isActive: isActive && !viewed && !isPrompting, isReadOnly},
	);

	if (viewed) return <FileViewer file={viewed} containerName={name} height={height} onClose={files.closeViewer} />;

	let status: React.ReactElement | undefined;
	if (load.status === 'loading') {
		const progress = load.progress;
		status = (
			<Text color={theme.warning} wrap="truncate">
				⇣ reading {sanitize(path)}{progress ? `: ${formatBytes(progress.bytesRead)}, ${plural(progress.entries, 'entry', 'entries')}` : '…'} · Esc cancels
			</Text>
		);
	} else if (load.status === 'error') status = <Text color={theme.danger} wrap="truncate">✗ {load.message} · o another path · R tries again · Esc back</Text>;
	else if (load.status === 'cancelled') status = <Text color={theme.muted}>cancelled · R reads {sanitize(path)} again</Text>;
	const title = joinWhole([`Files of ${sanitize(name)}${onEngine.engine ? ` on ${sanitize(onEngine.engine)}` : ''}: ${sanitize(path)}`, ...(listing ? [plural(listing.entryCount, 'entry', 'entries'), formatBytes(listing.root.totalSize)] : [])], width);
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			header={<TitleBar title={[{text: title}]} width={width} />}
			body={
				status ?? (
					<Box flexDirection="column" height={listHeight + 1}>
						<Text color={theme.muted} wrap="truncate">
							{treeHeader('MODE       NAME', width)}
						</Text>
						{rows.length === 0 ? <Text color={theme.muted}>empty</Text> : null}
						<TreeRows
							rows={rows}
							selectedIndex={list.selectedIndex}
							offset={list.offset}
							height={listHeight}
							width={width}
							textOf={fileRowText}
							sizeOf={fileRowSize}
							colorOf={row => (row.node.kind === 'directory' ? theme.accent : row.node.kind === 'symlink' ? theme.muted : undefined)}
						/>
					</Box>
				)
			}
			fieldLine={isPrompting ? <TextInput label={PROMPT_LABEL[prompt.kind]} value={field.value} isSelected={field.isSelected} isActive={field.isOpen} /> : null}
		/>
	);
}

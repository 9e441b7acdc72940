/**
 * The images pane: every image tag as `docker images` lists it, with shared and
 * unique size and the containers made from each; the selected image's config
 * beside it; remove, tag and pull with per-layer progress. Render only: the
 * actions are source/docker/images.ts and source/model/image-actions.ts.
 */
import {Box, Text} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {listMovement} from '../../hooks/list-commands.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useImageDetails} from '../../hooks/use-image-details.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import {useListMouse} from '../../hooks/use-list-mouse.js';
import {useListState} from '../../hooks/use-list-state.js';
import {useRemembered} from '../../hooks/use-remembered.js';
import {useObservable} from '../../hooks/use-observable.js';
import {sanitize} from '../../model/sanitize.js';
import {useJumpToRow} from '../../hooks/use-jump-target.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {useRunAttached} from '../../hooks/use-run-attached.js';
import {useRunForm} from '../../hooks/use-run-form.js';
import {removeWithConfirmation} from '../../model/image-actions.js';
import {useServices} from '../app-context.js';
import {PullPanel, pullPanelHeight} from '../components/pull-panel.js';
import {RunFormView} from '../components/run-form.js';
import {BuildPanel} from '../components/build-panel.js';
import {parseBuildWords} from '../../model/build.js';
import {splitWords} from '../../model/run-form.js';
import {Observable} from '../../model/observable.js';
import type {PullState} from '../../model/pull-progress.js';
import {useTransfers} from '../../hooks/use-transfers.js';
import {usePromptField} from '../../hooks/use-prompt-field.js';
import {TransferLine} from '../components/transfer-line.js';
import {sortArrow, Table} from '../components/table.js';
import {TextInput} from '../components/text-input.js';
import {
	containersByImage,
	type ImageRow,
	IMAGE_SORT_KEYS,
	type ImageSortKey,
	IMAGE_COLUMNS,
	imageRowCells,
	imageDetailLines,
	imageRows,
	isDescendingOrder,
	matchesImageFilter,
	sortImageRows,
} from '../format/image-row.js';
import {fit} from '../format/text.js';
import {formatBytes} from '../format/units.js';
import {TitleBar} from '../components/title-bar.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';

const rowKey = (row: ImageRow) => row.key;

function DetailsPanel({row, width, height}: {row: ImageRow | undefined; width: number; height: number}) {
	const theme = useTheme();
	const details = useImageDetails(row?.image.id);
	if (!row) return <Box width={width} height={height} />;
	const lines = imageDetailLines(row, details);
	const labelWidth = 11;
	return (
		<Box flexDirection="column" width={width} height={height} paddingLeft={1}>
			{lines.slice(0, height).map(([label, value], index) => (
				<Text key={index} wrap="truncate">
					<Text color={theme.accent}>{fit(label, labelWidth)}</Text>
					{value}
				</Text>
			))}
		</Box>
	);
}

// The build state when builds do not exist (read-only): hooks are called the same way either way.
const NO_BUILD = new Observable(undefined);
const NO_PUSH = new Observable<PullState | undefined>(undefined);

type Prompt = {kind: 'pull'} | {kind: 'build'} | {kind: 'tag'; imageId: string; ref: string} | {kind: 'save'; refs: readonly string[]} | {kind: 'load'} | {kind: 'push'};

function promptLabel(prompt: Prompt | undefined): string {
	switch (prompt?.kind) {
		case 'tag':
			return `tag ${prompt.ref} as: `;
		case 'build':
			return 'build (PATH -t TAG -f FILE --build-arg K=V): ';
		case 'save':
			return `save ${prompt.refs.length === 1 ? prompt.refs[0]! : `${prompt.refs.length} images`} to (FILE.tar): `;
		case 'load':
			return 'load images from (FILE.tar): ';
		case 'push':
			return 'push (REGISTRY/NAME:TAG): ';
		default:
			return 'pull (name[:tag]): ';
	}
}

export function ImagesPane({width, height, isActive, top}: PaneProps) {
	const theme = useTheme();
	const rowCells = useRowCells('cells', imageRowCells);
	const services = useServices();
	const {ports, images, isReadOnly, notify, confirmations} = services;
	const state = useObservable(images.store);
	const containers = useObservable(services.containers);
	const pulled = useObservable(images.pulls);
	const pushed = useObservable(images.pushes ?? NO_PUSH);
	// One panel of layer bars: the push while one runs or was the last started, else the pull.
	const pull = pushed && (!pulled || pushed.startedAt >= pulled.startedAt) ? pushed : pulled;
	const transfers = useTransfers();
	// Marked rows (space): what save writes; keys of rows, kept while the rows exist.
	const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
	const [sortKey, setSortKey] = useRemembered<ImageSortKey>('sort', 'name');
	const [isDescending, setDescending] = useRemembered('descending', false);
	const filterField = useTextField({isActive, remember: 'filter', isNewOnOpen: true});
	const filter = filterField.value;
	const builds = services.builds;
	const build = useObservable(builds?.state ?? NO_BUILD);
	const [isBuildLogOpen, setBuildLogOpen] = useState(false);
	const startBuild = (line: string) => {
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
	const {field: promptField, prompt, open: openPrompt} = usePromptField<Prompt>({
		isActive,
		onSubmit: (prompt, value) => {
			if (prompt.kind === 'build') {
				startBuild(value);
			} else if (prompt.kind === 'save') {
				const subject = prompt.refs.join(', ');
				void transfers.write('save', subject, value.trim(), (file, options) => ports.transfer.saveImages(prompt.refs, file, options));
			} else if (prompt.kind === 'load') {
				void transfers.load(value.trim()).then(() => void images.sync.refresh());
			} else if (prompt.kind === 'push') {
				const pushes = images.pushes;
				pushes?.start(value.trim()).then(
					final => notify(final.error ? `push of ${final.ref} failed: ${final.error}` : `pushed ${final.ref}`, final.error ? 'error' : 'success'),
					error => notify(String((error as Error).message), 'error'),
				);
			} else if (prompt.kind === 'pull') {
				images.pulls.start(value.trim()).then(
					final => notify(final.error ? `pull of ${final.ref} failed: ${final.error}` : `pulled ${final.ref}`, final.error ? 'error' : 'success'),
					error => notify(String((error as Error).message), 'error'),
				);
			} else {
				ports.images.tag(prompt.imageId, value.trim()).then(
					tagged => {
						notify(`tagged ${prompt.ref} as ${sanitize(tagged)}`, 'success');
						void images.sync.refresh();
					},
					error => notify(ports.describeError(error), 'error'),
				);
			}
		},
	});

	// The run form takes the pane while open; the new container is then shown selected in Containers.
	const runAttached = useRunAttached();
	const runForm = useRunForm({
		isActive,
		onDone: outcome => {
			const show = () => services.jumpTo.set({pane: 'containers', key: outcome.id});
			// Interactive: the terminal is the container's until it exits; the pane stays mounted meanwhile.
			if (outcome.action === 'interactive') void runAttached(outcome.id, outcome.name ?? outcome.id.slice(0, 12)).then(show);
			else show();
		},
	});

	useEffect(() => {
		void images.sync.ensureStarted();
	}, [images]);

	const allRows = useMemo(() => imageRows(state.images, containersByImage(containers)), [state.images, containers]);
	const rows = useMemo(() => {
		const matching = filter ? allRows.filter(row => matchesImageFilter(row, filter)) : allRows;
		return sortImageRows(matching, sortKey, isDescending);
	}, [allRows, filter, sortKey, isDescending]);
	const keys = useMemo(() => rows.map(rowKey), [rows]);
	// Marks of rows that are gone (an image removed) drop out here.
	const markedRows = useMemo(() => allRows.filter(row => marked.has(row.key)), [allRows, marked]);
	// ...and are forgotten, so an image loaded back later does not come back marked (adversarial pass, issue 13).
	useEffect(() => {
		if (state.isLoaded && markedRows.length < marked.size) setMarked(new Set(markedRows.map(rowKey)));
	}, [state.isLoaded, markedRows, marked]);

	const isSideBySide = width >= 110;
	const inputLines = promptField.isOpen || filterField.isOpen || filter ? 1 : 0;
	const pullLines = pullPanelHeight(pull, Math.max(2, Math.floor(height / 3)));
	const transferLines = transfers.state ? 1 : 0;
	const buildLines = build ? Math.max(3, Math.floor(height / 2)) : 0;
	const belowDetails = isSideBySide ? 0 : Math.min(8, Math.max(0, Math.floor((height - 6) / 2)));
	const problemLines = state.problem && state.isLoaded ? 1 : 0;
	const tableHeight = Math.max(1, height - 2 - inputLines - pullLines - transferLines - buildLines - belowDetails - problemLines);
	const tableWidth = isSideBySide ? Math.floor(width * 0.58) : width;
	const list = useListState(keys, tableHeight, 'selected');
	// Rows start below the title line, a problem line when shown, and the column header.
	useListMouse(list, {firstRowY: top + 2 + problemLines, visibleRows: tableHeight, rowCount: rows.length, rightEdge: tableWidth, isActive});
	useJumpToRow('images', list, keys, {text: filter, clear: () => filterField.setValue('')});
	const selected = rows[list.selectedIndex];
	usePublishTarget('images', selected && {kind: 'image', id: selected.image.id, name: selected.ref, image: selected.ref});

	useCommands(
		['images', 'list'],
		{
			...listMovement(list, tableHeight, rows.length),
			'list.filter': filterField.open,
			'list.clearFilter': () => filterField.setValue(''),
			'list.sortNext': () => setSortKey(current => IMAGE_SORT_KEYS[(IMAGE_SORT_KEYS.indexOf(current) + 1) % IMAGE_SORT_KEYS.length]!),
			'list.sortReverse': () => setDescending(current => !current),
			'images.layers': () => {
				if (selected) images.explore.set({id: selected.image.id, ref: selected.isDangling ? selected.image.id.slice(7, 19) : selected.label});
			},
			'images.pull': () => {
				if (images.pulls.isRunning) notify('a pull is running: x cancels it', 'info');
				else openPrompt({kind: 'pull'}, selected && !selected.isDangling ? selected.ref : '');
			},
			'images.tag': () => {
				if (!selected) return;
				const repository = selected.isDangling ? '' : selected.ref.slice(0, selected.ref.lastIndexOf(':') + 1);
				openPrompt({kind: 'tag', imageId: selected.image.id, ref: selected.isDangling ? selected.image.id.slice(7, 19) : selected.ref}, repository);
			},
			'images.remove': () => {
				if (!selected) return;
				// Captured now: the answer acts on this image, whatever is selected by then.
				const target = {
					ref: selected.ref,
					imageId: selected.image.id,
					repoTags: selected.image.repoTags,
					sizeText: formatBytes(selected.image.uniqueSize ?? selected.image.size),
					containers: selected.containers.map(container => ({id: container.id, name: container.name, state: container.state})),
				};
				void removeWithConfirmation(target, {
					ask: request => confirmations.ask(request),
					remove: (ref, force) => ports.images.remove(ref, {force}),
					conflictOf: ports.images.conflictOf,
					describeError: ports.describeError,
				}).then(outcome => {
					notify(outcome.message, outcome.outcome === 'removed' ? 'success' : outcome.outcome === 'refused' ? 'error' : 'info');
					if (outcome.outcome === 'removed') void images.sync.refresh();
				});
			},
			...(services.run
				? {
						'images.run': () => {
							if (!selected) return;
							// A dangling image has no name to run by: its ID is what docker run takes.
							runForm.open(selected.isDangling ? selected.image.id : selected.ref);
						},
					}
				: {}),
			...(builds
				? {
						'images.build': () => {
							if (builds.isRunning) notify('a build is running: x cancels it', 'info');
							else openPrompt({kind: 'build'}, '');
						},
					}
				: {}),
			'images.mark': () => {
				if (!selected) return;
				setMarked(current => {
					const next = new Set(current);
					if (!next.delete(selected.key)) next.add(selected.key);
					return next;
				});
				list.moveBy(1);
			},
			'images.save': () => {
				// Every marked row, the ones a filter hides too (the title counts them), as marks work in Containers.
				const chosen = markedRows.length > 0 ? markedRows : selected ? [selected] : [];
				if (chosen.length === 0) return;
				// Captured now: the file gets these images, whatever is selected or marked by then.
				const refs = chosen.map(row => (row.isDangling ? row.image.id : row.ref));
				const only = refs[0]!;
				const name = refs.length === 1 ? `${only.startsWith('sha256:') ? only.slice(7, 19) : only.replace(/[/:@]/g, '_')}.tar` : 'images.tar';
				openPrompt({kind: 'save', refs}, name);
			},
			...(images.pushes
				? {
						'images.push': () => {
							if (images.pushes?.isRunning) notify('a push is running: x cancels it', 'info');
							else if (selected && !selected.isDangling) openPrompt({kind: 'push'}, selected.ref);
							else notify('push needs a tagged image: t tags it as REGISTRY/NAME:TAG first', 'info');
						},
						'images.load': () => {
							if (transfers.state && !transfers.state.isDone) notify('a transfer is running: x cancels it', 'info');
							else openPrompt({kind: 'load'}, '');
						},
					}
				: {}),
			'images.buildLog': () => setBuildLogOpen(open => !open),
			'images.cancelPull': () => {
				// The build first: it is the one shown above the pull's bars; then a push, a pull, a transfer.
				if (builds?.isRunning) builds.cancel();
				else if (images.pushes?.isRunning) images.pushes.cancel();
				else if (images.pulls.isRunning) images.pulls.cancel();
				else if (transfers.cancel()) return;
				else if (build) builds?.dismiss();
				else if (transfers.state) transfers.dismiss();
				else if (pull === pushed) images.pushes?.dismiss();
				else images.pulls.dismiss();
			},
		},
		{isActive: isActive && !runForm.state, isReadOnly},
	);

	const dangling = state.images.filter(image => image.repoTags.length === 0).length;
	const total = state.images.reduce((sum, image) => sum + (image.uniqueSize ?? 0), 0);
	const count = filter ? `${rows.length} of ${allRows.length}` : String(rows.length);
	const title = `Images ${count} · ${dangling} dangling${total > 0 ? ` · ${formatBytes(total)} unique` : ''}${markedRows.length > 0 ? ` · ${markedRows.length} marked` : ''}`;
	const emptyText = state.problem ?? (!state.isLoaded ? 'loading…' : filter ? `no image matches "${filter}"` : 'no images');
	if (runForm.state) return <RunFormView state={runForm.state} width={width} height={height} />;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<TitleBar title={[{text: title}]} aside={`sort: ${sortKey} ${sortArrow(isDescendingOrder(sortKey, isDescending))}`} asideColor={theme.muted} width={width} />
			{state.problem && state.isLoaded ? <Text color={theme.danger}>{state.problem}</Text> : null}
			<Box>
				<Table
					columns={IMAGE_COLUMNS}
					rows={rows}
					rowKey={rowKey}
					cellsOf={rowCells}
					selectedIndex={list.selectedIndex}
					offset={list.offset}
					height={tableHeight}
					// Two columns apart from the details beside it, so USED BY and the details' ID never run together.
					width={isSideBySide ? tableWidth - 2 : tableWidth}
					sortKey={sortKey}
					isSortDescending={isDescendingOrder(sortKey, isDescending)}
					emptyText={emptyText}
					markedKeys={marked}
				/>
				{isSideBySide ? <Box marginLeft={2}><DetailsPanel row={selected} width={width - tableWidth} height={tableHeight + 1} /></Box> : null}
			</Box>
			{!isSideBySide && belowDetails > 0 ? <DetailsPanel row={selected} width={width} height={belowDetails} /> : null}
			{build && buildLines > 0 ? <BuildPanel state={build} width={width} height={buildLines} isUnfolded={isBuildLogOpen} /> : null}
			{pull && pullLines > 0 ? <PullPanel state={pull} width={width} height={pullLines} /> : null}
			{transfers.state ? <TransferLine state={transfers.state} width={width} /> : null}
			{promptField.isOpen ? (
				<TextInput label={promptLabel(prompt)} value={promptField.value} isSelected={promptField.isSelected} isActive />
			) : filterField.isOpen || filter ? (
				<TextInput label="filter: " value={filter} isSelected={filterField.isSelected} isActive={filterField.isOpen} />
			) : null}
		</Box>
	);
}

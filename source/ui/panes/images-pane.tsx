/**
 * The images pane: every image tag as `docker images` lists it, with shared and
 * unique size and the containers made from each; the selected image's config
 * beside it; remove, tag and pull with per-layer progress. Render and keys: the
 * actions are hooks/use-image-actions.ts over the ports.
 */
import {Box, Text} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {useCommands} from '../../hooks/use-commands.js';
import {useImageDetails} from '../../hooks/use-image-details.js';
import {usePublishTarget} from '../../hooks/use-publish-target.js';
import {type ListSortSpec, useListPane} from '../../hooks/use-list-pane.js';
import {useObservable} from '../../hooks/use-observable.js';
import {useRunAttached} from '../../hooks/use-run-attached.js';
import {useRunForm} from '../../hooks/use-run-form.js';
import {useServices} from '../app-context.js';
import {PullPanel, pullPanelHeight} from '../components/pull-panel.js';
import {RunFormView} from '../components/run-form.js';
import {BuildPanel} from '../components/build-panel.js';
import {Observable} from '../../model/observable.js';
import type {PullState} from '../../model/pull-progress.js';
import {useImageActions} from '../../hooks/use-image-actions.js';
import {usePromptField} from '../../hooks/use-prompt-field.js';
import {TransferLine} from '../components/transfer-line.js';
import {ListPaneView} from '../components/list-pane.js';
import {sortArrow} from '../components/table.js';
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
import {marksNote} from '../format/list-title.js';
import {TitleBar} from '../components/title-bar.js';
import {useRowCells} from '../../hooks/use-row-cells.js';
import {useTheme} from '../../hooks/use-theme.js';
import type {PaneProps} from './registry.js';
import {EngineScope, refusingOnDownEngine, useEngineList, useUnansweringNote} from '../components/engine-scope.js';
import {type MultiEngineView, onEngineKey} from '../../model/multi-engine.js';
import type {EnginePorts} from '../../model/ports.js';
import type {ImageSummary} from '../../model/image-types.js';
import {engineLabel} from '../engine-label.js';

const rowKey = (row: ImageRow) => row.key;

// Name A→Z first; the sizes and ages read largest and newest first (isDescendingOrder).
const IMAGE_SORT: ListSortSpec<ImageRow, ImageSortKey> = {keys: IMAGE_SORT_KEYS, initial: 'name', order: sortImageRows, isShownDescending: isDescendingOrder};

function DetailsPanel({row, width, height}: {row: ImageRow | undefined; width: number; height: number}) {
	const theme = useTheme();
	const {details, problem} = useImageDetails(row?.image.id);
	if (!row) return <Box width={width} height={height} />;
	const lines = imageDetailLines(row, details);
	const labelWidth = 11;
	return (
		<Box flexDirection="column" width={width} height={height} paddingLeft={1}>
			{problem ? (
				<Text color={theme.danger} wrap="truncate">
					inspect: {problem}
				</Text>
			) : null}
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

/** `engine`: with several engines, the one the prompt's action goes to, taken when it opened (issue 14). */
type Prompt = ({kind: 'pull'} | {kind: 'build'} | {kind: 'tag'; imageId: string; ref: string} | {kind: 'save'; refs: readonly string[]} | {kind: 'load'} | {kind: 'push'}) & {engine?: string};

function promptLabel(prompt: Prompt | undefined): string {
	const label = promptText(prompt);
	// With several engines the prompt says where it acts: "pull on prod (name[:tag]): ".
	if (prompt?.engine === undefined) return label;
	const on = ` on ${prompt.engine}`;
	// "tag web:1 on prod as: ", "save web:1 on prod to (FILE.tar): ", "pull on prod (name[:tag]): ".
	return prompt.kind === 'tag' ? label.replace(/ as: $/, `${on} as: `) : prompt.kind === 'save' ? label.replace(/ to \(FILE\.tar\): $/, `${on} to (FILE.tar): `) : label.replace(/^(\S+)/, `$1${on}`);
}

function promptText(prompt: Prompt | undefined): string {
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

export function ImagesPane(props: PaneProps) {
	const {engines} = useServices();
	return engines ? <EnginesImagesPane {...props} engines={engines} /> : <ImagesList {...props} />;
}

/** Every engine's images in one list, as `docker images` per engine, and how they load. */
interface EngineImages {
	rows: ImageRow[];
	images: readonly ImageSummary[];
	isLoaded: boolean;
	problem?: string;
	/** Entries an engine's answer left out (issue 17), named by engine. */
	notice?: string;
	/** The engines whose image list was read at least once (issue 14): a down one of the others has nothing here. */
	listed?: ReadonlySet<string>;
}

/**
 * With several engines (issue 14): every engine's images, each row with its engine, and the pane seen through the
 * selected row's engine (its ports, pulls, runs and builds), so each action goes to the engine the row names.
 */
function EnginesImagesPane({engines, ...props}: PaneProps & {engines: MultiEngineView<EnginePorts>}) {
	const [engine, setEngine] = useState<string | undefined>(undefined);
	const member = (engine === undefined ? undefined : engines.memberOf(engine)) ?? engines.members[0]!;
	const all = useEngineImages(engines);
	return (
		<EngineScope member={member}>
			<ImagesList {...props} all={all} onEngine={setEngine} />
		</EngineScope>
	);
}

function useEngineImages(engines: MultiEngineView<EnginePorts>): EngineImages {
	const [, setVersion] = useState(0);
	const members = useMemo(() => engines.members.filter(member => member.images), [engines]);
	useEffect(() => {
		const bump = () => setVersion(version => version + 1);
		const stops = members.flatMap(member => [member.images!.store.subscribe(bump), member.store.subscribe(bump)]);
		// Each engine lists on its own: a dead or silent one holds up none of the others.
		for (const member of members) void member.images!.sync.ensureStarted();
		return () => {
			for (const stop of stops) stop();
		};
	}, [members]);
	const states = members.flatMap(member => [member.images!.store.get(), member.store.get()]);
	const last = useRef<{states: readonly unknown[]; value: EngineImages}>(undefined);
	if (!last.current || last.current.states.some((state, index) => state !== states[index])) {
		const lists = members.map(member => ({name: member.name, state: member.images!.store.get(), containers: member.store.get()}));
		const failed = lists.filter(({state}) => state.problem);
		const noticed = lists.filter(({state}) => state.notice);
		last.current = {
			states,
			value: {
				rows: lists.flatMap(({name, state, containers}) => imageRows(state.images, containersByImage(containers)).map(row => ({...row, engine: name, key: onEngineKey(name, row.key)}))),
				images: lists.flatMap(({state}) => state.images),
				isLoaded: lists.some(({state}) => state.isLoaded || state.problem),
				listed: new Set(lists.filter(({state}) => state.isLoaded).map(({name}) => name)),
				...(failed.length > 0 ? {problem: failed.map(({name, state}) => `${name}: ${state.problem}`).join(' · ')} : {}),
				...(noticed.length > 0 ? {notice: noticed.map(({name, state}) => `${name}: ${state.notice}`).join(' · ')} : {}),
			},
		};
	}
	return last.current.value;
}

function ImagesList({width, height, isActive, top, all, onEngine}: PaneProps & {all?: EngineImages; onEngine?: (engine: string) => void}) {
	const theme = useTheme();
	const rowCells = useRowCells('cells', imageRowCells);
	const services = useServices();
	const {images, isReadOnly, notify, engines} = services;
	const own = useObservable(images.store);
	const state = all ?? own;
	const containers = useObservable(services.containers);
	const listed = useEngineList(IMAGE_COLUMNS, rowCells, matchesImageFilter);
	// The actions go to the engine a row is on (several engines), whatever engine the pane is seen through.
	const actions = useImageActions();
	const {transfers, imagesOf, onEngineText} = actions;
	const pulled = useObservable(images.pulls);
	const pushed = useObservable(images.pushes ?? NO_PUSH);
	// One panel of layer bars: the push while one runs or was the last started, else the pull.
	const pull = pushed && (!pulled || pushed.startedAt >= pulled.startedAt) ? pushed : pulled;
	// Marked rows (space): what save writes; keys of rows, kept while the rows exist.
	const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
	const builds = services.builds;
	const build = useObservable(builds?.state ?? NO_BUILD);
	const [isBuildLogOpen, setBuildLogOpen] = useState(false);
	const {field: promptField, prompt, open: openPrompt} = usePromptField<Prompt>({
		isActive,
		onSubmit: (prompt, value) => {
			if (prompt.kind === 'build') actions.build(value);
			else if (prompt.kind === 'save') actions.save(prompt.refs, value, prompt.engine);
			else if (prompt.kind === 'load') actions.load(value, prompt.engine);
			else if (prompt.kind === 'push') actions.push(value, prompt.engine);
			else if (prompt.kind === 'pull') actions.pull(value, prompt.engine);
			else actions.tag(prompt.imageId, prompt.ref, value, prompt.engine);
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

	const allRows = useMemo(() => all?.rows ?? imageRows(own.images, containersByImage(containers)), [all, own.images, containers]);
	// Marks of rows that are gone (an image removed) drop out here.
	const markedRows = useMemo(() => allRows.filter(row => marked.has(row.key)), [allRows, marked]);
	// ...and are forgotten, so an image loaded back later does not come back marked (adversarial pass, issue 13).
	useEffect(() => {
		if (state.isLoaded && markedRows.length < marked.size) setMarked(new Set(markedRows.map(rowKey)));
	}, [state.isLoaded, markedRows, marked]);

	const isSideBySide = width >= 110;
	const isPromptOpen = promptField.isOpen;
	const pullLines = pullPanelHeight(pull, Math.max(2, Math.floor(height / 3)));
	const transferLines = transfers.state ? 1 : 0;
	const buildLines = build ? Math.max(3, Math.floor(height / 2)) : 0;
	const belowDetails = isSideBySide ? 0 : Math.min(8, Math.max(0, Math.floor((height - 6) / 2)));
	// The last list failed, or left entries out (issue 17): one line under the title either way.
	const problemLine = state.isLoaded ? (state.problem ? {text: state.problem, color: theme.danger} : state.notice ? {text: `engine answer: ${state.notice}`, color: theme.warning} : undefined) : undefined;
	const problemLines = problemLine ? 1 : 0;
	const tableWidth = isSideBySide ? Math.floor(width * 0.58) : width;
	const pane = useListPane({
		rows: allRows,
		rowKey,
		matches: listed.matches,
		height,
		top,
		isActive,
		// Rows start below the title line, a problem line when shown, and the column header.
		linesAbove: 1 + problemLines,
		linesBelow: pullLines + transferLines + buildLines + belowDetails,
		// An open prompt takes the filter's line.
		isFilterLineKept: isPromptOpen,
		mouseRightEdge: tableWidth,
		jumpPane: 'images',
		sort: IMAGE_SORT,
	});
	const {filter: listFilter, list} = pane;
	const filter = listFilter.text;
	const rows = pane.shown;
	// What is on screen is what is acted on (issue 20, as in Containers): save takes the marked rows the filter shows.
	const shownMarked = useMemo(() => rows.filter(row => marked.has(row.key)), [rows, marked]);
	const hiddenMarks = markedRows.length - shownMarked.length;
	const {selected} = pane;
	// The pane is seen through the selected row's engine (several engines): pulls, runs, builds and loads go there.
	const selectedEngine = selected?.engine;
	useEffect(() => {
		if (selectedEngine !== undefined) onEngine?.(selectedEngine);
	}, [selectedEngine, onEngine]);
	const engine = engines ? engineLabel(services) : undefined;
	usePublishTarget('images', selected && {kind: 'image', id: selected.image.id, name: selected.ref, image: selected.ref, ...(selected.engine === undefined ? {} : {engine: selected.engine})});

	const unanswering = useUnansweringNote(name => all?.listed?.has(name) ?? true);
	useCommands(
		['images', 'list'],
		// A down engine's rows are as last seen: what would change it, or write its images to a file, is refused up front (issue 14).
		refusingOnDownEngine(services, {
			...pane.handlers,
			'images.layers': () => {
				if (!selected) return;
				// The layer explorer reads the app's own engine: another engine's image is explored after switching to it.
				if (engines && imagesOf(selected.engine) !== engines.members[0]!.images) {
					notify(`layers of an image on ${selected.engine}: \`context ${selected.engine}\` in the palette switches to it`, 'info');
					return;
				}
				images.explore.set({id: selected.image.id, ref: selected.isDangling ? selected.image.id.slice(7, 19) : selected.label});
			},
			'images.pull': () => {
				// Onto the selected row's engine; a pull runs at a time per engine.
				const into = selected?.engine ?? engine;
				if (imagesOf(into).pulls.isRunning) notify(`a pull is running${onEngineText(into)}: x cancels it`, 'info');
				else openPrompt({kind: 'pull', ...(into === undefined ? {} : {engine: into})}, selected && !selected.isDangling ? selected.ref : '');
			},
			'images.tag': () => {
				if (!selected) return;
				const repository = selected.isDangling ? '' : selected.ref.slice(0, selected.ref.lastIndexOf(':') + 1);
				openPrompt({kind: 'tag', imageId: selected.image.id, ref: selected.isDangling ? selected.image.id.slice(7, 19) : selected.ref, ...(selected.engine === undefined ? {} : {engine: selected.engine})}, repository);
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
				// ...on the row's engine, which the confirmation and the result name (issue 14).
				actions.remove(target, selected.engine);
			},
			...(services.run
				? {
						'images.run': () => {
							if (!selected) return;
							// The form runs on the engine the pane is seen through: the row's, once it follows it.
							if (selected.engine !== undefined && selected.engine !== engine) return;
							// A dangling image has no name to run by: its ID is what docker run takes.
							runForm.open(selected.isDangling ? selected.image.id : selected.ref);
						},
					}
				: {}),
			...(builds
				? {
						'images.build': () => {
							if (builds.isRunning) notify('a build is running: x cancels it', 'info');
							else openPrompt({kind: 'build', ...(engine === undefined ? {} : {engine})}, '');
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
				// The marked rows the filter shows (the title says how many it hides and leaves out), else the selected one.
				if (markedRows.length > 0 && shownMarked.length === 0) {
					notify(`every marked image is hidden by the filter: nothing saved (Esc clears the filter)`, 'info');
					return;
				}
				const chosen = shownMarked.length > 0 ? shownMarked : selected ? [selected] : [];
				if (chosen.length === 0) return;
				// One tar from one engine: images marked on several are saved one engine at a time.
				const from = new Set(chosen.map(row => row.engine));
				if (from.size > 1) {
					notify(`the marked images are on ${[...from].join(', ')}: save takes one engine's at a time (engine:NAME in the filter shows one)`, 'info');
					return;
				}
				const on = chosen[0]!.engine;
				// Captured now: the file gets these images, whatever is selected or marked by then.
				const refs = chosen.map(row => (row.isDangling ? row.image.id : row.ref));
				const only = refs[0]!;
				const name = refs.length === 1 ? `${only.startsWith('sha256:') ? only.slice(7, 19) : only.replace(/[/:@]/g, '_')}.tar` : 'images.tar';
				openPrompt({kind: 'save', refs, ...(on === undefined ? {} : {engine: on})}, name);
			},
			...(images.pushes
				? {
						'images.push': () => {
							if (imagesOf(selected?.engine).pushes?.isRunning) notify('a push is running: x cancels it', 'info');
							else if (selected && !selected.isDangling) openPrompt({kind: 'push', ...(selected.engine === undefined ? {} : {engine: selected.engine})}, selected.ref);
							else notify('push needs a tagged image: t tags it as REGISTRY/NAME:TAG first', 'info');
						},
						'images.load': () => {
							if (transfers.state && !transfers.state.isDone) notify('a transfer is running: x cancels it', 'info');
							else openPrompt({kind: 'load', ...(engine === undefined ? {} : {engine})}, '');
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
		}, () => selected?.engine ?? engine),
		{isActive: isActive && !runForm.state, isReadOnly},
	);

	const dangling = state.images.filter(image => image.repoTags.length === 0).length;
	const total = state.images.reduce((sum, image) => sum + (image.uniqueSize ?? 0), 0);
	const title = `Images ${pane.countText} · ${dangling} dangling${total > 0 ? ` · ${formatBytes(total)} unique` : ''}${marksNote(markedRows.length, hiddenMarks)}`;
	const emptyText = state.problem ?? (!state.isLoaded ? 'loading…' : filter ? `no image matches "${filter}"` : 'no images');
	if (runForm.state) return <RunFormView state={runForm.state} width={width} height={height} engine={engine} />;
	const sort = pane.sort!;
	return (
		<ListPaneView
			pane={pane}
			width={width}
			height={height}
			columns={listed.columns}
			rowKey={rowKey}
			cellsOf={listed.cellsOf}
			// Two columns apart from the details beside it, so USED BY and the details' ID never run together.
			tableWidth={isSideBySide ? tableWidth - 2 : tableWidth}
			beside={isSideBySide ? <Box marginLeft={2}><DetailsPanel row={selected} width={width - tableWidth} height={pane.tableHeight + 1} /></Box> : undefined}
			emptyText={emptyText}
			markedKeys={marked}
			header={
				<>
					<TitleBar title={[{text: title}, ...(unanswering ? [{text: unanswering, color: theme.warning}] : [])]} aside={`sort: ${sort.key} ${sortArrow(sort.isShownDescending)}`} asideColor={theme.muted} width={width} />
					{problemLine ? (
						<Text color={problemLine.color} wrap="truncate">
							{problemLine.text}
						</Text>
					) : null}
				</>
			}
			belowTable={
				<>
					{!isSideBySide && belowDetails > 0 ? <DetailsPanel row={selected} width={width} height={belowDetails} /> : null}
					{build && buildLines > 0 ? <BuildPanel state={build} width={width} height={buildLines} isUnfolded={isBuildLogOpen} /> : null}
					{pull && pullLines > 0 ? <PullPanel state={pull} width={width} height={pullLines} /> : null}
					{transfers.state ? <TransferLine state={transfers.state} width={width} /> : null}
				</>
			}
			fieldLine={isPromptOpen ? <TextInput label={promptLabel(prompt)} value={promptField.value} isSelected={promptField.isSelected} isActive /> : undefined}
		/>
	);
}

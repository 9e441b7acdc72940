/**
 * The command palette (`:`): one field that fuzzy-finds commands, panes and
 * objects (containers, images, volumes, networks), and runs or jumps to the chosen one. Render
 * plus its key layer; the items come from the app.
 */
import {Box, Text} from 'ink';
import React, {useEffect, useMemo, useRef, useState} from 'react';
import {LAYER, useKeyLayer, useKeyRouter} from '../../hooks/key-router.js';
import {rankMatches} from '../../model/fuzzy.js';
import {editText} from '../../model/text-edit.js';
import type {Keymap} from '../../keymap/keymap.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {useStableHandler} from '../../hooks/use-latest.js';
import {fit} from '../format/text.js';
import {useTheme} from '../../hooks/use-theme.js';
import {visibleTail} from './text-input.js';

/** What the palette's keys do, for the hint bar: its own, and the field keys that edit its query. */
const paletteCommands = (keymap: Keymap) => [...keymap.commandsIn('palette'), ...keymap.commandsIn('field').filter(command => command.id === 'field.clear' || command.id === 'field.deleteWord')];

export interface PaletteItem {
	kind: 'command' | 'pane' | 'container' | 'image' | 'volume' | 'network' | 'context' | 'engine';
	label: string;
	detail: string;
	run: () => void;
	/** A command of the pane the user is in: among equal matches it ranks first (`:remove` in Volumes, issue 20). */
	isHere?: boolean;
	/** A command that changes the engine or writes a file: Enter runs it only when pressed on its own (issue 19). */
	isMutating?: boolean;
}

const textOf = (item: PaletteItem) => `${item.label} ${item.detail}`;
const preferHere = (item: PaletteItem) => (item.isHere ? 1 : 0);

const KIND_LABEL = {command: 'cmd', pane: 'pane', container: 'ctr', image: 'img', volume: 'vol', network: 'net', context: 'ctx', engine: 'eng'} as const;

function Highlighted({text, indexes}: {text: string; indexes: readonly number[]}) {
	const theme = useTheme();
	const marks = new Set(indexes);
	const parts: React.ReactNode[] = [];
	let run = '';
	let isRunMarked = false;
	const flush = (key: number) => {
		if (run) parts.push(isRunMarked ? <Text key={key} bold color={theme.accent} underline>{run}</Text> : <Text key={key}>{run}</Text>);
		run = '';
	};
	[...text].forEach((char, index) => {
		const marked = marks.has(index);
		if (marked !== isRunMarked) {
			flush(index);
			isRunMarked = marked;
		}
		run += char;
	});
	flush(text.length);
	return <>{parts}</>;
}

const identityOf = (item: PaletteItem) => `${item.kind}\u0000${item.label}\u0000${item.detail}`;

/**
 * `changes` says when more items arrived (another engine's images, volumes and networks, issue 20): they join
 * the list, and the cursor stays on the item it was on, so Enter runs what was under it a moment before.
 * `problems` are lines saying which engine's objects could not be listed.
 */
export function CommandPalette({
	items,
	changes,
	problems = [],
	width,
	height,
	onClose,
}: {
	items: () => readonly PaletteItem[];
	changes?: {subscribe: (listener: () => void) => () => void};
	problems?: readonly string[];
	width: number;
	height: number;
	onClose: () => void;
}) {
	const theme = useTheme();
	const keymap = useKeymap();
	const router = useKeyRouter();
	const [query, setQuery] = useState('');
	const [selected, setSelected] = useState(0);
	// Items are read when the palette opens and when listed objects arrive; the list holds still otherwise.
	const snapshot = useRef<readonly PaletteItem[]>(undefined);
	snapshot.current ??= items();
	// The items the shown ranking was made from: a new object each time listed objects arrive, so the ranking is made again.
	const [listed, setListed] = useState(() => ({items: snapshot.current!}));
	// Said in the palette itself, which covers the status line; the next key clears it.
	const [refusal, setRefusal] = useState<string>();
	const listHeight = Math.max(1, height - 3 - problems.length - (refusal ? 2 : 0));
	const ranked = useMemo(() => rankMatches(query, listed.items, textOf, 200, preferHere), [query, listed]);
	// The ranking of the query the keys have built so far, made when a key needs it (moving, Enter), not at every key:
	// a 4,000-character paste ranked every item once a character and took 5 s (found by an adversarial pass).
	const rankedRef = useRef({query, ranked});
	rankedRef.current = {query, ranked};
	const rankedNow = () => {
		if (rankedRef.current.query !== queryRef.current) rankedRef.current = {query: queryRef.current, ranked: rankMatches(queryRef.current, snapshot.current!, textOf, 200, preferHere)};
		return rankedRef.current.ranked;
	};
	const queryRef = useRef(query);
	queryRef.current = query;
	const selectedRef = useRef(selected);
	selectedRef.current = selected;

	const select = (index: number) => {
		selectedRef.current = index;
		setSelected(index);
	};

	// Same identity for the palette's life: the subscription below is made once per `changes`, as before.
	const onChanged = useStableHandler(() => {
		const current = rankedNow()[selectedRef.current]?.item;
		snapshot.current = items();
		rankedRef.current = {query: queryRef.current, ranked: rankMatches(queryRef.current, snapshot.current, textOf, 200, preferHere)};
		const kept = current ? rankedRef.current.ranked.findIndex(entry => identityOf(entry.item) === identityOf(current)) : -1;
		select(Math.max(0, kept));
		setListed({items: snapshot.current});
	});
	useEffect(() => changes?.subscribe(onChanged), [changes, onChanged]);

	useKeyLayer(
		LAYER.overlay + 1,
		(name, _input, _key, isPasted, press) => {
			// The next key clears the refusal, unless it came in the same read: the user has not seen it yet.
			if (!press.isAfterRefusal) setRefusal(undefined);
			if (name === 'ctrl+c') return false;
			// The palette's keys from the keymap, as the hint bar shows them (issue 20); the rest edit the query.
			const command = keymap.commandFor(name, ['palette']);
			if (command?.id === 'palette.close') onClose();
			else if (command?.id === 'palette.previous') select(Math.max(0, selectedRef.current - 1));
			else if (command?.id === 'palette.next') select(Math.min(rankedNow().length - 1, selectedRef.current + 1));
			else if (command?.id === 'palette.run') {
				const chosen = rankedNow()[selectedRef.current];
				// ":pause⏎" pasted in one piece ran pause with no key pressed on its own (the palette presses the command's
				// key for the user, past the typing rule): an Enter that came with other keys does not run such a command.
				if (chosen?.item.isMutating && isPasted) {
					setRefusal(`Enter came in one piece with other keys (a paste?): ${chosen.item.label} not run — press Enter on its own`);
					router.noteRefusal();
					return true;
				}
				onClose();
				chosen?.item.run();
			} else {
				const field = keymap.commandFor(name, ['field']);
				const key = field?.id === 'field.clear' ? 'ctrl+u' : field?.id === 'field.deleteWord' ? 'ctrl+w' : name;
				const result = editText(queryRef.current, key, name.length === 1 ? name : name === 'space' ? ' ' : '');
				if (result && !result.outcome) {
					// Refs first: keys typed faster than React renders must build on each other.
					queryRef.current = result.value;
					setQuery(result.value);
					select(0);
				}
			}
			return true;
		},
		true,
		paletteCommands(keymap),
		{isExclusive: true},
	);

	const queryHint = `  ${ranked.length} match${ranked.length === 1 ? '' : 'es'} · ↑↓ choose · Enter run · Esc close`;
	const offset = Math.max(0, Math.min(selected - listHeight + 1, ranked.length - listHeight));
	const visible = ranked.slice(Math.max(0, offset), Math.max(0, offset) + listHeight);
	const labelWidth = Math.max(10, Math.floor((width - 12) * 0.55));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} height={height}>
			{/* One line however long the query (a paste wrapped it over the list): its end shows, as in a text field. */}
			<Text wrap="truncate">
				<Text color={theme.accent}>: </Text>
				{visibleTail(query, Math.max(10, width - 4 - 3 - [...queryHint].length))}
				<Text inverse> </Text>
				<Text color={theme.muted}>{queryHint}</Text>
			</Text>
			{refusal ? (
				<Box height={2}>
					<Text color={theme.warning}>{refusal}</Text>
				</Box>
			) : null}
			{problems.map(problem => (
				<Text key={problem} wrap="truncate" color={theme.warning}>
					{problem}
				</Text>
			))}
			{visible.map(({item, match}, index) => {
				const isSelected = Math.max(0, offset) + index === selected;
				const labelIndexes = match.indexes.filter(position => position < item.label.length);
				return (
					<Text key={`${item.kind}-${item.label}-${item.detail}`} wrap="truncate" inverse={isSelected}>
						{isSelected ? '›' : ' '} <Text color={theme.muted}>{KIND_LABEL[item.kind].padEnd(5)}</Text>
						<Highlighted text={fit(item.label, labelWidth)} indexes={labelIndexes} /> <Text color={theme.muted}>{item.detail}</Text>
					</Text>
				);
			})}
		</Box>
	);
}

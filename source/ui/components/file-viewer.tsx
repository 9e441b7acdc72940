/**
 * A container's file shown in the app (issue 13): sanitized lines, paged with
 * the keys the command output uses (g/G, PgUp/PgDn, / search with n/N), a
 * binary file named as binary with its size instead of dumped, and a file cut
 * at the read bound says so. Render plus its key layer.
 */
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {LAYER} from '../../hooks/key-router.js';
import {useCommands} from '../../hooks/use-commands.js';
import {useTextField} from '../../hooks/use-text-field.js';
import {type FileContent, fileLines, isBinaryContent} from '../../model/container-files.js';
import {compileSearch, nextMatchingIndex} from '../../model/log-search.js';
import {plural} from '../../model/plural.js';
import {sanitize} from '../../model/sanitize.js';
import {formatBytes} from '../format/units.js';
import {useTheme} from '../../hooks/use-theme.js';
import {OutputLineView} from './command-output.js';
import {TextInput} from './text-input.js';

export type ViewedFile = {status: 'loading'; path: string} | {status: 'error'; path: string; message: string} | {status: 'ready'; path: string; content: FileContent};

export function FileViewer({file, containerName, height, onClose}: {file: ViewedFile; containerName: string; height: number; onClose: () => void}) {
	const theme = useTheme();
	const content = file.status === 'ready' ? file.content : undefined;
	const isBinary = useMemo(() => (content ? isBinaryContent(content.bytes) : false), [content]);
	const lines = useMemo(() => (content && !isBinary ? fileLines(content.bytes).map(text => ({text, isError: false})) : []), [content, isBinary]);
	const [top, setTop] = useState(0);
	const [notice, setNotice] = useState<string>();
	const searchField = useTextField({isActive: true, priority: LAYER.overlay + 1, onSubmit: text => findMatch(1, text, top - 1)});
	const visible = Math.max(1, height - 3);
	const lastTop = Math.max(0, lines.length - visible);
	const moveTo = (next: number) => setTop(Math.max(0, Math.min(lastTop, next)));
	const search = searchField.value ? compileSearch({text: searchField.value, isRegex: false, isCaseSensitive: false}) : undefined;

	/** Scrolls to the next (or previous) line after `from` that matches, wrapping around. */
	function findMatch(direction: 1 | -1, text = searchField.value, from = top): void {
		const matcher = text ? compileSearch({text, isRegex: false, isCaseSensitive: false})?.matcher : undefined;
		if (!matcher) return;
		const index = nextMatchingIndex(lines.length, from, direction, at => matcher.test(lines[at]!.text));
		if (index !== undefined) {
			setNotice(undefined);
			moveTo(index);
			return;
		}
		setNotice(`no line matches "${sanitize(text)}"`);
	}

	useCommands(
		['output'],
		{
			'output.close': onClose,
			'output.up': () => moveTo(top - 1),
			'output.down': () => moveTo(top + 1),
			'output.pageUp': () => moveTo(top - visible),
			'output.pageDown': () => moveTo(top + visible),
			'output.top': () => moveTo(0),
			'output.end': () => moveTo(lastTop),
			'output.search': searchField.open,
			'output.nextMatch': () => findMatch(1),
			'output.previousMatch': () => findMatch(-1),
		},
		{isActive: true, priority: LAYER.overlay},
	);

	let body: React.ReactNode;
	let facts = '';
	if (file.status === 'loading') body = <Text color={theme.warning}>⇣ reading {sanitize(file.path)}… · Esc closes</Text>;
	else if (file.status === 'error') body = <Text color={theme.danger}>✗ {file.message}</Text>;
	else if (isBinary) {
		body = (
			<Text color={theme.warning} wrap="truncate">
				binary file, {formatBytes(file.content.size)} ({file.content.size} bytes): not shown; c in the list copies it to this machine
			</Text>
		);
	} else {
		body = (
			<Box flexDirection="column" height={visible} overflow="hidden">
				{lines.length === 0 ? <Text color={theme.muted}>the file is empty</Text> : null}
				{lines.slice(top, top + visible).map((line, index) => (
					<OutputLineView key={top + index} line={line} matcher={search?.matcher} />
				))}
			</Box>
		);
	}
	if (content) {
		facts = [formatBytes(content.size), ...(isBinary ? [] : [plural(lines.length, 'line')])].join(' · ');
		if (content.isCut) facts += ` · cut: only the first ${formatBytes(content.bytes.length)} is read (c copies the whole file)`;
	}
	const shownTo = Math.min(lines.length, top + visible);
	const position = lines.length > visible ? ` · lines ${top + 1}–${shownTo} of ${lines.length}` : '';
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate">
				<Text bold>
					{sanitize(containerName)}:{sanitize(file.path)}
				</Text>
				<Text color={content?.isCut ? theme.warning : theme.muted}>{facts ? `  ${facts}` : ''}</Text>
			</Text>
			{body}
			{file.status === 'ready' && !isBinary ? null : <Box flexGrow={1} />}
			{searchField.isOpen ? (
				<TextInput label="search: " value={searchField.value} isSelected={searchField.isSelected} isActive />
			) : (
				<Text wrap="truncate" color={notice ? theme.warning : theme.muted}>
					{notice ?? (searchField.value ? `search: ${searchField.value}` : ' ')}
				</Text>
			)}
			<Text wrap="truncate" color={theme.muted}>
				Esc close · ↑↓ g G PgUp PgDn scroll · / search{searchField.value ? ' n N' : ''}
				{position}
			</Text>
		</Box>
	);
}

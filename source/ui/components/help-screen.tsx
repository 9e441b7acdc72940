/**
 * The keys the focused pane binds (what it registered, see KeyRouter.bound), described by
 * the keymap; mutating keys are absent in read-only mode because the keymap unbinds them.
 */
import {Box, Text} from 'ink';
import type {BoundCommand} from '../../hooks/key-router.js';
import {SCOPE_TITLES, type Scope} from '../../keymap/keymap.js';
import {useState} from 'react';
import {useKeymap} from '../../hooks/use-keymap.js';
import {LAYER} from '../../hooks/key-router.js';
import {useCommands} from '../../hooks/use-commands.js';
import {type HelpEntry, helpKeyWidth, layoutHelpPages} from '../format/help-layout.js';
import {useTheme} from '../../hooks/use-theme.js';

export function HelpScreen({isReadOnly, bound, height, width = 80}: {isReadOnly: boolean; bound: readonly BoundCommand[]; height: number; width?: number}) {
	const theme = useTheme();
	const rows = useKeymap().helpRowsOf(bound);
	const entries: HelpEntry[] = [];
	let lastScope: Scope | undefined;
	for (const row of rows) {
		if (row.scope !== lastScope) {
			entries.push({kind: 'title', text: SCOPE_TITLES[row.scope]});
			lastScope = row.scope;
		}
		entries.push({kind: 'row', keys: row.keys, text: row.description, isDangerous: row.isDangerous});
	}
	// Laid out here rather than by Ink's flex wrap, which made the first column as wide as its longest line and cut
	// the last one at the screen's edge (issue 19: "reveal or hide secr" at 160 columns).
	const keyWidth = helpKeyWidth(entries);
	const pages = layoutHelpPages(entries, width, height - 1, GAP, keyWidth);
	const [wantedPage, setPage] = useState(0);
	const page = Math.min(wantedPage, pages.length - 1);
	const turn = (by: number) => () => setPage(Math.max(0, Math.min(pages.length - 1, page + by)));
	useCommands(['list'], {'list.pageDown': turn(1), 'list.down': turn(1), 'list.pageUp': turn(-1), 'list.up': turn(-1), 'list.first': turn(-pages.length), 'list.last': turn(pages.length)}, {isActive: pages.length > 1, priority: LAYER.overlay});
	const columns = pages[page] ?? [];
	const paging = pages.length > 1 ? ` · page ${page + 1} of ${pages.length}, PgDn/PgUp turn` : '';
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold wrap="truncate">
				Keys{isReadOnly ? ' (read-only: actions that change the engine are off)' : ''}{paging} · ? or Esc to close
			</Text>
			<Box flexDirection="row" height={height - 1} columnGap={GAP}>
				{columns.map((column, index) => (
					<Box key={index} flexDirection="column" width={column.width} flexShrink={0}>
						{column.lines.map((line, row) =>
							line.kind === 'title' ? (
								<Text key={row} bold color={theme.header} wrap="truncate">
									{line.text}
								</Text>
							) : (
								<Text key={row} wrap="truncate">
									{'  '}
									<Text color={line.isDangerous ? theme.danger : theme.accent}>{(line.keys ?? '').padEnd(keyWidth)}</Text>
									{line.text}
								</Text>
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
}

const GAP = 4;

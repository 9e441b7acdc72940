/** The bottom two lines: the latest status message, and hints generated from the keymap. */
import {Box, Text} from 'ink';
import {type BoundCommand, useBoundCommands} from '../../hooks/key-router.js';
import {useTerminalSize} from '../../hooks/use-terminal-size.js';
import {hintsOf, type Scope} from '../../keymap/keymap.js';
import type {StatusMessage} from '../app-context.js';
import {theme} from '../theme.js';

const KIND_COLOR = {info: undefined, success: theme.success, error: theme.danger, progress: theme.warning} as const;

/** The hints that fit whole in the width, in order: a hint is shown entire or not at all (`W long` cut a name, issue 20). */
export function fitHints(hints: readonly string[], width: number): string[] {
	const fitted: string[] = [];
	let used = 0;
	for (const hint of hints) {
		const cost = (fitted.length > 0 ? 2 : 0) + hint.length;
		if (used + cost > width) break;
		fitted.push(hint);
		used += cost;
	}
	return fitted;
}

/**
 * The hints are what the focused pane registered (see KeyRouter.bound), so they cannot offer a
 * key the pane does not bind (issue 19); `scopes` only orders them. An overlay takes the pane's
 * keys away while it is open: the bar keeps showing the pane's keys as they were before it
 * opened (what they will be after it closes), and leaves them in `paneBound` for the help
 * screen. Only this component follows the router, so a change of keys redraws the bar alone.
 */
export function StatusBar({message, isOverlay, paneBound, scopes}: {message?: StatusMessage; isOverlay: boolean; paneBound: {current: BoundCommand[]}; scopes: readonly Scope[]}) {
	const live = useBoundCommands();
	if (!isOverlay) paneBound.current = live;
	const {columns} = useTerminalSize();
	const hints = fitHints(hintsOf(paneBound.current, scopes), columns);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" color={message ? KIND_COLOR[message.kind] : undefined}>
				{message ? message.text : ' '}
			</Text>
			<Text wrap="truncate" color={theme.muted}>
				{hints.join('  ')}
			</Text>
		</Box>
	);
}

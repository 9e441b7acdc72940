/** The bottom two lines: the latest status message, and hints generated from the keymap. */
import {Box, Text} from 'ink';
import {type BoundCommand, useBoundCommands, useKeyRouter} from '../../hooks/key-router.js';
import type {Scope} from '../../keymap/keymap.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import type {StatusMessage} from '../app-context.js';
import {fitHints} from '../format/hint-line.js';
import {widthOf} from '../format/text.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../../hooks/use-theme.js';

const kindColor = (theme: Theme) => ({info: undefined, success: theme.success, error: theme.danger, progress: theme.warning}) as const;

/**
 * The hints are what the focused pane registered (see KeyRouter.bound), so they cannot offer a
 * key the pane does not bind (issue 19); `scopes` only orders them. An overlay takes the pane's
 * keys away while it is open: the bar keeps showing the pane's keys as they were before it
 * opened (what they will be after it closes), and leaves them in `paneBound` for the help
 * screen. Only this component follows the router, so a change of keys redraws the bar alone.
 */
export function StatusBar({message, isOverlay, paneBound, scopes, width}: {message?: StatusMessage; isOverlay: boolean; paneBound: {current: BoundCommand[]}; scopes: readonly Scope[]; width: number}) {
	const theme = useTheme();
	const live = useBoundCommands();
	const keymap = useKeymap();
	const hintsOf: typeof keymap.hintsOf = (bound, scopes) => keymap.hintsOf(bound, scopes);
	// A text field, the run form or the palette holds the keyboard: the bar says what its keys do, and the
	// pane's keys are kept for help and for when it closes (issue 20: `q ? Tab :` were typed into the field).
	const isHeld = useKeyRouter().isHeld();
	if (!isOverlay && !isHeld) paneBound.current = live;
	const shown = isHeld ? live : paneBound.current;
	// What does not fit is left to `?`, whole hints only, the pane's own keys before the global ones (issue 18).
	const globalHints = hintsOf(shown.filter(({command}) => command.scope === 'global'), scopes);
	const paneHints = hintsOf(shown.filter(({command}) => command.scope !== 'global'), scopes);
	const help = hintsOf(shown.filter(({command}) => command.id === 'app.help'), scopes)[0];
	// A message longer than the line takes the hint line too, rather than lose its end (issue 20: at 80×24
	// "… — press x on its own" was cut); the hints come back with the next message or when it expires.
	if (message && widthOf(message.text) > width) {
		return (
			<Box flexDirection="column" height={2} overflow="hidden">
				<Text wrap="wrap" color={kindColor(theme)[message.kind]}>
					{message.text}
				</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" color={message ? kindColor(theme)[message.kind] : undefined}>
				{message ? message.text : ' '}
			</Text>
			<Text wrap="truncate" color={theme.muted}>
				{fitHints(globalHints, paneHints, width, help)}
			</Text>
		</Box>
	);
}

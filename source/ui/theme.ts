/**
 * Semantic colours: views name what a thing is (a running state, a danger),
 * never a literal colour, so themes and NO_COLOR change one place. Colour is
 * never the only signal: every state also has a text marker.
 *
 * A theme is a value, built once from the config ({@link makeTheme}) and handed down by
 * context (hooks/use-theme.ts); formatters take it as an argument, so they stay pure (issue 15).
 */
import type {ContainerState} from '../model/types.js';
import type {ColorRole, ThemeName} from '../model/config.js';

type Palette = Readonly<Record<ColorRole | 'selectionBackground', string | undefined>>;

/** The colours of one run of dockdash, and the marker and colour of each container state. */
export type Theme = Palette & {readonly state: Readonly<Record<ContainerState, {readonly marker: string; readonly color: string | undefined}>>};

const PALETTES: Readonly<Record<ThemeName, Palette>> = {
	dark: {accent: 'cyan', muted: 'gray', danger: 'red', warning: 'yellow', success: 'green', selectionBackground: 'blue', header: 'cyanBright'},
	// Bright colours wash out on a light background: the light theme uses the plain ones.
	light: {accent: 'blue', muted: 'gray', danger: 'red', warning: 'magenta', success: 'green', selectionBackground: 'cyan', header: 'blue'},
	// No colour at all: state markers, the row cursor and bold carry the meaning.
	monochrome: {accent: undefined, muted: undefined, danger: undefined, warning: undefined, success: undefined, selectionBackground: undefined, header: undefined},
};

/** Marker and colour per container state: the marker reads without colour. */
const STATES: Readonly<Record<ContainerState, {readonly marker: string; readonly color: string}>> = {
	running: {marker: '▸', color: 'green'},
	paused: {marker: '‖', color: 'yellow'},
	restarting: {marker: '↻', color: 'magenta'},
	created: {marker: '○', color: 'cyan'},
	removing: {marker: '…', color: 'gray'},
	exited: {marker: '■', color: 'gray'},
	dead: {marker: '×', color: 'red'},
	// The engine named no state dockdash knows (issue 17): a colour and a marker no real state has.
	unknown: {marker: '?', color: 'blueBright'},
};

/** The marker of a container state, the same in every theme. */
export function stateMarker(state: ContainerState): string {
	return STATES[state].marker;
}

/** The theme a config names, with its colour overrides. Pure: the same arguments give an equal theme. */
export function makeTheme(name: ThemeName, colors: Partial<Record<ColorRole, string>> = {}): Theme {
	const state = Object.fromEntries(
		Object.entries(STATES).map(([key, style]) => [key, {marker: style.marker, color: name === 'monochrome' ? undefined : style.color}]),
	) as unknown as Theme['state'];
	return {...PALETTES[name], ...colors, state};
}

/** The default theme (dark, no overrides): what a view renders with outside a configured app (component tests). */
export const DEFAULT_THEME: Theme = makeTheme('dark');

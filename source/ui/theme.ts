/**
 * Semantic colours: views name what a thing is (a running state, a danger),
 * never a literal colour, so themes and NO_COLOR change one place. Colour is
 * never the only signal: every state also has a text marker.
 */
import type {ContainerState} from '../model/types.js';
import type {ColorRole, ThemeName} from '../model/config.js';

type Palette = Record<ColorRole | 'selectionBackground', string | undefined>;

const PALETTES: Record<ThemeName, Palette> = {
	dark: {accent: 'cyan', muted: 'gray', danger: 'red', warning: 'yellow', success: 'green', selectionBackground: 'blue', header: 'cyanBright'},
	// Bright colours wash out on a light background: the light theme uses the plain ones.
	light: {accent: 'blue', muted: 'gray', danger: 'red', warning: 'magenta', success: 'green', selectionBackground: 'cyan', header: 'blue'},
	// No colour at all: state markers, the row cursor and bold carry the meaning.
	monochrome: {accent: undefined, muted: undefined, danger: undefined, warning: undefined, success: undefined, selectionBackground: undefined, header: undefined},
};

/** The colours views read at render time; {@link applyTheme} sets them once, before the first frame. */
export const theme: Palette = {...PALETTES.dark};

export function applyTheme(name: ThemeName, colors: Partial<Record<ColorRole, string>> = {}): void {
	Object.assign(theme, PALETTES[name], colors);
	for (const style of Object.values(STATE_STYLE)) style.color = name === 'monochrome' ? undefined : style.baseColor;
}

/** Marker and colour per container state: the marker reads without colour. */
export const STATE_STYLE: Record<ContainerState, {marker: string; color: string | undefined; baseColor: string}> = {
	running: {marker: '▸', color: 'green', baseColor: 'green'},
	paused: {marker: '‖', color: 'yellow', baseColor: 'yellow'},
	restarting: {marker: '↻', color: 'magenta', baseColor: 'magenta'},
	created: {marker: '○', color: 'cyan', baseColor: 'cyan'},
	removing: {marker: '…', color: 'gray', baseColor: 'gray'},
	exited: {marker: '■', color: 'gray', baseColor: 'gray'},
	dead: {marker: '×', color: 'red', baseColor: 'red'},
};

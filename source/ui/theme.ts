/**
 * Semantic colours: views name what a thing is (a running state, a danger),
 * never a literal colour, so themes and NO_COLOR change one place. Colour is
 * never the only signal: every state also has a text marker.
 */
import type {ContainerState} from '../docker/types.js';

export const theme = {
	accent: 'cyan',
	muted: 'gray',
	danger: 'red',
	warning: 'yellow',
	success: 'green',
	selectionBackground: 'blue',
	header: 'cyanBright',
} as const;

/** Marker and colour per container state: the marker reads without colour. */
export const STATE_STYLE: Record<ContainerState, {marker: string; color: string}> = {
	running: {marker: '▸', color: 'green'},
	paused: {marker: '‖', color: 'yellow'},
	restarting: {marker: '↻', color: 'magenta'},
	created: {marker: '○', color: 'cyan'},
	removing: {marker: '…', color: 'gray'},
	exited: {marker: '■', color: 'gray'},
	dead: {marker: '×', color: 'red'},
};

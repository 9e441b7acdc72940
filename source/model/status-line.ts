/**
 * The status line's rules (issue 19): a message belongs to the pane whose action made it
 * (none for the app's own, such as a reload), shows only there, and fades: a finished one
 * after a while, or as soon as the user does something else in that pane. Progress stays
 * until what it reports ends and says so.
 */

export type StatusKind = 'info' | 'success' | 'error' | 'progress';

export interface StatusMessage {
	kind: StatusKind;
	text: string;
	/** The pane whose action made it; undefined for the app's own messages, shown in every pane. */
	pane?: string;
}

/** How long a message stays once shown: long enough to read, an error twice that. */
export const STATUS_LIFETIME_MS: Readonly<Record<StatusKind, number>> = {info: 6000, success: 6000, error: 12_000, progress: Number.POSITIVE_INFINITY};

/** Whether the message is for this pane. */
export function isStatusFor(message: StatusMessage, pane: string): boolean {
	return message.pane === undefined || message.pane === pane;
}

/** Whether a command in a pane ends that pane's finished message: any but moving the cursor or scrolling. */
export function endsStatus(message: StatusMessage, pane: string, command: {id: string}): boolean {
	return message.kind !== 'progress' && isStatusFor(message, pane) && !/\.(up|down|pageUp|pageDown|first|last|top|bottom)$/.test(command.id);
}

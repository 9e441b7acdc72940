/**
 * The status message the focused pane shows (issue 19): only its own or the app's, gone once
 * its time is up (on the injected clock), and ended by the next action in that pane.
 */
import {useEffect, useState} from 'react';
import type {Scope} from '../keymap/keymap.js';
import {useKeymap} from './use-keymap.js';
import type {Clock} from '../model/clock.js';
import type {Observable} from '../model/observable.js';
import {endsStatus, isStatusFor, STATUS_LIFETIME_MS, type StatusMessage} from '../model/status-line.js';
import {LAYER, useKeyLayer} from './key-router.js';
import {useObservable} from './use-observable.js';

export function useStatusLine(
	status: Observable<StatusMessage | undefined>,
	pane: {id: string; scopes: readonly Scope[]},
	options: {clock: Clock; isActive: boolean; isReadOnly: boolean},
): StatusMessage | undefined {
	const message = useObservable(status);
	const [expired, setExpired] = useState<StatusMessage>();
	const {clock} = options;
	const keymap = useKeymap();
	useEffect(() => {
		if (!message) return;
		const lifetime = STATUS_LIFETIME_MS[message.kind];
		if (!Number.isFinite(lifetime)) return;
		return clock.after(lifetime, () => setExpired(message));
	}, [message, clock]);
	// Hears a pane's key before the pane does and never keeps it: the pane acts as before, and its
	// next action (Esc, a new search) takes the last one's message away. Not a key read with one the typing rule
	// refused (`x y` pasted): the line saying why x did nothing is what the user has not read yet.
	useKeyLayer(
		LAYER.pane + 1,
		(name, _input, _key, _isPasted, press) => {
			if (press.isAfterRefusal) return false;
			const current = status.get();
			const command = keymap.commandFor(name, pane.scopes, {isReadOnly: options.isReadOnly});
			if (current && command && endsStatus(current, pane.id, command)) status.set(undefined);
			return false;
		},
		options.isActive,
	);
	if (!message || message === expired || !isStatusFor(message, pane.id)) return undefined;
	return message;
}

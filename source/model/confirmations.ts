/**
 * Questions the UI must ask before it acts. A pane asks with the exact objects
 * captured when the user pressed the key; the answer is only yes or no, so
 * the action then runs on those IDs, never on whatever row is selected by the
 * time the user answers.
 */
import {Observable} from './observable.js';

export interface ConfirmTarget {
	/** Shown: the name, already sanitized. */
	label: string;
	/** Shown: the short ID. */
	id: string;
	/** Optional extra (a size, a state). */
	detail?: string;
}

export interface ConfirmRequest {
	/** "Remove 3 containers?" */
	title: string;
	/** The objects the action will touch, exactly. */
	targets: readonly ConfirmTarget[];
	/** Extra lines under the list (what else happens, what is freed). */
	notes?: readonly string[];
	/** The verb on the confirm button: "remove", "kill". */
	verb: string;
	isDangerous: boolean;
}

interface Pending extends ConfirmRequest {
	resolve: (answer: boolean) => void;
	openedAt: number;
}

export class Confirmations extends Observable<Pending | undefined> {
	/** `now` is the clock the grace period is measured with; tests pass one they control. */
	constructor(readonly now: () => number = Date.now) {
		super(undefined);
	}

	/** Shows the question and resolves with the answer; a second question cancels the first. */
	ask(request: ConfirmRequest): Promise<boolean> {
		this.get()?.resolve(false);
		return new Promise(resolve => {
			this.set({...request, resolve, openedAt: this.now()});
		});
	}

	answer(isYes: boolean): void {
		const pending = this.get();
		if (!pending) return;
		this.set(undefined);
		pending.resolve(isYes);
	}
}

/** Keys that arrive this soon after the dialog opened were typed before the user could read it. */
export const CONFIRM_GRACE_MS = 250;

/**
 * Whether a key may answer yes: only the confirm key typed on its own (not part
 * of a pasted chunk or a terminal's answer to a query) after the grace period.
 */
export function mayConfirm(openedAt: number, now: number, isPasted: boolean): boolean {
	return !isPasted && now - openedAt >= CONFIRM_GRACE_MS;
}

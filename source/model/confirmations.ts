/**
 * Questions the UI must ask before it acts. A pane asks with the exact objects
 * captured when the user pressed the key; the answer is only yes or no, so
 * the action then runs on those IDs, never on whatever row is selected by the
 * time the user answers.
 */
import {type Clock, systemClock} from './clock.js';
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
	/** The engine the action goes to, named in the title ("Stop web (3374c202d464) on ctx28?"); with several engines the dialog names the app's own when a request does not. */
	engine?: string;
}

/** The title as the dialog shows it: with the engine named before the question mark, when there is one (issue 20). */
export function titleWithEngine(request: Pick<ConfirmRequest, 'title' | 'engine'>): string {
	if (!request.engine) return request.title;
	return `${request.title.replace(/\?$/, '')} on ${request.engine}?`;
}

/** Why a y did not confirm; the dialog shows it in one line and waits for a fresh y. */
export type Refusal = 'typed' | 'pasted' | 'early' | 'quick';

/** The line the dialog shows for each refusal. */
export const REFUSAL_TEXT: Record<Refusal, string> = {
	typed: 'keys were typed into this dialog — press y again to confirm',
	pasted: 'y came in one piece with other keys (a paste?) — press y on its own to confirm',
	early: 'y came before this dialog could be read — press y again to confirm',
	quick: 'y came right after another key — press y again, on its own, to confirm',
};

export interface Pending extends ConfirmRequest {
	resolve: (answer: boolean) => void;
	openedAt: number;
	/** When the dialog last heard a key (its opening counts as one): a y must come a grace time after it. */
	lastKeyAt: number;
	/** Keys the dialog did not use (typing, a paste, a terminal's answer) since it opened or since its last refusal. */
	typedKeys: number;
	/** Why the last y did not confirm. */
	refusal?: Refusal;
	/**
	 * The grace time since the last key has passed: a y on its own now confirms (unless keys were typed). The dialog
	 * shows it in its answer line, so a person (and a test) sees when y becomes live instead of guessing the time.
	 */
	isLive: boolean;
}

/** What a key did to the open dialog. */
export type KeyOutcome = 'confirmed' | 'cancelled' | 'refused' | 'ignored';

export class Confirmations extends Observable<Pending | undefined> {
	private cancelLive: () => void = () => undefined;

	/** `clock` measures the grace period and tells when it has passed; tests pass one they control. */
	constructor(readonly clock: Clock = systemClock) {
		super(undefined);
	}

	/** Shows the question and resolves with the answer; a second question cancels the first. */
	ask(request: ConfirmRequest): Promise<boolean> {
		this.get()?.resolve(false);
		return new Promise(resolve => {
			const openedAt = this.clock.now();
			this.show({...request, resolve, openedAt, lastKeyAt: openedAt, typedKeys: 0, isLive: false});
		});
	}

	answer(isYes: boolean): void {
		const pending = this.get();
		if (!pending) return;
		this.cancelLive();
		this.set(undefined);
		pending.resolve(isYes);
	}

	/**
	 * A key typed into the open dialog (issue 19). A confirmation is a deliberate act: y
	 * confirms only when it was pressed on its own (not in a chunk with other keys), a
	 * grace time after the dialog opened and after any other key, and when no key the
	 * dialog does not use was typed into it since it opened or since its last refusal.
	 * Otherwise the dialog stays, says why, and waits for a fresh y: `/deploy` typed where
	 * `d` opens a remove dialog ends with "keys were typed…", never with a removal.
	 */
	key(kind: 'confirm' | 'cancel' | 'other', isPasted: boolean): KeyOutcome {
		const pending = this.get();
		if (!pending) return 'ignored';
		if (kind === 'cancel') {
			this.answer(false);
			return 'cancelled';
		}
		const now = this.clock.now();
		if (kind === 'other') {
			this.show({...pending, lastKeyAt: now, typedKeys: pending.typedKeys + 1, isLive: false});
			return 'ignored';
		}
		const refusal = refusalOf(pending, now, isPasted);
		if (refusal === undefined) {
			this.answer(true);
			return 'confirmed';
		}
		// The refused y is heard: it starts the quiet time again, and its reason replaces the count of typed keys.
		this.show({...pending, lastKeyAt: now, typedKeys: 0, refusal, isLive: false});
		return 'refused';
	}

	/** Sets the dialog and marks it live once the grace time after its last key has passed on the clock (issue 15). */
	private show(pending: Pending): void {
		this.cancelLive();
		this.set(pending);
		const wake = () => {
			const current = this.get();
			if (current !== pending) return;
			// A timer may fire a little before the clock says the time is up: a live dialog must never refuse a y for time.
			const left = pending.lastKeyAt + CONFIRM_GRACE_MS - this.clock.now();
			if (left > 0) {
				this.cancelLive = this.clock.after(left, wake);
				return;
			}
			this.set({...pending, isLive: true});
		};
		this.cancelLive = this.clock.after(CONFIRM_GRACE_MS, wake);
	}
}

/** Keys that arrive this soon after the dialog opened, or after another key, were typed before the user could read it. */
export const CONFIRM_GRACE_MS = 250;

/** Why a y at `now` may not confirm this dialog, or undefined when it may. */
export function refusalOf(pending: Pick<Pending, 'openedAt' | 'lastKeyAt' | 'typedKeys'>, now: number, isPasted: boolean): Refusal | undefined {
	if (isPasted) return 'pasted';
	if (pending.typedKeys > 0) return 'typed';
	if (now - pending.lastKeyAt < CONFIRM_GRACE_MS) return pending.lastKeyAt === pending.openedAt ? 'early' : 'quick';
	return undefined;
}

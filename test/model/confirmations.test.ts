import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Clock} from '../../source/model/clock.js';
import {CONFIRM_GRACE_MS, type ConfirmRequest, Confirmations, REFUSAL_TEXT} from '../../source/model/confirmations.js';
import {ManualClock} from '../support/clock.js';

const REQUEST: ConfirmRequest = {title: 'Remove volume data?', targets: [{label: 'volume data', id: 'data'}], verb: 'remove', isDangerous: true};

/** A dialog on a clock the test moves: `at(ms)` sets the time since the dialog opened. */
function dialog() {
	const clock = new ManualClock();
	const confirmations = new Confirmations(clock);
	const opened = clock.now();
	let answer: boolean | undefined;
	void confirmations.ask(REQUEST).then(value => {
		answer = value;
	});
	return {
		confirmations,
		clock,
		at: (ms: number) => {
			assert.ok(opened + ms >= clock.now(), 'time only moves on');
			clock.advance(opened + ms - clock.now());
		},
		answer: async () => {
			await Promise.resolve();
			return answer;
		},
	};
}

/** Types `text` into the dialog one key every `everyMs`, from `startMs` after it opened; returns the outcomes. */
function typeInto(d: ReturnType<typeof dialog>, text: string, startMs: number, everyMs: number) {
	return [...text].map((char, index) => {
		d.at(startMs + index * everyMs);
		return d.confirmations.key(char === 'y' ? 'confirm' : char === 'n' ? 'cancel' : 'other', false);
	});
}

describe('a confirmation is a deliberate act (issue 19)', () => {
	it('y on its own, a grace time after the dialog opened, confirms', async () => {
		const d = dialog();
		d.at(CONFIRM_GRACE_MS);
		assert.equal(d.confirmations.key('confirm', false), 'confirmed');
		assert.equal(await d.answer(), true);
		assert.equal(d.confirmations.get(), undefined);
	});

	it('the tail of "/deploy" typed at 120 ms a key does not confirm, though the y comes long after the grace time', async () => {
		// d opened the dialog; "eplo" then "y" follow at typing speed.
		const d = dialog();
		assert.deepEqual(typeInto(d, 'eploy', 120, 120), ['ignored', 'ignored', 'ignored', 'ignored', 'refused']);
		assert.equal(d.confirmations.get()?.refusal, 'typed');
		assert.equal(REFUSAL_TEXT.typed, 'keys were typed into this dialog — press y again to confirm');
		// Another y at typing speed is still typing.
		d.at(720);
		assert.equal(d.confirmations.key('confirm', false), 'refused');
		assert.equal(d.confirmations.get()?.refusal, 'quick');
		assert.equal(await d.answer(), undefined);
		// A fresh y, after a pause, confirms.
		d.at(720 + CONFIRM_GRACE_MS);
		assert.equal(d.confirmations.key('confirm', false), 'confirmed');
		assert.equal(await d.answer(), true);
	});

	it('a y typed after other keys is refused however slowly they came, and the refusal is what makes the next y fresh', async () => {
		const d = dialog();
		typeInto(d, 'e', 1000, 0);
		d.at(5000);
		assert.equal(d.confirmations.key('confirm', false), 'refused');
		d.at(6000);
		assert.equal(d.confirmations.key('confirm', false), 'confirmed');
	});

	it('a y within the grace time after the dialog opened is refused as early', async () => {
		const d = dialog();
		d.at(CONFIRM_GRACE_MS - 1);
		assert.equal(d.confirmations.key('confirm', false), 'refused');
		assert.equal(d.confirmations.get()?.refusal, 'early');
		// The refused y restarts the quiet time: held-down y (key repeat) never confirms.
		for (let ms = CONFIRM_GRACE_MS + 29; ms < 2000; ms += 30) {
			d.at(ms);
			assert.equal(d.confirmations.key('confirm', false), 'refused', `y at ${ms} ms`);
		}
		assert.equal(await d.answer(), undefined);
	});

	it('a pasted y is refused at any time, and so is the y after it', async () => {
		const d = dialog();
		d.at(5000);
		assert.equal(d.confirmations.key('confirm', true), 'refused');
		assert.equal(d.confirmations.get()?.refusal, 'pasted');
		assert.equal(d.confirmations.key('confirm', true), 'refused');
		d.at(5000 + CONFIRM_GRACE_MS);
		assert.equal(d.confirmations.key('confirm', false), 'confirmed');
	});

	for (const word of ['y', 'Y', 'yy', 'yes', 'dry', 'delete', 'deploy', 'force', 'yyyyyyyy']) {
		for (const everyMs of [80, 120, 150]) {
			it(`"${word}" typed at ${everyMs} ms a key right after the dialog opened does not confirm`, async () => {
				const d = dialog();
				const outcomes = typeInto(d, word, everyMs, everyMs);
				assert.ok(!outcomes.includes('confirmed'), outcomes.join(' '));
				assert.equal(await d.answer(), undefined);
				assert.ok(d.confirmations.get(), 'the dialog is still open');
			});
		}
	}

	it('n and Esc cancel at any time, typed or not', async () => {
		const d = dialog();
		assert.equal(d.confirmations.key('cancel', true), 'cancelled');
		assert.equal(await d.answer(), false);
	});

	it('a second question (force-remove after remove) starts afresh: its grace time runs from its own opening', async () => {
		let now = 0;
		const confirmations = new Confirmations({now: () => now, after: () => () => undefined});
		const first = confirmations.ask(REQUEST);
		now = 1000;
		confirmations.key('confirm', false);
		assert.equal(await first, true);
		const second = confirmations.ask({...REQUEST, title: 'Force?'});
		now = 1100;
		assert.equal(confirmations.key('confirm', false), 'refused');
		now = 1100 + CONFIRM_GRACE_MS;
		assert.equal(confirmations.key('confirm', false), 'confirmed');
		assert.equal(await second, true);
	});

	it('counts the keys typed into the dialog, for its one line', () => {
		const d = dialog();
		typeInto(d, 'abc', 10, 10);
		assert.equal(d.confirmations.get()?.typedKeys, 3);
	});

	it('says when y becomes live: not before the grace time after the dialog opened or after any other key (issue 15)', () => {
		const d = dialog();
		assert.equal(d.confirmations.get()?.isLive, false);
		d.at(CONFIRM_GRACE_MS - 1);
		assert.equal(d.confirmations.get()?.isLive, false);
		d.at(CONFIRM_GRACE_MS);
		assert.equal(d.confirmations.get()?.isLive, true);
		// A key the dialog does not use starts the wait again, and so does a refused y.
		d.confirmations.key('other', false);
		assert.equal(d.confirmations.get()?.isLive, false);
		d.at(2 * CONFIRM_GRACE_MS);
		assert.equal(d.confirmations.get()?.isLive, true);
		assert.equal(d.confirmations.key('confirm', false), 'refused');
		assert.equal(d.confirmations.get()?.isLive, false);
		d.at(3 * CONFIRM_GRACE_MS);
		assert.equal(d.confirmations.get()?.isLive, true);
		assert.equal(d.confirmations.key('confirm', false), 'confirmed');
	});

	it('is never live while a y would still be refused for time, though a timer fires early', () => {
		let now = 0;
		const timers: Array<() => void> = [];
		const early: Clock = {now: () => now, after: (_ms, run) => (timers.push(run), () => undefined)};
		const confirmations = new Confirmations(early);
		void confirmations.ask(REQUEST);
		now = CONFIRM_GRACE_MS - 5;
		timers.shift()!();
		assert.equal(confirmations.get()?.isLive, false);
		assert.equal(timers.length, 1, 'it waits again for the time that is left');
		now = CONFIRM_GRACE_MS;
		timers.shift()!();
		assert.equal(confirmations.get()?.isLive, true);
		assert.equal(confirmations.key('confirm', false), 'confirmed');
	});

});

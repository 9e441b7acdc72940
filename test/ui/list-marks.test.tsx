/**
 * Marks under the filter in every list pane that marks (issue 15, issue 20): the title says how many marked rows the
 * filter hides and leaves out, in the same words, with one engine and with several.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {frameApp} from '../support/frame-scenario.js';
import {type EmulatedApp, renderInTerminal} from '../support/frames.js';
import {marksNote} from '../../source/ui/format/list-title.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup.reverse()) fn();
	cleanup = [];
});

async function open(pane: string, engines: boolean): Promise<EmulatedApp> {
	const scenario = await frameApp(pane, {engines});
	const app = renderInTerminal(scenario.element, {columns: 160, rows: 50});
	cleanup.push(scenario.stop, app.unmount);
	return app;
}

/** The pane's title line: "Containers 12 · …" (the tab line above it names the pane too). */
function title(screen: string): string {
	return screen.split('\n').find(line => /^Containers \d/.test(line)) ?? '';
}

describe('the marks note of a list title', () => {
	it('says nothing without marks, how many are marked, and how many of them the filter hides', () => {
		assert.equal(marksNote(0, 0), '');
		assert.equal(marksNote(2, 0), ' · 2 marked');
		assert.equal(marksNote(3, 1), ' · 3 marked (1 hidden by the filter, left out)');
	});
});

describe('marked rows hidden by the filter', () => {
	for (const engines of [false, true]) {
		it(`Containers${engines ? ' of several engines' : ''}: the title says the marked row the filter hides is left out`, async () => {
			const app = await open('containers', engines);
			await app.waitFor('cron-weekly');
			// Mark the first row (shop-api-1 on each engine sorts first by state): the title counts it.
			app.press(' ');
			const marked = await app.waitFor(/Containers \d+ · .*1 marked/);
			assert.doesNotMatch(title(marked), /hidden by the filter/);
			// A filter that shows other rows only: the mark stays, and the title says it is left out.
			app.press('/');
			// The screen's lines end where their text does: the empty field reads "filter:".
			await app.waitFor(/^filter:/m);
			app.press('cron');
			const screen = await app.waitFor(/Containers \d+ of \d+/);
			assert.match(title(screen), /· 1 marked \(1 hidden by the filter, left out\)/, screen);
		});
	}
});

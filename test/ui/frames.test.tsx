/**
 * Exact frames of every pane at four terminal sizes (issue 18), through a real terminal emulator,
 * against test/frames/PANE-COLSxROWS.txt. `UPDATE_FRAMES=1 node scripts/test.mjs test/ui/frames.test.tsx`
 * rewrites them; review the diff like code.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it, mock} from 'node:test';
import {FRAME_NOW, frameApp} from '../support/frame-scenario.js';
import {type EmulatedApp, expectFrame, renderInTerminal} from '../support/frames.js';
import {ScriptedContainerActions} from '../support/ports.js';

const SIZES = [
	[80, 24],
	[100, 30],
	[160, 50],
	[300, 80],
] as const;

/** Each pane, what shows once it has its data, and keys that reach it from its start pane. */
const PANES: ReadonlyArray<{name: string; pane: string; ready: string | RegExp; keys?: string[]; engines?: boolean; isSecondEngineDown?: boolean}> = [
	{name: 'containers', pane: 'containers', ready: 'cron-weekly'},
	{name: 'details', pane: 'containers', ready: 'restart policy', keys: ['\r']},
	{name: 'files', pane: 'containers', ready: 'var/', keys: ['f']},
	{name: 'logs', pane: 'containers', ready: 'GET /healthz', keys: ['2']},
	{name: 'images', pane: 'images', ready: /busybox/},
	{name: 'cleanup', pane: 'prune', ready: 'Plan:'},
	{name: 'volumes', pane: 'volumes', ready: 'shop_pgdata'},
	{name: 'networks', pane: 'networks', ready: 'shop_default'},
	{name: 'stats', pane: 'stats', ready: /%/},
	{name: 'compose', pane: 'compose', ready: 'worker'},
	{name: 'swarm', pane: 'swarm', ready: 'Running 1m ago'},
	{name: 'layers', pane: 'layers', ready: 'INSTRUCTION'},
	{name: 'events', pane: 'events', ready: '02:10:00 image'},
	{name: 'help', pane: 'containers', ready: /Keys · .*Esc to close/, keys: ['?']},
	{name: 'engines', pane: 'engines', ready: 'ci-metrics-agent', engines: true},
	// Several engines (issue 14): every engine's containers with an ENGINE column, each engine's state in the header.
	{name: 'containers-engines', pane: 'containers', ready: 'ci-metrics-agent', engines: true},
	{name: 'stats-engines', pane: 'stats', ready: /ci-runner-28 .*%/, engines: true},
	// An engine that stopped answering (issue 14): its rows as last seen, dimmed, the state saying so, the title naming it.
	{name: 'containers-engine-down', pane: 'containers', ready: 'engine down', engines: true, isSecondEngineDown: true},
	{name: 'stats-engine-down', pane: 'stats', ready: /not answering[^]*prod-eu-west-1 .*\d%/, engines: true, isSecondEngineDown: true},
];

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup.reverse()) fn();
	cleanup = [];
	mock.timers.reset();
});

async function open(pane: string, columns: number, rows: number, engines = false, isSecondEngineDown = false, isStateUnknown = false): Promise<EmulatedApp> {
	// The scenario's times are relative to FRAME_NOW: Date answers it, timers stay real.
	mock.timers.enable({apis: ['Date'], now: FRAME_NOW});
	const scenario = await frameApp(pane, {engines, isSecondEngineDown, isStateUnknown});
	const app = renderInTerminal(scenario.element, {columns, rows});
	cleanup.push(scenario.stop, app.unmount);
	return app;
}

describe('exact frames of every pane', () => {
	for (const {name, pane, ready, keys, engines, isSecondEngineDown} of PANES) {
		for (const [columns, rows] of SIZES) {
			it(`${name} at ${columns}×${rows}`, async () => {
				const app = await open(pane, columns, rows, engines, isSecondEngineDown);
				if (keys) {
					await app.waitFor('cron-weekly');
					for (const key of keys) app.press(key);
				}
				await expectFrame(app, `${name}-${columns}x${rows}`, ready);
			});
		}
	}
});

describe('the Cleanup plan at 80×24 (issue 20: it showed one row)', () => {
	it('shows as many rows as fit, and says how many more the plan holds', async () => {
		const app = await open('prune', 80, 24);
		await app.waitFor('Plan:');
		// Every unused image and the named volumes too: more objects than the pane has rows for.
		app.press('I');
		app.press('V');
		await expectFrame(app, 'cleanup-cut-80x24', /more not shown here/);
	});
});

describe('a container state the engine names that dockdash does not know (issue 17)', () => {
	it('is "? unknown" in its own colour in the list, sorted last, and the details say what the engine answered', async () => {
		const app = await open('containers', 80, 24, false, false, true);
		await app.waitFor('cron-weekly');
		await expectFrame(app, 'containers-state-unknown-80x24', /\? unknown/);
		app.press('G');
		await app.waitFor(/^› db-migrate/m);
		app.press('\r');
		await expectFrame(app, 'details-state-unknown-80x24', 'state unknown: the engine answered "zombie"');
	});
});

describe('a terminal below 80×24', () => {
	const DOWN = '\u001B[B';
	for (const [columns, rows] of [
		[79, 24],
		[80, 23],
	] as const) {
		it(`at ${columns}×${rows} shows one line asking for a larger terminal; back at 80×24 the pane is where it was`, async () => {
			const app = await open('containers', 80, 24);
			await app.waitFor('cron-weekly');
			for (let step = 0; step < 3; step++) app.press(DOWN);
			const before = await app.waitFor(/^› +queue-worker/m);
			app.resize(columns, rows);
			await expectFrame(app, `too-small-${columns}x${rows}`, 'needs at least 80×24');
			// Keys that would act on the hidden pane or leave it do nothing meanwhile.
			for (const key of ['\t', '3', DOWN, 'x']) app.press(key);
			app.resize(80, 24);
			const after = await app.waitFor(/^› +queue-worker/m);
			assert.equal(after, before);
		});
	}

	it('a confirmation hidden by the message takes no key: a y pressed meanwhile removes nothing', async () => {
		// Real time here (no frame is compared): the dialog measures how long it has been readable.
		const scenario = await frameApp('containers');
		const actions = new ScriptedContainerActions();
		scenario.services.ports = {...scenario.services.ports, containers: actions};
		const app = renderInTerminal(scenario.element, {columns: 80, rows: 24});
		cleanup.push(scenario.stop, app.unmount);
		const pause = () => new Promise(resolve => setTimeout(resolve, 400));
		await app.waitFor('cron-weekly');
		await pause();
		app.press('d');
		await app.waitFor(/Remove customer-analy/);
		app.resize(70, 20);
		await app.waitFor('needs at least 80×24');
		// Pressed on its own, well after the dialog opened: it would confirm if the dialog could see it.
		await pause();
		app.press('y');
		await pause();
		app.resize(80, 24);
		await app.waitFor(/Remove customer-analy/);
		assert.deepEqual(actions.calls, []);
		// Positive control: the same y, with the dialog on screen, confirms.
		await pause();
		app.press('y');
		for (let waited = 0; actions.calls.length === 0 && waited < 5000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
		assert.equal(actions.calls[0]?.[0], 'remove', await app.screen());
	});
});

describe('Esc in the Files view (the typing bench was left in it)', () => {
	it('goes back to the containers, after a path prompt was opened and cancelled as well', async () => {
		const app = await open('containers', 100, 30);
		await app.waitFor('cron-weekly');
		app.press('f');
		await app.waitFor('var/');
		// Positive control: the prompt opens, Esc closes it, and the view is still the Files view.
		app.press('o');
		await app.waitFor(/go to|path/);
		app.press('\u001B');
		await app.waitFor(/o path/);
		assert.match(await app.screen(), /^Files of /m);
		// Esc is the Files view's "back": before, the list's "clear the filter" (unhandled there) shadowed it.
		app.press('\u001B');
		const back = await app.waitFor(/^Containers \d/m);
		assert.doesNotMatch(back, /^Files of /m);
	});
});

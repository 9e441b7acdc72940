import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {CONFIRM_GRACE_MS, Confirmations} from '../../source/model/confirmations.js';
import {ManualClock} from '../support/clock.js';
import {container, hex, INVENTORY, scriptedStore} from '../support/inventory.js';
import {frameWith, nextTurn, scriptedServices, deliberateRouter} from '../support/services.js';
import {scriptedCleanup} from '../support/ports.js';

const DOWN = '\u001B[B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function renderPane(pane: string, options: {readOnly?: boolean} = {}) {
	const services = await scriptedServices([], options);
	// The dialog's clock stands still until a test moves it past the grace period.
	const clock = new ManualClock();
	services.confirmations = new Confirmations(clock);
	const scripted = scriptedStore();
	services.ports = {...services.ports, cleanup: scriptedCleanup(scripted.store)};
	const app = render(<App router={deliberateRouter()} services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} initialPane={pane} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
		scripted.store.stop();
	});
	return {...app, ...scripted, services, clock};
}

async function press(app: {stdin: {write: (data: string) => void}}, ...keys: string[]) {
	for (const key of keys) {
		app.stdin.write(key);
		// Each key in a turn of its own, as typed keys arrive (keys written in one turn arrive as one chunk, a paste).
		await nextTurn();
	}
}

describe('cleanup pane', () => {
	it('shows progress while measuring, then the usage and the exact plan with its total', async () => {
		const app = await renderPane('prune');
		await frameWith(app.lastFrame, /measuring disk usage… \d+s \(you can leave this pane; it goes on\)/);
		app.finishLoad();
		const frame = await frameWith(app.lastFrame, 'Plan: ');
		assert.match(frame, /│ Images +│ 3 +│ 1 +│ 66\.0MB +│ 16\.0MB +│/);
		assert.match(frame, /│ Local volumes +│ 3 +│ 1 +│ 85\.0MB +│ 5\.0MB +│/);
		// The summary keeps its bottom border: the plan below is laid out around the whole table.
		assert.match(frame, /└─+┴─+┴─+┴─+┴─+┴─+┘\nc \[x\]/);
		// THIS PLAN: what the plan on screen frees per type (the dangling image and the stopped container).
		assert.match(frame, /│ Images +│ 3 +│ 1 +│ 66.0MB +│ 16.0MB +│ 7.0MB +│/);
		assert.match(frame, /│ Containers +│ 3 +│ 2 +│ 5.0MB +│ 5.0MB +│ 5.0MB +│/);
		// Default: stopped containers and dangling images only.
		assert.match(frame, /container\s+batch\s+bbbbbbbbbbbb\s+5\.0MB/);
		assert.match(frame, /image\s+<none>\s+222222222222\s+7\.0MB/);
		assert.doesNotMatch(frame, /old:1|api|cron|scratch/);
		assert.match(frame, /Plan: 2 objects, 12\.0MB freed/);
	});

	it('names exactly the plan in the confirmation and executes exactly that plan', async () => {
		const app = await renderPane('prune');
		app.finishLoad();
		await frameWith(app.lastFrame, 'Plan: 2 objects');
		// Named volumes too: "scratch" joins, "pgdata" (in use) never does.
		await press(app, 'V');
		await frameWith(app.lastFrame, 'Plan: 4 objects, 17.0MB freed');
		await press(app, 'd');
		const dialog = await frameWith(app.lastFrame, 'Remove 4 objects, 17.0MB freed?');
		for (const name of ['container batch', 'image <none>', 'volume scratch', 'volume (anonymous)']) assert.ok(dialog.includes(name), `${name} in\n${dialog}`);
		assert.doesNotMatch(dialog, /pgdata/);
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		await press(app, 'y');
		await frameWith(app.lastFrame, 'last prune: removed 4, kept 0, failed 0; reclaimed 17.0MB');
		assert.equal(app.executed.length, 1);
		assert.deepEqual(app.executed[0]!.remove.map(item => item.id), [hex('b'), 'sha256:' + hex('2'), 'scratch', hex('a')]);
	});

	it('a "no" removes nothing; read-only offers no removal at all', async () => {
		const app = await renderPane('prune');
		app.finishLoad();
		await frameWith(app.lastFrame, 'Plan: 2 objects');
		await press(app, 'd');
		await frameWith(app.lastFrame, 'Remove 2 objects');
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		await press(app, 'n');
		// Positive control: the dialog is gone, so the answer was heard (a yes would have run the plan by now).
		await frameWith(app.lastFrame, /^(?![\s\S]*Remove 2 objects)[\s\S]*Plan: 2 objects/);
		assert.equal(app.executed.length, 0);

		const readOnly = await renderPane('prune', {readOnly: true});
		readOnly.finishLoad();
		await frameWith(readOnly.lastFrame, 'read-only: nothing can be removed');
		await press(readOnly, 'd');
		// Positive control: a key after it shows its effect, so d has been handled by now.
		readOnly.stdin.write('/');
		await frameWith(readOnly.lastFrame, 'filter:');
		assert.doesNotMatch(readOnly.lastFrame()!, /Remove 2 objects/);
		assert.equal(readOnly.executed.length, 0);
	});
});

describe('volumes and networks panes', () => {
	it('lists volumes with size and users; refuses one in use and asks for an unused one', async () => {
		const app = await renderPane('volumes');
		app.finishLoad();
		const frame = await frameWith(app.lastFrame, 'Volumes 3 · 2 unused');
		assert.match(frame, /pgdata\s+local\s+\/var\/lib\/docker\/volumes\/pgdata\/_data\s+80\.0MB\s+api/);
		// Largest first: pgdata is selected.
		await press(app, 'd');
		await frameWith(app.lastFrame, 'cannot remove volume pgdata: used by api');
		await press(app, DOWN, 'd');
		await frameWith(app.lastFrame, 'Remove volume scratch?');
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		await press(app, 'y');
		await frameWith(app.lastFrame, 'removed volume scratch');
		assert.deepEqual(app.executed[0]!.remove.map(item => item.id), ['scratch']);
	});

	it('lists networks with subnets and containers; never offers to remove a default one', async () => {
		const app = await renderPane('networks');
		app.finishLoad();
		const frame = await frameWith(app.lastFrame, 'Networks 3');
		assert.match(frame, /backend\s+bridge\s+local\s+172\.30\.0\.0\/16\s+api/);
		// Sorted by name: backend, none, spare.
		await press(app, DOWN, 'd');
		await frameWith(app.lastFrame, 'cannot remove network none: default network');
		assert.equal(app.executed.length, 0);
	});
});

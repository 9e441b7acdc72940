import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import type {ContainerSummary} from '../../source/model/types.js';
import {CONFIRM_GRACE_MS, Confirmations} from '../../source/model/confirmations.js';
import {summary} from '../support/containers.js';
import {ManualClock} from '../support/clock.js';
import {ScriptedContainerActions} from '../support/ports.js';
import {frameWith, nextTurn, scriptedServices, deliberateRouter} from '../support/services.js';

const DOWN = '\u001B[B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

/**
 * The app over a scripted list, with the container actions port replaced by
 * a recorder: the test sees exactly which IDs the engine would have been asked about.
 */
async function renderApp(containers: ContainerSummary[], options: {readOnly?: boolean; fail?: (action: string, id: string) => unknown} = {}) {
	const services = await scriptedServices(containers, options);
	// The dialog's clock stands still until a test moves it: the grace period is checked without racing the machine.
	const clock = new ManualClock();
	services.confirmations = new Confirmations(clock);
	const actions = new ScriptedContainerActions(options.fail);
	services.ports = {...services.ports, containers: actions};
	const app = render(<App router={deliberateRouter()} services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, containers[0]!.name);
	return {...app, services, calls: actions.calls, clock};
}

async function press(app: {stdin: {write: (data: string) => void}}, ...keys: string[]) {
	for (const key of keys) {
		app.stdin.write(key);
		// Each key in a turn of its own, as typed keys arrive (keys written in one turn arrive as one chunk, a paste).
		await nextTurn();
	}
}

describe('containers pane: marks and actions', () => {
	it('marks with Space, names both marked containers in the dialog, and refuses an early or pasted y', async () => {
		const web = summary({name: 'web', state: 'running', id: 'a'.repeat(64)});
		const api = summary({name: 'api', state: 'running', id: 'b'.repeat(64)});
		const db = summary({name: 'db', state: 'running', id: 'c'.repeat(64)});
		const app = await renderApp([api, db, web]);
		// Sorted by state then name: api, db, web. Mark api and web.
		await press(app, ' ', DOWN, ' ');
		const marked = await frameWith(app.lastFrame, '2 marked');
		assert.match(marked, /✓api/);
		assert.match(marked, /✓web/);
		assert.doesNotMatch(marked, /✓db/);

		app.stdin.write('x');
		const dialog = await frameWith(app.lastFrame, 'Stop 2 containers?');
		assert.match(dialog, /api\s+aaaaaaaaaaaa|api\s+bbbbbbbbbbbb/);
		assert.match(dialog, /web\s+aaaaaaaaaaaa/);
		assert.doesNotMatch(dialog, /cccccccccccc/);
		// Within the grace period: ignored.
		app.stdin.write('y');
		// A pasted chunk: ignored even after the grace period.
		app.clock.advance(CONFIRM_GRACE_MS);
		app.stdin.write('yy');
		// Positive control: the dialog heard the paste and says why it did not confirm.
		await frameWith(app.lastFrame, 'y came in one piece with other keys (a paste?) — press y on its own to confirm');
		assert.equal(app.calls.length, 0);
		assert.match(app.lastFrame()!, /Stop 2 containers\?/);
		// Right after the refused ones: still not a deliberate y.
		app.stdin.write('y');
		await frameWith(app.lastFrame, 'y came right after another key — press y again, on its own, to confirm');
		assert.equal(app.calls.length, 0);

		// A y on its own, a grace time after the last key, confirms.
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		app.stdin.write('y');
		await frameWith(app.lastFrame, 'stopped 2 containers');
		assert.deepEqual(app.calls.map(([action, id]) => `${action} ${id.slice(0, 1)}`).sort(), ['stop a', 'stop b']);
		// Done: the marks are cleared and the engine is asked about those two for a fast refresh.
		await frameWith(app.lastFrame, /Containers 3 · 3 running +sort/);
	});

	it('acts only on the marked rows the filter shows; the title, the dialog and the result say how many are left out (issue 20)', async () => {
		const web = summary({name: 'web', state: 'running', id: 'a'.repeat(64)});
		const api = summary({name: 'api', state: 'running', id: 'b'.repeat(64)});
		const db = summary({name: 'db', state: 'running', id: 'c'.repeat(64)});
		const app = await renderApp([api, db, web]);
		// Mark api and web (rows 1 and 3), then filter to web.
		await press(app, ' ', DOWN, ' ');
		await frameWith(app.lastFrame, '2 marked');
		await press(app, '/', 'w', 'e', 'b', '\r');
		const title = await frameWith(app.lastFrame, /Containers 1 of 3 · 3 running · 2 marked \(1 hidden by the filter, left out\)/);
		assert.match(title, /✓web/);
		await nextTurn();
		app.stdin.write('x');
		const dialog = await frameWith(app.lastFrame, 'Stop web');
		assert.match(dialog, /1 marked container hidden by the filter is not included/);
		assert.doesNotMatch(dialog, /bbbbbbbbbbbb/, 'api, hidden, is not in the dialog');
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		app.stdin.write('y');
		await frameWith(app.lastFrame, /stopped web.*1 marked container hidden by the filter is not included/);
		assert.deepEqual(app.calls.map(([action, id]) => `${action} ${id.slice(0, 1)}`), ['stop a'], 'only web was stopped');
		// api stays marked; with every marked row hidden, nothing acts and the line says why.
		await frameWith(app.lastFrame, /1 marked \(1 hidden by the filter, left out\)/);
		await nextTurn();
		app.stdin.write('K');
		await frameWith(app.lastFrame, 'nothing to kill: 1 marked container hidden by the filter is not included (Esc clears the filter)');
		assert.equal(app.calls.length, 1);
	});

	it('marks two rows with two spaces that arrive in one chunk, before a render', async () => {
		const app = await renderApp([summary({name: 'api', state: 'running'}), summary({name: 'db', state: 'running'}), summary({name: 'web', state: 'running'})]);
		app.stdin.write('  ');
		const frame = await frameWith(app.lastFrame, '2 marked');
		assert.match(frame, /✓api/);
		assert.match(frame, /✓db/);
		assert.match(frame, /› *web/);
	});

	it('* clears the marks when there are any, else marks every shown container', async () => {
		const app = await renderApp([summary({name: 'api', state: 'running'}), summary({name: 'db', state: 'running'}), summary({name: 'web', state: 'exited'})]);
		await press(app, ' ');
		await frameWith(app.lastFrame, '1 marked');
		app.stdin.write('*');
		await frameWith(app.lastFrame, /Containers 3 · 2 running +sort/);
		app.stdin.write('*');
		await frameWith(app.lastFrame, '3 marked');
		// Pause applies to the running two; the exited one is named as skipped.
		app.stdin.write('p');
		const frame = await frameWith(app.lastFrame, 'paused 2 containers');
		assert.match(frame, /skipped: web is exited: pause needs a running container/);
		assert.equal(app.calls.length, 2);
	});

	it('acts on the container captured at the key press, even after the list re-sorted under the cursor', async () => {
		const target = summary({name: 'b-target', state: 'running', id: 'b'.repeat(64)});
		const app = await renderApp([summary({name: 'a-other', state: 'running', id: 'a'.repeat(64)}), target]);
		await press(app, DOWN);
		app.stdin.write('K');
		await frameWith(app.lastFrame, 'Kill b-target (bbbbbbbbbbbb)?');
		// A new container sorts first; the cursor row now shows a different container.
		app.services.source.containers = [summary({name: '0-new', state: 'running', id: 'e'.repeat(64)}), ...app.services.source.containers];
		await app.services.sync.relist();
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		app.stdin.write('y');
		await frameWith(app.lastFrame, 'killed b-target');
		assert.deepEqual(app.calls.map(([action, id]) => [action, id]), [['kill', 'b'.repeat(64)]]);
	});

	it('after an action on a row the cursor never moved to, a re-sort keeps the cursor on that row', async () => {
		const app = await renderApp([summary({name: 'b-first', state: 'running', id: 'b'.repeat(64)}), summary({name: 'c-second', state: 'running', id: 'c'.repeat(64)})]);
		// Never moved: the cursor is drawn on the first row, and p pauses it.
		await frameWith(app.lastFrame, /› *b-first/);
		app.stdin.write('p');
		await frameWith(app.lastFrame, /paused b-first/);
		assert.deepEqual(app.calls.map(([action, id]) => [action, id]), [['pause', 'b'.repeat(64)]]);
		// A container that sorts first appears: the cursor stays on b-first, the row just acted on (a second p
		// would otherwise pause a-new, slid under a cursor nobody moved).
		app.services.source.containers = [summary({name: 'a-new', state: 'running', id: 'a'.repeat(64)}), ...app.services.source.containers];
		await app.services.sync.relist();
		await frameWith(app.lastFrame, 'a-new');
		assert.match(app.lastFrame()!, /› *b-first/);
	});

	it('says why an action does not apply, and asks nothing', async () => {
		const app = await renderApp([summary({name: 'db', state: 'exited', status: 'Exited (0) 1 minute ago'})]);
		app.stdin.write('p');
		await frameWith(app.lastFrame, 'db is exited: pause needs a running container');
		assert.equal(app.calls.length, 0);
		// Start needs no confirmation: it runs at once. (A key in a later turn of the event loop: one written in
		// the same turn as the last arrived with it, as a paste does, and is refused.)
		await nextTurn();
		app.stdin.write('u');
		await frameWith(app.lastFrame, /started db \([0-9a-f]{12}\)/);
		assert.equal(app.calls[0]?.[0], 'start');
	});

	it('removes a running container with force, and with its anonymous volumes on D', async () => {
		const app = await renderApp([summary({name: 'web', state: 'running', id: 'a'.repeat(64)})]);
		app.stdin.write('D');
		const dialog = await frameWith(app.lastFrame, 'Remove web (aaaaaaaaaaaa) and their anonymous volumes?');
		assert.match(dialog, /running containers are killed first \(force\)/);
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		app.stdin.write('y');
		await frameWith(app.lastFrame, 'removed web');
		const [, , opts] = app.calls[0]!;
		assert.deepEqual(opts, {force: true, removeVolumes: true});
	});

	it('shows an engine error in one line, and the list stays usable', async () => {
		const error = Object.assign(new Error('(HTTP code 500) server error - boom'), {statusCode: 500, json: {message: 'cannot stop container: boom\nsecond line \u001B[31m'}});
		const app = await renderApp([summary({name: 'web', state: 'running'}), summary({name: 'zzz', state: 'running'})], {fail: () => error});
		app.stdin.write('x');
		await frameWith(app.lastFrame, 'Stop web');
		app.clock.advance(CONFIRM_GRACE_MS);
		await nextTurn();
		app.stdin.write('y');
		const frame = await frameWith(app.lastFrame, 'stop failed for web: engine: cannot stop container: boom');
		assert.doesNotMatch(frame, /second line/);
		await press(app, DOWN);
		await frameWith(app.lastFrame, /› ?\s*zzz/);
	});

	it('n cancels: nothing is sent', async () => {
		const app = await renderApp([summary({name: 'web', state: 'running'})]);
		app.stdin.write('d');
		await frameWith(app.lastFrame, 'Remove web');
		app.stdin.write('n');
		await frameWith(app.lastFrame, 'remove cancelled');
		assert.equal(app.calls.length, 0);
	});

	it('under --read-only the action keys do nothing at all', async () => {
		const app = await renderApp([summary({name: 'web', state: 'running'})], {readOnly: true});
		await press(app, 'x', 'd', 'K', 'p', 'r');
		// Positive control: a key after them shows its effect, so they have all been handled by now.
		app.stdin.write('/');
		await frameWith(app.lastFrame, 'filter:');
		assert.doesNotMatch(app.lastFrame()!, /Stop|Remove|Kill|Restart|paus/);
		assert.equal(app.calls.length, 0);
	});
});

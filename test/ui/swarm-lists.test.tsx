/**
 * The Swarm pane's tasks and nodes lists (issue 15: on the generic list pane like its services): the cursor moves
 * in the list it is on, and another service's tasks start from their top.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {frameApp} from '../support/frame-scenario.js';
import {type EmulatedApp, renderInTerminal} from '../support/frames.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup.reverse()) fn();
	cleanup = [];
});

/** `isTaskListHeld`: which services' tasks the engine has not answered yet (they stay "loading…"). */
async function open(isTaskListHeld: (serviceId: string) => boolean = () => false): Promise<EmulatedApp> {
	const scenario = await frameApp('swarm');
	const {swarm} = scenario.services.ports;
	scenario.services.ports = {...scenario.services.ports, swarm: {...swarm, tasks: async (id, signal) => (isTaskListHeld(id) ? new Promise(() => undefined) : swarm.tasks(id, signal))}};
	const app = renderInTerminal(scenario.element, {columns: 160, rows: 50});
	cleanup.push(scenario.stop, app.unmount);
	await app.waitFor('t11zzzzzzzzz');
	return app;
}

/** The task rows on screen, in order (the scenario's task IDs start with t, then the service's and task's digits). */
function taskRows(screen: string): string[] {
	return screen.split('\n').filter(line => /^[› ] t\d\dz/.test(line));
}

describe('the Swarm pane’s tasks and nodes lists', () => {
	it('moves the cursor through the tasks, and starts another service’s tasks from their top', async () => {
		const app = await open();
		app.press('t');
		await app.waitFor(/cursor here; t back to the services/);
		const top = await app.waitFor(/^› t11z/m);
		assert.match(taskRows(top)[0]!, /^› t11z/);
		// Down three rows (each key waited for: keys in one read are a paste).
		for (const task of ['t15z', 't12z', 't16z']) {
			app.press('j');
			await app.waitFor(new RegExp(`^› ${task}`, 'm'));
		}
		// The positive control: the cursor is on the fourth task, not the first.
		const moved = await app.screen();
		assert.match(taskRows(moved)[3]!, /^› t16z/);
		assert.doesNotMatch(taskRows(moved)[0]!, /^›/);
		// Back to the services, the next one, and to its tasks: the cursor is on its first task.
		app.press('t');
		await app.waitFor(/Tasks of checkout_payment-gateway-reconciliation · .* · t to move the cursor here/);
		app.press('j');
		await app.waitFor(/Tasks of monitoring_node-exporter · tasks 3/);
		app.press('t');
		const next = await app.waitFor(/^› t3\dz/m);
		const rows = taskRows(next);
		assert.equal(rows.length, 3, next);
		assert.match(rows[0]!, /^› t3\dz/, next);
	});

	it('starts a service’s tasks from their top when the cursor comes back to it before the other one’s tasks came', async () => {
		// The tasks of monitoring_node-exporter never come: coming back to checkout shows its tasks at once, still kept.
		const app = await open(id => id.startsWith('s3'));
		app.press('t');
		await app.waitFor(/^› t11z/m);
		for (const task of ['t15z', 't12z', 't16z']) {
			app.press('j');
			await app.waitFor(new RegExp(`^› ${task}`, 'm'));
		}
		app.press('t');
		await app.waitFor(/Tasks of checkout_payment-gateway-reconciliation · .* · t to move the cursor here/);
		app.press('j');
		await app.waitFor(/Tasks of monitoring_node-exporter · t to move/);
		await app.waitFor('loading…');
		app.press('k');
		await app.waitFor(/Tasks of checkout_payment-gateway-reconciliation · tasks 6/);
		app.press('t');
		const back = await app.waitFor(/cursor here; t back to the services/);
		const rows = taskRows(back);
		assert.equal(rows.length, 6, back);
		assert.match(rows[0]!, /^› t11z/, back);
	});

	it('moves the cursor through the nodes with n', async () => {
		const app = await open();
		app.press('n');
		await app.waitFor(/^› manager-eu-west-1a/m);
		app.press('j');
		await app.waitFor(/^› worker-eu-west-1b-highmem-0042/m);
		app.press('G');
		const last = await app.waitFor(/^› worker-eu-west-1a-spot/m);
		assert.doesNotMatch(last, /^› manager-eu-west-1a/m);
	});
});

/** The Swarm pane's row formatters: services (filter, sort) and tasks as docker service ps shows them (issue 21). */
import assert from 'node:assert/strict';
import {DEFAULT_THEME as theme} from '../../source/ui/theme.js';
import {describe, it} from 'node:test';
import type {SwarmService, SwarmTask} from '../../source/model/swarm-types.js';
import {orderTasks} from '../../source/model/swarm-tasks.js';
import {matchesService, sortServices} from '../../source/ui/format/service-row.js';
import {taskCells} from '../../source/ui/format/task-row.js';

const NOW = Date.parse('2026-12-05T01:00:00Z');
const task = (fields: Partial<SwarmTask>): SwarmTask => ({
	id: 'task0000000000000000000001',
	serviceId: 's1',
	nodeId: 'node1',
	desiredState: 'running',
	state: 'running',
	message: 'started',
	updatedAt: '',
	createdAt: '2026-12-05T00:59:00Z',
	stateSince: '2026-12-05T00:59:56Z',
	...fields,
});
const hosts = new Map([['node1', 'vm']]);

describe('task rows', () => {
	it('show ID, name, node, desired and current state with its age, and the message', () => {
		const [row] = orderTasks([task({slot: 1})]);
		assert.deepEqual(
			taskCells(row!, 'web', hosts, NOW, theme).map(cell => cell.text),
			['task00000000', 'web.1', 'vm', 'Running', 'Running 4s ago', 'started'],
		);
	});

	it('mark an older task of the slot as history, and show the engine’s error instead of the message', () => {
		const rows = orderTasks([task({slot: 1, id: 'new', createdAt: '2026-12-05T00:59:30Z'}), task({slot: 1, id: 'old', state: 'failed', desiredState: 'shutdown', error: 'task: non-zero exit (1)'})]);
		const old = taskCells(rows[1]!, 'web', hosts, NOW, theme).map(cell => cell.text);
		assert.equal(old[1], ' \\_ web.1');
		assert.equal(old[4], 'Failed 4s ago');
		assert.equal(old[5], 'task: non-zero exit (1)');
	});

	it('name a global task by its node’s ID as docker service ps does, and a pending task without a node by a dash', () => {
		const [global] = orderTasks([task({})]);
		assert.deepEqual(taskCells(global!, 'agent', hosts, NOW, theme).slice(1, 3).map(cell => cell.text), ['agent.node1', 'vm']);
		const [pending] = orderTasks([task({slot: 2, nodeId: '', state: 'pending', desiredState: 'ready', message: 'pending task scheduling'})]);
		assert.deepEqual(taskCells(pending!, 'web', hosts, NOW, theme).map(cell => cell.text).slice(1, 5), ['web.2', '–', 'Ready', 'Pending 4s ago']);
	});
});

describe('service rows', () => {
	const service = (name: string, running: number, desired: number, mode = 'replicated'): SwarmService => ({id: `${name}-id`, name, mode, running, desired, image: `${name}:1`, ports: []});
	const all = [service('web', 3, 3), service('api', 0, 2), service('agent', 1, 1, 'global'), service('db', 1, 2)];

	it('sort by name, by replicas (the most missing first), by mode, and reversed', () => {
		assert.deepEqual(sortServices(all, 'name').map(s => s.name), ['agent', 'api', 'db', 'web']);
		assert.deepEqual(sortServices(all, 'replicas').map(s => s.name), ['api', 'db', 'agent', 'web']);
		assert.deepEqual(sortServices(all, 'mode').map(s => s.name), ['agent', 'api', 'db', 'web']);
		assert.deepEqual(sortServices(all, 'name', true).map(s => s.name), ['web', 'db', 'api', 'agent']);
	});

	it('filter by name or image in any case, or by ID prefix', () => {
		assert.deepEqual(all.filter(s => matchesService(s, 'WE')).map(s => s.name), ['web']);
		assert.deepEqual(all.filter(s => matchesService(s, 'db:1')).map(s => s.name), ['db']);
		assert.deepEqual(all.filter(s => matchesService(s, 'api-')).map(s => s.name), ['api']);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {compareTimestamps, orderTasks, taskCounts, type TaskFacts} from '../../source/model/swarm-tasks.js';

const task = (id: string, slot: number | undefined, createdAt: string, state = 'failed', nodeId = 'n1'): TaskFacts => ({id, slot, nodeId, state, desiredState: 'shutdown', createdAt});

describe('orderTasks', () => {
	it('lists every task as docker service ps does: by slot, the newest of each first, older ones as its history', () => {
		const rows = orderTasks([
			task('a', 2, '2026-12-05T00:00:01Z'),
			task('b', 1, '2026-12-05T00:00:01.5Z'),
			task('c', 1, '2026-12-05T00:00:03Z', 'running'),
			task('d', 10, '2026-12-05T00:00:00Z'),
			task('e', 2, '2026-12-05T00:00:01.45Z', 'pending'),
			task('f', 1, '2026-12-05T00:00:01.50001Z'),
		]);
		assert.deepEqual(
			rows.map(row => `${row.task.id}${row.isHistory ? ' (history)' : ''}`),
			['c', 'f (history)', 'b (history)', 'e', 'a (history)', 'd'],
		);
	});

	it('groups a global service’s tasks, which have no slot, by node', () => {
		const rows = orderTasks([task('x', undefined, '2026-12-05T00:00:01Z', 'running', 'n2'), task('y', undefined, '2026-12-05T00:00:02Z', 'running', 'n1'), task('z', undefined, '2026-12-05T00:00:00Z', 'failed', 'n1')]);
		assert.deepEqual(rows.map(row => [row.task.id, row.isHistory]), [['y', false], ['z', true], ['x', false]]);
	});

	it('compares timestamps with any number of fraction digits as instants', () => {
		assert.ok(compareTimestamps('2026-12-05T00:00:01.5Z', '2026-12-05T00:00:01.50001Z') < 0);
		assert.ok(compareTimestamps('2026-12-05T00:00:02Z', '2026-12-05T00:00:01.999999999Z') > 0);
		assert.equal(compareTimestamps('2026-12-05T00:00:01.1Z', '2026-12-05T00:00:01.100Z'), 0);
	});
});

describe('taskCounts', () => {
	it('says how many tasks there are, by state, in the order a task lives', () => {
		const states = ['failed', 'running', 'failed', 'pending', 'running', 'shutdown', 'running', 'failed', 'failed', 'failed'];
		assert.equal(taskCounts(states.map(state => ({state}))), '10 (3 running, 1 pending, 1 shutdown, 5 failed)');
		assert.equal(taskCounts([]), '0');
	});
});

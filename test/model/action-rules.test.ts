import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {allowedActions, isActionAllowed, planAction, removeNeedsForce, whyNot} from '../../source/model/action-rules.js';

describe('container action rules', () => {
	it('offers per state what the engine accepts', () => {
		assert.deepEqual([...allowedActions('created')].sort(), ['remove', 'restart', 'start']);
		assert.deepEqual([...allowedActions('running')].sort(), ['kill', 'pause', 'remove', 'restart', 'stop']);
		assert.deepEqual([...allowedActions('paused')].sort(), ['kill', 'remove', 'restart', 'stop', 'unpause']);
		assert.deepEqual([...allowedActions('exited')].sort(), ['remove', 'restart', 'start']);
		assert.deepEqual([...allowedActions('restarting')].sort(), ['kill', 'remove', 'restart', 'stop']);
		assert.deepEqual([...allowedActions('dead')], ['remove']);
		assert.deepEqual([...allowedActions('removing')], []);
		assert.equal(isActionAllowed('pause', 'paused'), false);
		assert.equal(isActionAllowed('unpause', 'running'), false);
		assert.equal(isActionAllowed('start', 'dead'), false);
	});

	it('forces removal only of containers that still run', () => {
		assert.equal(removeNeedsForce('running'), true);
		assert.equal(removeNeedsForce('paused'), true);
		assert.equal(removeNeedsForce('restarting'), true);
		assert.equal(removeNeedsForce('exited'), false);
		assert.equal(removeNeedsForce('created'), false);
	});

	it('splits marked containers into those acted on and those skipped, and says why', () => {
		const web = {name: 'web', state: 'running' as const};
		const db = {name: 'db', state: 'exited' as const};
		const job = {name: 'job', state: 'created' as const};
		const plan = planAction('stop', [web, db, job]);
		assert.deepEqual(plan.eligible, [web]);
		assert.deepEqual(plan.skipped, [db, job]);
		assert.equal(whyNot('stop', plan.skipped), '2 containers are exited/created: stop needs a running, paused or restarting container');
		assert.equal(whyNot('unpause', [web]), 'web is running: unpause needs a paused container');
		assert.equal(whyNot('start', []), '');
	});
});

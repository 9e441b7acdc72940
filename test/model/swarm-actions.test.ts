import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {nodeChangeRequest, parseLogDetails, parseReplicas} from '../../source/model/swarm-actions.js';

describe('parseReplicas', () => {
	it('takes a whole number of 0 or more, spaces around it allowed', () => {
		assert.deepEqual(parseReplicas('2'), {replicas: 2});
		assert.deepEqual(parseReplicas(' 0 '), {replicas: 0});
	});
	it('refuses anything else with one line', () => {
		for (const bad of ['', '-1', '1.5', 'two', '2x', '1e3', '99999999999999999999']) {
			const parsed = parseReplicas(bad);
			assert.ok('error' in parsed, bad);
			assert.doesNotMatch(parsed.error, /\n/);
		}
	});
});

describe('nodeChangeRequest', () => {
	const node = {id: 'abcdef1234567890', hostname: 'worker-1', role: 'manager', availability: 'active', status: 'ready'};
	it('names the node by hostname and short ID, dangerous', () => {
		const request = nodeChangeRequest(node, 'drain');
		assert.equal(request.title, 'Drain node worker-1 (abcdef123456)?');
		assert.deepEqual(request.targets, [{label: 'worker-1', id: 'abcdef123456', detail: 'manager · now active · ready'}]);
		assert.equal(request.verb, 'drain');
		assert.equal(request.isDangerous, true);
	});
	it('activating says so', () => {
		const request = nodeChangeRequest({...node, availability: 'drain'}, 'active');
		assert.equal(request.title, 'Activate node worker-1 (abcdef123456)?');
		assert.equal(request.verb, 'activate');
	});
});

describe('parseLogDetails', () => {
	it('reads the task and node and where the message starts', () => {
		const line = 'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 hello world';
		const details = parseLogDetails(line);
		assert.equal(details.taskId, 't1');
		assert.equal(details.nodeId, 'n1');
		assert.equal(line.slice(details.offset), 'hello world');
	});
	it('decodes query-escaped values', () => {
		assert.equal(parseLogDetails('com.docker.swarm.task.id=a%2Fb+c msg').taskId, 'a/b c');
	});
	it('leaves a line without details alone', () => {
		assert.deepEqual(parseLogDetails('plain text = here'), {offset: 0});
		assert.deepEqual(parseLogDetails('x=1'), {offset: 0});
	});
});

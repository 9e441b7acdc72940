import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {titleWithEngine} from '../../source/model/confirmations.js';
import {nodeChangeRequest, parseLogDetails, parseReplicas, scaleRequest} from '../../source/model/swarm-actions.js';

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

describe('nodeChangeRequest: what a drain stops (issue 21)', () => {
	const node = {id: 'abcdef1234567890', hostname: 'vm', role: 'manager', availability: 'active', status: 'ready'};
	it('on a single-node swarm says every task stops and has nowhere to go, naming the engine', () => {
		const request = nodeChangeRequest(node, 'drain', {taskServices: ['web', 'api', 'web'], otherReadyNodes: 0}, 'ctx28');
		assert.equal(titleWithEngine(request), 'Drain node vm (abcdef123456) on ctx28?');
		assert.deepEqual(request.notes, [
			'every task on vm stops: 3 tasks of 2 services (api, web)',
			'no other node can take them (vm is the only active node): they have nowhere to go, and those services are down until a node is active again',
			'a drained manager still manages the swarm',
		]);
	});
	it('with other nodes says they start there', () => {
		const request = nodeChangeRequest({...node, role: 'worker'}, 'drain', {taskServices: ['web'], otherReadyNodes: 2});
		assert.deepEqual(request.notes, ['every task on vm stops: 1 task of 1 service (web)', 'the swarm starts them again on the other 2 active nodes']);
	});
	it('still says every task stops when the tasks could not be read', () => {
		assert.equal(nodeChangeRequest(node, 'drain').notes?.[0], 'every task on vm stops');
	});
});

describe('scaleRequest (issue 21)', () => {
	const service = {id: '0123456789abcdef', name: 'web', replicas: 4, running: 4};
	it('asks before scaling to 0, naming the service, the engine and from → to', () => {
		const request = scaleRequest(service, 0, 'ctx28');
		assert.ok(request);
		assert.equal(titleWithEngine(request), 'Scale web (0123456789ab) from 4 to 0 replicas on ctx28?');
		assert.equal(request.isDangerous, true);
		assert.match(request.notes![0]!, /^every task of web stops/);
	});
	it('asks before scaling down by more than half, not by half or less, nor up', () => {
		assert.equal(scaleRequest(service, 1)?.title, 'Scale web (0123456789ab) from 4 to 1 replica?');
		assert.deepEqual(scaleRequest(service, 1)?.notes, ['3 tasks of web stop; 1 keeps running']);
		assert.equal(scaleRequest(service, 2), undefined);
		assert.equal(scaleRequest(service, 3), undefined);
		assert.equal(scaleRequest(service, 9), undefined);
		assert.equal(scaleRequest(service, 13), undefined, 'up by 9: no question');
		assert.equal(scaleRequest({...service, replicas: 0}, 0), undefined);
		assert.ok(scaleRequest({...service, replicas: 1}, 0));
	});
});

describe('scaleRequest: a large jump up asks too (a typo: 30 for 3)', () => {
	it('asks when 10 or more tasks start, to more than twice the count', () => {
		const request = scaleRequest({id: '0123456789abcdef', name: 'web', replicas: 3, running: 3}, 30);
		assert.equal(request?.title, 'Scale web (0123456789ab) from 3 to 30 replicas?');
		assert.deepEqual(request?.notes, ['27 new tasks of web start at once, 30 in all: check the count (3 now)']);
		assert.equal(request?.isDangerous, false);
		assert.equal(scaleRequest({id: 'x', name: 'web', replicas: 10, running: 10}, 20), undefined, 'doubling is no jump');
		assert.ok(scaleRequest({id: 'x', name: 'web', replicas: 0, running: 0}, 10));
		assert.equal(scaleRequest({id: 'x', name: 'web', replicas: 0, running: 0}, 9), undefined);
	});
});

describe('nodeChangeRequest: what an activation may start', () => {
	it('names the tasks that wait for a node', () => {
		const node = {id: 'abcdef1234567890', hostname: 'vm', role: 'manager', availability: 'drain', status: 'ready'};
		assert.deepEqual(nodeChangeRequest(node, 'active', {taskServices: [], otherReadyNodes: 0, waitingServices: ['web', 'web', 'api']}).notes, [
			'3 pending tasks of 2 services (api, web) wait for a node: they may start on vm at once',
			'new tasks may be placed on it again; running ones are not moved back',
		]);
		assert.deepEqual(nodeChangeRequest(node, 'active').notes, ['new tasks may be placed on it again; running ones are not moved back']);
	});
});

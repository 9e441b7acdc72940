import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {toContainerSummary} from '../../source/docker/engine.js';
import {confirmedTargets, planAction} from '../../source/model/action-rules.js';
import {describeStateAnswer, readContainerState} from '../../source/model/container-state.js';
import {isStoppedState} from '../../source/model/prune-plan.js';
import {stateText, sortContainers} from '../../source/ui/format/container-row.js';
import {DEFAULT_THEME, makeTheme, stateMarker} from '../../source/ui/theme.js';
import type {ContainerState} from '../../source/model/types.js';

describe('a container state the engine names that dockdash does not know (issue 17)', () => {
	it('reads the known states as they are, and anything else as unknown with what the engine said', () => {
		for (const state of ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']) assert.deepEqual(readContainerState(state), {state});
		assert.deepEqual(readContainerState('zombie'), {state: 'unknown', stateAnswer: '"zombie"'});
		assert.deepEqual(readContainerState(undefined), {state: 'unknown', stateAnswer: 'no state'});
		assert.deepEqual(readContainerState('Running'), {state: 'unknown', stateAnswer: '"Running"'});
		assert.equal(describeStateAnswer(null), 'null');
		assert.equal(describeStateAnswer(''), 'an empty state');
		assert.equal(describeStateAnswer(5), 'a number (5)');
		assert.equal(describeStateAnswer(true), 'a boolean (true)');
		assert.equal(describeStateAnswer({Status: 'running'}), 'an object');
		assert.equal(describeStateAnswer(['running']), 'a list');
	});

	it('says what the engine answered sanitized and cut short', () => {
		assert.equal(describeStateAnswer('\u001B]0;pwned\u0007up'), '"␛]0;pwned␇up"');
		const long = describeStateAnswer('z'.repeat(10_000));
		assert.equal(long, `"${'z'.repeat(40)}…"`);
		// A cut never splits a character in two.
		assert.equal(describeStateAnswer('😀'.repeat(50)), `"${'😀'.repeat(40)}…"`);
	});

	it('a list entry without a State, or with one dockdash does not know, is unknown, never dead', () => {
		const entry = (state: unknown) => ({Id: 'a'.repeat(64), Names: ['/odd'], State: state, Status: 'Up 5 minutes'});
		assert.deepEqual(pick(toContainerSummary(entry('zombie'))), {state: 'unknown', stateAnswer: '"zombie"'});
		const missing = toContainerSummary({Id: 'a'.repeat(64), Names: ['/odd']});
		assert.deepEqual(pick(missing), {state: 'unknown', stateAnswer: 'no state'});
		assert.deepEqual(pick(toContainerSummary(entry(7))), {state: 'unknown', stateAnswer: 'a number (7)'});
		// Positive control: a known state carries no answer.
		assert.deepEqual(pick(toContainerSummary(entry('running'))), {state: 'running', stateAnswer: undefined});
	});

	it('has a marker and colour of its own, is not stopped for a prune, and sorts after every known state', () => {
		const others = (['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const).map(state => DEFAULT_THEME.state[state]);
		assert.equal(stateMarker('unknown'), '?');
		assert.ok(!others.some(style => style.marker === '?' || style.color === DEFAULT_THEME.state.unknown.color));
		assert.equal(makeTheme('monochrome').state.unknown.color, undefined);
		assert.equal(isStoppedState('unknown'), false);
		assert.equal(stateText({...container('x', 'unknown')}), '? unknown');
		const sorted = sortContainers([container('a', 'unknown'), container('b', 'dead'), container('c', 'running')], 'state');
		assert.deepEqual(sorted.map(row => row.name), ['c', 'b', 'a']);
	});

	it('offers every action and leaves the judging to the engine, and a remove of one is sent without force', () => {
		const odd = {id: '1', name: 'odd', state: 'unknown' as const};
		for (const action of ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'remove'] as const) assert.deepEqual(planAction(action, [odd]).eligible, [odd]);
		assert.deepEqual(confirmedTargets([odd]), [{id: '1', force: false}]);
	});
});

const pick = (summary: {state: ContainerState; stateAnswer?: string}) => ({state: summary.state, stateAnswer: summary.stateAnswer});

function container(name: string, state: ContainerState) {
	return {id: name, name, image: 'busybox', imageId: '', command: '', state, status: '', created: 0, ports: [], labels: {}};
}

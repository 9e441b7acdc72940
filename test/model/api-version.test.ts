import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {apiVersionNotice, headerNotice, isApiAtLeast, parseApiVersion} from '../../source/model/api-version.js';

describe('the engine API version, read as untrusted (issue 17)', () => {
	it('reads MAJOR.MINOR and nothing else', () => {
		assert.deepEqual(parseApiVersion('1.43'), {major: 1, minor: 43});
		for (const text of ['banana', '1', '1.4x', '', ' 1.43', '1.43.0', '99999.1', undefined]) assert.equal(parseApiVersion(text), undefined, String(text));
	});

	it('an unreadable version is never new enough (it read as new enough when split on dots)', () => {
		assert.equal(isApiAtLeast('1.39', 1, 39), true);
		assert.equal(isApiAtLeast('2.0', 1, 39), true);
		assert.equal(isApiAtLeast('1.38', 1, 39), false);
		assert.equal(isApiAtLeast('banana', 1, 39), false);
		assert.equal(isApiAtLeast('?', 1, 39), false);
	});

	it('one line for an old or unreadable version, none for a known one', () => {
		assert.equal(apiVersionNotice('1.41'), undefined);
		assert.equal(apiVersionNotice('1.51'), undefined);
		assert.equal(apiVersionNotice('1.12'), 'version: engine API 1.12 is older than 1.41, the oldest dockdash knows: answers may be misread; upgrade the engine');
		assert.match(apiVersionNotice('banana')!, /^version: the engine's API version "banana" is not a version/);
		assert.match(headerNotice('list containers: 1 entry left out (no ID)', '1.12')!, /^version: engine API 1.12 .*; list containers: 1 entry left out \(no ID\)$/);
		assert.equal(headerNotice(undefined, '1.43'), undefined);
	});
});

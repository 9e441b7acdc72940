import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {DEFAULT_EXEC_SHELLS, describeExecShells, parseExecShells} from '../../source/model/exec-shells.js';

describe('exec shell list', () => {
	it('defaults to bash, then sh', () => {
		assert.deepEqual(parseExecShells(undefined), [['bash'], ['sh']]);
		assert.deepEqual(DEFAULT_EXEC_SHELLS, [['bash'], ['sh']]);
	});

	it('reads a comma-separated list of commands with their arguments, in order', () => {
		assert.deepEqual(parseExecShells(' zsh ,bash  -l, /bin/ash'), [['zsh'], ['bash', '-l'], ['/bin/ash']]);
	});

	it('falls back to the default for an empty or blank value instead of trying nothing', () => {
		assert.deepEqual(parseExecShells(''), [['bash'], ['sh']]);
		assert.deepEqual(parseExecShells(' , ,'), [['bash'], ['sh']]);
	});

	it('names the list as a user wrote it', () => {
		assert.equal(describeExecShells([['bash', '-l'], ['sh']]), 'bash -l, sh');
	});

	it('returns a fresh list, so a caller cannot change the default', () => {
		const list = parseExecShells(undefined);
		list[0]!.push('-x');
		assert.deepEqual(DEFAULT_EXEC_SHELLS[0], ['bash']);
	});
});

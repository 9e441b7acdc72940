import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {listContexts} from '../../source/docker/contexts.js';

const config = mkdtempSync(path.join(tmpdir(), 'dockdash-contexts-'));
after(() => rmSync(config, {recursive: true, force: true}));

// The contexts are written by the real docker CLI, so the test reads its format, not ours.
function createContext(name: string, host: string): void {
	execFileSync('docker', ['context', 'create', name, '--docker', `host=${host}`], {env: {...process.env, DOCKER_CONFIG: config}, stdio: 'ignore'});
}

describe('listContexts', () => {
	it('lists "default" and every context the docker CLI created, each with its endpoint', () => {
		createContext('zeta', 'ssh://deploy@prod-1');
		createContext('alpha', 'unix:///tmp/dockdash-engine/docker.sock');
		const contexts = listContexts({DOCKER_CONFIG: config, HOME: config});
		assert.deepEqual(contexts.map(context => [context.name, context.endpoint?.url]), [
			['default', 'unix:///var/run/docker.sock'],
			['alpha', 'unix:///tmp/dockdash-engine/docker.sock'],
			['zeta', 'ssh://deploy@prod-1'],
		]);
	});
});

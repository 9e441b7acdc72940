import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {contextsBeside, listContexts} from '../../source/docker/contexts.js';
import {parseHost} from '../../source/docker/endpoint.js';

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

describe('contextsBeside (--all-contexts)', () => {
	it('leaves out the contexts that point at the chosen engine, naming it after the first, and the ones it cannot read', () => {
		const own = mkdtempSync(path.join(tmpdir(), 'dockdash-contexts-beside-'));
		try {
			const env = {DOCKER_CONFIG: own, HOME: own};
			for (const [name, host] of [['here', 'unix:///tmp/dockdash-chosen/docker.sock'], ['here-too', 'unix:///tmp/dockdash-chosen/docker.sock'], ['spare', 'ssh://deploy@prod-2']]) {
				execFileSync('docker', ['context', 'create', name!, '--docker', `host=${host}`], {env: {...process.env, ...env}, stdio: 'ignore'});
			}
			// A context folder whose endpoint is not one dockdash can use.
			mkdirSync(path.join(own, 'contexts', 'meta', 'broken'), {recursive: true});
			writeFileSync(path.join(own, 'contexts', 'meta', 'broken', 'meta.json'), JSON.stringify({Name: 'broken', Endpoints: {docker: {Host: 'ftp://nowhere'}}}));
			const beside = contextsBeside(parseHost('unix:///tmp/dockdash-chosen/docker.sock', '--host'), env);
			assert.deepEqual(beside.names, ['here', 'default', 'spare']);
			assert.deepEqual(beside.others.map(endpoint => endpoint.url), ['unix:///var/run/docker.sock', 'ssh://deploy@prod-2']);
			assert.equal(beside.problems.length, 1);
			assert.match(beside.problems[0]!, /^broken: /);
		} finally {
			rmSync(own, {recursive: true, force: true});
		}
	});
});

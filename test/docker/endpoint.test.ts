import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {EndpointError, parseHost, resolveEndpoint} from '../../source/docker/endpoint.js';

function fakeHome(context?: {name: string; host: string; current?: boolean}): string {
	const home = mkdtempSync(path.join(tmpdir(), 'dockdash-home-'));
	if (context) {
		const digest = createHash('sha256').update(context.name).digest('hex');
		const dir = path.join(home, '.docker', 'contexts', 'meta', digest);
		mkdirSync(dir, {recursive: true});
		writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({Name: context.name, Endpoints: {docker: {Host: context.host}}}));
		if (context.current) writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({currentContext: context.name}));
	}
	return home;
}

describe('engine selection, as the docker CLI does it', () => {
	it('defaults to /var/run/docker.sock', () => {
		const endpoint = resolveEndpoint({env: {}, home: fakeHome()});
		assert.equal(endpoint.url, 'unix:///var/run/docker.sock');
		assert.equal(endpoint.source, 'default');
	});

	it('takes --host over DOCKER_HOST, and DOCKER_HOST over the current context', () => {
		const home = fakeHome({name: 'remote', host: 'tcp://10.0.0.9:2375', current: true});
		assert.equal(resolveEndpoint({env: {}, home}).url, 'tcp://10.0.0.9:2375');
		assert.equal(resolveEndpoint({env: {DOCKER_HOST: 'unix:///run/a.sock'}, home}).url, 'unix:///run/a.sock');
		assert.equal(resolveEndpoint({hostFlag: 'unix:///run/b.sock', env: {DOCKER_HOST: 'unix:///run/a.sock'}, home}).url, 'unix:///run/b.sock');
	});

	it('reads contexts from --context and DOCKER_CONTEXT', () => {
		const home = fakeHome({name: 'other', host: 'unix:///run/other.sock'});
		assert.equal(resolveEndpoint({contextFlag: 'other', env: {}, home}).url, 'unix:///run/other.sock');
		assert.equal(resolveEndpoint({env: {DOCKER_CONTEXT: 'other'}, home}).url, 'unix:///run/other.sock');
		assert.equal(resolveEndpoint({env: {DOCKER_CONTEXT: 'default'}, home}).url, 'unix:///var/run/docker.sock');
	});

	it('refuses bad input with one line that names the fix', () => {
		const home = fakeHome();
		const cases: Array<[() => unknown, RegExp]> = [
			[() => resolveEndpoint({contextFlag: 'nope', env: {}, home}), /context "nope" does not exist: list contexts with "docker context ls"/],
			[() => resolveEndpoint({hostFlag: 'a', contextFlag: 'b', env: {}, home}), /cannot be used together/],
			[() => parseHost('foo://x', '--host'), /unknown scheme foo: use unix:\/\/, tcp:\/\/ or ssh:\/\//],
			[() => parseHost('not a host', '--host'), /not an engine address/],
			[() => parseHost('', 'DOCKER_HOST'), /is empty/],
			[() => parseHost('tcp://h:2376', 'DOCKER_HOST', {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent'}), /TLS file \/nonexistent\/ca.pem is missing/],
		];
		for (const [run, message] of cases) {
			assert.throws(run, (error: unknown) => error instanceof EndpointError && message.test(error.message) && !error.message.includes('\n'));
		}
	});

	it('parses tcp and ssh addresses with their default ports', () => {
		const tcp = parseHost('tcp://example:2375', 'x');
		assert.deepEqual([tcp.transport, tcp.transport === 'tcp' && tcp.port], ['tcp', 2375]);
		const ssh = parseHost('ssh://me@box:2222', 'x');
		assert.ok(ssh.transport === 'ssh' && ssh.user === 'me' && ssh.host === 'box' && ssh.port === 2222);
		assert.equal(parseHost('/run/x.sock', 'x').url, 'unix:///run/x.sock');
	});
});

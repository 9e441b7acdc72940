import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {takeTlsFlags} from '../../source/commands/cli-error.js';
import {EndpointError, parseHost, resolveEndpoint, tlsFromFlagsAndEnv} from '../../source/docker/endpoint.js';

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
			[() => resolveEndpoint({env: {DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent'}, home}), /TLS file \/nonexistent\/ca.pem is missing/],
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

	it('reads host:port as tcp and tcp://host as port 2375, with or without TLS, as the docker CLI parses them', () => {
		assert.equal(parseHost('10.0.0.5:2376', 'x').url, 'tcp://10.0.0.5:2376');
		assert.equal(parseHost('tcp://10.0.0.5', 'x', {verify: true}).url, 'tcp://10.0.0.5:2375');
		assert.equal(parseHost('./run/d.sock', 'x').transport, 'unix');
	});

	it('TLS asked for with no host is tcp://localhost:2376, as in the docker CLI', () => {
		const home = fakeHome();
		const certPath = mkdtempSync(path.join(tmpdir(), 'dockdash-certs-'));
		writeFileSync(path.join(certPath, 'ca.pem'), 'x');
		const endpoint = resolveEndpoint({env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath}, home});
		assert.ok(endpoint.transport === 'tcp' && endpoint.url === 'tcp://localhost:2376' && endpoint.tls?.verify === true && endpoint.tls.ca === path.join(certPath, 'ca.pem'));
		// A socket or ssh ignores TLS, as the docker CLI does.
		assert.equal(resolveEndpoint({env: {DOCKER_HOST: 'unix:///run/a.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath}, home}).transport, 'unix');
	});

	it('TLS from flags and variables: verify unless asked by name, the client certificate only as a pair', () => {
		const home = fakeHome();
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-certs-'));
		for (const name of ['ca.pem', 'cert.pem']) writeFileSync(path.join(dir, name), 'x');
		assert.equal(tlsFromFlagsAndEnv({}, {DOCKER_CERT_PATH: dir}, home), undefined);
		assert.deepEqual(tlsFromFlagsAndEnv({}, {DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: dir}, home), {verify: true, ca: path.join(dir, 'ca.pem')});
		assert.deepEqual(tlsFromFlagsAndEnv({tls: true}, {DOCKER_CERT_PATH: dir}, home), {verify: false, ca: path.join(dir, 'ca.pem'), insecureBy: '--tls'});
		assert.deepEqual(tlsFromFlagsAndEnv({tlsverify: false}, {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir}, home)?.insecureBy, '--tlsverify=false');
		assert.deepEqual(tlsFromFlagsAndEnv({}, {DOCKER_TLS: '1', DOCKER_CERT_PATH: dir}, home)?.insecureBy, 'DOCKER_TLS');
		// The CLI trims one pair of quotes around a flag's path, and an empty --tlscacert means the system's roots.
		assert.deepEqual(tlsFromFlagsAndEnv({tlsverify: true, tlscacert: `"${path.join(dir, 'ca.pem')}"`}, {}, home), {verify: true, ca: path.join(dir, 'ca.pem')});
		assert.deepEqual(tlsFromFlagsAndEnv({tlsverify: true, tlscacert: ''}, {}, home), {verify: true});
		// DOCKER_CONFIG is where the CLI looks without DOCKER_CERT_PATH.
		assert.throws(() => tlsFromFlagsAndEnv({tlsverify: true}, {DOCKER_CONFIG: '/nonexistent/cfg'}, home), /TLS file \/nonexistent\/cfg\/ca\.pem is missing/);
	});

	it('takes the TLS flags out of argv as pflag reads them', () => {
		assert.deepEqual(takeTlsFlags(['-H', 'tcp://h:1', '--tlsverify', '--tlscacert', '/a', '--tlscert=/b', '--read-only']), {
			tlsFlags: {tlsverify: true, tlscacert: '/a', tlscert: '/b'},
			rest: ['-H', 'tcp://h:1', '--read-only'],
		});
		assert.deepEqual(takeTlsFlags(['--tlsverify=false', '--tls=1']).tlsFlags, {tlsverify: false, tls: true});
		assert.throws(() => takeTlsFlags(['--tlsverify=maybe']), /--tlsverify=maybe: give true or false/);
		assert.throws(() => takeTlsFlags(['--tlskey']), /--tlskey needs a file path/);
	});
});


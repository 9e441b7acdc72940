/**
 * tcp:// with TLS client certificates against a real dockerd: a private engine
 * listening on 127.0.0.1 with --tlsverify and certificates made in the test.
 */
import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import {createEngine} from '../../source/docker/engine.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {describeEngineError} from '../../source/docker/errors.js';
import {BUSYBOX, TEST_LABEL} from '../support/engine.js';
import {freePort} from '../support/free-port.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';
import {makeTlsCerts, type TlsCerts} from '../support/tls-certs.js';

let certs: TlsCerts;
let engine: PrivateEngine | undefined;
let address = '';
const sessions: TerminalSession[] = [];

before(async () => {
	certs = makeTlsCerts();
	const port = await freePort();
	address = `tcp://127.0.0.1:${port}`;
	engine = await startPrivateEngine(
		'tls',
		`--host ${address} --tlsverify --tlscacert ${certs.server.ca} --tlscert ${certs.server.cert} --tlskey ${certs.server.key}`,
	);
});

after(async () => {
	for (const session of sessions) session.stop();
	await engine?.purge();
	if (certs) rmSync(certs.dir, {recursive: true, force: true});
});

function tlsEngine(certPath: string) {
	const endpoint = resolveEndpoint({env: {DOCKER_HOST: address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath}});
	return createEngine(endpoint);
}

describe('tcp:// with TLS client certificates', () => {
	it('connects with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, and lists what the engine has', async () => {
		const id = await engine!.docker('create', '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'true');
		const adapter = tlsEngine(certs.clientDir);
		assert.equal(adapter.endpoint.transport, 'tcp');
		const version = await adapter.version();
		assert.match(version.apiVersion, /^1\.\d+$/);
		const listed = await adapter.listContainers();
		assert.deepEqual(
			listed.map(c => c.id),
			(await engine!.docker('ps', '-a', '-q', '--no-trunc')).split('\n').filter(Boolean),
		);
		assert.ok(listed.some(c => c.id === id));
	});

	it('a CA that did not sign the server fails as one line naming TLS and the fix', async () => {
		const adapter = tlsEngine(certs.wrongCaDir);
		const error = await adapter.version().then(() => undefined, (error_: unknown) => error_);
		assert.ok(error, 'the wrong CA must not be accepted');
		const line = describeEngineError(error, adapter.endpoint);
		assert.match(line, new RegExp(`^TLS with ${address} failed \\([A-Z_]+\\): check ca\\.pem, cert\\.pem and key\\.pem in DOCKER_CERT_PATH$`));
	});

	it('the dashboard connects over TLS in a real terminal', async () => {
		const session = startCli([], {columns: 140, env: {DOCKER_HOST: address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir}});
		sessions.push(session);
		await session.waitForText('● connected', 20_000);
		assert.match(session.screen(), new RegExp(address.replace(/\./g, '\\.')));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

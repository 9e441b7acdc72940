/**
 * tcp:// with TLS against a real dockerd: a private engine listening on
 * 127.0.0.1 with --tlsverify and certificates made in the test, and a man in
 * the middle on loopback that presents a server certificate from another CA
 * and relays to that engine (issue 21). TLS is chosen by the docker CLI's rules:
 * no combination of variables, flags or contexts may connect without verifying
 * unless the user asked for it by name, and then the header says so.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {createEngine} from '../../source/docker/engine.js';
import {type EndpointInputs, isUnverifiedTls, resolveEndpoint} from '../../source/docker/endpoint.js';
import {describeEngineError} from '../../source/docker/errors.js';
import {BUSYBOX, TEST_LABEL} from '../support/engine.js';
import {freePort} from '../support/free-port.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';
import {makeTlsCerts, type TlsCerts} from '../support/tls-certs.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {startMitm, type Mitm} from '../support/tls-mitm.js';

const execFileAsync = promisify(execFile);

let certs: TlsCerts;
let engine: PrivateEngine | undefined;
let mitm: Mitm | undefined;
let address = '';
/** A HOME with no ~/.docker certificates, and a DOCKER_CONFIG with the test's contexts. */
let home = '';
let dockerConfig = '';
const sessions: TerminalSession[] = [];

before(async () => {
	certs = makeTlsCerts();
	const port = await freePort();
	address = `tcp://127.0.0.1:${port}`;
	engine = await startPrivateEngine(
		'tls',
		`--host ${address} --tlsverify --tlscacert ${certs.server.ca} --tlscert ${certs.server.cert} --tlskey ${certs.server.key}`,
	);
	const client = {cert: path.join(certs.clientDir, 'cert.pem'), key: path.join(certs.clientDir, 'key.pem')};
	mitm = await startMitm({host: '127.0.0.1', port, ca: certs.server.ca, ...client}, certs.rogue);
	home = path.join(certs.dir, 'home');
	dockerConfig = path.join(certs.dir, 'docker-config');
	mkdirSync(home);
	mkdirSync(dockerConfig);
	// Contexts made by the docker CLI itself, so their store is laid out as it lays it out.
	const ca = path.join(certs.clientDir, 'ca.pem');
	const context = async (name: string, docker: string) => execFileAsync('docker', ['--config', dockerConfig, 'context', 'create', name, '--docker', docker]);
	await context('tls-engine', `host=${address},ca=${ca},cert=${client.cert},key=${client.key}`);
	await context('tls-mitm', `host=${mitm.address},ca=${ca},cert=${client.cert},key=${client.key}`);
	await context('skip-mitm', `host=${mitm.address},cert=${client.cert},key=${client.key},skip-tls-verify=true`);
	await context('plain-engine', `host=${address}`);
});

after(async () => {
	for (const session of sessions) session.stop();
	await mitm?.close();
	await engine?.purge();
	if (certs) rmSync(certs.dir, {recursive: true, force: true});
});

function tlsEngine(certPath: string) {
	const endpoint = resolveEndpoint({env: {DOCKER_HOST: address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath}});
	return createEngine(endpoint);
}

type Outcome = 'verified' | 'unverified' | 'refused' | 'wants TLS' | 'TLS failed' | 'closed';

/** What happens when dockdash asks the engine at `host` for its version with these inputs. */
async function outcomeOf(host: string | undefined, inputs: EndpointInputs): Promise<{outcome: Outcome; line: string}> {
	const env = {HOME: home, ...(host ? {DOCKER_HOST: host} : {}), ...inputs.env};
	let endpoint;
	try {
		endpoint = resolveEndpoint({...inputs, env, home});
	} catch (error) {
		return {outcome: 'refused', line: (error as Error).message};
	}
	try {
		await createEngine(endpoint, {requestTimeoutMs: 10_000}).version();
	} catch (error) {
		const line = describeEngineError(error, endpoint);
		if (/ wants TLS/.test(line)) return {outcome: 'wants TLS', line};
		if (/^TLS with .* failed \(/.test(line)) return {outcome: 'TLS failed', line};
		if (/closed by the other side/.test(line)) return {outcome: 'closed', line};
		throw new Error(`unexpected failure: ${line}`);
	}
	assert.equal(endpoint.transport, 'tcp');
	return {outcome: isUnverifiedTls(endpoint) ? 'unverified' : 'verified', line: ''};
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
		assert.doesNotMatch(session.screen(), /TLS unverified/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

describe('TLS by the docker CLI rules, against the engine and a man in the middle (issue 21)', () => {
	// Each row: the inputs, then what happens against the real engine and against the man in the middle.
	// Checked by hand against the docker CLI 28.2 in the same shell: it connects, and fails, in the same cases.
	const cert = () => certs.clientDir;
	const files = () => ({tlscacert: path.join(cert(), 'ca.pem'), tlscert: path.join(cert(), 'cert.pem'), tlskey: path.join(cert(), 'key.pem')});
	const rows: Array<[string, () => EndpointInputs, Outcome, Outcome]> = [
		['DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH', () => ({env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: cert()}}), 'verified', 'TLS failed'],
		['DOCKER_TLS_VERIFY=0 still verifies (any non-empty value does)', () => ({env: {DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: cert()}}), 'verified', 'TLS failed'],
		['DOCKER_TLS_VERIFY=false still verifies', () => ({env: {DOCKER_TLS_VERIFY: 'false', DOCKER_CERT_PATH: cert()}}), 'verified', 'TLS failed'],
		['DOCKER_CERT_PATH alone is plain HTTP', () => ({env: {DOCKER_CERT_PATH: cert()}}), 'wants TLS', 'closed'],
		['no TLS variable at all is plain HTTP', () => ({}), 'wants TLS', 'closed'],
		['--tlsverify with DOCKER_CERT_PATH', () => ({env: {DOCKER_CERT_PATH: cert()}, tlsFlags: {tlsverify: true}}), 'verified', 'TLS failed'],
		['--tlsverify with --tlscacert, --tlscert, --tlskey', () => ({tlsFlags: {tlsverify: true, ...files()}}), 'verified', 'TLS failed'],
		['--tlsverify with a CA that did not sign the engine', () => ({env: {DOCKER_CERT_PATH: certs.wrongCaDir}, tlsFlags: {tlsverify: true}}), 'TLS failed', 'verified'],
		['--tls asks for no verification by name', () => ({env: {DOCKER_CERT_PATH: cert()}, tlsFlags: {tls: true}}), 'unverified', 'unverified'],
		['DOCKER_TLS=1 asks for no verification by name', () => ({env: {DOCKER_TLS: '1', DOCKER_CERT_PATH: cert()}}), 'unverified', 'unverified'],
		['--tlsverify=false over DOCKER_TLS_VERIFY=1', () => ({env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: cert()}, tlsFlags: {tlsverify: false}}), 'unverified', 'unverified'],
		['--tls with no ca.pem anywhere is refused, as the CLI refuses it', () => ({tlsFlags: {tls: true}}), 'refused', 'refused'],
		['--tlsverify with a missing --tlscacert is refused', () => ({tlsFlags: {tlsverify: true, tlscacert: '/nonexistent/ca.pem'}}), 'refused', 'refused'],
	];
	for (const [name, inputs, atEngine, atMitm] of rows) {
		it(name, async () => {
			const engineResult = await outcomeOf(address, inputs());
			const mitmResult = await outcomeOf(mitm!.address, inputs());
			assert.deepEqual([engineResult.outcome, mitmResult.outcome], [atEngine, atMitm], `${engineResult.line} | ${mitmResult.line}`);
			for (const {line} of [engineResult, mitmResult]) assert.ok(!line.includes('\n'), line);
		});
	}

	it("contexts carry their own TLS: verified with their ca.pem, unverified only with skip-tls-verify, plain without TLS files", async () => {
		const viaContext = async (name: string, env: NodeJS.ProcessEnv = {}) => outcomeOf(undefined, {contextFlag: name, env: {DOCKER_CONFIG: dockerConfig, ...env}});
		assert.equal((await viaContext('tls-engine')).outcome, 'verified');
		const throughMitm = await viaContext('tls-mitm');
		assert.equal(throughMitm.outcome, 'TLS failed');
		assert.match(throughMitm.line, /check the TLS files of context "tls-mitm" \(docker context inspect tls-mitm\)$/);
		assert.equal((await viaContext('skip-mitm')).outcome, 'unverified');
		// The environment's TLS variables do not apply to a context: plain HTTP, and the line says how to give the context TLS.
		const plain = await viaContext('plain-engine', {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir});
		assert.equal(plain.outcome, 'wants TLS');
		assert.equal(plain.line, `${address} wants TLS, and context "plain-engine" has no TLS files: docker context update plain-engine --docker "host=${address},ca=CA.pem,cert=CERT.pem,key=KEY.pem"`);
	});

	it("a name the engine's certificate was not made for fails in one line that says so", async () => {
		const byName = address.replace('127.0.0.1', 'localhost');
		const endpoint = resolveEndpoint({env: {DOCKER_HOST: byName, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir}, home});
		const error = await createEngine(endpoint, {requestTimeoutMs: 10_000}).version().then(() => undefined, (error_: unknown) => error_);
		assert.ok(error, 'the certificate is for 127.0.0.1 only');
		assert.equal(describeEngineError(error, endpoint), `TLS with ${byName} failed (ERR_TLS_CERT_ALTNAME_INVALID): the engine's certificate is not for localhost; use the name or address it was made for`);
	});

	it('plain tcp to the TLS port says in one line that the engine wants TLS and what gives it', async () => {
		const session = startCli([], {columns: 200, env: {DOCKER_HOST: address, DOCKER_CERT_PATH: certs.clientDir, HOME: home}});
		sessions.push(session);
		assert.equal(await session.waitForExit(20_000), 1);
		const said = session.screen().split('\n').filter(line => line.startsWith('dockdash:'));
		assert.deepEqual(said, [
			`dockdash: ${address} wants TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (the folder of ca.pem, cert.pem, key.pem), or give --tlsverify; DOCKER_CERT_PATH alone is plain HTTP`,
		]);
	});

	it('DOCKER_TLS_VERIFY=0 against the man in the middle: the dashboard refuses it in one line and never opens', async () => {
		const session = startCli([], {columns: 200, env: {DOCKER_HOST: mitm!.address, DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: certs.clientDir, HOME: home}});
		sessions.push(session);
		assert.equal(await session.waitForExit(20_000), 1);
		const said = session.screen().split('\n').filter(line => line.startsWith('dockdash:'));
		assert.equal(said.length, 1, session.screen());
		assert.match(said[0]!, /^dockdash: TLS with tcp:\/\/127\.0\.0\.1:\d+ failed \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): check ca\.pem, cert\.pem and key\.pem in DOCKER_CERT_PATH$/);
		assert.doesNotMatch(session.screen(), /connected/);
	});

	it('--tls through the man in the middle connects because it was asked for, and the header says TLS unverified in red', async () => {
		const session = startCli(['--tls'], {columns: 160, env: {DOCKER_HOST: mitm!.address, DOCKER_CERT_PATH: certs.clientDir, HOME: home}});
		sessions.push(session);
		await session.waitForText('● connected', 20_000);
		const header = session.styledScreen().split('\n')[0]!;
		// Red (SGR 31) and bold, right after the address.
		assert.match(header, new RegExp(`${mitm!.address.replace(/\./g, '\\.')}(\\u001B\\[[\\d;]*m)*\\u001B\\[(?:[\\d;]*;)?31(?:;[\\d;]*)?m(\\u001B\\[[\\d;]*m)* TLS unverified`), JSON.stringify(header));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('several engines over --tls: the Engines pane marks each one TLS unverified', async () => {
		const session = startCli(['--tls', '-H', mitm!.address, '-H', address], {columns: 160, rows: 30, env: {DOCKER_CERT_PATH: certs.clientDir, HOME: home}});
		sessions.push(session);
		// With several engines the header shows each one's state and Containers counts those that answer (issue 14).
		await session.waitForText(/2 of 2 engines/, 20_000);
		session.press(String(PANES.findIndex(pane => pane.id === 'engines') + 1));
		const screen = await session.waitForText(/Engines 2 · 2 connected/, 20_000);
		const marked = screen.split('\n').filter(line => /^● \S+ TLS unverified · \d+ containers?/.test(line));
		assert.equal(marked.length, 2, screen);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('dockdash prune --tls through the man in the middle warns on stderr that TLS is unverified', async () => {
		const run = await execFileAsync(process.execPath, ['dist/cli.js', 'prune', '--containers', '--dry-run', '--tls', '-H', mitm!.address], {env: {PATH: process.env['PATH'], HOME: home, DOCKER_CERT_PATH: certs.clientDir}}).catch((error: {stdout: string; stderr: string; code: number}) => error);
		assert.equal(
			run.stderr.split('\n')[0],
			`dockdash: TLS unverified: ${mitm!.address} is not checked against a CA (--tls); anyone on the path can pose as it`,
		);
		// Without --tls the same command refuses the man in the middle.
		const refused = await execFileAsync(process.execPath, ['dist/cli.js', 'prune', '--containers', '--dry-run', '--tlsverify', '-H', mitm!.address], {env: {PATH: process.env['PATH'], HOME: home, DOCKER_CERT_PATH: certs.clientDir}}).catch((error: {stdout: string; stderr: string; code: number}) => error);
		assert.match(refused.stderr, /TLS with tcp:\/\/127\.0\.0\.1:\d+ failed \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
	});

	it('https:// is no engine address, as for the docker CLI: it does not stand for TLS nobody verifies', async () => {
		const session = startCli(['-H', mitm!.address.replace('tcp:', 'https:')], {columns: 200, env: {HOME: home}});
		sessions.push(session);
		assert.equal(await session.waitForExit(20_000), 1);
		assert.match(session.screen(), /dockdash: --host "https:\/\/127\.0\.0\.1:\d+": the docker CLI has no https:\/\/ addresses; use tcp:\/\/127\.0\.0\.1:\d+ \(with --tlsverify or DOCKER_TLS_VERIFY=1 for TLS\)/);
	});
});

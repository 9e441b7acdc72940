/**
 * The compose CLI adapter (issue 14): which engine and project compose is pointed at, the stack named
 * on the command line, and a real `docker compose config` read through Debian's Compose v2 plugin.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {composeCommand, createComposeCli, endpointEnvironment, stackSourceFromFlags} from '../../source/process/compose-cli.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dd-compose-cli-'));
const config = path.join(work, 'docker-config');
after(() => rmSync(work, {recursive: true, force: true}));
before(async () => {
	await promisify(execFile)('bash', ['scripts/engine.sh', 'plugins', config]);
});

const unix = {transport: 'unix' as const, socketPath: '/tmp/b.sock', url: 'unix:///tmp/b.sock', source: '-H'};

describe('the compose CLI adapter', () => {
	it('points compose at the dashboard engine, whatever DOCKER_HOST, COMPOSE_FILE or COMPOSE_PROJECT_NAME say', () => {
		const {env, globalArgs} = endpointEnvironment(unix, {DOCKER_HOST: 'tcp://other:2375', DOCKER_CONTEXT: 'prod', COMPOSE_FILE: '/x.yaml', COMPOSE_PROJECT_NAME: 'other', COMPOSE_PROFILES: 'all', PATH: '/bin'});
		assert.deepEqual(env, {DOCKER_HOST: 'unix:///tmp/b.sock', PATH: '/bin'});
		assert.deepEqual(globalArgs, []);
		assert.deepEqual(endpointEnvironment({...unix, context: 'prod'}, {DOCKER_HOST: 'unix:///a.sock'}).env, {DOCKER_CONTEXT: 'prod'});
		const tls = endpointEnvironment({transport: 'tcp', host: 'h', port: 2376, url: 'tcp://h:2376', source: '-H', tls: {verify: true, ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem'}}, {});
		assert.deepEqual(tls.env, {DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c'});
		const named = endpointEnvironment({transport: 'tcp', host: 'h', port: 2376, url: 'tcp://h:2376', source: '-H', tls: {verify: true, ca: '/c/my-ca.pem'}}, {});
		assert.deepEqual(named.globalArgs, ['--tlscacert', '/c/my-ca.pem']);
	});

	it('runs DOCKDASH_COMPOSE instead of docker compose when set', () => {
		assert.deepEqual(composeCommand({}), ['docker', 'compose']);
		assert.deepEqual(composeCommand({DOCKDASH_COMPOSE: ' podman  compose '}), ['podman', 'compose']);
	});

	it('finds the stack of -f, --project-directory or the current directory, and names what is missing in one line', () => {
		const folder = path.join(work, 'app');
		mkdirSync(folder);
		assert.equal(stackSourceFromFlags([], undefined, folder), undefined);
		writeFileSync(path.join(folder, 'docker-compose.yml'), 'services: {}\n');
		assert.deepEqual(stackSourceFromFlags([], undefined, folder), {files: [path.join(folder, 'docker-compose.yml')], projectDirectory: undefined, origin: 'cwd'});
		assert.deepEqual(stackSourceFromFlags([], 'app', work), {files: [path.join(folder, 'docker-compose.yml')], projectDirectory: folder, origin: 'flag'});
		assert.deepEqual(stackSourceFromFlags(['app/docker-compose.yml'], undefined, work)?.files, [path.join(folder, 'docker-compose.yml')]);
		assert.throws(() => stackSourceFromFlags(['nope.yaml'], undefined, work), /^Error: compose file \S+nope\.yaml: no such file \(given with -f\)$/);
		assert.throws(() => stackSourceFromFlags([], 'missing', work), /--project-directory \S+missing: no such folder/);
		assert.throws(() => stackSourceFromFlags([], '.', work), /no compose file in \S+ \(compose\.yaml, compose\.yml, docker-compose\.yaml, docker-compose\.yml\): give one with -f/);
	});

	it('reads a definition with the real docker compose, every profile included, and says in one line when it cannot', async () => {
		const file = path.join(work, 'stack.yaml');
		writeFileSync(file, 'name: shop\nservices:\n  web: {image: "nginx:1.27"}\n  worker: {image: busybox, profiles: [extra]}\n');
		const cli = createComposeCli(unix, {...process.env, DOCKER_CONFIG: config});
		const definition = await cli.readDefinition({files: [file], origin: 'flag'});
		assert.deepEqual(definition.services.map(service => [service.name, service.profiles]), [['web', []], ['worker', ['extra']]]);
		writeFileSync(file, 'services: [not, a, map]\n');
		await assert.rejects(cli.readDefinition({files: [file], origin: 'flag'}), (error: Error) => !error.message.includes('\n') && error.message.startsWith('docker compose: '));
		const missing = createComposeCli(unix, {...process.env, DOCKER_CONFIG: config, DOCKDASH_COMPOSE: '/nonexistent/compose'});
		assert.match((await missing.check())!, /^\/nonexistent\/compose not found: install the Docker Compose v2 plugin/);
		await assert.rejects(cli.readDefinition({files: ['/nonexistent/compose.yaml'], origin: 'labels'}), /its compose file \/nonexistent\/compose\.yaml is not on this machine/);
	});
});

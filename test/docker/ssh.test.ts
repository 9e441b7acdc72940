/**
 * ssh:// for real: a throwaway sshd on 127.0.0.1 in front of the test engine,
 * reached through the system ssh exactly as a user's ~/.ssh/config would be.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {createEngine, type Engine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {describeEngineError} from '../../source/docker/errors.js';
import {ContainerStore} from '../../source/model/container-store.js';
import {ContainerSync} from '../../source/model/container-sync.js';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {startTestSshd, type TestSshd} from '../support/sshd.js';

const made: string[] = [];
let sshd: TestSshd;
const engines: Engine[] = [];

function sshEngine(url: string): Engine {
	const engine = createEngine(parseHost(url, '--host'));
	engines.push(engine);
	return engine;
}

before(async () => {
	sshd = await startTestSshd(process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock');
	Object.assign(process.env, sshd.env);
});

after(async () => {
	// Closing the agent ends the shared ssh master too.
	for (const engine of engines) (engine.docker as unknown as {modem: {agent: {destroy: () => void}}}).modem.agent.destroy();
	await removeContainers(...made);
	await sshd?.stop();
});

describe('ssh:// through the system ssh and docker system dial-stdio', () => {
	it('lists what `docker ps -a` lists, follows events, and does it all over ONE ssh connection', async () => {
		const engine = sshEngine(`ssh://${sshd.alias}`);
		// A label of this test's own: the files running beside it make and remove containers with the run's label.
		const own = uniqueName('ssh-list');
		const ids = [await makeContainer({name: uniqueName('ssh'), extraArgs: ['--label', `dockdash.ssh-list=${own}`]}), await makeContainer({name: uniqueName('ssh'), start: false, extraArgs: ['--label', `dockdash.ssh-list=${own}`]})];
		made.push(...ids);
		const [version, listed] = await Promise.all([engine.version(), engine.listContainers()]);
		assert.match(version.apiVersion, /^1\.\d+$/);
		const mine = listed.filter(c => c.labels['dockdash.ssh-list'] === own).map(c => c.id).sort();
		const cli = (await docker('ps', '-a', '-q', '--no-trunc', '--filter', `label=dockdash.ssh-list=${own}`)).split('\n').filter(Boolean).sort();
		assert.deepEqual(mine, cli);
		assert.deepEqual(mine, [...ids].sort());

		// The event stream holds an HTTP connection of its own while one-shot calls go on beside it.
		const store = new ContainerStore();
		const sync = new ContainerSync(engine, store, {relistIntervalMs: 600_000});
		await sync.start();
		try {
			const second = await makeContainer({name: uniqueName('ssh-live')});
			made.push(second);
			await waitFor(() => store.getById(second)?.state === 'running', {what: 'the new container to arrive over the ssh event stream'});
			await docker('stop', '-t', '0', second);
			await waitFor(() => store.getById(second)?.state === 'exited', {what: 'the stop to arrive over ssh'});
		} finally {
			sync.stop();
		}
		const processes = sshd.sshProcesses();
		// One master plus one ssh per HTTP connection (events, and the one-shot calls' keep-alive connections)...
		assert.ok(processes.length >= 3, `expected a master and at least two channels, saw:\n${processes.join('\n')}`);
		assert.equal(processes.filter(line => line.includes('ControlMaster=yes')).length, 1);
		// ...yet sshd saw one authenticated connection: the others rode on the master.
		assert.equal(sshd.acceptedConnections(), 1);
	});

	it('reports a refused key as one line that names ssh and the reason', async () => {
		// Same server, but an alias whose key is not in authorized_keys.
		const {writeFileSync, readFileSync} = await import('node:fs');
		const config = readFileSync(sshd.configFile, 'utf8');
		const badConfig = `${sshd.configFile}.bad`;
		writeFileSync(badConfig, config.replace(`Host ${sshd.alias}`, 'Host dockdash-bad-key').replace(/IdentityFile .*/, `IdentityFile ${sshd.dir}/host_key`));
		process.env['DOCKDASH_SSH_CONFIG'] = badConfig;
		try {
			const engine = sshEngine('ssh://dockdash-bad-key');
			const error = await engine.version().then(() => undefined, (error_: unknown) => error_);
			const line = describeEngineError(error, engine.endpoint);
			assert.match(line, /^ssh:\/\/dockdash-bad-key: ssh to dockdash-bad-key failed: .*Permission denied \(publickey\)/);
			assert.ok(!line.includes('\n'));
		} finally {
			process.env['DOCKDASH_SSH_CONFIG'] = sshd.configFile;
		}
	});

	it('with DOCKDASH_SSH_MUX=0 opens one ssh connection per HTTP connection, as the docker CLI does', async () => {
		const before = sshd.acceptedConnections();
		process.env['DOCKDASH_SSH_MUX'] = '0';
		try {
			const engine = sshEngine(`ssh://${sshd.alias}`);
			// Three requests at once need three HTTP connections.
			await Promise.all([engine.version(), engine.listContainers(), engine.listContainers()]);
			await waitFor(() => sshd.acceptedConnections() - before === 3, {what: () => `3 connections, saw ${sshd.acceptedConnections() - before}`});
		} finally {
			delete process.env['DOCKDASH_SSH_MUX'];
		}
	});
});

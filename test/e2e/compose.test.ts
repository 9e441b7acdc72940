/**
 * Compose stacks in a real terminal, through the real Compose v2 CLI (issue 14): a two-service
 * stack (one with a healthcheck, one behind a profile) brought up from its file, down, and back,
 * one service stopped, then down with its volumes (exactly the declared one goes, an external and
 * an undeclared one stay); a stack brought back from --project-directory and from the current
 * directory's compose.yaml; down --volumes of a stack whose file is gone, naming every volume with
 * its label; and the same project on two private engines, acted on the selected row's engine only.
 * `docker compose ps`, `docker ps` and `docker volume ls` say what happened. The plugin is Debian unstable's docker-compose 2.x,
 * linked into a DOCKER_CONFIG of the test's own (scripts/engine.sh plugins).
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, makeContainer, removeContainers, RUN_ID, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {engineNames} from '../../source/model/multi-engine.js';

const execFileAsync = promisify(execFile);
const sessions: TerminalSession[] = [];
const work = mkdtempSync(path.join(os.tmpdir(), 'dd-compose-e2e-'));
const config = path.join(work, 'docker-config');
const emptyConfig = path.join(work, 'no-plugins');
const project = uniqueName('stack');
const file = path.join(work, 'compose.yaml');
mkdirSync(emptyConfig);
const POLITE = '["sh", "-c", "trap \\"exit 0\\" TERM; while true; do sleep 1; done"]';

// Every object the stack makes carries the run's test label.
writeFileSync(
	file,
	`name: ${project}
services:
  web:
    image: ${BUSYBOX}
    command: ${POLITE}
    labels: {dockdash.test: "${RUN_ID}"}
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
    volumes: [data:/data, kept:/kept]
  worker:
    image: ${BUSYBOX}
    command: ${POLITE}
    labels: {dockdash.test: "${RUN_ID}"}
    profiles: [extra]
volumes:
  data:
    labels: {dockdash.test: "${RUN_ID}"}
  kept:
    external: true
    name: ${project}-external
networks:
  default:
    labels: {dockdash.test: "${RUN_ID}"}
`,
);

async function compose(...args: string[]): Promise<string> {
	const {stdout} = await execFileAsync('docker', ['compose', '--project-name', project, '--file', file, ...args], {env: {...process.env, DOCKER_CONFIG: config}});
	return stdout.trim();
}

/** `docker compose ps --all` as service → state. */
async function composeStates(): Promise<Record<string, string>> {
	const text = await compose('ps', '--all', '--format', '{{.Service}} {{.State}}');
	return Object.fromEntries(text.split('\n').filter(Boolean).map(line => line.split(' ') as [string, string]));
}

// Volumes `down --volumes` must leave: the file's external one, and one with the project's label that the file does
// not declare (left by an older version of the file: with the file, compose removes only what it declares).
const KEPT_VOLUMES = [`${project}-external`, `${project}_older`];
/** The engine's volumes whose names start with the project's. */
const projectVolumes = async () => (await docker('volume', 'ls', '-q', '--filter', `name=${project}`)).split('\n').filter(Boolean).sort();

before(async () => {
	await execFileAsync('bash', ['scripts/engine.sh', 'plugins', config]);
	await docker('volume', 'create', '--label', TEST_LABEL, `${project}-external`);
	await docker('volume', 'create', '--label', TEST_LABEL, '--label', `com.docker.compose.project=${project}`, '--label', 'com.docker.compose.volume=older', `${project}_older`);
});
after(async () => {
	for (const session of sessions) session.stop();
	await compose('--profile', 'extra', 'down', '--volumes', '--timeout', '1').catch(() => undefined);
	await docker('volume', 'rm', '-f', ...KEPT_VOLUMES).catch(() => undefined);
	rmSync(work, {recursive: true, force: true});
});

function open(args: string[], env: Record<string, string> = {DOCKER_CONFIG: config}): TerminalSession {
	const session = startCli(['--pane', 'compose', ...args], {columns: 170, rows: 40, env});
	sessions.push(session);
	return session;
}

const row = (name: string, rest: string) => new RegExp(`^\\s*(› )?\\s*${name}\\s+${rest}`, 'm');

describe('the Compose pane with docker compose', () => {
	it('brings a stack up from its file, with a profile, down, back, stops one service and takes it down with its volumes', async () => {
		const session = open(['-f', file]);
		// Read from the file: down, both services defined, the worker behind its profile.
		await session.waitForText(row(`▾ ${project}`, '0/0\\s+down'), 20_000);
		await session.waitForText(row('web', '0/0\\s+not created'));
		await session.waitForText(row('worker', '0/0\\s+off: profile extra'));
		assert.match(session.screen(), new RegExp(`${BUSYBOX.replace(/[.]/g, '\\.')}`));

		// u: up --detach, its output in the pane, the exit status shown; the profile's service stays off.
		await session.act('u');
		await session.waitForText(/up --detach · \S+\s+✓ exited with code 0/, 30_000);
		assert.match(session.screen(), new RegExp(`\\$ docker compose --project-name ${project} --file \\S+compose\\.yaml up --detach`));
		await session.waitForText(row('web', '1/1\\s+1 running \\(1 healthy\\)'), 20_000);
		assert.deepEqual(await composeStates(), {web: 'running'});

		// f: the extra profile for this stack; u brings the worker up too.
		session.press('f');
		await session.waitForText(`profiles of ${project} (extra; * for all):`);
		session.type('extra');
		session.press('Enter');
		await session.waitForText(`▾ ${project} [extra]`);
		await session.act('u');
		await session.waitForText(row('worker', '1/1\\s+1 running'), 30_000);
		assert.deepEqual(await composeStates(), {web: 'running', worker: 'running'});

		// d: down, after a dialog naming both containers; the volume stays.
		await session.act('d');
		await session.waitForText(`Take down ${project} (2 containers)?`);
		assert.match(session.screen(), new RegExp(`${project}-web-1`));
		assert.match(session.screen(), new RegExp(`${project}-worker-1`));
		assert.match(session.screen(), /volumes stay/);
		await session.confirm();
		await session.waitForText(row(`▾ ${project} \\[extra\\]`, '0/0\\s+down'), 30_000);
		assert.deepEqual(await composeStates(), {});
		assert.equal(await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`), '');
		assert.deepEqual(await projectVolumes(), [...KEPT_VOLUMES, `${project}_data`].sort());

		// And back: the stack still shows from its file, and u brings both up again (the profile is kept).
		await session.act('u');
		await session.waitForText(row(`▾ ${project} \\[extra\\]`, '2/2'), 30_000);
		assert.deepEqual(await composeStates(), {web: 'running', worker: 'running'});

		// x on the worker's row: only the worker stops.
		session.press('Down');
		session.press('Down');
		await session.waitForText(row('› +worker', '1/1'));
		await session.act('x');
		await session.waitForText(`Stop worker of ${project} (1 container)?`);
		await session.confirm();
		await waitFor(async () => (await composeStates())['worker'] === 'exited', {what: 'the worker exited', timeoutMs: 20_000});
		assert.equal((await composeStates())['web'], 'running');
		await session.waitForText(row('› +worker', '0/1\\s+1 exited'));
		// D on the worker's row: compose would remove only the volumes the worker mounts, and it mounts none; n keeps all.
		await session.act('D');
		await session.waitForText(`Take down worker of ${project} (1 container)?`);
		await session.waitForText("worker mounts none of the file's volumes");
		assert.ok(!session.screen().includes(`${project}_data`), 'the web service’s volume is not named on the worker’s row');
		await session.waitForLiveDialog();
		session.press('n');
		await session.waitForText(`down --volumes worker of ${project}: cancelled`);

		// D on the project: the dialog names the volume it removes, and it is gone afterwards.
		session.press('g');
		await session.act('D');
		await session.waitForText(new RegExp(`REMOVES these volumes with their data: ${project}_data\\s*│?$`, 'm'));
		// Only the declared one: neither the external volume nor the older labelled one is named.
		for (const kept of KEPT_VOLUMES) assert.ok(!session.screen().includes(kept), `${kept} not named in the dialog`);
		await session.confirm();
		await session.waitForText(/down --volumes · \S+\s+✓ exited with code 0/, 30_000);
		// The engine's answer: exactly the named volume gone, the others kept.
		await waitFor(async () => (await projectVolumes()).join(' ') === [...KEPT_VOLUMES].sort().join(' '), {what: `only ${project}_data removed`});
		assert.equal(await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`), '');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('merges the logs of a stack started from its file, each line with its service', async () => {
		const session = open(['-f', file]);
		await session.waitForText(row(`▾ ${project}`, '0/0\\s+down'), 20_000);
		await session.act('u');
		await session.waitForText(row(`▾ ${project}`, '1/1'), 30_000);
		await docker('exec', `${project}-web-1`, 'sh', '-c', 'echo from-the-web-service > /proc/1/fd/1');
		session.press('l');
		await session.waitForText(`project ${project}`);
		await session.waitForText(/web\s*│?\s*from-the-web-service/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		await compose('down', '--timeout', '1');
	});

	it('comes back up from --project-directory and from a compose.yaml in the folder it starts in, with no -f', async () => {
		const name = uniqueName('dir');
		const folder = path.join(work, name);
		mkdirSync(folder);
		writeFileSync(path.join(folder, 'compose.yaml'), `name: ${name}\nservices:\n  app:\n    image: ${BUSYBOX}\n    command: ${POLITE}\n    labels: {dockdash.test: "${RUN_ID}"}\nnetworks:\n  default:\n    labels: {dockdash.test: "${RUN_ID}"}\n`);
		const psOf = () => docker('ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}} {{.State}}');
		try {
			for (const [how, args, cwd] of [
				['--project-directory', ['--project-directory', folder], undefined],
				['the current directory', [], folder],
			] as const) {
				const session = startCli(['--pane', 'compose', ...args], {columns: 170, rows: 40, env: {DOCKER_CONFIG: config}, ...(cwd ? {cwd} : {})});
				sessions.push(session);
				// No container of it anywhere: it shows from its file, as down.
				await session.waitForText(row(`▾ ${name}`, '0/0\\s+down\\s+\\S*compose\\.yaml'), 20_000);
				assert.equal(await psOf(), '', `${how}: nothing of ${name} before u`);
				await session.act('u');
				await session.waitForText(row(`▾ ${name}`, '1/1\\s+1 running'), 30_000);
				assert.equal(await psOf(), `${name}-app-1 running`, `${how}: up from its file`);
				await session.act('d');
				await session.waitForText(`Take down ${name} (1 container)?`);
				await session.confirm();
				await session.waitForText(row(`▾ ${name}`, '0/0\\s+down'), 30_000);
				assert.equal(await psOf(), '', `${how}: down`);
				session.press('q');
				assert.equal(await session.waitForExit(), 0);
			}
		} finally {
			await execFileAsync('docker', ['compose', '--project-directory', folder, 'down', '--timeout', '1'], {env: {...process.env, DOCKER_CONFIG: config}}).catch(() => undefined);
		}
	});

	it('down --volumes of a stack whose file is gone names every volume labelled with its project, as compose then removes them all', async () => {
		const name = uniqueName('nofile');
		const folder = path.join(work, name);
		mkdirSync(folder);
		const gone = path.join(folder, 'compose.yaml');
		writeFileSync(gone, `name: ${name}\nservices:\n  app:\n    image: ${BUSYBOX}\n    command: ${POLITE}\n    labels: {dockdash.test: "${RUN_ID}"}\n    volumes: [data:/data]\nvolumes:\n  data:\n    labels: {dockdash.test: "${RUN_ID}"}\nnetworks:\n  default:\n    labels: {dockdash.test: "${RUN_ID}"}\n`);
		const env = {...process.env, DOCKER_CONFIG: config};
		const volumesOf = async () => (await docker('volume', 'ls', '-q', '--filter', `name=${name}`)).split('\n').filter(Boolean).sort();
		await execFileAsync('docker', ['compose', '--file', gone, 'up', '--detach'], {env});
		await docker('volume', 'create', '--label', TEST_LABEL, '--label', `com.docker.compose.project=${name}`, `${name}_older`);
		await docker('volume', 'create', '--label', TEST_LABEL, `${name}-unlabelled`);
		rmSync(gone);
		try {
			const session = open([]);
			await session.waitForText(/Compose \d+ projects? /);
			await filterList(session, name);
			await session.waitForText(row(`▾ ${name}`, '1/1\\s+1 running'), 20_000);
			assert.deepEqual(await volumesOf(), [`${name}-unlabelled`, `${name}_data`, `${name}_older`]);
			await session.act('D');
			await session.waitForText(`Take down ${name} (1 container)?`);
			await session.waitForText(`REMOVES these volumes with their data (labelled with the project; no file to narrow it): ${name}_data, ${name}_older`);
			assert.ok(!session.screen().includes(`${name}-unlabelled`), 'the unlabelled volume is not named');
			await session.confirm();
			await session.waitForText(/down --volumes · \S+\s+✓ exited with code 0/, 30_000);
			// The engine's answer: both named volumes gone, the other kept.
			await waitFor(async () => (await volumesOf()).join(' ') === `${name}-unlabelled`, {what: `${name}'s labelled volumes removed`});
			assert.equal(await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${name}`), '');
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			await execFileAsync('docker', ['compose', '--project-name', name, 'down', '--volumes', '--timeout', '1'], {env, cwd: work}).catch(() => undefined);
			await docker('volume', 'rm', '-f', `${name}-unlabelled`, `${name}_older`).catch(() => undefined);
		}
	});

	it('stops with c a compose command that waits on an engine that never answers, and the stack takes the next one', async () => {
		const silentDir = mkdtempSync(path.join(os.tmpdir(), 'dd-compose-silent-'));
		// Takes every connection and never writes a byte: compose waits on it for ever.
		const held = new Set<net.Socket>();
		const silent = net.createServer(socket => {
			held.add(socket);
			socket.on('error', () => undefined);
		});
		await new Promise<void>(resolve => silent.listen(path.join(silentDir, 'docker.sock'), resolve));
		const silentHost = `unix://${path.join(silentDir, 'docker.sock')}`;
		const silentName = engineNames([process.env['DOCKER_HOST']!, silentHost])[1]!;
		try {
			const session = open(['-H', process.env['DOCKER_HOST']!, '-H', silentHost, '--request-timeout', '3', '-f', file]);
			await session.waitForText(new RegExp(`${silentName}\\s+▾ ${project}\\s+0/0\\s+down`), 20_000);
			await filterList(session, `engine:${silentName}`);
			await session.act('u');
			await session.waitForText(new RegExp(`up --detach · ${project} on ${silentName}\\s+⟳ running`), 20_000);
			// A second command on that stack is refused while the first hangs; c stops it.
			await session.act('d');
			await session.waitForText(`Take down ${project} on ${silentName}?`);
			await session.confirm();
			await session.waitForText(`${project}: up --detach · ${project} on ${silentName} is still running (o shows its output)`);
			await session.act('c');
			await session.waitForText(new RegExp(`up --detach · ${project} on ${silentName}\\s+■ stopped`), 10_000);
			await session.act('u');
			await session.waitForText(new RegExp(`up --detach · ${project} on ${silentName}\\s+⟳ running`), 10_000);
			await session.act('c');
			await session.waitForText(new RegExp(`up --detach · ${project} on ${silentName}\\s+■ stopped`), 10_000);
			// Nothing reached the answering engine.
			assert.deepEqual(await composeStates(), {});
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			// Its connections too: one a stray compose kept open would keep this test's process alive.
			for (const socket of held) socket.destroy();
			silent.close();
			rmSync(silentDir, {recursive: true, force: true});
		}
	});

	it('says in one line that compose is missing, and offers no compose key under --read-only', async () => {
		const missing = open(['-f', file], {DOCKER_CONFIG: emptyConfig});
		await missing.waitForText(/down · docker compose is not installed/, 20_000);
		await missing.act('u');
		await missing.waitForText(/^docker compose is not installed: install the Docker Compose v2 plugin \(docker-compose-plugin, or Debian's docker-compose 2\.x\), or set DOCKDASH_COMPOSE to a compose binary\s*$/m);
		missing.press('q');
		assert.equal(await missing.waitForExit(), 0);

		const readOnly = open(['-f', file, '--read-only']);
		await readOnly.waitForText(row('web', '0/0\\s+not created'), 20_000);
		assert.doesNotMatch(readOnly.screen(), /u up|d down/);
		readOnly.press('u');
		// The key was heard (the dashboard says it does nothing here), not lost: then nothing was started.
		await readOnly.waitForText('`u` does nothing here');
		assert.deepEqual(await composeStates(), {});
		readOnly.press('q');
		assert.equal(await readOnly.waitForExit(), 0);
	});
});

describe('the Compose pane with containers that only carry the labels', () => {
	const made: string[] = [];
	after(async () => removeContainers(...made));
	const POLITE_ARGV = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
	const stateOf = async (id: string) => docker('inspect', '-f', '{{.State.Status}}', id);
	async function labelled(name: string, service: string, index: number): Promise<string> {
		const id = await makeContainer({name: `${name}-${service}-${index}`, command: POLITE_ARGV, extraArgs: ['--label', `com.docker.compose.project=${name}`, '--label', `com.docker.compose.service=${service}`]});
		made.push(id);
		return id;
	}

	it('groups them by service and acts through the engine, since docker compose does not see them (it would exit 0 and do nothing)', async () => {
		const name = uniqueName('proj');
		const web1 = await labelled(name, 'web', 1);
		const web2 = await labelled(name, 'web', 2);
		const db = await labelled(name, 'db', 1);
		const session = open([]);
		await session.waitForText(/Compose \d+ projects? /);
		// Waits for the field to close and the typing gap: x next is a key on its own, however late Enter arrived.
		await filterList(session, name);
		await session.waitForText(new RegExp(`▾ ${name}\\s+3/3\\s+3 running`));
		await session.waitForText(row('db', '1/1'));
		await session.waitForText(row('web', '2/2'));
		await session.act('x');
		await session.waitForText('Stop 3 containers?');
		for (const container of [`${name}-web-1`, `${name}-web-2`, `${name}-db-1`]) assert.ok(session.screen().includes(container), `${container} in the dialog`);
		await session.confirm();
		await waitFor(async () => (await Promise.all([web1, web2, db].map(stateOf))).every(state => state === 'exited'), {what: 'all three exited'});
		await session.waitForText(new RegExp(`▾ ${name}\\s+0/3\\s+3 exited`));
		// t on the db service starts only db; u says that up needs a compose file.
		session.press('Down');
		await session.act('t');
		await waitFor(async () => (await stateOf(db)) === 'running', {what: 'db running again'});
		assert.deepEqual(await Promise.all([web1, web2].map(stateOf)), ['exited', 'exited']);
		await session.act('u');
		await session.waitForText(`up --detach needs ${name}'s compose file, and its containers were not made by docker compose`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

describe('the Compose pane across engines (-H a -H b)', () => {
	let engines: PrivateEngine[] = [];
	before(async () => {
		engines = await Promise.all([startPrivateEngine('compose-a'), startPrivateEngine('compose-b')]);
	});
	after(async () => {
		await Promise.all(engines.map(engine => engine.purge()));
	});

	it('lists the same project on both engines with their ENGINE, brings it up and takes it down with its volumes on the selected row’s engine only, and removes labelled-only containers there only', async () => {
		const [first, second] = engines as [PrivateEngine, PrivateEngine];
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const name = uniqueName('both');
		const folder = path.join(work, name);
		mkdirSync(folder);
		const stackFile = path.join(folder, 'compose.yaml');
		writeFileSync(stackFile, `name: ${name}\nservices:\n  app:\n    image: ${BUSYBOX}\n    command: ${POLITE}\n    labels: {dockdash.test: "${RUN_ID}"}\n    volumes: [data:/data]\nvolumes:\n  data: {}\n`);
		// Up on the first engine only, by compose itself.
		await execFileAsync('docker', ['compose', '--file', stackFile, 'up', '--detach'], {env: {...process.env, DOCKER_CONFIG: config, DOCKER_HOST: first.host}});
		const psOn = (engine: PrivateEngine) => engine.docker('ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}} {{.State}}');
		const volumesOn = (engine: PrivateEngine) => engine.docker('volume', 'ls', '-q', '--filter', `name=${name}_data`);
		assert.equal(await psOn(first), `${name}-app-1 running`);

		const session = startCli(['--pane', 'compose', '-H', first.host, '-H', second.host, '-f', stackFile], {columns: 170, rows: 40, env: {DOCKER_CONFIG: config}});
		sessions.push(session);
		// One project of one name per engine: running on the first, down (from the file) on the second.
		await session.waitForText(new RegExp(`${firstName}\\s+▾ ${name}\\s+1/1\\s+1 running`), 20_000);
		await session.waitForText(new RegExp(`${secondName}\\s+▾ ${name}\\s+0/0\\s+down`), 20_000);
		await session.waitForText(/ENGINE\s+PROJECT \/ SERVICE/);
		assert.match(session.screen(), /Compose 2 projects · 2 of 2 engines ·/);

		// engine:NAME keeps the second engine's rows; u brings the stack up there.
		await filterList(session, `engine:${secondName}`);
		await session.waitForText(new RegExp(`› ${secondName}\\s+▾ ${name}\\s+0/0`));
		assert.doesNotMatch(session.screen(), new RegExp(`${firstName}\\s+▾ ${name}`));
		await session.act('u');
		await session.waitForText(new RegExp(`up --detach · ${name} on ${secondName}\\s+✓ exited with code 0`), 30_000);
		await session.waitForText(new RegExp(`${secondName}\\s+▾ ${name}\\s+1/1\\s+1 running`), 20_000);
		assert.equal(await psOn(second), `${name}-app-1 running`);
		assert.equal(await volumesOn(second), `${name}_data`);

		// D on the second engine's row: the dialog names that engine and the volume; the first engine's stack stays.
		await session.act('D');
		await session.waitForText(`Take down ${name} (1 container) on ${secondName}?`);
		assert.match(session.screen(), new RegExp(`REMOVES these volumes with their data: ${name}_data`));
		await session.confirm();
		await session.waitForText(new RegExp(`down --volumes · ${name} on ${secondName}\\s+✓ exited with code 0`), 30_000);
		await session.waitForText(new RegExp(`${secondName}\\s+▾ ${name}\\s+0/0\\s+down`), 20_000);
		// The engines' own answer: gone from the second, untouched on the first.
		assert.equal(await psOn(second), '');
		assert.equal(await volumesOn(second), '');
		assert.equal(await psOn(first), `${name}-app-1 running`);
		assert.equal(await volumesOn(first), `${name}_data`);

		// And the first engine's row is still there, running, when the filter is cleared (the first Escape hides the output).
		session.press('Escape');
		await waitFor(() => !session.screen().includes('Esc hides this'), {what: 'the output hidden'});
		session.press('Escape');
		await session.waitForText(new RegExp(`${firstName}\\s+▾ ${name}\\s+1/1\\s+1 running`));

		// Containers that only carry the labels (compose does not see them) are removed by the engine: the second's only.
		const labelled = `${name}-labels`;
		const [keptId, goneId] = await Promise.all(
			[first, second].map(engine => engine.docker('run', '-d', '--name', labelled, '--label', TEST_LABEL, '--label', `com.docker.compose.project=${labelled}`, '--label', 'com.docker.compose.service=one', '--network', 'none', BUSYBOX, 'sleep', '3600')),
		);
		await filterList(session, `engine:${secondName} ${labelled}`);
		await session.waitForText(new RegExp(`› ${secondName}\\s+▾ ${labelled}\\s+1/1`), 20_000);
		await session.act('d');
		await session.waitForText(`Remove ${labelled} (${goneId!.slice(0, 12)}) on ${secondName}?`);
		await session.confirm();
		await waitFor(async () => (await second.docker('ps', '-aq', '--filter', `id=${goneId}`)) === '', {what: `${labelled} removed from the second engine`});
		assert.equal(await first.docker('inspect', '-f', '{{.State.Status}}', keptId!), 'running');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

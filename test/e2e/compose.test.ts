/**
 * Compose stacks in a real terminal, through the real Compose v2 CLI (issue 14): a two-service
 * stack (one with a healthcheck, one behind a profile) brought up from its file, down, and back,
 * one service stopped, then down with its volumes; `docker compose ps`, `docker ps` and
 * `docker volume ls` say what happened. The plugin is Debian unstable's docker-compose 2.x,
 * linked into a DOCKER_CONFIG of the test's own (scripts/engine.sh plugins).
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {CONFIRM_GRACE_MS} from '../../source/model/confirmations.js';
import {BUSYBOX, docker, makeContainer, removeContainers, RUN_ID, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const execFileAsync = promisify(execFile);
const sessions: TerminalSession[] = [];
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
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
    volumes: [data:/data]
  worker:
    image: ${BUSYBOX}
    command: ${POLITE}
    labels: {dockdash.test: "${RUN_ID}"}
    profiles: [extra]
volumes:
  data:
    labels: {dockdash.test: "${RUN_ID}"}
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

before(async () => {
	await execFileAsync('bash', ['scripts/engine.sh', 'plugins', config]);
});
after(async () => {
	for (const session of sessions) session.stop();
	await compose('--profile', 'extra', 'down', '--volumes', '--timeout', '1').catch(() => undefined);
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
		await sleep(CONFIRM_GRACE_MS + 100);
		session.press('y');
		await session.waitForText(row(`▾ ${project} \\[extra\\]`, '0/0\\s+down'), 30_000);
		assert.deepEqual(await composeStates(), {});
		assert.equal(await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`), '');
		assert.equal(await docker('volume', 'ls', '-q', '--filter', `name=${project}_data`), `${project}_data`);

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
		await sleep(CONFIRM_GRACE_MS + 100);
		session.press('y');
		await waitFor(async () => (await composeStates())['worker'] === 'exited', {what: 'the worker exited', timeoutMs: 20_000});
		assert.equal((await composeStates())['web'], 'running');
		await session.waitForText(row('› +worker', '0/1\\s+1 exited'));

		// D on the project: the dialog names the volume it removes, and it is gone afterwards.
		session.press('g');
		await session.act('D');
		await session.waitForText(`REMOVES these volumes with their data: ${project}_data`);
		await sleep(CONFIRM_GRACE_MS + 100);
		session.press('y');
		await session.waitForText(/down --volumes · \S+\s+✓ exited with code 0/, 30_000);
		await waitFor(async () => (await docker('volume', 'ls', '-q', '--filter', `name=${project}_data`)) === '', {what: 'the volume removed'});
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
		await sleep(1000);
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
		await sleep(CONFIRM_GRACE_MS + 100);
		session.press('y');
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

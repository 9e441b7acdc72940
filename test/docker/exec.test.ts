import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {RefusedError} from '../../source/docker/errors.js';
import {createEngine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {detectShell, ExecSessions, ExecUnavailableError} from '../../source/docker/exec.js';
import {type ExecSession} from '../../source/model/exec-types.js';
import {DEFAULT_EXEC_SHELLS} from '../../source/model/exec-shells.js';
import {BUSYBOX, docker, makeContainer, removeContainers, RUN_ID, TEST_LABEL, testEngine, waitFor} from '../support/engine.js';
import {startRecordingProxy} from '../support/socket-proxy.js';

const made: string[] = [];
const images: string[] = [];
// The shells the tests open, ended at the end whatever a test left open (as the dashboard ends its own).
const sessions = new ExecSessions();
const NON_ROOT_IMAGE = `dockdash-test/exec-nonroot:${RUN_ID.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`;
const NO_SHELL_IMAGE = `dockdash-test/exec-noshell:${RUN_ID.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`;

async function build(tag: string, dockerfile: string): Promise<void> {
	const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-exec-'));
	try {
		writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
		await docker('build', '-q', '--label', TEST_LABEL, '-t', tag, dir);
		images.push(tag);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** Host-side process list of a container, as `docker top` shows it. */
async function processes(id: string): Promise<string> {
	return docker('top', id, '-o', 'pid,args');
}

async function collect(session: ExecSession): Promise<() => string> {
	let output = '';
	session.onOutput(chunk => {
		output += chunk.toString('utf8');
	});
	return () => output;
}

before(async () => {
	// A `bash` only root may execute, and a nologin login shell for the user:
	// a `command -v bash` check would pick bash, and the exec would then fail.
	await build(
		NON_ROOT_IMAGE,
		[
			`FROM ${BUSYBOX}`,
			`RUN mkdir -p /etc /home/app /usr/local/bin && echo 'root:x:0:0::/root:/bin/sh' > /etc/passwd && echo 'app:x:1000:1000::/home/app:/sbin/nologin' >> /etc/passwd && echo 'root:x:0:' > /etc/group && echo 'app:x:1000:' >> /etc/group`,
			`RUN printf '#!/bin/sh\\nexec /bin/sh "$@"\\n' > /usr/local/bin/bash && chmod 0700 /usr/local/bin/bash`,
			'USER app',
			'ENV PATH=/usr/local/bin:/bin',
		].join('\n'),
	);
	// Nothing but busybox, outside PATH and not named as a shell.
	await build(NO_SHELL_IMAGE, [`FROM ${BUSYBOX} AS source`, 'FROM scratch', 'COPY --from=source /bin/busybox /opt/busybox'].join('\n'));
});

after(async () => {
	await sessions.endAll();
	await removeContainers(...made);
	if (images.length > 0) await docker('rmi', '-f', ...images).catch(() => undefined);
});

describe('exec: finding a shell', () => {
	it('picks the first command of the list the container can run (busybox: no bash, so sh)', async () => {
		const id = await makeContainer();
		made.push(id);
		const engine = testEngine();
		assert.deepEqual(await detectShell(engine, id, DEFAULT_EXEC_SHELLS), ['sh']);
		assert.deepEqual(await detectShell(engine, id, [['no-such-shell'], ['sh', '-l']]), ['sh', '-l']);
	});

	it('judges as the image USER: a bash only root may run is skipped for a non-root user with a nologin login shell', async () => {
		const engine = testEngine();
		const asUser = await docker('run', '-d', '--label', TEST_LABEL, '--network', 'none', NON_ROOT_IMAGE, 'sleep', '3600');
		const asRoot = await docker('run', '-d', '--label', TEST_LABEL, '--network', 'none', '--user', 'root', NON_ROOT_IMAGE, 'sleep', '3600');
		made.push(asUser, asRoot);
		assert.equal(await docker('exec', asUser, 'id', '-u'), '1000');
		assert.deepEqual(await detectShell(engine, asUser, DEFAULT_EXEC_SHELLS), ['sh']);
		// The control: the same image as root does run that bash.
		assert.deepEqual(await detectShell(engine, asRoot, DEFAULT_EXEC_SHELLS), ['bash']);
	});

	it('says so when the image has no shell at all', async () => {
		const id = await docker('run', '-d', '--label', TEST_LABEL, '--network', 'none', NO_SHELL_IMAGE, '/opt/busybox', 'sleep', '3600');
		made.push(id);
		await assert.rejects(detectShell(testEngine(), id, DEFAULT_EXEC_SHELLS, {name: 'tiny'}), (error: Error) => {
			assert.ok(error instanceof ExecUnavailableError);
			assert.match(error.message, /^no shell in tiny: tried bash, sh/);
			return true;
		});
	});

	it('refuses a container that is not running, and creates no exec in it', async () => {
		const id = await makeContainer({start: false});
		made.push(id);
		await assert.rejects(detectShell(testEngine(), id, DEFAULT_EXEC_SHELLS, {name: 'idle'}), /^ExecUnavailableError: idle is not running \(created\)/);
		assert.equal(await docker('inspect', '-f', '{{len .ExecIDs}}', id), '0');
	});

	it('refuses in read-only mode before anything reaches the engine', async () => {
		const id = await makeContainer();
		made.push(id);
		const engine = testEngine({readOnly: true});
		await assert.rejects(detectShell(engine, id, DEFAULT_EXEC_SHELLS), RefusedError);
		await assert.rejects(sessions.start(engine, id, ['sh'], {columns: 80, rows: 24}), RefusedError);
		assert.equal(await docker('inspect', '-f', '{{len .ExecIDs}}', id), '0');
	});
});

describe('exec: an interactive session', () => {
	it('runs commands with the forwarded terminal size, and leaves nothing running after the shell exits', async () => {
		const id = await makeContainer();
		made.push(id);
		const engine = testEngine();
		const session = await sessions.start(engine, id, ['sh'], {columns: 80, rows: 24});
		const output = await collect(session);
		// Right after the start: the engine answers 500 until the session is ready, so this is retried.
		await session.resize(101, 33);
		session.write('stty size; echo "sum=$((40 + 2))"\n');
		await waitFor(() => output().includes('33 101') && output().includes('sum=42'), {what: () => `the shell's answer in ${JSON.stringify(output())}`});
		session.write('exit 3\n');
		await session.closed;
		const end = await session.end();
		assert.deepEqual(end, {wasReaped: false, exitCode: 3});
		assert.equal((await engine.docker.getExec(session.execId).inspect()).Running, false);
		assert.doesNotMatch(await processes(id), /\bsh\b/);
	});

	it('hangs up the shell and what it runs when dockdash ends the session first (the connection drops)', async () => {
		const id = await makeContainer();
		made.push(id);
		const engine = testEngine();
		const session = await sessions.start(engine, id, ['sh'], {columns: 80, rows: 24});
		const output = await collect(session);
		session.write('echo ready; sleep 4242\n');
		await waitFor(() => output().includes('ready\r\n'), {what: 'the shell to start sleeping'});
		await waitFor(async () => /sleep 4242/.test(await processes(id)), {what: 'sleep 4242 in docker top'});
		const end = await session.end();
		assert.equal(end.wasReaped, true);
		assert.equal(end.problem, undefined);
		const top = await processes(id);
		assert.doesNotMatch(top, /sleep 4242/);
		assert.doesNotMatch(top, /\bsh\b/);
		// The exec itself is over as the engine sees it.
		assert.equal((await engine.docker.getExec(session.execId).inspect()).Running, false);
		// The main process is untouched.
		assert.match(top, /sleep 3600/);
		assert.equal(await docker('inspect', '-f', '{{.State.Running}}', id), 'true');
	});

	it('hangs up a configured command that is not a POSIX shell, through sh', async () => {
		const id = await makeContainer();
		made.push(id);
		const engine = testEngine();
		// `cat -c SCRIPT` fails: the reaper falls back to sh.
		const session = await sessions.start(engine, id, ['cat'], {columns: 80, rows: 24});
		await waitFor(async () => /\bcat\b/.test(await processes(id)), {what: 'cat in docker top'});
		const end = await session.end();
		assert.equal(end.wasReaped, true);
		assert.doesNotMatch(await processes(id), /\bcat\b/);
	});

	it('ends by itself when the container is removed, and says so', async () => {
		const id = await makeContainer();
		made.push(id);
		const session = await sessions.start(testEngine(), id, ['sh'], {columns: 80, rows: 24});
		await docker('rm', '-f', id);
		await session.closed;
		assert.deepEqual(await session.end(), {wasReaped: false, exitCode: undefined, isContainerGone: true});
	});

	it('ends by itself when the container dies, with nothing to reap', async () => {
		const id = await makeContainer();
		made.push(id);
		const session = await sessions.start(testEngine(), id, ['sh'], {columns: 80, rows: 24});
		await docker('kill', id);
		await session.closed;
		const end = await session.end();
		assert.equal(end.wasReaped, false);
		assert.equal(end.problem, undefined);
	});
});

describe('exec: a shell whose connection dropped (issue 20)', () => {
	it('is kept as an orphan while the engine is out of reach, and ended by its token once the engine answers again', async () => {
		const id = await makeContainer();
		made.push(id);
		const proxy = await startRecordingProxy();
		try {
			const engine = createEngine(parseHost(`unix://${proxy.socketPath}`, 'test'));
			const session = await sessions.start(engine, id, ['sh'], {columns: 80, rows: 24}, {name: 'the-orphan\u001b[31m'});
			session.write('sleep 4747\n');
			await waitFor(async () => (await processes(id)).includes('sleep 4747'), {what: 'sleep 4747 in the container'});
			await proxy.drop();
			await session.closed;
			const end = await session.end();
			assert.equal(end.isOrphaned, true, JSON.stringify(end));
			// The engine alone keeps the shell running (moby/moby#9098).
			assert.match(await processes(id), /sleep 4747/);
			assert.deepEqual(await sessions.endOrphaned(engine), [], 'still out of reach: still kept');
			await proxy.resume();
			const ended = await sessions.endOrphaned(engine);
			// The port keeps the name the shell was opened with, sanitized, for the line that says it ended (issue 15).
			assert.deepEqual(ended.map(orphan => [orphan.execId, orphan.containerName, orphan.end.wasReaped]), [[session.execId, 'the-orphan␛[31m', true]]);
			await waitFor(async () => !/sleep 4747|\bsh$/m.test(await processes(id)), {what: () => 'the shell and its sleep to be gone'});
			assert.deepEqual(await sessions.endOrphaned(engine), [], 'ended once, then forgotten');
		} finally {
			await proxy.close();
		}
	});
});

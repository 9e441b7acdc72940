/**
 * Issue 13: building from the Images pane in a real terminal — steps as they run, the cache report after,
 * and x cancelling the build on the engine — checked with docker images and docker ps.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker, RUN_ID, uniqueName, waitFor} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
let context = '';
let slow = '';
let state = '';
const tag = `${uniqueName('pbuild')}:test`;
const slowTag = `${uniqueName('pslow')}:test`;

before(() => {
	state = mkdtempSync(path.join(tmpdir(), 'dockdash-pbuild-state-'));
	context = mkdtempSync(path.join(tmpdir(), 'dockdash-pbuild-'));
	mkdirSync(path.join(context, 'src'));
	writeFileSync(path.join(context, 'src', 'app.js'), 'one\n');
	writeFileSync(path.join(context, 'Dockerfile'), `FROM ${BUSYBOX}\nCOPY src /app/src\nRUN echo compiling && sleep 1\nLABEL dockdash.test=${RUN_ID}\n`);
	slow = mkdtempSync(path.join(tmpdir(), 'dockdash-pbuild-slow-'));
	writeFileSync(path.join(slow, 'Dockerfile'), `FROM ${BUSYBOX}\nLABEL dockdash.test=${RUN_ID}\nRUN echo started-${RUN_ID} && sleep 45\n`);
});
after(async () => {
	for (const session of sessions) session.stop();
	await docker('rmi', '-f', tag).catch(() => undefined);
	await docker('rmi', '-f', slowTag).catch(() => undefined);
	for (const dir of [context, slow, state]) rmSync(dir, {recursive: true, force: true});
});

async function imagesPane(): Promise<TerminalSession> {
	const session = startCli(['--pane', 'images'], {columns: 160, rows: 45, env: {XDG_STATE_HOME: state}});
	sessions.push(session);
	await session.waitForText(BUSYBOX);
	return session;
}

async function buildFromPrompt(session: TerminalSession, line: string): Promise<void> {
	await session.act('b');
	await session.waitForText('build (PATH -t TAG -f FILE --build-arg K=V):');
	session.type(line);
	await session.waitForText(line.slice(-20));
	session.press('Enter');
}

describe('build from the Images pane (issue 13)', () => {
	it('shows one line per step and, after a changed file, the step that missed the cache and why', async () => {
		const session = await imagesPane();
		await buildFromPrompt(session, `${context} -t ${tag}`);
		await session.waitForText(`✔ built ${context} as ${tag}`, 60_000);
		assert.match(session.screen(), /\[2\/4\] built .* COPY src \/app\/src/);
		assert.match(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(tag));

		writeFileSync(path.join(context, 'src', 'app.js'), 'two\n');
		await session.act('x');
		await session.waitForText(/^\s*REPOSITORY:TAG/m);
		await buildFromPrompt(session, `${context} -t ${tag}`);
		const screen = await session.waitForText('why: files it copies changed: src/app.js', 60_000);
		assert.match(screen, /cache: first miss at step 2: COPY src \/app\/src/);
		assert.match(screen, /2 later steps ran again because of it/);
		// The steps' logs are folded; o unfolds them under their steps.
		assert.doesNotMatch(screen, /│ compiling/);
		session.press('o');
		await session.waitForText(/\[3\/4\] built .* RUN echo compiling && sleep 1\n\s+│ compiling/);
		session.press('q');
		await session.waitForExit();
	});

	it('x cancels a running build on the engine: its step container goes, no image is tagged', async () => {
		const session = await imagesPane();
		await buildFromPrompt(session, `${slow} -t ${slowTag}`);
		// The step runs on the engine: its container exists.
		await session.waitForText(`│ started-${RUN_ID}`, 60_000);
		const running = async () => (await docker('ps', '--filter', 'status=running', '--no-trunc', '--format', '{{.Command}}')).includes(`started-${RUN_ID}`);
		await waitFor(running, {what: 'the build step running on the engine'});
		await session.act('x');
		await session.waitForText(/build of .* failed at step 3: build cancelled/);
		await waitFor(async () => !(await running()), {timeoutMs: 20_000, what: 'the build step to be stopped by the engine'});
		assert.doesNotMatch(await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), new RegExp(slowTag));
		session.press('q');
		await session.waitForExit();
	});
});

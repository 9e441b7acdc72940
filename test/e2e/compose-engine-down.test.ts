/**
 * The Compose pane when one of two engines goes down (issue 14), in a real terminal against two private engines and
 * the real Compose v2 CLI: a stack up on the second engine, its daemon killed under a running dashboard. Its stack
 * stays as last seen (the ENGINE cell `? NAME`, STATES `? engine down`, the header naming the engine), and every compose action on it is
 * refused up front with one line: no dialog, no compose process (no output pane, nothing run once it is back).
 * Restarted, the stack is live again and an action gets its dialog.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {engineNames} from '../../source/model/multi-engine.js';
import {BUSYBOX, RUN_ID, uniqueName, waitFor} from '../support/engine.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const execFileAsync = promisify(execFile);
const sessions: TerminalSession[] = [];
const work = mkdtempSync(path.join(os.tmpdir(), 'dd-compose-down-e2e-'));
const config = path.join(work, 'docker-config');
const POLITE = '["sh", "-c", "trap \\"exit 0\\" TERM; while true; do sleep 1; done"]';
let first: PrivateEngine;
let second: PrivateEngine;

before(async () => {
	await execFileAsync('bash', ['scripts/engine.sh', 'plugins', config]);
	[first, second] = await Promise.all([startPrivateEngine('cdown-a'), startPrivateEngine('cdown-b')]);
});

after(async () => {
	for (const session of sessions) session.stop();
	await Promise.all([first?.purge(), second?.purge()]);
	rmSync(work, {recursive: true, force: true});
});

describe('the Compose pane with a down engine (-H a -H b)', () => {
	it('shows a killed engine’s stack as last seen, refuses every compose action on it up front, and acts again once it is back', async () => {
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const name = uniqueName('gone');
		const folder = path.join(work, name);
		mkdirSync(folder);
		const stackFile = path.join(folder, 'compose.yaml');
		writeFileSync(stackFile, `name: ${name}\nservices:\n  app:\n    image: ${BUSYBOX}\n    command: ${POLITE}\n    labels: {dockdash.test: "${RUN_ID}"}\n`);
		await execFileAsync('docker', ['compose', '--file', stackFile, 'up', '--detach'], {env: {...process.env, DOCKER_CONFIG: config, DOCKER_HOST: second.host}});
		const psOn = (engine: PrivateEngine) => engine.docker('ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}} {{.State}}');

		const session = startCli(['--pane', 'compose', '-H', first.host, '-H', second.host, '--request-timeout', '3', '-f', stackFile], {columns: 170, rows: 40, env: {DOCKER_CONFIG: config}});
		sessions.push(session);
		await session.waitForText(new RegExp(`${secondName}\\s+▾ ${name}\\s+1/1\\s+1 running`), 20_000);
		await session.waitForText(new RegExp(`${firstName}\\s+▾ ${name}\\s+0/0\\s+down`), 20_000);

		process.kill(second.pid(), 'SIGKILL');
		try {
			// As last seen: the ENGINE cell marked, the header naming the engine; the other engine's row live.
			await session.waitForText(`${secondName} not answering: its rows as last seen`, 20_000);
			await session.waitForText(new RegExp(`\\? ${secondName}\\s+▾ ${name}\\s+1/1\\s+\\? engine down`));
			assert.match(session.screen(), /Compose 2 projects · 1 of 2 engines/);
			assert.match(session.screen(), new RegExp(`(?<!\\? )${firstName}\\s+▾ ${name}\\s+0/0\\s+down`));
			await filterList(session, `engine:${secondName}`);
			await session.waitForText(new RegExp(`› \\? ${secondName}\\s+▾ ${name}`));
			// Each action: one line naming the engine, before any dialog or compose process.
			for (const [key, word] of [
				['d', 'down'],
				['D', 'down'],
				['x', 'stop'],
				['u', 'up'],
				['p', 'pull'],
			] as const) {
				await session.act(key);
				await session.waitForText(`${word} not sent: engine ${secondName} does not answer (its rows are as last seen; nothing was queued)`);
				assert.doesNotMatch(session.screen(), /Take down|Stop .*\?/);
				assert.doesNotMatch(session.screen(), new RegExp(`· ${name} on ${secondName}`), 'no compose command ran');
			}
			// c is not refused: it stops a local compose process (one may be waiting on the dead engine; none here).
			await session.act('c');
			await session.waitForText(`no compose command is running on ${name} on ${secondName}`);
			// A service's row is the stack's engine too.
			session.press('j');
			await session.waitForText(new RegExp(`› \\? ${secondName}\\s+app\\s`));
			await session.act('r');
			await session.waitForText(`restart not sent: engine ${secondName} does not answer`);
		} finally {
			await second.start();
		}
		// Back: live again (the restarted daemon stopped the container), nothing was run while it was down.
		await waitFor(() => !session.screen().includes('not answering'), {what: 'the header to drop the down engine', timeoutMs: 30_000});
		assert.equal(await psOn(second), `${name}-app-1 exited`);
		session.press('k');
		await session.waitForText(new RegExp(`› ${secondName}\\s+▾ ${name}\\s+0/1`), 20_000);
		await session.act('d');
		await session.waitForText(`Take down ${name} (1 container) on ${secondName}?`);
		session.press('n');
		await session.waitForText(`down ${name}: cancelled`);
		assert.equal(await psOn(second), `${name}-app-1 exited`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

/**
 * Secrets stay hidden wherever dockdash shows or writes a container (issue 17), against the real engine in a real
 * terminal: a container with a secret-looking environment variable, label and argument, each beside a non-secret
 * neighbour that is shown (the positive control of each place). The details and the Events pane (a container's
 * events carry its labels) mask them; the palette neither shows nor matches a secret's value; a saved log's header names the container and nothing secret; the debug log
 * (DOCKDASH_DEBUG_LOG) holds a failure's stack and nothing secret; and registry credentials in the docker config
 * (DOCKER_CONFIG) are in no byte dockdash writes to the terminal, nor in any file it writes.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {MASK} from '../../source/model/secrets.js';
import {makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {recordRaw, type RawRecording} from '../support/raw-output.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
const recordings: RawRecording[] = [];
const folders: string[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	for (const recording of recordings) recording.stop();
	await removeContainers(...made);
	for (const folder of folders) rmSync(folder, {recursive: true, force: true});
});

function folder(prefix: string): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	folders.push(dir);
	return dir;
}

/** Every file under `dir`, as text. */
function filesIn(dir: string): Array<{file: string; text: string}> {
	return readdirSync(dir, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile())
		.map(entry => path.join(entry.parentPath, entry.name))
		.map(file => ({file, text: readFileSync(file, 'latin1')}));
}

describe('secrets stay hidden', () => {
	it('in the details, the palette, a saved log, the debug log, and registry credentials nowhere', async () => {
		const tag = randomBytes(4).toString('hex');
		const secrets = {env: `tok-${tag}`, label: `lbl-${tag}`, argument: `arg-${tag}`, registry: `regpass-${tag}`};
		const neighbours = {env: `plain-${tag}`, label: `team-${tag}`, argument: `--port=80${tag.slice(0, 2)}`};
		const name = uniqueName('secrets');
		made.push(
			await makeContainer({
				name,
				command: ['sh', '-c', `echo started-${tag}; sleep 3600`, 'app', `--db-password=${secrets.argument}`, neighbours.argument],
				extraArgs: ['-e', `DD_API_TOKEN=${secrets.env}`, '-e', `DD_PLAIN=${neighbours.env}`, '--label', `com.example.db_password=${secrets.label}`, '--label', `com.example.team=${neighbours.label}`],
			}),
		);
		// Registry credentials as `docker login` leaves them.
		const dockerConfig = folder('dockdash-secrets-config-');
		const auth = Buffer.from(`dd-user:${secrets.registry}`).toString('base64');
		writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({auths: {'localhost:5999': {auth}, 'registry.example': {username: 'dd-user', password: secrets.registry}}}));
		const saveDir = folder('dockdash-secrets-save-');
		const debugDir = folder('dockdash-secrets-debug-');
		const debugLog = path.join(debugDir, 'debug.log');
		const env = {DOCKER_CONFIG: dockerConfig, DOCKDASH_SAVE_DIR: saveDir, DOCKDASH_DEBUG_LOG: debugLog};

		const session = startCli([], {columns: 200, rows: 70, env});
		sessions.push(session);
		const raw = recordRaw(session);
		recordings.push(raw);
		await session.waitForText('● connected');
		await filterList(session, name);

		// Details: the neighbours shown, the secrets masked.
		session.press('Enter');
		const details = await session.waitForText(`DD_PLAIN=${neighbours.env}`);
		await session.waitForText(`com.example.team=${neighbours.label}`);
		assert.ok(details.includes(`DD_API_TOKEN=${MASK}`), details);
		assert.ok(details.includes(`com.example.db_password=${MASK}`), details);
		assert.ok(details.includes(`--db-password=${MASK} ${neighbours.argument}`), details);
		for (const secret of [secrets.env, secrets.label, secrets.argument]) assert.ok(!session.screen().includes(secret), `${secret} on screen:\n${session.screen()}`);
		session.press('Escape');
		await session.waitForText(/filter: /);

		// The palette: a secret's value finds nothing; the container's own name finds it. The value is typed into its
		// field, so the terminal shows it there: those bytes are left out of the check of everything written below.
		const beforePalette = raw.bytes().length;
		await session.act(':');
		await session.waitForText('matches');
		session.type(secrets.env);
		await session.waitForText('0 matches');
		session.press('Escape');
		await session.act(':');
		session.type(name);
		await session.waitForText(/\b1 match\b/);
		session.press('Escape');

		// A saved log: its header names the container, and nothing secret.
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		await session.waitForText(`started-${tag}`);
		const afterPalette = raw.bytes().length;
		await session.act('S');
		await session.waitForText('saved 1 line to');
		const [saved] = filesIn(saveDir);
		assert.ok(saved, 'a saved log');
		const header = saved.text.slice(0, saved.text.indexOf('\n\n'));
		assert.match(header, new RegExp(`^# dockdash: logs of ${name}, saved`));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);

		// The Events pane: the container's events carry its labels; the secret one is masked, its neighbour shown.
		const events = startCli(['--pane', 'events'], {columns: 300, rows: 30, env});
		sessions.push(events);
		const eventsRaw = recordRaw(events);
		recordings.push(eventsRaw);
		const eventScreen = await events.waitForText(`com.example.team=${neighbours.label}`, 20_000);
		assert.ok(eventScreen.includes(`com.example.db_password=${MASK}`), eventScreen);
		events.press('q');
		assert.equal(await events.waitForExit(), 0);

		// The debug log: a failure's stack is there (positive control), nothing secret.
		const crashed = startCli(['--pane', 'containers'], {columns: 200, rows: 30, env: {...env, DOCKDASH_TEST_CRASH: 'timer'}});
		sessions.push(crashed);
		assert.equal(await crashed.waitForExit(), 1);
		const debug = await waitFor(() => (existsSync(debugLog) ? readFileSync(debugLog, 'utf8') : undefined), {what: 'the debug log'});
		assert.match(debug, /uncaught exception: Error: test crash inside a timer[\s\S]*\n {4}at /);

		// Everything dockdash wrote: the terminal's bytes, the saved log, the debug log.
		const terminal = Buffer.concat([raw.bytes().subarray(0, beforePalette), raw.bytes().subarray(afterPalette)]);
		const typed = raw.bytes().subarray(beforePalette, afterPalette).toString('utf8');
		assert.ok(typed.includes(secrets.env), 'the value typed into the palette is in what was left out (the cut is in the right place)');
		for (const secret of [secrets.label, secrets.argument, secrets.registry, auth]) assert.ok(!typed.includes(secret), `${secret} in the palette`);
		const written = [
			{file: 'the terminal', text: terminal.toString('latin1')},
			{file: 'the terminal (UTF-8)', text: terminal.toString('utf8')},
			{file: 'the Events pane', text: eventsRaw.bytes().toString('utf8')},
			...filesIn(saveDir),
			...filesIn(debugDir),
		];
		assert.ok(written[0]!.text.includes(neighbours.env), 'the recording holds what was shown');
		for (const {file, text} of written) {
			for (const secret of [secrets.env, secrets.label, secrets.argument, secrets.registry, auth]) assert.ok(!text.includes(secret), `${secret} in ${file}`);
		}
		// And dockdash left nothing in the docker config folder but the file that was there.
		assert.deepEqual(readdirSync(dockerConfig), ['config.json']);
		assert.equal(spawnSync('docker', ['inspect', '--format', '{{.State.Running}}', name], {encoding: 'utf8'}).stdout.trim(), 'true');
	});
});

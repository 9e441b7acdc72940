/**
 * Every pane across every engine (issue 14), in a real terminal: two private engines each holding a container of
 * the same name, and a socket that accepts and never answers. The Containers pane lists both engines' containers
 * with their engine, filters by engine:NAME, stops and removes on the selected row's engine only (the engines'
 * own answer says the other container is untouched), Logs follow the selected container's engine, and the silent
 * engine holds up nothing: it shows in the header as "no answer". Volumes, Networks and Images do the same with
 * objects of one name on both engines.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {engineNames} from '../../source/model/multi-engine.js';
import {BUSYBOX, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
let first: PrivateEngine;
let second: PrivateEngine;
let silent: net.Server;
let silentDir: string;

before(async () => {
	[first, second] = await Promise.all([startPrivateEngine('panes-a'), startPrivateEngine('panes-b')]);
	silentDir = mkdtempSync(path.join(tmpdir(), 'dockdash-silent-'));
	// Takes every connection and never writes a byte: an engine that hangs.
	silent = net.createServer(socket => socket.on('error', () => undefined));
	await new Promise<void>(resolve => silent.listen(path.join(silentDir, 'docker.sock'), resolve));
});

after(async () => {
	for (const session of sessions) session.stop();
	silent?.close();
	if (silentDir) rmSync(silentDir, {recursive: true, force: true});
	await Promise.all([first?.purge(), second?.purge()]);
});

/** A container that says which engine it is on, then waits for TERM. */
async function sayer(engine: PrivateEngine, name: string, words: string): Promise<string> {
	return engine.docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'sh', '-c', `echo ${words}; trap "exit 0" TERM; while true; do sleep 1; done`);
}
const status = (engine: PrivateEngine, id: string) => engine.docker('inspect', '-f', '{{.State.Status}}', id);

describe('dockdash -H a -H b -H silent: the Containers and Logs panes across engines', () => {
	it('lists both engines’ same-named containers, acts on the selected row’s engine only, follows it in Logs, and a silent engine blocks nothing', async () => {
		const name = uniqueName('same');
		const firstId = await sayer(first, name, 'hello-from-first');
		const secondId = await sayer(second, name, 'hello-from-second');
		const silentHost = `unix://${path.join(silentDir, 'docker.sock')}`;
		const [firstName, secondName] = engineNames([first.host, second.host, silentHost]) as [string, string];
		const started = Date.now();
		const session = startCli(['-H', first.host, '-H', second.host, '-H', silentHost, '--request-timeout', '3'], {columns: 160, rows: 40});
		sessions.push(session);
		// Both answering engines' rows, each with its engine, while the silent one has not answered.
		await session.waitForText(new RegExp(`${firstName}\\s+${name}\\s+▸ running`));
		await session.waitForText(new RegExp(`${secondName}\\s+${name}\\s+▸ running`));
		assert.ok(Date.now() - started < 3000 + 10_000, 'the answering engines were listed without waiting for the silent one');
		// The header names each engine's state (names cut in their middle to fit); the silent one, once its request
		// ran out of time, as "no answer".
		await session.waitForText(/● \S+ ● \S+ ◌ \S+ no answer/);
		assert.ok(session.screen().split('\n')[0]!.includes(`● ${firstName.slice(0, 8)}`), 'the header names the first engine');
		assert.match(session.screen(), /Containers 2 · 2 running · 2 of 3 engines/);

		// engine:NAME keeps the second engine's row only.
		await filterList(session, `engine:${secondName}`);
		await session.waitForText(/Containers 1 of 2/);
		assert.doesNotMatch(session.screen(), new RegExp(`${firstName}\\s+${name}`));
		assert.match(session.screen(), new RegExp(`› ${secondName}\\s+${name}`));

		// Logs follow the selected container to its engine.
		session.press('2');
		await session.waitForText('hello-from-second');
		assert.doesNotMatch(session.screen(), /hello-from-first/);
		// The first engine has a container of this name too: the title says which engine's this is.
		assert.match(session.screen(), new RegExp(`Logs · ${name} on ${secondName} `));
		session.press('1');
		await session.waitForText(/Containers 1 of 2/);

		// Stop goes to the second engine, and the confirmation says so.
		await session.act('x');
		await session.waitForText(`Stop ${name} (${secondId.slice(0, 12)}) on ${secondName}?`);
		await session.confirm();
		await waitFor(async () => (await status(second, secondId)) === 'exited', {what: `${name} exited on the second engine`});
		await session.waitForText(new RegExp(`${secondName}\\s+${name}\\s+■ exited \\(0\\)`));
		// The first engine's container of the same name was not touched.
		assert.equal(await status(first, firstId), 'running');

		// Remove it there too: gone from the second engine, still on the first.
		await session.act('d');
		await session.waitForText(`Remove ${name} (${secondId.slice(0, 12)}) on ${secondName}?`);
		await session.confirm();
		await waitFor(async () => (await second.docker('ps', '-aq', '--filter', `id=${secondId}`)) === '', {what: `${name} removed from the second engine`});
		assert.equal(await status(first, firstId), 'running');

		// Back to every engine: the first engine's container is the one left, and Logs now show its lines.
		session.press('Escape');
		await session.waitForText(/Containers 1 · 1 running · 2 of 3 engines/);
		await session.waitForText(new RegExp(`› ${firstName}\\s+${name}\\s+▸ running`));
		session.press('2');
		await session.waitForText('hello-from-first');
		assert.doesNotMatch(session.screen(), /hello-from-second/);
		// Its name is on one engine now: the title names the container alone.
		assert.match(session.screen(), new RegExp(`Logs · ${name} `));
		assert.doesNotMatch(session.screen(), new RegExp(`Logs · ${name} on `));
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		await first.docker('rm', '-f', firstId);
	});

	it('Logs of containers marked on two engines merge each one from its own engine, the title naming each container’s engine', async () => {
		const prefix = uniqueName('marks');
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const [web, api, db] = [`${prefix}-web`, `${prefix}-api`, `${prefix}-db`];
		await sayer(first, web, 'line-of-web-on-first');
		await sayer(first, db, 'line-of-db-on-first');
		await sayer(second, api, 'line-of-api-on-second');
		const session = startCli(['-H', first.host, '-H', second.host], {columns: 200, rows: 40});
		sessions.push(session);
		await filterList(session, prefix);
		await session.waitForText(new RegExp(`${secondName}\\s+${api}\\s+▸ running`));
		await session.waitForText(new RegExp(`${firstName}\\s+${web}\\s+▸ running`));
		// Running alike, sorted by name: api (second), db (first), web (first). Mark api and web, on two engines.
		await session.waitForText(new RegExp(`› ${secondName}\\s+${api}`));
		session.press('Space');
		await session.waitForText(/1 marked/);
		await session.waitForText(new RegExp(`› ${firstName}\\s+${db}`));
		session.press('j');
		await session.waitForText(new RegExp(`› ${firstName}\\s+${web}`));
		session.press('Space');
		await session.waitForText(/2 marked/);
		session.press('2');
		await session.waitForText(`Logs · 2 marked containers: ${api} on ${secondName} · ${web} on ${firstName}`);
		await session.waitForText('line-of-api-on-second');
		await session.waitForText('line-of-web-on-first');
		// Each line carries its container's name; the unmarked container's lines are not there.
		assert.match(session.screen(), new RegExp(`${api}\\s+│ line-of-api-on-second`));
		assert.match(session.screen(), new RegExp(`${web}\\s+│ line-of-web-on-first`));
		assert.doesNotMatch(session.screen(), /line-of-db-on-first/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('Volumes and Networks list both engines’ objects of one name, each removed on its own engine only', async () => {
		const name = uniqueName('samevol');
		await Promise.all([first, second].flatMap(engine => [engine.docker('volume', 'create', '--label', TEST_LABEL, name), engine.docker('network', 'create', '--label', TEST_LABEL, name)]));
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const session = startCli(['-H', first.host, '-H', second.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText(/2 of 2 engines/);
		for (const [pane, kind] of [
			['6', 'volume'],
			['7', 'network'],
		] as const) {
			session.press(pane);
			await session.waitForText(new RegExp(`${firstName}\\s+${name}\\s`));
			await session.waitForText(new RegExp(`${secondName}\\s+${name}\\s`));
			await filterList(session, `engine:${secondName} ${name}`);
			await session.waitForText(new RegExp(`› ${secondName}\\s+${name}\\s`));
			assert.doesNotMatch(session.screen(), new RegExp(`${firstName}\\s+${name}\\s`));
			await session.act('d');
			await session.waitForText(`Remove ${kind} ${name} on ${secondName}?`);
			await session.confirm();
			await session.waitForText(`removed ${kind} ${name} on ${secondName}`);
			// The engines' own answer: gone from the second, still on the first.
			await assert.rejects(second.docker(kind, 'inspect', name));
			assert.equal(await first.docker(kind, 'inspect', '-f', '{{.Name}}', name), name);
			session.press('Escape');
		}
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		await first.docker('volume', 'rm', name);
		await first.docker('network', 'rm', name);
	});

	it('Files of a container on the second engine: the title and the copy dialogs name that engine, and the copy lands there only', async () => {
		const name = uniqueName('samefiles');
		const ids = await Promise.all([first, second].map(engine => engine.docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--network', 'none', BUSYBOX, 'sh', '-c', 'mkdir /box && echo in-box > /box/kept.txt && sleep 3600')));
		const secondId = ids[1]!;
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		const hostDir = mkdtempSync(path.join(tmpdir(), 'dockdash-samefiles-'));
		try {
			const hostFile = path.join(hostDir, 'from-host.txt');
			writeFileSync(hostFile, 'second only\n');
			const session = startCli(['-H', first.host, '-H', second.host], {columns: 160, rows: 40});
			sessions.push(session);
			await session.waitForText(new RegExp(`${firstName}\\s+${name}\\s+▸ running`));
			await filterList(session, `engine:${secondName} ${name}`);
			await session.waitForText(new RegExp(`› ${secondName}\\s+${name}\\s`));
			session.press('f');
			await session.waitForText(`Files of ${name} on ${secondName}: /`, 20_000);
			session.press('o');
			await session.waitForText('go to path: ');
			session.press('C-u');
			session.type('/box');
			session.press('Enter');
			await session.waitForText(/kept\.txt/);
			// In: the dialog names the second engine (the app's first engine is another one).
			await session.act('i');
			await session.waitForText('copy in from (on this machine): ./');
			session.type(hostFile);
			session.press('Enter');
			await session.waitForText(`Copy ${hostFile} into ${name}:/box on ${secondName}?`);
			await session.confirm();
			await session.waitForText(`copied ${hostFile} to ${name}:/box/from-host.txt`);
			assert.equal(await second.docker('exec', secondId, 'cat', '/box/from-host.txt'), 'second only');
			await assert.rejects(first.docker('exec', ids[0]!, 'cat', '/box/from-host.txt'));
			// Out, over a file that is there: the replace dialog names the second engine too.
			await session.waitForText(/from-host\.txt/);
			const out = path.join(hostDir, 'kept.txt');
			writeFileSync(out, 'mine\n');
			for (let step = 0; step < 5 && !/^›.*kept\.txt/m.test(session.screen()); step++) {
				const before = session.screen();
				session.press('Down');
				await waitFor(() => session.screen() !== before, {what: 'the cursor to move'});
			}
			await session.act('c');
			await session.waitForText('copy to (on this machine): ./kept.txt');
			session.press('C-u');
			session.type(out);
			session.press('Enter');
			await session.waitForText(`Replace ${out} on this machine with ${name}:/box/kept.txt on ${secondName}?`);
			await session.waitForLiveDialog();
			session.press('n');
			await session.waitForText(`copy out cancelled: ${out} left as it was`);
			assert.equal(readFileSync(out, 'utf8'), 'mine\n');
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			rmSync(hostDir, {recursive: true, force: true});
			await Promise.all([first, second].map((engine, index) => engine.docker('rm', '-f', ids[index]!)));
		}
	});

	it('Images lists both engines’ image of one name; tag and remove act on the selected row’s engine only', async () => {
		const name = uniqueName('sameimg');
		const ref = `${name}:1`;
		await Promise.all([first, second].map(engine => engine.docker('tag', BUSYBOX, ref)));
		const [firstName, secondName] = engineNames([first.host, second.host]) as [string, string];
		// Wide enough that the table beside the details shows these long engine names whole.
		const [firstRow, secondRow] = [firstName, secondName].map(engine => `${engine}\\s+${ref}\\s`) as [string, string];
		// A custom command's {engine} is the selected row's engine, not the app's first (docker -H {engine} acts there).
		const home = mkdtempSync(path.join(tmpdir(), 'dockdash-where-'));
		mkdirSync(path.join(home, 'dockdash'));
		writeFileSync(path.join(home, 'dockdash', 'config.yaml'), "commands:\n  - name: where\n    key: W\n    panes: [images]\n    command: sh -c 'echo at:$1' _ {engine}\n    readOnlySafe: true\n");
		const session = startCli(['-H', first.host, '-H', second.host], {columns: 220, rows: 40, env: {XDG_CONFIG_HOME: home}});
		sessions.push(session);
		await session.waitForText(/2 of 2 engines/);
		session.press('3');
		await session.waitForText(new RegExp(firstRow));
		await session.waitForText(new RegExp(secondRow));
		await filterList(session, `engine:${secondName} ${name}`);
		await session.waitForText(new RegExp(`› ${secondRow}`));
		assert.doesNotMatch(session.screen(), new RegExp(firstRow));

		// Tag: the prompt names the second engine, and the new tag is there only.
		await session.act('t');
		await session.waitForText(`tag ${ref} on ${secondName} as: `);
		session.type(`${name}:2`);
		session.press('Enter');
		await session.waitForText(`tagged ${ref} as ${name}:2 on ${secondName}`);
		assert.equal(await second.docker('image', 'inspect', '-f', '{{.Id}}', `${name}:2`), await second.docker('image', 'inspect', '-f', '{{.Id}}', ref));
		await assert.rejects(first.docker('image', 'inspect', `${name}:2`));

		// The run form says which engine the container would be made on; Esc makes nothing.
		await session.waitForText(new RegExp(`› ${secondRow}`));
		await session.act('r');
		await session.waitForText(`Run a container from ${ref} on ${secondName}`);
		session.press('Escape');

		// Remove (an untag: busybox keeps the image) on the second engine, the confirmation naming it.
		await session.waitForText(new RegExp(`› ${secondRow}`));
		await session.act('d');
		await session.waitForText(`Untag ${ref} on ${secondName}?`);
		await session.confirm();
		await session.waitForText(`untagged ${ref} on ${secondName}`);
		// The engines' own answer: gone from the second, the first's kept.
		await assert.rejects(second.docker('image', 'inspect', ref));
		assert.match(await first.docker('image', 'inspect', '-f', '{{.RepoTags}}', ref), new RegExp(ref));
		session.press('Escape');
		await session.waitForText(new RegExp(firstRow));
		// The palette finds the second engine's new tag and lands on its row (the first engine has none of that name).
		session.press(':');
		await session.waitForText('Enter run · Esc close');
		session.type(`${name}:2`);
		await session.waitForText(new RegExp(`› img\\s+${name}:2\\s+on ${secondName}`));
		session.press('Enter');
		await session.waitForText(new RegExp(`› ${secondName}\\s+${name}:2\\s`));
		session.press('W');
		await session.waitForText(`at:${second.host}`);
		assert.doesNotMatch(session.screen(), new RegExp(`at:${first.host}`));
		await session.waitForText('✓ exited with code 0');
		session.press('Escape');
		await waitFor(() => !session.screen().includes('✓ exited with code 0'), {what: 'the output view to close'});
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		await first.docker('rmi', ref);
		await second.docker('rmi', `${name}:2`);
		rmSync(home, {recursive: true, force: true});
	});
});

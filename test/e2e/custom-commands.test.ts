import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const networks: string[] = [];
const sessions: TerminalSession[] = [];
const homes: string[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
	if (networks.length > 0) await docker('network', 'rm', ...networks).catch(() => undefined);
	for (const home of homes) rmSync(home, {recursive: true, force: true});
});


// What a user would write in ~/.config/dockdash/config.yaml.
const CONFIG = `
commands:
  - name: pick
    key: b
    panes: [containers]
    command: sh -c 'echo picked:$1' _ {name}
    readOnlySafe: true
  - name: hold
    key: a
    panes: [containers, images]
    command: sh -c "echo attached {name}; read x"
    mode: attached
  - name: remove
    key: z
    panes: containers
    command: docker -H {engine} rm -f {id}
    dangerous: true
`;

function configHome(config = CONFIG): string {
	const home = mkdtempSync(path.join(tmpdir(), 'dockdash-custom-'));
	homes.push(home);
	mkdirSync(path.join(home, 'dockdash'));
	writeFileSync(path.join(home, 'dockdash', 'config.yaml'), config);
	return home;
}

async function dashboardOn(name: string, args: string[] = []): Promise<TerminalSession> {
	const session = startCli(args, {columns: 150, rows: 36, env: {XDG_CONFIG_HOME: configHome()}});
	sessions.push(session);
	await session.waitForText('● connected');
	await filterList(session, name);
	await session.waitForText(new RegExp(`› ?\\s*${name}\\s+▸ running`));
	return session;
}

const exists = async (id: string) => (await docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`)) !== '';

describe('custom commands from the config file, in a real terminal', () => {
	it('runs a background command and shows its output, then an attached one on the terminal, and comes back', async () => {
		const name = uniqueName('custom');
		made.push(await makeContainer({name}));
		const session = await dashboardOn(name);
		assert.match(session.screen(), /b pick {2}a hold {2}z remove/);

		session.press('b');
		await session.waitForText(`picked:${name}`);
		await session.waitForText('✓ exited with code 0');
		assert.match(session.screen(), new RegExp(`pick · ${name}`));
		session.press('Escape');
		await session.waitForText(new RegExp(`› ?\\s*${name}\\s+▸ running`));

		await session.act('a');
		await session.waitForText(`attached ${name}`);
		// The program has the terminal: the dashboard is gone until it ends.
		assert.doesNotMatch(session.screen(), /● connected/);
		session.press('Enter');
		await session.waitForText('hold exited with code 0');
		await session.waitForText(new RegExp(`› ?\\s*${name}\\s+▸ running`));
		// The keyboard is the dashboard's again.
		session.press('?');
		await session.waitForText(/b\s+pick \(custom\)/);
		session.press('Escape');
		// Escape and q in one read are Alt-q: wait for the help to close first.
		await session.waitForText(/^(?![\s\S]*or Esc to close)/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('asks before a dangerous one: n keeps the container, y runs it and the engine no longer has it', async () => {
		const name = uniqueName('custom-rm');
		const id = await makeContainer({name});
		made.push(id);
		const session = await dashboardOn(name);
		session.press('z');
		await session.waitForText('Run remove on this container?');
		await session.waitForText(`runs: docker -H unix://`);
		session.press('n');
		await session.waitForText('remove: cancelled');
		assert.equal(await exists(id), true);

		await session.act('z');
		await session.waitForText('Run remove on this container?');
		await session.confirm();
		await session.waitForText('✓ exited with code 0', 15_000);
		assert.equal(await exists(id), false);
		session.press('Escape');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('under --read-only only the read-only-safe one exists', async () => {
		const name = uniqueName('custom-ro');
		const id = await makeContainer({name});
		made.push(id);
		const session = await dashboardOn(name, ['--read-only']);
		const hints = session.screen();
		assert.match(hints, /b pick/);
		assert.doesNotMatch(hints, /a hold|z remove/);
		session.press('z');
		session.press('a');
		session.press('?');
		await session.waitForText(/b\s+pick \(custom\)/);
		assert.doesNotMatch(session.screen(), /hold \(custom|remove \(custom/);
		session.press('Escape');
		assert.equal(await exists(id), true);
		session.press('b');
		await session.waitForText(`picked:${name}`);
		session.press('Escape');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('a hostile network name reaches the command as one inert argument, in a shell script too', async () => {
		// The engine lets a network be named anything: this one tries to run touch three ways.
		const home = configHome(`
commands:
  - name: direct
    key: b
    panes: networks
    command: printf '[%s]\\n' {name}
    readOnlySafe: true
  - name: script
    key: a
    panes: networks
    command: sh -c "printf '<%s>\\n' {name}"
    readOnlySafe: true
`);
		const marker = path.join(home, 'pwned');
		const name = `0dd ${uniqueName('net')};$(touch ${marker})\`touch ${marker}\`'"`;
		networks.push(await docker('network', 'create', '--label', TEST_LABEL, name));
		const session = startCli([], {columns: 200, rows: 36, env: {XDG_CONFIG_HOME: home}});
		sessions.push(session);
		await session.waitForText('● connected');
		session.press('7');
		await session.waitForText(/^› +0dd /m);
		session.press('b');
		await session.waitForText(`[${name}]`);
		session.press('Escape');
		await session.waitForText(/^› +0dd /m);
		await session.act('a');
		await session.waitForText(`<${name}>`);
		await session.waitForText('✓ exited with code 0');
		assert.equal(existsSync(marker), false);
		session.press('Escape');
		// An Escape and a q read together are Alt-q: wait for the output view to close first.
		await waitFor(() => !session.screen().includes('✓ exited with code 0'), {what: 'the output view to close'});
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

/**
 * Issue 13: push from the Images pane to a loopback docker-registry, with and without basic auth (htpasswd), the
 * credentials read as the docker CLI reads them (config.json `auths`, and a `docker-credential-*` helper through
 * `credsStore`), checked against the registry's catalog and tags list. The password appears on no screen and in no
 * file dockdash writes (its debug log included).
 */
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, docker} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {htpasswdLine, type LocalRegistry, startRegistry} from '../support/registry.js';

const USER = 'ddpush';
const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
const line = htpasswdLine(USER, PASSWORD);
const sessions: TerminalSession[] = [];
const tags: string[] = [];
let open: LocalRegistry | undefined;
let guarded: LocalRegistry | undefined;
let home = '';

before(async () => {
	home = mkdtempSync(path.join(tmpdir(), 'dockdash-push-'));
	open = await startRegistry();
	if (line) guarded = await startRegistry('docker-registry', {htpasswd: line});
});
after(async () => {
	for (const session of sessions) session.stop();
	for (const tag of tags) await docker('rmi', tag).catch(() => undefined);
	await open?.stop();
	await guarded?.stop();
	rmSync(home, {recursive: true, force: true});
});

const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

/** The registry's own answer: the tags of `repository`, asked with the test's credentials. */
async function registryTags(registry: LocalRegistry, repository: string): Promise<string[]> {
	const response = await fetch(`http://${registry.host}/v2/${repository}/tags/list`, {headers: {Authorization: basic}});
	if (response.status === 404) return [];
	return ((await response.json()) as {tags?: string[] | null}).tags ?? [];
}

async function catalog(registry: LocalRegistry): Promise<string[]> {
	const response = await fetch(`http://${registry.host}/v2/_catalog`, {headers: {Authorization: basic}});
	return ((await response.json()) as {repositories: string[]}).repositories;
}

/** A DOCKER_CONFIG folder of the test's own with this config.json, and the folders dockdash may write in. */
function dockerConfig(name: string, config: object | undefined): {env: Record<string, string>; folders: string[]} {
	const dir = path.join(home, name);
	mkdirSync(path.join(dir, 'docker'), {recursive: true});
	mkdirSync(path.join(dir, 'state'), {recursive: true});
	if (config) writeFileSync(path.join(dir, 'docker', 'config.json'), JSON.stringify(config));
	return {
		env: {DOCKER_CONFIG: path.join(dir, 'docker'), XDG_STATE_HOME: path.join(dir, 'state'), DOCKDASH_DEBUG_LOG: path.join(dir, 'debug.log'), DOCKDASH_SAVE_DIR: path.join(dir, 'state')},
		folders: [dir],
	};
}

/** Tags the fixture as `ref` and opens the Images pane on it. */
async function imagesPaneOn(ref: string, env: Record<string, string>): Promise<TerminalSession> {
	await docker('tag', BUSYBOX, ref);
	tags.push(ref);
	const session = startCli(['--pane', 'images'], {columns: 180, rows: 40, env});
	sessions.push(session);
	await session.waitForText(ref);
	await filterList(session, ref);
	await session.waitForText(new RegExp(`› ${ref.replace(/[.]/g, '\\.')}`));
	return session;
}

async function push(session: TerminalSession, ref: string): Promise<string> {
	await session.act('P');
	await session.waitForText(`push (REGISTRY/NAME:TAG): ${ref}`);
	await session.act('Enter');
	return session.waitForText(new RegExp(`^(pushed|push of) ${ref.replace(/[.]/g, '\\.')}`, 'm'), 60_000);
}

/** Every file under `folders`, read whole: none may hold the password or its base64. */
function assertNoSecretIn(folders: readonly string[], screen: string): void {
	const secrets = [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')];
	for (const secret of secrets) assert.ok(!screen.includes(secret), 'the screen shows no credential');
	const walk = (dir: string): string[] => readdirSync(dir).flatMap(entry => (statSync(path.join(dir, entry)).isDirectory() ? walk(path.join(dir, entry)) : [path.join(dir, entry)]));
	for (const file of folders.flatMap(walk)) {
		if (file.endsWith('config.json') || file.includes(`${path.sep}bin${path.sep}`)) continue; // the user's own config and helper
		const text = readFileSync(file, 'utf8');
		for (const secret of secrets) assert.ok(!text.includes(secret), `${file} holds no credential`);
	}
}

describe('push in a real terminal (issue 13)', () => {
	it('pushes to a registry without auth, with a bar per layer, and the registry lists the tag', async () => {
		const ref = `${open!.host}/dd-push/open:v1`;
		const session = await imagesPaneOn(ref, dockerConfig('open', undefined).env);
		const screen = await push(session, ref);
		assert.match(screen, new RegExp(`^pushed ${ref.replace(/[.]/g, '\\.')}`, 'm'));
		assert.match(screen, /✔ pushed .* digest: sha256:[a-f0-9]{64}/);
		assert.match(screen, /✔ [a-f0-9]{12} █+ (Pushed|Layer already exists)/);
		assert.ok((await catalog(open!)).includes('dd-push/open'));
		assert.deepEqual(await registryTags(open!, 'dd-push/open'), ['v1']);

		// A tag that is not here: one line naming the key that makes it, nothing pushed.
		const absent = `${open!.host}/dd-push/absent:v1`;
		await session.act('x');
		await session.act('P');
		await session.waitForText('push (REGISTRY/NAME:TAG):');
		session.press('C-u');
		session.type(absent);
		await session.act('Enter');
		await session.waitForText(`push of ${absent} failed: no image ${absent} here: t tags the selected image as ${absent} first`, 30_000);
		assert.ok(!(await catalog(open!)).includes('dd-push/absent'));
	});

	it('without credentials for a registry that wants them says one line naming docker login, and nothing is pushed', {skip: line ? false : 'needs htpasswd or python3 crypt for a bcrypt line'}, async () => {
		const ref = `${guarded!.host}/dd-push/guarded:none`;
		const session = await imagesPaneOn(ref, dockerConfig('none', {auths: {}}).env);
		const screen = await push(session, ref);
		assert.match(screen, new RegExp(`^push of ${ref.replace(/[.]/g, '\\.')} failed: ${guarded!.host.replace(/[.]/g, '\\.')} wants credentials and the docker CLI has none for it: run docker login ${guarded!.host.replace(/[.]/g, '\\.')}$`, 'm'));
		assert.deepEqual(await registryTags(guarded!, 'dd-push/guarded'), []);
	});

	it("with config.json's auths pushes, and a wrong password is refused naming docker login again; the password is on no screen and in no file", {skip: line ? false : 'needs htpasswd or python3 crypt'}, async () => {
		const auth = (password: string) => ({auths: {[`http://${guarded!.host}`]: {auth: Buffer.from(`${USER}:${password}`).toString('base64')}}});
		const wrong = dockerConfig('wrong', auth('not-the-password'));
		const refused = `${guarded!.host}/dd-push/guarded:wrong`;
		const first = await imagesPaneOn(refused, wrong.env);
		const screen1 = await push(first, refused);
		assert.match(screen1, new RegExp(`refused the credentials docker login saved: run docker login ${guarded!.host.replace(/[.]/g, '\\.')} again`));
		assert.deepEqual(await registryTags(guarded!, 'dd-push/guarded'), []);

		const right = dockerConfig('auths', auth(PASSWORD));
		const ref = `${guarded!.host}/dd-push/guarded:v1`;
		const session = await imagesPaneOn(ref, right.env);
		const screen = await push(session, ref);
		assert.match(screen, new RegExp(`^pushed ${ref.replace(/[.]/g, '\\.')}`, 'm'));
		assert.deepEqual(await registryTags(guarded!, 'dd-push/guarded'), ['v1']);
		// Quit, so the debug log and anything else dockdash writes is written.
		session.press('q');
		await session.waitForExit();
		assertNoSecretIn(right.folders, session.screen());
	});

	it('through a credential helper (credsStore) pushes, the helper asked for that registry', {skip: line ? false : 'needs htpasswd or python3 crypt'}, async () => {
		const setup = dockerConfig('helper', {credsStore: 'dockdashtest'});
		const bin = path.join(setup.folders[0]!, 'bin');
		mkdirSync(bin);
		const asked = path.join(setup.folders[0]!, 'asked');
		const helper = path.join(bin, 'docker-credential-dockdashtest');
		writeFileSync(
			helper,
			['#!/bin/sh', '[ "$1" = get ] || exit 1', 'read -r server', `printf '%s\\n' "$server" >> '${asked}'`, `printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$server"`, ''].join('\n'),
		);
		chmodSync(helper, 0o755);
		const ref = `${guarded!.host}/dd-push/helper:v2`;
		const session = await imagesPaneOn(ref, {...setup.env, PATH: `${bin}:${process.env['PATH']}`});
		const screen = await push(session, ref);
		assert.match(screen, new RegExp(`^pushed ${ref.replace(/[.]/g, '\\.')}`, 'm'));
		assert.deepEqual(await registryTags(guarded!, 'dd-push/helper'), ['v2']);
		assert.equal(readFileSync(asked, 'utf8'), `${guarded!.host}\n`);
		session.press('q');
		await session.waitForExit();
		assertNoSecretIn(setup.folders, session.screen());
	});
});

/**
 * Issue 13: the registry's credentials found as the docker CLI finds them, with real files and a real helper
 * program (a shell script on PATH): credHelpers before credsStore before auths, identity tokens, and one line for a
 * helper that is missing or a config that does not parse.
 */
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {credentialsFor, dockerConfigFile} from '../../source/registry-credentials.js';

const home = mkdtempSync(path.join(tmpdir(), 'dockdash-creds-'));
after(() => rmSync(home, {recursive: true, force: true}));
let serial = 0;

/** An environment whose DOCKER_CONFIG holds `config`, with helpers (name → script body) on its PATH. */
function environment(config: object | string | undefined, helpers: Record<string, string> = {}): NodeJS.ProcessEnv {
	const dir = path.join(home, String(++serial));
	mkdirSync(path.join(dir, 'bin'), {recursive: true});
	if (config !== undefined) writeFileSync(path.join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
	for (const [name, body] of Object.entries(helpers)) {
		const file = path.join(dir, 'bin', `docker-credential-${name}`);
		writeFileSync(file, `#!/bin/sh\n${body}\n`);
		chmodSync(file, 0o755);
	}
	return {DOCKER_CONFIG: dir, PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, HOME: dir};
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
// Answers for the server it is asked about, so a test sees which one was asked.
const ANSWER = `printf '{"ServerURL":"%s","Username":"u-%s","Secret":"s-%s"}' "$server" "$server" "$server"`;
const ECHO_HELPER = `read -r server; ${ANSWER}`;

describe('registry credentials (issue 13)', () => {
	it('reads DOCKER_CONFIG, else ~/.docker', () => {
		assert.equal(dockerConfigFile({DOCKER_CONFIG: '/x', HOME: '/h'}), '/x/config.json');
		assert.equal(dockerConfigFile({HOME: '/h'}), '/h/.docker/config.json');
	});

	it("decodes auths' base64 user:password, whatever scheme the key was saved with, and an identity token", async () => {
		const env = environment({auths: {'http://127.0.0.1:5000': {auth: base64('ann:pa:ss')}, 'ghcr.io': {identitytoken: 'tok'}, 'https://index.docker.io/v1/': {auth: base64('hub:pw')}}});
		assert.deepEqual(await credentialsFor('127.0.0.1:5000', env), {username: 'ann', password: 'pa:ss', serveraddress: '127.0.0.1:5000'});
		assert.deepEqual(await credentialsFor('ghcr.io', env), {identitytoken: 'tok', serveraddress: 'ghcr.io'});
		assert.deepEqual(await credentialsFor('docker.io', env), {username: 'hub', password: 'pw', serveraddress: 'https://index.docker.io/v1/'});
		assert.equal(await credentialsFor('quay.io', env), undefined);
		assert.equal(await credentialsFor('quay.io', environment(undefined)), undefined, 'no config.json: no credentials, no error');
	});

	it('asks credHelpers[registry] first, then credsStore, then auths', async () => {
		const env = environment(
			{credHelpers: {'one.example': 'first'}, credsStore: 'store', auths: {'one.example': {auth: base64('from:auths')}, 'two.example': {auth: base64('from:auths')}, 'three.example': {auth: base64('kept:auths')}}},
			{first: ECHO_HELPER, store: `read -r server; [ "$server" = three.example ] && { echo "credentials not found in native keychain"; exit 1; }; ${ANSWER}`},
		);
		assert.deepEqual(await credentialsFor('one.example', env), {username: 'u-one.example', password: 's-one.example', serveraddress: 'one.example'});
		assert.deepEqual(await credentialsFor('two.example', env), {username: 'u-two.example', password: 's-two.example', serveraddress: 'two.example'});
		// The store has nothing for it: auths is read.
		assert.deepEqual(await credentialsFor('three.example', env), {username: 'kept', password: 'auths', serveraddress: 'three.example'});
	});

	it("takes a helper's <token> user as an identity token", async () => {
		const env = environment({credsStore: 'tok'}, {tok: `read -r server; printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh"}' "$server"`});
		assert.deepEqual(await credentialsFor('r.example', env), {identitytoken: 'refresh', serveraddress: 'r.example'});
	});

	it('says in one line when the helper config.json names is missing, or config.json does not parse, never showing what a helper printed', async () => {
		await assert.rejects(credentialsFor('r.example', environment({credsStore: 'nowhere'})), {
			message: 'docker-credential-nowhere is not on PATH (config.json names it for r.example): install it, or docker login r.example again',
		});
		await assert.rejects(credentialsFor('r.example', environment({credsStore: 'noisy'}, {noisy: 'echo "secret-ish garbage"'})), (error: Error) => {
			assert.match(error.message, /^docker-credential-noisy answered something that is not its JSON/);
			assert.doesNotMatch(error.message, /secret-ish/);
			return true;
		});
		await assert.rejects(credentialsFor('r.example', environment('{"auths": ')), {message: /^cannot read .*config\.json: .*; fix it or run docker login r\.example$/});
	});
});

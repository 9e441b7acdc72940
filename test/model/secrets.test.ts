import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {MASK, isSecretName, maskSecretArguments} from '../../source/model/secrets.js';
import {EndpointError, parseHost} from '../../source/docker/endpoint.js';

describe('secrets', () => {
	it('names that look secret, and their neighbours that do not', () => {
		for (const name of ['DB_PASSWORD', 'api_token', 'AWS_SECRET_ACCESS_KEY', 'credentials.json']) assert.equal(isSecretName(name), true, name);
		for (const name of ['PATH', 'HOSTNAME', 'PORT']) assert.equal(isSecretName(name), false, name);
	});

	it('masks the values of secret-looking arguments in a command line, and only those', () => {
		assert.equal(maskSecretArguments('mysqld --password=hunter2 --port=3306'), `mysqld --password=${MASK} --port=3306`);
		assert.equal(maskSecretArguments('app --token abc --verbose'), `app --token ${MASK} --verbose`);
		assert.equal(maskSecretArguments('env API_TOKEN=x PLAIN=y'), `env API_TOKEN=${MASK} PLAIN=y`);
		assert.equal(maskSecretArguments(`app --secret 'two words' tail`), `app --secret ${MASK} tail`);
		// An option with no value of its own leaves the next option alone; ordinary arguments stay as they are.
		assert.equal(maskSecretArguments('app --password --next'), 'app --password --next');
		assert.equal(maskSecretArguments('postgres -c shared_buffers=1GB'), 'postgres -c shared_buffers=1GB');
		assert.equal(maskSecretArguments(maskSecretArguments('app --token abc')), `app --token ${MASK}`);
	});

	it('an ssh:// address with a password is refused as the docker CLI refuses it, and no message repeats the password', () => {
		// Positive control: the same address without the password is an ssh engine.
		assert.equal(parseHost('ssh://me@host', 'DOCKER_HOST').transport, 'ssh');
		for (const address of ['ssh://me:hunter2@host', 'ssh://me:hunter2@host:0', 'bogus://me:hunter2@host', 'tcp://me:hunter2@:2375']) {
			assert.throws(
				() => parseHost(address, 'DOCKER_HOST'),
				(error: unknown) => error instanceof EndpointError && !error.message.includes('hunter2') && error.message.includes(`me:${MASK}@`),
				address,
			);
		}
		// tcp:// keeps no user part: its address is shown without it.
		assert.equal(parseHost('tcp://me:hunter2@host:2375', 'DOCKER_HOST').url, 'tcp://host:2375');
	});
});

/**
 * The lean one-shot stats request (source/docker/stats-request.ts, issue 16) faces the same hostile peer as the rest
 * of the adapter (issue 17): an answer that trickles for ever ends at the request timeout, an endless one at its size
 * limit, one that is not a JSON object is named as such, and an error status reads as the engine's error.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {parseHost} from '../../source/docker/endpoint.js';
import {engineStatus} from '../../source/docker/errors.js';
import {createStatsRequest, type StatsRequest} from '../../source/docker/stats-request.js';
import {type HostileEngine, startHostileEngine} from '../support/hostile-engine.js';

let engine: HostileEngine;
let request: StatsRequest;
before(async () => {
	engine = await startHostileEngine();
	request = createStatsRequest(parseHost(engine.host, 'test'), {timeoutMs: 1500})!;
});
after(async () => {
	await engine.close();
});

const failure = (promise: Promise<unknown>) =>
	promise.then(
		answer => assert.fail(`answered ${JSON.stringify(answer)}`),
		(error: unknown) => error as Error,
	);

describe('one-shot stats from a hostile engine', () => {
	it('a body that trickles a byte every 200 ms ends at the request timeout, not at the first pause', {timeout: 10_000}, async () => {
		engine.script((_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			const timer = setInterval(() => response.write(' '), 200);
			response.on('close', () => clearInterval(timer));
		});
		const started = Date.now();
		const error = await failure(request('a'.repeat(64), new AbortController().signal));
		assert.equal(error.name, 'EngineTimeoutError');
		assert.match(error.message, /container stats: no answer from unix:\/\/.* within 2 s/);
		assert.ok(Date.now() - started < 5000);
	});

	it('an endless answer stops at the size limit with one line', {timeout: 10_000}, async () => {
		engine.script((_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			const pump = () => {
				while (!response.destroyed && response.write(chunk));
				if (!response.destroyed) response.once('drain', pump);
			};
			pump();
		});
		const error = await failure(request('b'.repeat(64), new AbortController().signal));
		assert.equal(error.name, 'EngineAnswerError');
		assert.match(error.message, /over 4 MiB: is this address a Docker Engine\?/);
	});

	it('null, a list or a proxy page instead of an object is named as such', async () => {
		for (const body of ['null', '[1,2]', '<html>bad gateway</html>']) {
			engine.script((_request, response) => {
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.end(body);
			});
			const error = await failure(request('c'.repeat(64), new AbortController().signal));
			assert.equal(error.name, 'EngineAnswerError', body);
			assert.match(error.message, /not a JSON object/);
		}
	});

	it('an error status reads as the engine error it is', async () => {
		engine.script((_request, response) => {
			response.writeHead(409, {'Content-Type': 'application/json'});
			response.end('{"message":"container is paused"}');
		});
		const error = await failure(request('d'.repeat(64), new AbortController().signal));
		assert.equal(engineStatus(error), 409);
		assert.equal((error as {json?: {message?: string}}).json?.message, 'container is paused');
	});
});

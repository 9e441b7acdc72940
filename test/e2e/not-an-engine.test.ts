/**
 * The dashboard against addresses that are not a Docker Engine (issue 20), on loopback servers of the
 * test's own: a web server gives one line saying what was reached and what was expected, and among several
 * engines a silent one is reported with the same "no answer … within N s" as alone, after the same timeout.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {after, describe, it} from 'node:test';
import {PANES} from '../../source/ui/panes/registry.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
after(() => {
	for (const session of sessions) session.stop();
	for (const socket of sockets) socket.destroy();
	for (const server of servers) server.close();
});

async function listen(server: net.Server): Promise<string> {
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

describe('addresses that are not a Docker Engine', () => {
	it('a web server: one line naming the address, the HTML page and what was expected; exit code 1', async () => {
		const url = await listen(
			http.createServer((_request, response) => {
				response.writeHead(404, {'content-type': 'text/html'});
				response.end('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title></head></html>');
			}),
		);
		const session = startCli(['-H', url], {columns: 200, rows: 10});
		sessions.push(session);
		await session.waitForText(`dockdash: ${url} answered HTTP 404 with an HTML page: not a Docker Engine API`);
		assert.equal(await session.waitForExit(), 1);
		assert.doesNotMatch(session.screen(), /DOCTYPE|    at /, 'neither the page nor a stack trace');
	});

	it('among several engines, a silent one is "no answer … within 2 s" after the request timeout, as alone', async () => {
		const silent = await listen(
			net.createServer(socket => {
				sockets.add(socket);
				socket.on('data', () => undefined);
			}),
		);
		const session = startCli(['-H', process.env['DOCKER_HOST']!, '-H', silent, '--request-timeout', '2'], {columns: 200, rows: 30});
		sessions.push(session);
		// With several engines the header shows each one's state; the Containers pane counts those that answer (issue 14).
		await session.waitForText(/[1-9]\d* of \d+ engines/);
		session.press(String(PANES.findIndex(pane => pane.id === 'engines') + 1));
		await session.waitForText(/Engines 2 ·/);
		await session.waitForText(`failed: list containers: no answer from ${silent} within 2 s`, 10_000);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		// Alone, the same address gets the same words from the version request, and dockdash ends.
		const alone = startCli(['-H', silent, '--request-timeout', '2'], {columns: 200, rows: 10});
		sessions.push(alone);
		await alone.waitForText(`dockdash: version: no answer from ${silent} within 2 s`, 10_000);
		assert.equal(await alone.waitForExit(), 1);
	});
});

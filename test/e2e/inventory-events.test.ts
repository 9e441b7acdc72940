/**
 * The volumes and networks panes follow the engine's event stream as the containers pane does
 * (issue 19): an object made or removed with the docker CLI shows or goes without R.
 */
import {after, describe, it} from 'node:test';
import {docker, TEST_LABEL, uniqueName, waitFor} from '../support/engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';

const sessions: TerminalSession[] = [];
const volumes: string[] = [];
const networks: string[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	if (volumes.length > 0) await docker('volume', 'rm', '-f', ...volumes).catch(() => undefined);
	for (const network of networks) await docker('network', 'rm', network).catch(() => undefined);
});

async function gone(session: TerminalSession, text: string): Promise<void> {
	await waitFor(() => !session.screen().includes(text), {timeoutMs: 10_000, what: () => `"${text}" to go; the screen was:\n${session.screen()}`});
}

describe('volumes and networks follow engine events (issue 19)', {timeout: 90_000}, () => {
	it('docker volume create / network create show without R, and their removal takes them away', async () => {
		const session = startCli(['--pane', 'volumes'], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText(/Volumes \d+ · \d+ unused/, 30_000);
		await waitFor(() => !/measuring|loading…/.test(session.screen()), {timeoutMs: 30_000, what: 'the first measurement'});

		const volume = uniqueName('ev-vol');
		volumes.push(volume);
		await docker('volume', 'create', '--label', TEST_LABEL, volume);
		await session.waitForText(volume, 10_000);
		await docker('volume', 'rm', volume);
		await gone(session, volume);

		session.press('7');
		await session.waitForText(/Networks \d+/);
		await waitFor(() => !/loading/.test(session.screen()), {timeoutMs: 30_000, what: 'the networks list'});
		const network = uniqueName('ev-net');
		networks.push(network);
		await docker('network', 'create', '--label', TEST_LABEL, network);
		await session.waitForText(network, 10_000);
		await docker('network', 'rm', network);
		await gone(session, network);
		session.press('q');
		await session.waitForExit();
	});
});

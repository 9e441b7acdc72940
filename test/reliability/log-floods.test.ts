import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {docker, makeContainer, removeContainers, uniqueName, waitFor} from '../support/engine.js';
import {cliPid, rssMiB} from '../support/proc-stats.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

// What the logs ring may keep is 32 Mi characters (64 MiB as UTF-16) beside Node and Ink (~100 MiB); while
// 10-20 MB/s stream through, V8 lets garbage pile up between major collections (peaks near 420 MiB measured).
// Without the character budget the ring alone keeps 10,000 lines of 100 kB here: over 1 GB.
const RSS_LIMIT_MIB = Number(process.env['DOCKDASH_FLOOD_RSS_LIMIT'] ?? 640);
// 600 MB by default (about 90 s here): 6,000 lines of 100 kB, which a ring without a character budget keeps whole.
const FLOOD_BYTES = Number(process.env['DOCKDASH_FLOOD_BYTES'] ?? 600_000_000);
// The aim is 1 s; measured 0.8-3.4 s on the shared 2-core host while dockerd encodes the flood at full speed
// (issue 6, open). The default asserts the UI is not frozen; DOCKDASH_FLOOD_KEY_MS=1000 asserts the aim.
const KEY_LIMIT_MS = Number(process.env['DOCKDASH_FLOOD_KEY_MS'] ?? 5000);
const FLOOD_TIMEOUT_MS = 240_000;

async function openLogs(name: string): Promise<{session: TerminalSession; pid: number}> {
	// DOCKDASH_FLOOD_CLI runs another build (to check that this test fails without the fix).
	const other = process.env['DOCKDASH_FLOOD_CLI'];
	const session = startCli([], {columns: 140, rows: 30, ...(other ? {command: [process.execPath, other]} : {})});
	sessions.push(session);
	await session.waitForText('● connected');
	await filterList(session, name);
	session.press('Tab');
	await session.waitForText(`Logs · ${name}`);
	return {session, pid: await cliPid(session)};
}

/** Presses ? (help) and Esc and measures how long the screen takes to answer. */
async function keyLatencyMs(session: TerminalSession): Promise<number> {
	const started = Date.now();
	session.type('?');
	await session.waitForText('? or Esc to close', 10_000);
	const shown = Date.now() - started;
	session.press('Escape');
	await waitFor(() => !session.screen().includes('? or Esc to close'), {timeoutMs: 10_000, what: 'the help to close'});
	return shown;
}

describe('floods of log output keep memory bounded and keys answering', () => {
	it('a 10 MB line, binary output and gigabytes of long lines streamed live: RSS stays bounded, keys keep answering', async () => {
		const name = uniqueName('flood');
		const script = [
			// Wait for dockdash to attach, so everything below streams through it live.
			'while [ ! -e /go ]; do sleep 0.1; done',
			"head -c 10485760 /dev/zero | tr '\\0' x; echo; echo ten-mb-line-done",
			'head -c 5000000 /dev/urandom; echo; echo binary-done',
			"line=$(head -c 100000 /dev/zero | tr '\\0' y)",
			`yes "$line" | head -c ${FLOOD_BYTES}`,
			'echo; echo flood-written; sleep 3600',
		].join('\n');
		made.push(await makeContainer({name, command: ['sh', '-c', script]}));
		const {session, pid} = await openLogs(name);
		const before = rssMiB(pid) ?? 0;
		await docker('exec', name, 'touch', '/go');
		let peak = 0;
		const latencies: number[] = [];
		const started = Date.now();
		while (!session.screen().includes('flood-written')) {
			assert.ok(session.isRunning(), `dockdash ended:\n${session.screen()}`);
			assert.ok(Date.now() - started < FLOOD_TIMEOUT_MS, `the flood did not end within ${FLOOD_TIMEOUT_MS} ms`);
			peak = Math.max(peak, rssMiB(pid) ?? 0);
			if (latencies.length < 5 && Date.now() - started > (latencies.length + 1) * 5000) latencies.push(await keyLatencyMs(session));
			await new Promise(resolve => setTimeout(resolve, 250));
		}
		const seconds = (Date.now() - started) / 1000;
		console.log(`flood: ${FLOOD_BYTES} bytes in ${seconds.toFixed(0)} s; RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB (limit ${RSS_LIMIT_MIB}); ? answered in ${latencies.join(', ')} ms`);
		assert.ok(peak < RSS_LIMIT_MIB, `peak RSS ${peak.toFixed(0)} MiB`);
		assert.ok(latencies.length > 0 && Math.max(...latencies) < KEY_LIMIT_MS, `key latencies ${latencies.join(', ')} ms (limit ${KEY_LIMIT_MS})`);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, RUN_ID, TEST_LABEL, docker, makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {HOSTILE_PAYLOADS, type RawRecording, recordRaw, terminalHazards} from '../support/raw-output.js';

const ESC = '\u001B';
const BEL = '\u0007';
const sessions: TerminalSession[] = [];
const recordings: RawRecording[] = [];
const containers: string[] = [];
let network: string | undefined;
let image: string | undefined;

after(async () => {
	for (const session of sessions) session.stop();
	for (const recording of recordings) recording.stop();
	await removeContainers(...containers);
	if (network) await docker('network', 'rm', network).catch(() => undefined);
	if (image) await docker('rmi', '-f', image).catch(() => undefined);
});

const payloads = Object.values(HOSTILE_PAYLOADS);

function open(args: string[], size: {columns: number; rows: number}): {session: TerminalSession; raw: RawRecording} {
	const session = startCli(args, size);
	const raw = recordRaw(session);
	sessions.push(session);
	recordings.push(raw);
	return {session, raw};
}

function assertInert(raw: RawRecording, where: string): void {
	const bytes = raw.bytes();
	assert.ok(bytes.length > 0, 'the recording holds dockdash output');
	assert.deepEqual(terminalHazards(bytes), [], `${where}: the raw output holds something a terminal acts on`);
}

describe('hostile strings in every surface stay inert in the raw terminal output', () => {
	before(async () => {
		// The busybox shell writes every byte itself: the payloads come back through env, the rest are octal escapes.
		const script = [
			...payloads.map((_, index) => `printf 'p${index}:%s\\n' "$DD_HOSTILE_${index}"`),
			// An OSC and an 8-bit CSI cut across two writes, so across two chunks of the logs stream.
			"printf 'split-osc:\\033]0;dd-spl'; sleep 1; printf 'it-title\\007:after-split\\n'",
			"printf 'split-c1:\\302'; sleep 1; printf '\\2332J:after-c1\\n'",
			"printf 'bad-utf8:\\377\\376\\300\\257:end\\n'",
			// Every byte value, twice: binary output.
			'i=0; while [ $i -lt 512 ]; do printf "\\\\$(printf %o $((i % 256)))"; i=$((i+1)); done; echo',
			'echo dd-logs-done; sleep 3600',
		].join('\n');
		const env = payloads.flatMap((payload, index) => ['--env', `DD_HOSTILE_${index}=${payload}`]);
		const labels = payloads.flatMap((payload, index) => ['--label', `dd.hostile.${index}=${payload}`]);
		const name = uniqueName('hostile-surfaces');
		containers.push(await makeContainer({name, command: ['sh', '-c', script], extraArgs: [...env, ...labels]}));

		// Network names are not validated by the engine: an escape sequence is accepted.
		network = `dd-net-${ESC}]0;dd-net-title${BEL}${ESC}[2J-${RUN_ID}`.slice(0, 60);
		await docker('network', 'create', '--label', TEST_LABEL, '--label', `dd.hostile=${HOSTILE_PAYLOADS['OSC title']}`, network);

		// CreatedBy of a layer and a file name inside one carry escapes: the Dockerfile holds the raw bytes.
		const dir = mkdtempSync(path.join(tmpdir(), 'dockdash-hostile-image-'));
		writeFileSync(
			path.join(dir, 'Dockerfile'),
			[
				`FROM ${BUSYBOX}`,
				`RUN echo "${ESC}]0;dd-history-title${BEL}${ESC}[2J${ESC}P+q${ESC}\\\\" > /history-step`,
				`RUN touch "/dd-file-${ESC}[31m${ESC}]8;;dd.invalid${BEL}red"`,
				`LABEL dockdash.test=${RUN_ID}`,
				'',
			].join('\n'),
		);
		image = `dockdash-test/hostile-${RUN_ID.toLowerCase().replace(/[^a-z0-9]/g, '')}:one`;
		await docker('build', '-q', '-t', image, dir);
		rmSync(dir, {recursive: true, force: true});
	});

	it('env values and labels in the details view, then every kind of log line', async () => {
		const name = (await docker('inspect', '-f', '{{.Name}}', containers[0]!)).slice(1);
		const {session, raw} = open([], {columns: 160, rows: 90});
		await session.waitForText('● connected');
		await filterList(session, name);
		session.press('Enter');
		const details = await session.waitForText(/Labels \(\d+\)/);
		assertInert(raw, 'details view');
		assert.match(details, /DD_HOSTILE_0=␛\]0;dd-title-pwned␇/, 'an env value shows its escape as visible text');
		assert.match(details, /dd\.hostile\.0=␛\]0;dd-title-pwned␇/, 'a label shows its escape as visible text');
		assert.match(details, /DD_HOSTILE_\d+=⟨U\+202E⟩dd-rtl/);

		session.press('Escape');
		await session.waitForText(/Containers 1 of \d+/);
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		const logs = await session.waitForText('dd-logs-done', 15_000);
		assertInert(raw, 'logs pane');
		assert.match(logs, /split-osc:␛\]0;dd-split-title␇:after-split/, 'an OSC split across chunks is one inert line');
		assert.match(logs, /split-c1:⟨9B⟩2J:after-c1/, 'a C1 control cut inside its UTF-8 bytes is one inert marker');
		assert.match(logs, /bad-utf8:\uFFFD+:end/, 'invalid UTF-8 becomes replacement characters');
		assert.match(logs, /p0:␛\]0;dd-title-pwned␇/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		assertInert(raw, 'the whole run');
	});

	it('image history (CreatedBy) and a file name in the layer explorer', async () => {
		// Wide enough for the long repository name whole beside the details panel (issue 18 cuts a name in its middle).
		const {session, raw} = open(['--pane', 'images'], {columns: 240, rows: 50});
		const repo = image!.split(':')[0]!;
		await session.waitForText(repo);
		session.type('/');
		session.type(repo);
		await session.waitForText(`filter: ${repo}`);
		session.press('Enter');
		await session.waitForText(new RegExp(`› ${repo}`));
		session.press('Enter');
		const steps = await session.waitForText(/Layers of .* · \d+ layers/, 30_000);
		assertInert(raw, 'image history');
		assert.match(steps, /␛\]0;dd-history-title␇␛\[2J␛P\+q␛\\/, 'the RUN line shows its escapes as visible text');
		session.press('j');
		session.press('j');
		session.press('l');
		const files = await session.waitForText('dd-file-', 10_000);
		assert.match(files, /dd-file-␛\[31m␛\]8;;dd\.invalid␇red/);
		assertInert(raw, 'layer explorer');
		session.press('q');
		await session.waitForExit();
	});

	it('a network name with escapes: inert, and the columns after it stay where the header puts them', async () => {
		const {session, raw} = open(['--pane', 'networks'], {columns: 160, rows: 40});
		await session.waitForText('dd-net-', 10_000);
		assertInert(raw, 'networks pane');
		const screen = await session.waitForText('dd-net-␛]0;dd-net-title␇␛[2J');
		const lines = screen.split('\n');
		const header = lines.find(line => /NAME\s+DRIVER\s+SCOPE/.test(line))!;
		const row = lines.find(line => line.includes('dd-net-␛]0;dd-net-title'))!;
		assert.ok(header && row, `header and row on screen:\n${screen}`);
		const driverColumn = header.indexOf('DRIVER');
		assert.equal(row.slice(driverColumn, driverColumn + 'bridge'.length), 'bridge', `DRIVER column aligned:\n${header}\n${row}`);
		const scopeColumn = header.indexOf('SCOPE');
		assert.equal(row.slice(scopeColumn, scopeColumn + 'local'.length), 'local', `SCOPE column aligned:\n${header}\n${row}`);
		session.press('q');
		await session.waitForExit();
	});
});

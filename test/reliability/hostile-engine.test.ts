/**
 * The real CLI in a real terminal, against something posing as a Docker Engine that answers badly (issue 17): no
 * answer, a connection reset in the middle of a body, bytes that are not JSON, JSON of the wrong shape, garbage and
 * endless lines on the event stream, a very large list. Each time dockdash draws, says in one line what is wrong
 * with which request, answers keys, and comes back by itself when the answers are good again.
 * No engine is involved, so in CI it runs in one pass only, the Docker 20.10 one (it takes 3–4 minutes under load: three
 * passes would cost CI ten minutes to test the same code against the same scripted answers). `npm test` runs it.
 */
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import type http from 'node:http';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {createEngine} from '../../source/docker/engine.js';
import {parseHost} from '../../source/docker/endpoint.js';
import {createRunPort} from '../../source/run-services.js';
import {type HostileEngine, healthyContainer, healthyImage, startHostileEngine} from '../support/hostile-engine.js';
import {startCli, type TerminalSession} from '../support/pty.js';
import {makeTar} from '../support/tar-writer.js';


const kind = process.env.DOCKDASH_ENGINE_KIND;
const skip = kind && kind !== '20.10' ? 'no engine involved: runs in the Docker 20.10 pass' : false;

const sessions: TerminalSession[] = [];
const engines: HostileEngine[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	for (const engine of engines) await engine.close();
});

/** A config with a short request timeout and a fast relist, so a recovery is seen within seconds. */
function configHome(requestTimeout: number): string {
	const home = mkdtempSync(path.join(tmpdir(), 'dockdash-xdg-'));
	mkdirSync(path.join(home, 'dockdash'));
	writeFileSync(path.join(home, 'dockdash', 'config.yaml'), `requestTimeout: ${requestTimeout}\nrefresh: 1\n`);
	return home;
}

async function dashboardAgainst(engine: HostileEngine, requestTimeout = 2, columns = 160, probe?: string): Promise<TerminalSession> {
	engines.push(engine);
	const env = {DOCKER_HOST: engine.host, XDG_CONFIG_HOME: configHome(requestTimeout), ...(probe ? {DOCKDASH_HEAP_PROBE: probe} : {})};
	// With a probe: the same dist/cli.js, with the test's heap probe preloaded (test/support/heap-probe.mjs).
	const command = probe ? [process.execPath, '--expose-gc', '--import', path.resolve('test/support/heap-probe.mjs'), path.resolve('dist/cli.js')] : undefined;
	const session = startCli([], {columns, rows: 30, env, command});
	sessions.push(session);
	return session;
}

const onContainerList = (answer: Parameters<HostileEngine['script']>[0]) => (engine: HostileEngine) =>
	engine.script((request, response, socket) => (request.url?.includes('/containers/json') ? answer!(request, response, socket) : 'default'));

/** A container list answered with `body`, made once (the test's server must not be the slow part). */
const containerListBody = (body: string) =>
	onContainerList((_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)});
		response.end(body);
	});

/** The process of the dockdash in the session. */
function cliPid(session: TerminalSession): number {
	const shell = execFileSync('tmux', ['display-message', '-p', '-t', session.name, '#{pane_pid}'], {encoding: 'utf8'}).trim();
	return Number(execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'}).trim().split('\n')[0]);
}

/** The resident memory of the dockdash process in the session, in MiB: now, or its peak so far (VmHWM). */
function residentMiB(session: TerminalSession, which: 'now' | 'peak' = 'now'): number {
	const status = readFileSync(`/proc/${cliPid(session)}/status`, 'utf8');
	return Number(new RegExp(`${which === 'now' ? 'VmRSS' : 'VmHWM'}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

type MemoryUsage = ReturnType<typeof process.memoryUsage>;

/**
 * What the dockdash in the session holds, in MiB: the V8 heap in use plus memory outside it (buffers) after full
 * garbage collections, read by the heap probe it was started with, with the same figures before the collections.
 */
async function retainedMiB(session: TerminalSession, probe: string): Promise<{retained: number; before: number}> {
	rmSync(probe, {force: true});
	process.kill(cliPid(session), 'SIGUSR2');
	const started = Date.now();
	let answer: {before: MemoryUsage; after: MemoryUsage} | undefined;
	while (!answer) {
		if (Date.now() - started > 10_000) throw new Error('the heap probe did not answer within 10 s');
		await new Promise(resolve => setTimeout(resolve, 50));
		try {
			answer = JSON.parse(readFileSync(probe, 'utf8')) as typeof answer;
		} catch {
			// Not written yet, or written in part.
		}
	}
	const mib = (usage: MemoryUsage) => (usage.heapUsed + usage.external) / 1024 / 1024;
	return {retained: mib(answer!.after), before: mib(answer!.before)};
}

/** After a fault, the engine answers well again: the rows come back and the line goes, with no key pressed. */
async function recovers(session: TerminalSession, engine: HostileEngine, line: RegExp): Promise<void> {
	engine.script(undefined);
	await session.waitForText(/\bhostile-1\b/, 15_000);
	await session.waitForText('● connected', 15_000);
	await session.waitForText(/hostile-2/);
	assert.doesNotMatch(session.screen(), line);
}

async function quits(session: TerminalSession): Promise<void> {
	session.press('q');
	assert.equal(await session.waitForExit(10_000), 0);
}

describe('a hostile engine at the end of DOCKER_HOST', {skip}, () => {
	it('a container list that never comes: the dashboard draws, names the request and the timeout, and quits on q', async () => {
		const engine = await startHostileEngine();
		onContainerList(() => undefined)(engine);
		const session = await dashboardAgainst(engine);
		// Before the fix the first frame never came: the timeout was lost to the garbage collector (deadline.ts).
		const screen = await session.waitForText(/list containers: no answer from unix:\/\/\S+ within 2 s/, 20_000);
		assert.match(screen, /○ disconnected/);
		assert.match(screen, /1 Containers/);
		await recovers(session, engine, /no answer/);
		await quits(session);
	});

	it('a connection reset in the middle of the list: one line, then the list once the engine answers', async () => {
		const engine = await startHostileEngine();
		onContainerList((_request, response, socket) => {
			response.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': '5000'});
			response.write('[{"Id":"');
			setTimeout(() => socket.destroy(), 20);
		})(engine);
		const session = await dashboardAgainst(engine);
		const screen = await session.waitForText(/engine unavailable: list containers: /, 20_000);
		assert.doesNotMatch(screen, /\bhostile-1\b/);
		await recovers(session, engine, /engine unavailable/);
		await quits(session);
	});

	it('an answer that is not JSON (a proxy error page cut short) is named as such, not as an internal error', async () => {
		const engine = await startHostileEngine();
		onContainerList((_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end('[{"Id": "abc", \u001B[31m');
		})(engine);
		const session = await dashboardAgainst(engine);
		const screen = await session.waitForText(/list containers: the engine's answer is not JSON \(it starts "\[\{"Id": "abc", ␛\[31m"\)/, 15_000);
		assert.doesNotMatch(screen, /Cannot read properties|is not a function|undefined/);
		await recovers(session, engine, /not JSON/);
		await quits(session);
	});

	it('null where a list belongs is named as such', async () => {
		const engine = await startHostileEngine();
		onContainerList((_request, response) => {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end('null');
		})(engine);
		const session = await dashboardAgainst(engine);
		await session.waitForText('list containers: the engine answered null where a list was expected', 15_000);
		await recovers(session, engine, /answered null/);
		await quits(session);
	});

	it('entries of the wrong shape: whole rows shown, the others left out and counted, fields of the wrong type read as absent', async () => {
		const good = healthyContainer(7, {Names: ['/hostile-good'], Ports: 'none', Labels: null, Created: 'yesterday'});
		const engine = await startHostileEngine({
			containers: () => [good, {Id: 5, Names: ['/hostile-numeric-id']}, {Names: ['/hostile-no-id']}, 'a string', healthyContainer(7, {Names: ['/hostile-twin']})],
		});
		const session = await dashboardAgainst(engine);
		const screen = await session.waitForText('hostile-good', 15_000);
		assert.match(screen, /engine answer: list containers: 2 entries left out \(no ID\), 1 \(not an object\), 1 \(a repeated ID\)/);
		for (const name of ['hostile-numeric-id', 'hostile-no-id', 'hostile-twin']) assert.doesNotMatch(screen, new RegExp(name));
		assert.match(screen, /Containers 1 /);
		await quits(session);
	});

	it('garbage and an endless line on the event stream: events after them still arrive, and memory stays bounded', async () => {
		let containers = [healthyContainer(1)];
		const engine = await startHostileEngine({containers: () => containers});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		engine.sendEvent('this is not json\n{"Type": 5, "Action": null}\nnull\n[1,2]\n');
		const before = residentMiB(session);
		// 96 MiB without a newline, in 1 MiB writes: kept whole, it would hold the dashboard's memory for ever.
		const chunk = 'x'.repeat(1024 * 1024);
		for (let i = 0; i < 96; i++) engine.sendEvent(chunk);
		await new Promise(resolve => setTimeout(resolve, 2000));
		const during = residentMiB(session);
		engine.sendEvent('\n');
		containers = [healthyContainer(1), healthyContainer(3, {Names: ['/hostile-after-garbage']})];
		engine.sendEvent({Type: 'container', Action: 'create', Actor: {ID: containers[1]!['Id'], Attributes: {name: 'hostile-after-garbage'}}, timeNano: Date.now() * 1e6});
		await session.waitForText('hostile-after-garbage', 10_000);
		assert.match(session.screen(), /● connected/);
		// The line is dropped at 1 MiB: what the dashboard holds does not grow with it (96 MiB would, kept).
		assert.ok(during - before < 48, `resident memory grew from ${before} to ${during} MiB while the endless line came`);
		await quits(session);
	});

	it('1 MB names and labels: rows show a bounded name, and what dockdash holds stays bounded', async () => {
		const huge = 'n'.repeat(1024 * 1024);
		const engine = await startHostileEngine({
			containers: () => Array.from({length: 10}, (_, index) => healthyContainer(index + 1, {Names: [`/hostile-${index + 1}-${huge}`], Labels: {[`k${huge}`]: huge, 'com.docker.compose.project': huge}})),
		});
		const probe = path.join(mkdtempSync(path.join(tmpdir(), 'dockdash-heap-')), 'heap.json');
		const session = await dashboardAgainst(engine, 30, 160, probe);
		const screen = await session.waitForText(/hostile-1-nnnn/, 60_000);
		assert.match(screen, /● connected/);
		session.press('j');
		// Names sort as text: hostile-1, hostile-10, hostile-2.
		await session.waitForText(/› hostile-10-n/, 5_000);
		// Several relists (every second, 40 MiB of JSON each) before the measure.
		const relists = () => engine.requests.filter(line => line.includes('/containers/json')).length;
		const seen = relists();
		while (relists() < seen + 3) await new Promise(resolve => setTimeout(resolve, 250));
		// The bound: what dockdash holds after full garbage collections (V8 heap in use + buffers), under 50 MiB.
		// Measured 2026-12-05 (Node 20, steady across five collections 4 s apart): 34 MiB (16 heap + 18 outside),
		// against 32 MiB for the same dashboard with two ordinary containers; keeping one answer as parsed (tried:
		// the raw list kept in a global) holds 66 MiB. The bound sits halfway between the two. Resident memory is not the
		// measure: it counts each relist's answer (its buffers, its string, its parse) until the collector's next
		// major pass, so it swings with the collector's phase: 184 to 377 MiB within 20 s of the same screen, with
		// 80 to 180 MiB of uncollected buffers before a collection and none after (432 MiB seen under load).
		const {retained, before} = await retainedMiB(session, probe);
		console.log(`# 1 MB names and labels: ${retained.toFixed(0)} MiB held after collection (${before.toFixed(0)} MiB before it), ${residentMiB(session).toFixed(0)} MiB resident`);
		assert.ok(retained < 50, `${retained.toFixed(0)} MiB held with 1 MB names`);
		await quits(session);
	});

	it('100,000 containers: the list shows them all and keys still move the cursor', async () => {
		const many = Array.from({length: 100_000}, (_, index) => healthyContainer(index + 1, {Names: [`/bulk-${String(index + 1).padStart(6, '0')}`]}));
		const body = JSON.stringify(many);
		const engine = await startHostileEngine();
		containerListBody(body)(engine);
		// 40 MB of JSON: a 2 s request timeout would be too short for the list itself on a loaded machine.
		const probe = path.join(mkdtempSync(path.join(tmpdir(), 'dockdash-heap-')), 'heap.json');
		const session = await dashboardAgainst(engine, 30, 160, probe);
		await session.waitForText('Containers 100000', 60_000);
		await session.waitForText(/› bulk-000001/, 10_000);
		session.press('j');
		await session.waitForText(/› bulk-000002/, 5_000);
		session.press('G');
		await session.waitForText(/› bulk-100000/, 5_000);
		assert.match(session.screen(), /● connected/);
		// Several relists (every second, 40 MB each) before the measure.
		const relists = () => engine.requests.filter(line => line.includes('/containers/json')).length;
		const seen = relists();
		while (relists() < seen + 3) await new Promise(resolve => setTimeout(resolve, 250));
		// The bound: what dockdash holds after full garbage collections (V8 heap in use + buffers), under 120 MiB.
		// Measured 2026-12-05 (Node 20, loaded 2-core machine, three relists in): 88 and 89 MiB held in two runs (about 300 MiB before the
		// collection, 275 MiB resident); with one answer kept as parsed (tried: the raw list kept in a global) 155 MiB.
		// The bound sits halfway between the two: a relist that kept its answer alive fails it.
		const {retained, before} = await retainedMiB(session, probe);
		const resident = residentMiB(session);
		console.log(`# 100,000 containers: ${retained.toFixed(0)} MiB held after collection (${before.toFixed(0)} MiB before it), ${resident.toFixed(0)} MiB resident`);
		assert.ok(retained < 120, `${retained.toFixed(0)} MiB held with 100,000 containers`);
		// A backstop only (resident memory swings with the collector's phase): 272 to 345 MiB measured, 2026-12-05.
		assert.ok(resident < 600, `${resident} MiB resident with 100,000 containers`);
		await quits(session);
	});
});

describe('memory with a 50 MB container list and 10,000 images', {skip}, () => {
	it('the peak resident memory stays under its bound while both lists are shown and relisted', async () => {
		// 25,000 containers with a 1.9 KB label each: a 50 MB answer, read again every second (refresh: 1).
		const note = 'n'.repeat(1900);
		const body = JSON.stringify(Array.from({length: 25_000}, (_, index) => healthyContainer(index + 1, {Names: [`/heavy-${String(index + 1).padStart(5, '0')}`], Labels: {'com.example.note': note}})));
		assert.ok(Buffer.byteLength(body) >= 50_000_000, `the container list is ${Buffer.byteLength(body)} bytes`);
		const images = Array.from({length: 10_000}, (_, index) => healthyImage(index + 1, {RepoTags: [`heavy/image-${String(index + 1).padStart(5, '0')}:latest`]}));
		const engine = await startHostileEngine({images: () => images});
		containerListBody(body)(engine);
		const probe = path.join(mkdtempSync(path.join(tmpdir(), 'dockdash-heap-')), 'heap.json');
		const session = await dashboardAgainst(engine, 30, 160, probe);
		await session.waitForText('Containers 25000', 60_000);
		session.press('G');
		await session.waitForText(/› heavy-25000/, 10_000);
		session.press('3');
		await session.waitForText(/Images 10000 /, 60_000);
		session.press('G');
		await session.waitForText(/› heavy\/image-10000/, 10_000);
		// Several relists of both lists while shown (the container list every second).
		const relists = () => engine.requests.filter(line => line.includes('/containers/json')).length;
		const seen = relists();
		const started = Date.now();
		while (relists() < seen + 3 && Date.now() - started < 30_000) await new Promise(resolve => setTimeout(resolve, 250));
		assert.ok(relists() >= seen + 3, 'the container list was read again three times');
		session.press('1');
		await session.waitForText(/heavy-25000/, 10_000);
		assert.match(session.screen(), /● connected/);
		// The bound: what dockdash holds after full garbage collections (V8 heap in use + buffers), under 140 MiB.
		// Measured 2026-12-05 (Node 20, loaded 2-core machine): 103 and 116 MiB held in two runs (350–377 MiB before the collection); with one
		// container answer kept as parsed (tried: the raw list kept in a global) 174 MiB. The bound sits halfway.
		const peak = residentMiB(session, 'peak');
		const {retained, before} = await retainedMiB(session, probe);
		console.log(`# 50 MB container list and 10,000 images: ${retained.toFixed(0)} MiB held after collection (${before.toFixed(0)} MiB before it), peak ${peak.toFixed(0)} MiB resident, ${residentMiB(session).toFixed(0)} MiB now`);
		assert.ok(retained < 140, `${retained.toFixed(0)} MiB held with a 50 MB container list and 10,000 images`);
		// A backstop only: the peak resident memory, 600–605 MiB in four runs (664 MiB with an answer kept), which
		// counts each relist's garbage until the collector's next major pass.
		assert.ok(peak < 750, `peak ${peak.toFixed(0)} MiB resident with a 50 MB container list and 10,000 images`);
		await quits(session);
	});
});

/** `dockdash prune ARGS` against the engine; not spawnSync, since the engine answering is this process. */
function pruneAgainst(engine: HostileEngine, args: string[]): Promise<{status: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, ['dist/cli.js', 'prune', ...args], {encoding: 'utf8', timeout: 60_000, env: {...process.env, DOCKER_HOST: engine.host}}, (error, stdout, stderr) =>
			resolve({status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr}),
		);
	});
}

/** Writes raw bytes as the answer, bypassing the HTTP server's own framing (a broken proxy does not frame either). */
const raw = (bytes: string, then: 'end' | 'destroy' | 'hold') => (_request: unknown, _response: unknown, socket: import('node:net').Socket) => {
	socket.write(bytes);
	if (then === 'end') socket.end();
	else if (then === 'destroy') setTimeout(() => socket.destroy(), 20);
};

/** How long from a key to the frame it changes, in ms, read as often as tmux answers (each read costs a few ms). */
async function keyToFrameMs(session: TerminalSession, key: string, shows: (screen: string) => boolean): Promise<number> {
	const started = performance.now();
	session.press(key);
	for (;;) {
		if (shows(session.screen())) return performance.now() - started;
		// Yield between reads: the engine answering is this process, and a loop of sync reads would starve it.
		await new Promise(resolve => setImmediate(resolve));
		if (performance.now() - started > 5000) throw new Error(`no frame it changes within 5 s of ${key}; the screen was:\n${session.screen()}`);
	}
}

describe('the Images pane against answers of the wrong shape', {skip}, () => {
	it('entries without an ID or with a repeated one are left out and counted in one line; fields of the wrong type read as absent', async () => {
		const good = healthyImage(1, {RepoTags: ['hostile/good:1'], Size: 'big', Created: 'yesterday', Labels: null, RepoDigests: 'none'});
		const engine = await startHostileEngine({
			images: () => [good, {Id: 5, RepoTags: ['hostile/numeric-id:1']}, {RepoTags: ['hostile/no-id:1']}, 'a string', healthyImage(1, {RepoTags: ['hostile/twin:1']})],
		});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('3');
		// Positive control: the whole entry is shown.
		const screen = await session.waitForText('hostile/good', 15_000);
		assert.match(screen, /engine answer: list images: 2 entries left out \(no ID\), 1 \(not an object\), 1 \(a repeated ID\)/);
		assert.match(screen, /Images 1 · /);
		for (const name of ['hostile/numeric-id', 'hostile/no-id', 'hostile/twin', 'NaN', 'undefined', 'Invalid']) assert.doesNotMatch(screen, new RegExp(name));
		await quits(session);
	});

	it("an image inspect answer with fields of the wrong type: the details show what is whole, the rest as absent", async () => {
		const good = healthyImage(1, {RepoTags: ['hostile/good:1']});
		const engine = await startHostileEngine({images: () => [good]});
		engine.script((request, response) => {
			if (!/\/images\/[^/]+\/json/.test(request.url ?? '')) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(
				JSON.stringify({
					Id: good['Id'],
					RepoTags: ['hostile/good:1', 7],
					Os: 'linux',
					Architecture: {hostile: 'object'},
					Size: 'big',
					Created: 5,
					Config: {Env: 'HOSTILE_ENV=1', Cmd: ['sh', 5, '-c'], WorkingDir: ['hostile-dir'], Labels: 'hostile-labels', ExposedPorts: [80], Healthcheck: {Test: 'hostile-test'}},
					RootFS: {Layers: 'hostile-layers'},
				}),
			);
		});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('3');
		// Before the fix the inspect threw on the Env string and the details never came.
		const screen = await session.waitForText(/Platform\s+linux\/ · 0 layers/, 15_000);
		assert.match(screen, /Cmd\s+\["sh","-c"\]/);
		assert.match(screen, /Tags\s+hostile\/good:1\s*$/m);
		for (const shown of ['HOSTILE_ENV', 'hostile-dir', 'hostile-labels', 'hostile-test', 'object Object', 'NaN', 'undefined', '"5"']) assert.ok(!screen.includes(shown), `${shown} on screen:\n${screen}`);
		await quits(session);
	});

	it('an image inspect answer that is not an object: one line where the details go, naming the request', async () => {
		const good = healthyImage(1, {RepoTags: ['hostile/good:1']});
		const engine = await startHostileEngine({images: () => [good]});
		engine.script((request, response) => {
			if (!/\/images\/[^/]+\/json/.test(request.url ?? '')) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify(['hostile', 'inspect']));
		});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('3');
		// Positive control: the list itself is whole; the details panel says why it is empty instead of staying blank.
		const screen = await session.waitForText(/inspect: .*image/, 15_000);
		assert.match(screen, /hostile\/good:1/);
		assert.doesNotMatch(screen, /hostile","inspect|object Object|undefined/);
		await quits(session);
	});

	it('null where the image list belongs: one line naming the request, then the list once the engine answers', async () => {
		const engine = await startHostileEngine({images: () => [healthyImage(1, {RepoTags: ['hostile/good:1']})]});
		engine.script((request, response) => {
			if (!request.url?.includes('/images/json')) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end('null');
		});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('3');
		const screen = await session.waitForText('list images: the engine answered null where a list was expected', 15_000);
		assert.doesNotMatch(screen, /hostile\/good|Cannot read properties|is not a function/);
		engine.script(undefined);
		// No key: the failed list is tried again by itself (before the fix the line stayed until an image event).
		await session.waitForText('hostile/good', 15_000);
		assert.doesNotMatch(session.screen(), /answered null/);
		await quits(session);
	});
});

describe('container details against answers of the wrong shape', {skip}, () => {
	/** Container 1's inspect (not its size, top or diff) answered with `body`. */
	const onInspect = (engine: HostileEngine, body: unknown) =>
		engine.script((request, response) => {
			if (!/\/containers\/0+1\/json(\?(?!.*size=(1|true)).*)?$/.test(request.url ?? '')) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify(body));
		});

	it('fields of the wrong type: the details show what is whole, the rest as absent, never an internal error', async () => {
		const engine = await startHostileEngine();
		const id = String(healthyContainer(1)['Id']);
		onInspect(engine, {
			Id: id,
			Name: '/hostile-1',
			State: {Status: 'running', ExitCode: 'zero', Health: 'hostile-health'},
			Config: {Env: 'HOSTILE_ENV=1', Cmd: ['sleep', 5, '3600'], Entrypoint: {hostile: 1}, WorkingDir: '/srv/whole', User: ['hostile-user'], Labels: ['hostile-label']},
			HostConfig: 'hostile-host',
			Mounts: {hostile: 'mounts'},
			NetworkSettings: {Ports: ['hostile-port'], Networks: 'hostile-networks'},
		});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('Enter');
		// Before the fix: "(n.Env ?? []).map is not a function" in place of the details.
		const screen = await session.waitForText(/working dir\s+\/srv\/whole/, 15_000);
		assert.match(screen, /hostile-1 \(000000000000\) · running/);
		assert.match(screen, /command\s+sleep 3600/);
		for (const shown of ['is not a function', 'HOSTILE_ENV', 'hostile-user', 'hostile-label', 'hostile-port', 'hostile-health', 'object Object', 'NaN', 'undefined']) assert.ok(!screen.includes(shown), `${shown} on screen:\n${screen}`);
		await quits(session);
	});

	it('e (a shell) on an inspect answer without a State or with flags that are not booleans: one line saying so, never "not running" or "paused"', async () => {
		const engine = await startHostileEngine();
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		// Positive control: a whole answer saying the container is stopped is read as such.
		onInspect(engine, {Id: String(healthyContainer(1)['Id']), State: {Status: 'exited', Running: false, Paused: false, Restarting: false}});
		await session.act('e');
		await session.waitForText('hostile-1 is not running (exited): a shell needs a running container', 15_000);
		onInspect(engine, null);
		await session.act('e');
		// Before the fix: "hostile-1 is not running (stopped)".
		await session.waitForText('shell in hostile-1: inspect container: the engine answered null where an object was expected', 15_000);
		onInspect(engine, {Id: String(healthyContainer(1)['Id']), State: {Status: 7, Running: 'false', Paused: 'no', Restarting: 0}});
		await session.act('e');
		// Before the fix: "hostile-1 is paused" (the string "no" read as true).
		const screen = await session.waitForText("shell in hostile-1: inspect container: the engine's State.Running is not true or false: cannot tell whether hostile-1 is running", 15_000);
		assert.doesNotMatch(screen, /is paused|not running \(/);
		await quits(session);
	});

	it('an inspect answer about another container: one line saying so, nothing of that container shown as this one', async () => {
		const engine = await startHostileEngine();
		onInspect(engine, {Id: 'f'.repeat(64), Name: '/hostile-impostor', State: {Status: 'exited'}, Config: {WorkingDir: '/srv/impostor', Env: ['IMPOSTOR=1']}});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('Enter');
		const screen = await session.waitForText('inspect container: the engine answered for another container (ffffffffffff), not for 000000000000: nothing of it is shown', 15_000);
		assert.match(screen, /Details · hostile-1 \(000000000000\)/);
		for (const shown of ['impostor', 'IMPOSTOR', 'exited']) assert.ok(!screen.includes(shown), `${shown} on screen:\n${screen}`);
		await quits(session);
	});
});

describe('a container state the engine names that dockdash does not know', {skip}, () => {
	it('is "? unknown" in a colour of its own, not counted as running, the details say what the engine answered, and a remove still asks and sends no force', async () => {
		const zombie = healthyContainer(3, {Names: ['/hostile-zombie'], State: 'zombie\u001B[31m', Status: 'Up 2 days'});
		const stateless = healthyContainer(4, {Names: ['/hostile-stateless'], State: undefined, Status: 'Up 2 days'});
		const engine = await startHostileEngine({containers: () => [healthyContainer(1), zombie, stateless]});
		engine.script((request, response) => {
			const inspected = /\/containers\/([0-9a-f]{64})\/json/.exec(request.url ?? '')?.[1];
			if (request.method === 'DELETE' && request.url?.includes(String(zombie['Id']))) {
				response.writeHead(204);
				response.end();
				return;
			}
			if (inspected !== zombie['Id'] || /size=(1|true)/.test(request.url ?? '')) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({Id: zombie['Id'], Name: '/hostile-zombie', State: {Status: 'zombie\u001B[31m'}, Config: {WorkingDir: '/srv/zombie'}}));
		});
		const session = await dashboardAgainst(engine);
		// Sorted by state: running first, the unknown ones last.
		const screen = await session.waitForText(/hostile-stateless +\? unknown/, 15_000);
		assert.match(screen, /hostile-zombie +\? unknown/);
		// Before the fix: "× dead" for both, which a prune would count as stopped.
		assert.doesNotMatch(screen, /dead|\u001B\[31m/);
		assert.match(screen, /Containers 3 · 1 running/);
		// Its own colour (the theme's blueBright, SGR 94), not dead's red.
		assert.match(session.styledScreen(), /\u001B\[94m\? unknown/);
		session.press('G');
		await session.waitForText(/› hostile-zombie/, 5_000);
		session.press('Enter');
		const details = await session.waitForText('state unknown: the engine answered "zombie␛[31m"', 15_000);
		assert.match(details, /hostile-zombie \(000000000000\) · unknown/);
		// Its processes are asked for, not ruled out as "not running (unknown)".
		const askedTop = () => engine.requests.some(line => line.startsWith(`GET /containers/${String(zombie['Id'])}/top`) || line.includes(`/containers/${String(zombie['Id'])}/top`));
		for (const started = Date.now(); !askedTop() && Date.now() - started < 10_000; ) await new Promise(resolve => setTimeout(resolve, 100));
		assert.ok(askedTop(), engine.requests.join('\n'));
		session.press('Escape');
		await session.waitForText(/› hostile-zombie/, 5_000);
		await session.act('d');
		const dialog = await session.waitForLiveDialog();
		assert.match(dialog, /state unknown: sent as asked/);
		assert.ok(!engine.requests.some(line => line.startsWith('DELETE')), 'nothing sent before the answer');
		await session.confirm();
		await session.waitForText(/removed hostile-zombie|Removed hostile-zombie/i, 15_000);
		const removal = engine.requests.find(line => line.startsWith('DELETE'));
		assert.ok(removal?.includes(String(zombie['Id'])), engine.requests.join('\n'));
		assert.doesNotMatch(removal!, /force=(true|1)/);
		await quits(session);
	});
});

describe('the Compose pane against labels of the wrong shape', {skip}, () => {
	it('labels that are not text are said in one line and read as none; a row of containers without a service label is acted on alone, never as the whole project', async () => {
		const labels = (project: unknown, service?: unknown) => ({'com.docker.compose.project': project, ...(service === undefined ? {} : {'com.docker.compose.service': service}), 'com.docker.compose.oneoff': 'False'});
		const web = healthyContainer(1, {Names: ['/hostile-stack-web-1'], Labels: labels('hostile-stack', 'web')});
		const bare = healthyContainer(2, {Names: ['/hostile-stack-bare'], Labels: labels('hostile-stack')});
		const numeric = healthyContainer(3, {Names: ['/hostile-numeric'], Labels: labels(5, 'hostile-numeric-svc')});
		const listed = healthyContainer(4, {Names: ['/hostile-list-labels'], Labels: ['com.docker.compose.project', 'hostile-listed']});
		const engine = await startHostileEngine({containers: () => [web, bare, numeric, listed]});
		engine.script((request, response) => {
			if (request.method !== 'POST' || !/\/containers\/[0-9a-f]{64}\/(stop|start|restart)/.test(request.url ?? '')) return 'default';
			response.writeHead(204);
			response.end();
		});
		const session = await dashboardAgainst(engine);
		const screen = await session.waitForText(/hostile-stack-web-1/, 15_000);
		assert.match(screen, /engine answer: list containers: labels of 2 entries are not text \(read as none\)/);
		session.press('1', '0');
		await session.waitForText(/\(no service\)/, 15_000);
		// Positive control: the whole project and its labelled service are shown; the containers whose labels are not text are in no project.
		const compose = await session.waitForText(/^ +web /m);
		assert.match(compose, /hostile-stack/);
		for (const shown of ['hostile-listed', 'hostile-numeric-svc', '▾ 5 ']) assert.ok(!compose.includes(shown), `${shown} on screen:\n${compose}`);
		session.press('j');
		await session.waitForText(/› +\(no service\)/, 5_000);
		await session.act('x');
		const dialog = await session.waitForLiveDialog();
		assert.match(dialog, /hostile-stack-bare/);
		assert.doesNotMatch(dialog, /hostile-stack-web-1/);
		await session.confirm();
		const stopped = () => engine.requests.filter(line => /^POST .*\/stop/.test(line));
		const started = Date.now();
		while (stopped().length === 0 && Date.now() - started < 15_000) await new Promise(resolve => setTimeout(resolve, 100));
		// Before the fix: `docker compose --project-name hostile-stack stop`, every service of the project.
		assert.deepEqual(stopped().map(line => /containers\/([0-9a-f]{64})\//.exec(line)?.[1]), [bare['Id']], engine.requests.join('\n'));
		await quits(session);
	});
});

describe('a create answer that names another container', {skip}, () => {
	const spec = {image: 'busybox:latest', name: 'fresh', env: [], ports: {}, binds: [], anonymousVolumes: [], restart: {name: '' as const, maximumRetryCount: 0}, autoRemove: false, labels: {}, isInteractive: false};
	/** The hostile engine answering create with `created`; every container inspect answers as `inspect` says. */
	async function runPortAgainst(created: unknown, inspect: (id: string) => unknown) {
		const engine = await startHostileEngine();
		engines.push(engine);
		engine.script((request, response) => {
			const url = request.url ?? '';
			const inspected = /\/containers\/([0-9a-f]+)\/json/.exec(url);
			const body = url.includes('/containers/create') ? created : inspected ? inspect(inspected[1]!) : undefined;
			if (body === undefined) return 'default';
			response.writeHead(url.includes('/containers/create') ? 201 : 200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify(body));
		});
		return {engine, port: createRunPort(createEngine(parseHost(engine.host, 'DOCKER_HOST'), {requestTimeoutMs: 5000}), {historyFile: path.join(tmpdir(), 'dockdash-hostile-run-forms.json')})};
	}
	const other = String(healthyContainer(2)['Id']);

	it('the ID of an existing stopped container: refused in one line, and that container is never started', async () => {
		const {engine, port} = await runPortAgainst({Id: other, Warnings: []}, id => ({Id: id, Name: '/hostile-2', State: {Status: 'exited'}}));
		await assert.rejects(port.create(spec), {message: 'create container: the engine answered with hostile-2 (exited), not the container just made: nothing was started'});
		assert.ok(!engine.requests.some(request => request.includes('/start')), engine.requests.join('\n'));
		// Positive control: the container it made, created under the name asked for, is taken.
		const made = 'c'.repeat(64);
		const good = await runPortAgainst({Id: made, Warnings: null}, id => ({Id: id, Name: '/fresh', State: {Status: 'created'}}));
		assert.deepEqual(await good.port.create(spec), {id: made, warnings: []});
	});

	it('an answer without an ID, or with one that is not an ID: one line, nothing started', async () => {
		for (const created of [{Warnings: []}, {Id: 5}, {Id: '../../images/busybox'}, null]) {
			const {engine, port} = await runPortAgainst(created, id => ({Id: id, Name: '/fresh', State: {Status: 'created'}}));
			await assert.rejects(port.create(spec), (error: Error) => /^create container: /.test(error.message) && !error.message.includes('\n'));
			assert.ok(!engine.requests.some(request => request.includes('/start') || request.includes('images/busybox')), engine.requests.join('\n'));
		}
	});
});

describe('the Volumes and Networks panes against answers of the wrong shape', {skip}, () => {
	it('a volume without a name, one that is not an object and a repeated one: left out and counted in the title line', async () => {
		const volume = (name: unknown, driver = 'local') => ({Name: name, Driver: driver, Labels: {}, Mountpoint: '/x', Scope: 'local', UsageData: {Size: 1024, RefCount: 0}});
		const engine = await startHostileEngine({volumes: () => [volume('hostile-vol'), volume(undefined, 'hostile-no-name'), 'not a volume', volume('hostile-vol', 'hostile-twin')]});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('6');
		// Positive control: the whole entry is shown.
		const screen = await session.waitForText(/hostile-vol/, 15_000);
		assert.match(await session.waitForText('engine answer: '), /engine answer: disk usage \(volumes\): 1 entry left out \(no ID\), 1 \(not an object\), 1 \(a repeated ID\)/);
		assert.match(screen, /Volumes 1 · /);
		for (const name of ['hostile-no-name', 'hostile-twin', 'undefined']) assert.doesNotMatch(session.screen(), new RegExp(name));
		await quits(session);
	});

	it('a network without an ID and a null entry: left out and counted in the title line', async () => {
		const network = (id: unknown, name: string) => ({Id: id, Name: name, Driver: 'bridge', Scope: 'local', Labels: {}, Containers: {}, IPAM: {Config: []}});
		const engine = await startHostileEngine({networks: () => [network('f'.repeat(64), 'hostile-net'), network(undefined, 'hostile-no-id'), null]});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('7');
		const screen = await session.waitForText(/hostile-net/, 15_000);
		assert.match(await session.waitForText('engine answer: '), /engine answer: list networks: 1 entry left out \(no ID\), 1 \(not an object\)/);
		assert.match(screen, /Networks 1\b/);
		for (const name of ['hostile-no-id', 'undefined']) assert.doesNotMatch(session.screen(), new RegExp(name));
		await quits(session);
	});
});

describe('the Swarm pane against answers of the wrong shape', {skip}, () => {
	it('services, nodes and tasks without an ID are left out and counted in the title line; fields of the wrong type read as absent', async () => {
		const engine = await startHostileEngine();
		const service = {
			ID: 'hostilesvc1',
			Spec: {Name: 'hostile-svc', Mode: {Replicated: {Replicas: 'three'}}, TaskTemplate: {ContainerSpec: {Image: 'busybox:latest'}}},
			ServiceStatus: {RunningTasks: 'many', DesiredTasks: 2},
			Endpoint: {Ports: [{PublishedPort: {hostile: 'object'}, TargetPort: 80, Protocol: 'tcp'}, 'not a port']},
		};
		const node = {ID: 'hostilenode1', Description: {Hostname: 'hostile-node', Engine: {EngineVersion: '24.0.0'}}, Spec: {Role: 'manager', Availability: 'active'}, Status: {State: 'ready'}, ManagerStatus: {Leader: true}, Version: {Index: 'x'}};
		const task = {ID: 'hostiletask1', ServiceID: 'hostilesvc1', Slot: 1, NodeID: 'hostilenode1', DesiredState: 'running', Status: {State: 'running', Timestamp: '2026-12-05T00:00:00Z', Message: 'started'}, CreatedAt: '2026-12-05T00:00:00Z', UpdatedAt: '2026-12-05T00:00:00Z'};
		const answers: Record<string, unknown> = {
			info: {ID: 'hostile', Name: 'hostile-engine', ServerVersion: '24.0.0-hostile', Swarm: {LocalNodeState: 'active', ControlAvailable: true}},
			services: [service, {Spec: {Name: 'hostile-svc-no-id'}}],
			nodes: [node, null],
			tasks: [task, {ServiceID: 'hostilesvc1', Slot: 2, Status: {State: 'hostile-task-no-id'}}],
		};
		engine.script((request, response) => {
			const route = /^(?:\/v[\d.]+)?\/(info|services|nodes|tasks)(\?|$)/.exec(request.url ?? '')?.[1];
			if (!route) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify(answers[route]));
		});
		const session = await dashboardAgainst(engine, 2, 240);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('1', '1');
		// Positive control: the whole service and node are shown.
		await session.waitForText(/hostile-svc/, 15_000);
		const screen = await session.waitForText(/list tasks: /, 15_000);
		assert.match(screen, /engine answer: list services: 1 entry left out \(no ID\); list nodes: 1 entry left out \(not an object\); list tasks: 1 entry left out \(no ID\)/);
		assert.match(screen, /Swarm 1 services · 1 nodes/);
		assert.match(screen, /hostile-node/);
		for (const shown of ['hostile-svc-no-id', 'hostile-task-no-id', 'NaN', 'object Object', 'undefined']) assert.ok(!screen.includes(shown), `${shown} on screen:\n${screen}`);
		await quits(session);
	});
});

describe('the Swarm pane against null lists and fields of the wrong type', {skip}, () => {
	const manager = {ID: 'hostile', Name: 'hostile-engine', ServerVersion: '24.0.0-hostile', Swarm: {LocalNodeState: 'active', ControlAvailable: true}};
	const whole = {ID: 'hostilesvc2', Version: {Index: 11}, Spec: {Name: 'hostile-svc2', Mode: {Replicated: {Replicas: 1}}, TaskTemplate: {ContainerSpec: {Image: 'busybox:latest'}}}, ServiceStatus: {RunningTasks: 1, DesiredTasks: 1}};
	const task = {ID: 'hostiletask1', ServiceID: 'hostilesvc2', Slot: 1, NodeID: 'hostilenode1', DesiredState: 'running', Status: {State: 'running', Timestamp: '2026-12-05T00:00:00Z', Message: 'hostile-task-started'}, CreatedAt: '2026-12-05T00:00:00Z'};
	/** The hostile engine answering the swarm routes from `answers` (read at each request). */
	const swarmEngine = async (answers: Record<string, unknown>) => {
		const engine = await startHostileEngine();
		engine.script((request, response) => {
			const route = /^(?:\/v[\d.]+)?\/(info|services|nodes|tasks)(\?|$)/.exec(request.url ?? '')?.[1];
			if (!route) return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify(answers[route]));
		});
		return engine;
	};

	it('a task list of null is one line where the tasks go (it stayed "loading…"), a service without a spec is left out and counted, and the tasks come when the engine answers', async () => {
		const answers: Record<string, unknown> = {
			info: manager,
			services: [
				{ID: 'hostilesvc1', Spec: 'not a spec', ServiceStatus: 'x', Endpoint: 5},
				whole,
				{ID: 'hostilesvc3', Spec: {Name: 'hostile-svc3', Mode: {Replicated: {Replicas: 2}}, TaskTemplate: {ContainerSpec: {Image: 7}}}, UpdateStatus: {State: 5, Message: {hostile: 1}}},
			],
			nodes: [{ID: 'hostilenode1', Description: {Hostname: 'hostile-node'}, Spec: {Role: 'manager', Availability: 'active'}, Status: {State: 'ready'}, ManagerStatus: {Leader: 'no'}}],
			tasks: null,
		};
		const engine = await swarmEngine(answers);
		const session = await dashboardAgainst(engine, 2, 200);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('1', '1');
		const screen = await session.waitForText('✗ list tasks: the engine answered null where a list was expected', 15_000);
		assert.match(screen, /Swarm 2 services · 1 nodes · engine answer: list services: 1 entry left out \(no name\)/);
		// Fields of the wrong type read as absent: no image "7", no update state "5", a Leader of "no" is no leader.
		const svc3 = screen.split('\n').find(line => line.includes('hostile-svc3')) ?? '';
		assert.match(svc3, /hostile-svc3 +replicated +0\/2/);
		assert.doesNotMatch(svc3, /\b[75]\b/);
		assert.match(screen, /hostile-node/);
		assert.doesNotMatch(screen, /leader|unknown +0\/0|object Object|NaN/);
		// Keys are answered meanwhile.
		session.press('j');
		await session.waitForText(/› hostile-svc3/, 5_000);
		session.press('k');
		await session.waitForText(/› hostile-svc2/, 5_000);
		answers['tasks'] = [task];
		await session.waitForText('hostile-task-started', 15_000);
		assert.doesNotMatch(session.screen(), /list tasks: the engine answered null/);
		await quits(session);
	});

	it('a scale whose inspect answer is another service, or has no spec, changes nothing: its spec would overwrite this one', async () => {
		const answers: Record<string, unknown> = {info: manager, services: [whole], nodes: [], tasks: []};
		const engine = await swarmEngine(answers);
		engines.push(engine);
		let inspect: unknown = {...whole, ID: 'hostileother', Spec: {...whole.Spec, Name: 'hostile-other'}};
		engine.script((request, response) => {
			const url = request.url ?? '';
			if (/\/services\/hostilesvc2(\?|$)/.test(url) && request.method === 'GET') {
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.end(JSON.stringify(inspect));
			} else if (/\/services\/hostilesvc2\/update/.test(url)) {
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.end('{"Warnings":null}');
			} else return 'default';
		});
		const {scaleService} = await import('../../source/docker/swarm.js');
		const client = createEngine(parseHost(engine.host, 'DOCKER_HOST'), {requestTimeoutMs: 5000});
		const updates = () => engine.requests.filter(line => line.includes('/update'));
		await assert.rejects(scaleService(client, 'hostilesvc2', 3, 1), {message: 'inspect service: the engine answered for another service (hostileother), not hostilesvc2: nothing changed'});
		inspect = {ID: 'hostilesvc2', Version: {Index: 11}};
		await assert.rejects(scaleService(client, 'hostilesvc2', 3, 1), {message: "inspect service: the engine's answer has no spec for service hostilesvc2: nothing changed"});
		inspect = {...whole, Spec: {...whole.Spec, Mode: {Replicated: {Replicas: 'three'}}}};
		await assert.rejects(scaleService(client, 'hostilesvc2', 3, 1), /replica count for hostile-svc2 is not a number: nothing changed/);
		assert.deepEqual(updates(), []);
		// Positive control: this service's whole answer is scaled.
		inspect = whole;
		await scaleService(client, 'hostilesvc2', 3, 1);
		assert.equal(updates().length, 1, engine.requests.join('\n'));
	});
});

describe('the Events pane against garbage attributes, huge attribute maps and a last hour that never ends', {skip}, () => {
	it('the last hour is cut at the request timeout and said; attributes not text are counted, huge maps bounded in what dockdash holds; no time is a dash', async () => {
		const engine = await startHostileEngine();
		const probe = path.join(mkdtempSync(path.join(tmpdir(), 'dockdash-heap-')), 'heap.json');
		const session = await dashboardAgainst(engine, 2, 200, probe);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('1', '2');
		// The hostile engine never ends an event stream, the last hour's either: before the fix "reading the last hour…" for ever.
		await session.waitForText('the last hour in part: the engine did not end its answer within 2 s (0 events came)', 15_000);
		const hex = (n: number) => n.toString(16).padStart(64, 'e');
		// 200 events of 500 KB of attributes each (100 MB in all; a real container event carries a few dozen labels).
		const huge: Record<string, string> = {};
		for (let i = 0; i < 3000; i++) huge[`com.example.label-${i}`] = 'v'.repeat(150);
		const now = Date.now() * 1e6;
		for (let i = 0; i < 200; i++) engine.sendEvent({Type: 'container', Action: 'start', Actor: {ID: hex(i), Attributes: {...huge, name: `hostile-huge-${i}`}}, timeNano: now + i});
		engine.sendEvent({Type: 'container', Action: 'die', Actor: {ID: hex(1000), Attributes: {name: 'hostile-garbage', exitCode: 3, nested: {a: 1}, list: [1], nul: null, image: 'busybox'}}, timeNano: now + 1000});
		engine.sendEvent({Type: 'container', Action: 'kill', Actor: {ID: hex(1001), Attributes: {name: 'hostile-timeless', signal: '9'}}, timeNano: 1e30});
		const screen = await session.waitForText(/hostile-garbage .*image=busybox \(4 attributes left out\)/, 30_000);
		assert.match(screen, /Events 202 events/);
		assert.doesNotMatch(screen, /NaN|1970-|object Object/);
		// Keys are answered; the event without a time sorts last, its time a dash (before the fix: NaN-NaN-NaN).
		session.press('G');
		const bottom = await session.waitForText(/^› – +container +kill +hostile-timeless/m, 5_000);
		assert.doesNotMatch(bottom, /NaN|1970-/);
		// What dockdash holds after full collections: 200 events at 16 KiB of attributes at most each, not 100 MB.
		const {retained, before} = await retainedMiB(session, probe);
		console.log(`# 200 events with 500 KB of attributes each: ${retained.toFixed(0)} MiB held after collection (${before.toFixed(0)} MiB before it)`);
		assert.ok(retained < 64, `${retained.toFixed(0)} MiB held after 200 events with 500 KB of attributes`);
		// Recovery: a whole event afterwards is shown whole.
		engine.sendEvent({Type: 'container', Action: 'create', Actor: {ID: hex(2000), Attributes: {name: 'hostile-after', image: 'busybox'}}, timeNano: Date.now() * 1e6 + 5000});
		await session.waitForText('Events 203 events', 10_000);
		session.press('g');
		const after = await session.waitForText(/hostile-after .*image=busybox *$/m, 10_000);
		assert.doesNotMatch(after.split('\n').find(line => line.includes('hostile-after'))!, /left out/);
		await quits(session);
	});
});

describe('the Files view against archive answers that are not whole tars', {skip}, () => {
	it('not a tar, a tar cut short, a connection closed mid-archive and a 502 page: one line naming the request, nothing of a part shown, keys answered, and the listing again on R', async () => {
		const good = makeTar([{name: 'srv/', type: 'dir'}, {name: 'srv/app.conf', content: 'hostile-content'}, {name: 'srv/data/', type: 'dir'}]);
		const cut = makeTar([{name: 'srv/', type: 'dir'}, {name: 'srv/hostile-part.txt', content: 'x'.repeat(2000)}, {name: 'srv/hostile-after.txt', content: 'y'}]).subarray(0, 1024 + 700);
		const engine = await startHostileEngine();
		const onArchive = (answer: (response: http.ServerResponse, socket: import('node:net').Socket) => void) =>
			engine.script((request, response, socket) => (/\/containers\/[0-9a-f]{64}\/archive\?/.test(request.url ?? '') && request.method === 'GET' ? answer(response, socket) : 'default'));
		const tar = (bytes: Buffer) => (response: http.ServerResponse) => {
			response.writeHead(200, {'Content-Type': 'application/x-tar', 'Content-Length': bytes.length});
			response.end(bytes);
		};
		onArchive(tar(good));
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		session.press('f');
		await session.waitForText(/Files of hostile-1/, 15_000);
		session.press('o');
		await session.waitForText(/path/i, 5_000);
		session.type('/srv');
		session.press('Enter');
		// Positive control: the whole archive is listed.
		await session.waitForText('app.conf', 15_000);
		const faults: Array<{name: string; answer: (response: http.ServerResponse, socket: import('node:net').Socket) => void; line: RegExp}> = [
			{
				name: 'JSON text where the tar belongs',
				answer: (response: http.ServerResponse) => {
					response.writeHead(200, {'Content-Type': 'application/x-tar'});
					response.end('{"message":"this is not a tar at all, just a proxy\u001B[31m"}');
				},
				// Before the fix: "truncated tar archive: it ends inside a header", the request unnamed.
				line: /✗ list files of \/srv: the engine's answer is not a tar archive \(it starts "\{"message":"this is not a tar at all, ju"\)/,
			},
			{name: 'a tar cut inside a file', answer: tar(cut), line: /✗ list files of \/srv: the engine's archive is cut short \(truncated tar archive: it ends inside a file\): nothing of it is shown/},
			{
				name: 'the connection closed in the middle of the tar',
				answer: (response: http.ServerResponse, socket: import('node:net').Socket) => {
					response.writeHead(200, {'Content-Type': 'application/x-tar'});
					response.write(cut);
					setTimeout(() => socket.destroy(), 30);
				},
				// Before the fix: "the connection to unix://… was closed by the other side", the request unnamed.
				line: /✗ list files of \/srv: the connection closed before the archive ended: nothing of it is shown/,
			},
			{
				name: 'a 502 with an HTML page',
				answer: (response: http.ServerResponse) => {
					response.writeHead(502, {'Content-Type': 'text/html'});
					response.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
				},
				line: /✗ list files of \/srv: unix:\/\/\S+ answered HTTP 502 with an HTML page/,
			},
		];
		const during: number[] = [];
		const healthy: number[] = [];
		for (const fault of faults) {
			onArchive(fault.answer);
			session.press('R');
			const screen = await session.waitForText(fault.line, 15_000);
			for (const shown of ['hostile-part', 'hostile-after', 'app.conf', '<html', '␛[31m"', 'Cannot read', 'undefined']) assert.ok(!screen.includes(shown), `${fault.name}: ${shown} on screen:\n${screen}`);
			// Keys are answered: the path prompt opens and closes.
			during.push(await keyToFrameMs(session, 'o', text => /go to path:/.test(text)));
			during.push(await keyToFrameMs(session, 'Escape', text => !/go to path:/.test(text) && fault.line.test(text)));
			// Recovery: the engine answers whole again, and R lists it.
			onArchive(tar(good));
			session.press('R');
			await session.waitForText('app.conf', 15_000);
			assert.doesNotMatch(session.screen(), fault.line);
			// The same keys on the whole listing, the reference (this machine's load is the same for both).
			healthy.push(await keyToFrameMs(session, 'o', text => /go to path:/.test(text)));
			healthy.push(await keyToFrameMs(session, 'Escape', text => !/go to path:/.test(text) && text.includes('app.conf')));
		}
		const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
		console.log(`# files: key to frame median ${median(during).toFixed(0)} ms after a fault, ${median(healthy).toFixed(0)} ms on a whole listing`);
		assert.ok(median(during) < Math.max(100, median(healthy) + 50), `key to frame ${median(during).toFixed(0)} ms after a fault, ${median(healthy).toFixed(0)} ms healthy`);
		// The viewer reads a file through the same endpoint: its refusal names that read.
		onArchive(answer => {
			answer.writeHead(200, {'Content-Type': 'application/x-tar'});
			answer.end('not a tar');
		});
		session.press('j');
		await session.waitForText(/›.*app\.conf/, 5_000);
		session.press('Enter');
		await session.waitForText(/read \/srv\/app\.conf: the engine's answer is not a tar archive \(it starts "not a tar"\)/, 15_000);
		await quits(session);
	});
});

describe('a commit answer that names no image, or another one', {skip}, () => {
	it('is one line, and no image is selected or named as the one committed; the image the name points at is', async () => {
		const other = healthyImage(1, {RepoTags: ['hostile/other:1']});
		const made = healthyImage(2, {RepoTags: ['hostile/made:1']});
		const images = [other];
		const engine = await startHostileEngine({images: () => images});
		let committed: unknown = {Warnings: []};
		let tagged: unknown;
		engine.script((request, response) => {
			const url = request.url ?? '';
			const isCommit = url.includes('/commit?') && request.method === 'POST';
			const isMade = /\/images\/hostile(\/|%2F)made:1\/json/.test(url);
			if (!isCommit && !isMade) return 'default';
			const body = isCommit ? committed : tagged;
			if (body === undefined) {
				response.writeHead(404, {'Content-Type': 'application/json'});
				response.end('{"message":"No such image: hostile/made:1"}');
				return;
			}
			response.writeHead(isCommit ? 201 : 200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify(body));
		});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		const commit = async () => {
			await session.act('C');
			await session.waitForText('commit hostile-1 as (REPOSITORY[:TAG]');
			session.type('hostile/made:1');
			await session.act('Enter');
		};
		await commit();
		let screen = await session.waitForText("commit of hostile-1: the engine's answer names no image: hostile/made:1 is not selected; look for it in Images", 15_000);
		assert.match(screen, /Containers \d/);
		assert.doesNotMatch(screen, /committed hostile-1/);
		// A success naming another image (one the engine has): before the fix it was selected in Images as the new one.
		committed = {Id: other['Id']};
		await commit();
		screen = await session.waitForText('commit of hostile-1: the engine answered image aaaaaaaaaaaa, but hostile/made:1 is no image: neither is selected; look in Images', 15_000);
		assert.match(screen, /Containers \d/);
		assert.doesNotMatch(screen, /committed hostile-1|› hostile\/other/);
		assert.equal(engine.requests.filter(line => line.includes('/commit?')).length, 2);
		// Positive control: the answer names the image the new name points at, which is selected in Images.
		committed = {Id: made['Id']};
		tagged = {...made, Config: {Labels: {}}};
		images.push(made);
		await commit();
		await session.waitForText('committed hostile-1 as hostile/made:1', 15_000);
		await session.waitForText(/› hostile\/made:1/, 20_000);
		await quits(session);
	});
});

describe('an engine API version far below 1.41, or none at all', {skip}, () => {
	for (const [apiVersion, line] of [
		['1.12', /engine answer: version: engine API 1\.12 is older than 1\.41, the oldest dockdash knows/],
		['banana', /engine answer: version: the engine's API version "banana" is not a version/],
	] as const) {
		it(`API "${apiVersion}": the dashboard says so in one line and still shows the list`, async () => {
			const engine = await startHostileEngine();
			engine.script((request, response) => {
				if (!request.url?.endsWith('/version')) return 'default';
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.end(JSON.stringify({Version: '1.0-hostile', ApiVersion: apiVersion, Os: 'linux', Arch: 'amd64'}));
			});
			const session = await dashboardAgainst(engine);
			const screen = await session.waitForText(line, 15_000);
			assert.match(screen, /hostile-1/);
			await quits(session);
		});
	}
});

describe('broken transport on the container list', {skip}, () => {
	/** A dashboard on a healthy answer, started once, the baseline the faults' key latencies are measured against. */
	let reference: Promise<TerminalSession> | undefined;
	const healthyReference = () =>
		(reference ??= (async () => {
			const session = await dashboardAgainst(await startHostileEngine());
			await session.waitForText(/hostile-2/, 15_000);
			return session;
		})());
	const body = JSON.stringify([healthyContainer(1)]);
	const cases: Array<{name: string; answer: Parameters<HostileEngine['script']>[0]; line: RegExp; timeout?: number}> = [
		{
			name: 'a Content-Length longer than the body, then the connection closed',
			answer: raw(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 500}\r\n\r\n${body}`, 'end'),
			line: /engine unavailable: list containers: /,
		},
		{
			name: 'a Content-Length shorter than the body',
			answer: raw(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n${body}`, 'destroy'),
			line: /engine unavailable: list containers: unix:\/\/\S+: Parse Error/,
		},
		{
			name: 'a chunked body cut before its last chunk',
			answer: raw(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n${body.slice(0, 16)}\r\n`, 'destroy'),
			line: /engine unavailable: list containers: /,
		},
		{
			name: 'headers that never end',
			answer: raw('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ', 'hold'),
			line: /list containers: no answer from unix:\/\/\S+ within 2 s/,
			timeout: 20_000,
		},
		{
			name: 'a 502 with an HTML page',
			answer: (_request, response) => {
				response.writeHead(502, {'Content-Type': 'text/html'});
				response.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>');
			},
			line: /engine unavailable: list containers: unix:\/\/\S+ answered HTTP 502 with an HTML page/,
		},
	];
	for (const fault of cases) {
		it(`${fault.name}: one line naming the request, keys answered as fast as when healthy, then the list once the engine answers`, async () => {
			const engine = await startHostileEngine();
			onContainerList(fault.answer)(engine);
			const session = await dashboardAgainst(engine);
			const screen = await session.waitForText(fault.line, fault.timeout ?? 15_000);
			// A word of its own: the engine's socket folder is dockdash-hostile-XXXXXX, and "1SgRYI" once made it match.
			assert.doesNotMatch(screen, /\bhostile-1\b|Cannot read properties|is not a function|undefined|<html|<h1>/);
			// Keys during the fault against keys on a healthy dashboard, interleaved (one of each in turn, 16 of each),
			// so both see the same load of this machine (8 sessions on 2 cores); the fault may add at most 50 ms to it.
			const reference = await healthyReference();
			const during: number[] = [];
			const healthy: number[] = [];
			// The help's own title, not "help" (the hint bar always says that, so a frame matching it came at once).
			const helpOpen = (screen: string) => /Keys · /.test(screen);
			const helpClosed = (line: RegExp) => (screen: string) => !helpOpen(screen) && line.test(screen);
			for (let i = 0; i < 8; i++) {
				during.push(await keyToFrameMs(session, '?', helpOpen));
				healthy.push(await keyToFrameMs(reference, '?', helpOpen));
				during.push(await keyToFrameMs(session, 'Escape', helpClosed(fault.line)));
				healthy.push(await keyToFrameMs(reference, 'Escape', helpClosed(/hostile-2/)));
			}
			const median = (times: number[]) => times.sort((a, b) => a - b)[times.length / 2]!;
			console.log(`# ${fault.name}: key to frame median ${median(during).toFixed(0)} ms during the fault, ${median(healthy).toFixed(0)} ms on a healthy dashboard (${during.map(ms => ms.toFixed(0)).join(' ')} / ${healthy.map(ms => ms.toFixed(0)).join(' ')})`);
			assert.ok(median(during) < Math.max(100, median(healthy) + 50), `key to frame ${median(during).toFixed(0)} ms during the fault, ${median(healthy).toFixed(0)} ms healthy`);
			await recovers(session, engine, fault.line);
			await quits(session);
		});
	}

	it('an event stream that stalls (headers, then nothing): the list still follows the engine, by its relist', async () => {
		let containers = [healthyContainer(1)];
		const engine = await startHostileEngine({containers: () => containers});
		const session = await dashboardAgainst(engine);
		await session.waitForText(/\bhostile-1\b/, 15_000);
		// The healthy engine's event stream sends headers and nothing more, as a stalled one does, for as long as the
		// test runs: no event tells the dashboard of the new container.
		containers = [healthyContainer(1), healthyContainer(4, {Names: ['/hostile-unannounced']})];
		await session.waitForText('hostile-unannounced', 10_000);
		assert.match(session.screen(), /● connected/);
		assert.ok(engine.requests.filter(line => line.startsWith('GET /events')).length >= 1);
		await quits(session);
	});
});

describe('a prune against answers of the wrong shape', {skip}, () => {
	it('entries without their ID are left out and counted, never planned under another name', async () => {
		const engine = await startHostileEngine({
			containers: () => [healthyContainer(2, {State: 'exited'}), {Names: ['/hostile-no-id'], State: 'exited'}, healthyContainer(2, {Names: ['/hostile-twin'], State: 'exited'})],
			volumes: () => [{Name: 'hostile-volume', Driver: 'local', Labels: {}, Mountpoint: '/x'}, {Driver: 'local', Labels: {}}, 'not a volume'],
			images: () => [healthyImage(1), {RepoTags: ['hostile/no-id:1']}],
		});
		engines.push(engine);
		const result = await pruneAgainst(engine, ['--containers', '--named-volumes', '--images', '--dry-run', '--json']);
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stderr, /^list images: 1 entry left out \(no ID\); disk usage \(volumes\): 1 entry left out \(no ID\), 1 \(not an object\); disk usage \(images\): 1 entry left out \(no ID\); disk usage \(containers\): 1 entry left out \(no ID\), 1 \(a repeated ID\)$/m);
		const plan = JSON.parse(result.stdout) as {remove: Array<{kind: string; name: string}>};
		// Positive control: the whole entries are planned; before the fix the volume without a name was planned as "undefined".
		assert.deepEqual(plan.remove.map(item => `${item.kind} ${item.name}`).sort(), ['container hostile-2', 'image <none>', 'volume hostile-volume'].sort());
		assert.doesNotMatch(result.stdout, /undefined|hostile-no-id|hostile-twin/);
	});

	it('fields of the wrong type read as absent (a Mounts string was an internal error), and a state dockdash does not know is kept and says so', async () => {
		const engine = await startHostileEngine({
			containers: () => [
				healthyContainer(2, {State: 'exited', Status: 'Exited (0) 1 hour ago', Mounts: 'hostile-mounts', Labels: 'hostile-labels', NetworkSettings: 'x', HostConfig: 7, Created: 'yesterday'}),
				healthyContainer(3, {Names: ['/hostile-zombie'], State: 'zombie', Status: 'Exited (0) 2 days ago'}),
				healthyContainer(4, {Names: ['/hostile-stateless'], State: undefined, Status: 'Exited (0) 2 days ago'}),
			],
		});
		engines.push(engine);
		const result = await pruneAgainst(engine, ['--containers', '--dry-run', '--json']);
		assert.equal(result.status, 0, result.stderr);
		const plan = JSON.parse(result.stdout) as {remove: Array<{name: string}>; kept: Array<{name: string; reason: string}>};
		// Positive control: the stopped container whose other fields are garbage is planned, by its ID.
		assert.deepEqual(plan.remove.map(item => item.name), ['hostile-2']);
		assert.deepEqual(plan.kept.map(item => `${item.name}: ${item.reason}`).sort(), ['hostile-stateless: state unknown: the engine answered no state', 'hostile-zombie: state unknown: the engine answered "zombie"']);
	});

	it('a delete answer naming another image is reported, not counted as removed', async () => {
		const asked = healthyImage(1);
		const engine = await startHostileEngine({images: () => [asked]});
		engines.push(engine);
		const other = `sha256:${'c'.repeat(64)}`;
		engine.script((request, response) => {
			if (request.method !== 'DELETE') return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify([{Deleted: other}]));
		});
		const result = await pruneAgainst(engine, ['--images', '--yes']);
		assert.equal(result.status, 4, `${result.stdout}\n${result.stderr}`);
		assert.match(result.stdout + result.stderr, /the engine also removed image cccccccccccc/);
		assert.doesNotMatch(result.stdout, /^Removed 1/m);
		assert.ok(engine.requests.some(line => line.startsWith(`DELETE /images/${String(asked['Id'])}?`)), engine.requests.join('\n'));
		// An answer that names nothing deleted is not a removal either.
		engine.script((request, response) => {
			if (request.method !== 'DELETE') return 'default';
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify([{Untagged: 'hostile/x:1'}]));
		});
		const silent = await pruneAgainst(engine, ['--images', '--yes']);
		assert.equal(silent.status, 4, `${silent.stdout}\n${silent.stderr}`);
		assert.match(silent.stdout + silent.stderr, /the engine's answer does not say image aaaaaaaaaaaa was deleted/);
		// Positive control: the answer naming the image asked for is a removal.
		engine.script(undefined);
		const healthy = await pruneAgainst(engine, ['--images', '--yes']);
		assert.equal(healthy.status, 0, `${healthy.stdout}\n${healthy.stderr}`);
	});
});

describe('a disk usage answer that fails on an object being removed', {skip}, () => {
	it('the prune plans from the lists, with one line saying which container and that sizes are left out', async () => {
		const halfGone = healthyContainer(9, {Names: ['/hostile-half-gone'], State: 'removing', Status: 'Removal In Progress'});
		const engine = await startHostileEngine({containers: () => [healthyContainer(1), healthyContainer(2, {State: 'exited', Status: 'Exited (0) 1 hour ago'}), halfGone]});
		engines.push(engine);
		// The answer Docker 28.5's containerd store gives while a container's removal is under way (measured: a DELETE
		// cut short by a SIGKILL of its client goes on in the engine, and every df until it ends fails as a whole).
		engine.script((request, response) => {
			if (!request.url?.includes('/system/df')) return 'default';
			response.writeHead(500, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({message: `failed to retrieve container list: rw layer snapshot not found for container ${String(halfGone['Id'])}`}));
		});
		const run = () => pruneAgainst(engine, ['--containers', '--dry-run', '--json']);
		const result = await run();
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stderr, /^disk usage: container 000000000000 is being removed \(its layer is already gone\); sizes of containers, volumes and the build cache left out/m);
		const plan = JSON.parse(result.stdout) as {remove: Array<{kind: string; name: string}>};
		// The stopped container is planned; the running one and the one being removed are not.
		assert.deepEqual(plan.remove.map(item => item.name), ['hostile-2']);
		assert.ok(engine.requests.filter(line => line.includes('/system/df')).length >= 2, 'df was asked again before the lists were used');
		// Positive control: once df answers, the plan is the same and the line is gone.
		engine.script(undefined);
		const healthy = await run();
		assert.equal(healthy.status, 0, healthy.stderr);
		assert.doesNotMatch(healthy.stderr, /disk usage/);
		assert.deepEqual((JSON.parse(healthy.stdout) as typeof plan).remove.map(item => item.name), ['hostile-2']);
	});
});

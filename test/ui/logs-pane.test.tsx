import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {MouseReporting} from '../../source/model/mouse.js';
import {summary} from '../support/containers.js';
import {ScriptedLogs} from '../support/ports.js';
import {deliberateRouter, frameWith, scriptedServices} from '../support/services.js';

const ESC = '\u001B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

const web = summary({name: 'web', state: 'running', composeProject: 'shop', composeService: 'frontend'});
const api = summary({name: 'api', state: 'running', composeProject: 'shop', composeService: 'backend'});

async function renderLogs(mouse?: MouseReporting) {
	const services = await scriptedServices([web, api]);
	if (mouse) services.mouse = mouse;
	const logs = new ScriptedLogs();
	services.ports = {...services.ports, logs};
	services.selection.set({id: web.id, marked: []});
	const app = render(<App router={deliberateRouter()} services={services} initialPane="logs" />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, 'Logs · web');
	await waitUntil(() => logs.sink !== undefined);
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			app.stdin.write(key);
			await new Promise(resolve => setTimeout(resolve, 5));
		}
	};
	return {...app, services, logs, press};
}

async function waitUntil(check: () => boolean, timeoutMs = 2000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition never held');
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

describe('<LogsPane>', () => {
	it('follows the selected container from tail 1000 and marks stderr lines', async () => {
		const {lastFrame, logs} = await renderLogs();
		assert.equal(logs.calls[0]!.options.tail, 1000);
		assert.equal(logs.calls[0]!.options.timestamps, true);
		assert.deepEqual(logs.calls[0]!.targets, [{id: web.id}]);
		logs.lines('hello from web', 'E:something failed');
		const frame = await frameWith(lastFrame, 'something failed');
		assert.match(frame, /^ {2}hello from web/m);
		assert.match(frame, /^! something failed/m);
		assert.match(frame, /following/);
	});

	it('renders a burst of lines in a few frames, not one per line', async () => {
		const {lastFrame, logs, frames} = await renderLogs();
		const before = frames.length;
		for (let i = 0; i < 3000; i++) logs.lines(`line ${i}`);
		await frameWith(lastFrame, 'line 2999');
		await new Promise(resolve => setTimeout(resolve, 120));
		assert.ok(frames.length - before < 10, `${frames.length - before} frames for 3000 lines`);
		assert.match(lastFrame()!, /3000\/10000 lines/);
	});

	it('scrolls back without losing the stream, and G follows again', async () => {
		const {lastFrame, logs, press} = await renderLogs();
		logs.lines(...Array.from({length: 50}, (_, i) => `old ${i}`));
		await frameWith(lastFrame, 'old 49');
		await press('f');
		await frameWith(lastFrame, 'paused');
		logs.lines('new line');
		const paused = await frameWith(lastFrame, '1 line below');
		assert.doesNotMatch(paused, /new line/);
		await press('k', 'k');
		const back = await frameWith(lastFrame, '3 lines below');
		assert.match(back, /old 47\s*\n\s*\n/, 'two lines further back, the newest old line is last');
		await press('G');
		const following = await frameWith(lastFrame, 'new line');
		assert.match(following, /following/);
	});

	it('searches with / and shows only matching lines with o; n/N move between matches', async () => {
		const {lastFrame, logs, press} = await renderLogs();
		logs.lines('alpha one', 'beta', 'ALPHA two', 'gamma');
		await frameWith(lastFrame, 'gamma');
		await press('/', 'a', 'l', 'p', 'h', 'a', '\r');
		await frameWith(lastFrame, 'search: alpha');
		await press('o');
		const only = await frameWith(lastFrame, 'only matching: 2 lines');
		assert.doesNotMatch(only, /beta|gamma/);
		assert.match(only, /alpha one/);
		assert.match(only, /ALPHA two/, 'case-insensitive by default');
		await press('r', 'i');
		await frameWith(lastFrame, /regex: alpha\s+only matching: 1 line\s+case-sensitive/);
		await press(ESC);
		const all = await frameWith(lastFrame, 'gamma');
		assert.match(all, /beta/);
	});

	it('toggles timestamps and wrapping', async () => {
		const {lastFrame, logs, press} = await renderLogs();
		logs.lines(`long ${'x'.repeat(150)}END`);
		const cut = await frameWith(lastFrame, 'long xxx');
		assert.doesNotMatch(cut, /END/);
		await press('w');
		await frameWith(lastFrame, /xEND/);
		await press('t');
		await frameWith(lastFrame, '2026-11-23 01:02:03.456 long');
	});

	it('changes the tail in the app and reads the stream again', async () => {
		const {lastFrame, logs, press} = await renderLogs();
		await press('T', '5', '0', '\r');
		await frameWith(lastFrame, 'tail 50');
		await waitUntil(() => logs.calls.length === 2);
		assert.equal(logs.calls[1]!.options.tail, 50);
		await press('s', '1', '0', 'm', '\r');
		await waitUntil(() => logs.calls.length === 3);
		const since = logs.calls[2]!.options.since!;
		assert.ok(Math.abs(since - (Date.now() / 1000 - 600)) < 5, `since ${since}`);
	});

	it('shows an exit and a logging driver that cannot be read as messages', async () => {
		const {lastFrame, logs} = await renderLogs();
		logs.lines('last words');
		logs.sink!.onNotice({kind: 'exited', id: web.id, exitCode: 3});
		const frame = await frameWith(lastFrame, 'exited with code 3');
		assert.match(frame, /exited \(3\)/);
		logs.sink!.onNotice({kind: 'attached', id: web.id, isTty: false, isRunning: true});
		await frameWith(lastFrame, 'started again');
	});

	it('merges marked containers with a name on each line', async () => {
		const {lastFrame, logs, services} = await renderLogs();
		services.selection.set({id: web.id, marked: [web.id, api.id]});
		await waitUntil(() => logs.calls.length === 2);
		assert.deepEqual(logs.calls[1]!.targets, [{id: web.id, source: 'web'}, {id: api.id, source: 'api'}]);
		assert.equal(logs.calls[0]!.options.signal.aborted, true, 'the new selection aborted the old stream');
		assert.equal(logs.calls[1]!.options.signal.aborted, false);
		logs.sink!.onLines([{stream: 'stdout', text: 'from api', source: 'api', sourceIndex: 1}]);
		await frameWith(lastFrame, /api +│ from api/);
		await frameWith(lastFrame, 'Logs · 2 marked containers');
		// An exit stays in the header, however fast the other container's lines push its note out of the ring.
		logs.sink!.onNotice({kind: 'exited', id: api.id, source: 'api', exitCode: 137});
		await frameWith(lastFrame, 'Logs · 2 marked containers · following · api exited (137)');
		logs.sink!.onNotice({kind: 'attached', id: api.id, source: 'api', isTty: false, isRunning: true});
		await frameWith(lastFrame, /Logs · 2 marked containers · following +tail/);
	});

	it('select mode shows plain text that holds still, with mouse reporting off until it ends', async () => {
		const writes: string[] = [];
		const {lastFrame, logs, press} = await renderLogs(new MouseReporting(text => writes.push(text), true));
		logs.lines('E:plain error');
		await frameWith(lastFrame, '! plain error');
		await press('v');
		const frame = await frameWith(lastFrame, 'select mode');
		assert.match(frame, /^plain error/m, 'no gutter marker in select mode');
		logs.lines('arrives later');
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.doesNotMatch(lastFrame()!, /arrives later/);
		assert.equal(writes.at(-1), '\u001B[?1000l\u001B[?1006l', 'reporting off while selecting');
		await press('v');
		await frameWith(lastFrame, 'arrives later');
		// Reporting comes back in an effect that may run just after the frame is drawn.
		await waitUntil(() => writes.at(-1) === '\u001B[?1000h\u001B[?1006h').catch(() => undefined);
		assert.equal(writes.at(-1), '\u001B[?1000h\u001B[?1006h', 'and back on after');
	});

	it('scrolls back with the mouse wheel', async () => {
		const {lastFrame, logs, press} = await renderLogs();
		logs.lines(...Array.from({length: 50}, (_, i) => `wheel ${i}`));
		await frameWith(lastFrame, 'wheel 49');
		await press('\u001B[<64;10;10M');
		const frame = await frameWith(lastFrame, '3 lines below');
		assert.doesNotMatch(frame, /wheel 49/);
	});

	it('saves the kept lines to a file and names it in the status line', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'dockdash-logs-'));
		process.env['DOCKDASH_SAVE_DIR'] = dir;
		cleanup.push(() => {
			delete process.env['DOCKDASH_SAVE_DIR'];
			rmSync(dir, {recursive: true, force: true});
		});
		const {lastFrame, logs, press} = await renderLogs();
		logs.lines('to keep', 'E:and this');
		await frameWith(lastFrame, 'and this');
		await press('S');
		const frame = await frameWith(lastFrame, 'saved 2 lines to');
		const [file] = readdirSync(dir);
		assert.ok(file && frame.includes(dir), frame);
		const saved = readFileSync(path.join(dir, file), 'utf8');
		assert.match(saved, /^# dockdash: logs of web, saved \S+: 2 lines, without the engine's timestamps \(t before S adds them\)\n\n/);
		assert.equal(saved.slice(saved.indexOf('\n\n') + 2), 'to keep\n[stderr] and this\n', 'as docker logs prints them, stderr marked');
		// With t, as docker logs -t prints them.
		await press('t');
		await frameWith(lastFrame, '· time');
		// S writes a file: it acts only when pressed on its own (issue 19); the router's clock puts a second after t.
		await press('S');
		// The second file, once written whole (a second save in the same second gets its own name).
		const second = () => readdirSync(dir).find(name => name !== file);
		await waitUntil(() => second() !== undefined && readFileSync(path.join(dir, second()!), 'utf8').endsWith('and this\n'));
		const timed = readFileSync(path.join(dir, second()!), 'utf8');
		assert.match(timed, /with the engine's timestamps \(t before S leaves them out\)/);
		assert.equal(timed.slice(timed.indexOf('\n\n') + 2), '2026-11-23T01:02:03.456789Z to keep\n2026-11-23T01:02:03.456789Z [stderr] and this\n');
	});

	it('p merges the compose project of the selected container, named by service', async () => {
		const {lastFrame, logs, press} = await renderLogs();
		await press('p');
		await frameWith(lastFrame, 'Logs · project shop');
		await waitUntil(() => logs.calls.length === 2);
		assert.deepEqual(logs.calls[1]!.targets, [{id: api.id, source: 'backend'}, {id: web.id, source: 'frontend'}]);
		await press('p');
		await frameWith(lastFrame, 'Logs · web');
	});

	it('says so when the selected container is gone', async () => {
		const {lastFrame, services} = await renderLogs();
		services.selection.set({id: 'f'.repeat(64), marked: []});
		await frameWith(lastFrame, 'The selected container is gone');
	});
});

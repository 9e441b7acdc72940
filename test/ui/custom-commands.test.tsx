import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {DEFAULT_CONFIG} from '../../source/model/config.js';
import type {CustomCommand} from '../../source/model/custom-commands.js';
import {outputFooterCounts} from '../../source/ui/components/command-output.js';
import {summary} from '../support/containers.js';
import {frameWith, scriptedServices, deliberateRouter} from '../support/services.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

const ESC = '\u001B';
const UP = '\u001B[A';

async function renderApp(commands: CustomCommand[]) {
	const services = await scriptedServices([summary({name: 'web-1'}), summary({name: 'web-2'})]);
	services.config = {...DEFAULT_CONFIG, commands};
	const app = render(<App router={deliberateRouter()} services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, 'web-1');
	return app;
}

const background = (fields: Partial<CustomCommand>): CustomCommand => ({
	name: 'count',
	key: 'b',
	panes: ['containers'],
	command: `sh -c 'i=1; while [ $i -le 60 ]; do echo "$1 line $i"; i=$((i+1)); done' _ {name}`,
	mode: 'background',
	dangerous: false,
	readOnlySafe: true,
	...fields,
});

describe('custom commands in the app', () => {
	it('a background command shows its last lines and how it ended; ↑ scrolls back, Esc closes', async () => {
		const {lastFrame, stdin} = await renderApp([background({})]);
		assert.match(lastFrame()!, /b count/, 'in the hint bar');
		stdin.write('b');
		const done = await frameWith(lastFrame, /✓ exited with code 0/);
		assert.match(done, /count · web-1/);
		assert.match(done, /web-1 line 60/);
		assert.doesNotMatch(done, /web-1 line 1\n/, 'the first lines are above the view');
		stdin.write(UP);
		await frameWith(lastFrame, /web-1 line 59\s*\n[^\n]*Esc close/);
		stdin.write(ESC);
		await frameWith(lastFrame, /^› +web-1/m);
		assert.doesNotMatch(lastFrame()!, /exited with code/);
	});

	it('the output reads as Logs does: g and G, PgUp, / search with n, stderr marked, the name whole in the hint bar (issue 20)', async () => {
		const {lastFrame, stdin} = await renderApp([
			background({name: 'long output', command: `sh -c 'i=1; while [ $i -le 60 ]; do echo "out $i"; i=$((i+1)); done; echo "bad thing" >&2' _ {name}`}),
		]);
		assert.match(lastFrame()!, /b long output/, 'the whole name in the hint bar');
		stdin.write('b');
		const done = await frameWith(lastFrame, /✓ exited with code 0/);
		assert.match(done, /^! bad thing/m, 'stderr is marked as in Logs');
		assert.match(done, /^ {2}out 60/m);
		assert.match(done, /\d+ lines above/);
		assert.doesNotMatch(done, /dropped/, 'nothing was dropped: 61 lines are all kept');
		stdin.write('g');
		const top = await frameWith(lastFrame, /^ {2}out 1\n/m);
		assert.match(top, /\d+ lines below/);
		stdin.write('\u001B[6~'); // PgDn: a page on, the first line is above the view
		const paged = await frameWith(lastFrame, /\d+ lines above/);
		assert.doesNotMatch(paged, /^ {2}out 1\n/m);
		stdin.write('\u001B[5~'); // PgUp: back
		await frameWith(lastFrame, /^ {2}out 1\n/m);
		stdin.write('G');
		await frameWith(lastFrame, /bad thing/);
		stdin.write('/');
		await frameWith(lastFrame, /^search:/m);
		for (const key of 'out 7\r') stdin.write(key);
		await frameWith(lastFrame, /^ {2}out 7\n/m);
		stdin.write('n');
		await frameWith(lastFrame, /^ {2}out 7\n {2}out 8/m);
		stdin.write(ESC);
		await frameWith(lastFrame, /^› +web-1/m);
	});

	it('the palette lists it and runs it on the selected container', async () => {
		const {lastFrame, stdin} = await renderApp([background({name: 'greet', key: 'ctrl+g', command: "sh -c 'echo hello $1' _ {name}"})]);
		stdin.write(':');
		await frameWith(lastFrame, 'matches');
		for (const char of 'greet') stdin.write(char);
		await frameWith(lastFrame, /› cmd\s+greet \(custom\)/);
		stdin.write('\r');
		await frameWith(lastFrame, /hello web-1/);
	});
});

describe('the output footer counts', () => {
	it('tells lines above the view from lines dropped for good (issue 20: "299964 earlier lines" with 1,000 kept)', () => {
		const lines = Array.from({length: 1000}, (_, index) => ({text: `l${index}`, isError: false}));
		// At the end, 20 lines shown: 980 kept lines above, and 299,964 dropped.
		assert.deepEqual(outputFooterCounts({lines, dropped: 299_964}, 299_964 + 980, 20), ['980 lines above', '299964 earlier lines dropped (the last 1000 kept)']);
		assert.deepEqual(outputFooterCounts({lines, dropped: 0}, 0, 20), ['980 lines below']);
	});
});

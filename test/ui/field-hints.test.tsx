/**
 * While a text field holds the keyboard, the hint bar says what its keys do, from the same keymap rows
 * its key layer binds, and offers none of the keys it types as text (issue 20: `q ? Tab :` were shown
 * over a filter, the run form, the palette and the build prompt, and typed into them).
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {BuildTracker} from '../../source/model/build.js';
import type {RunPort} from '../../source/model/run-form.js';
import {summary} from '../support/containers.js';
import {imageSummary, scriptedImageServices} from '../support/images.js';
import {deliberateRouter, frameWith, nextTurn, scriptedServices} from '../support/services.js';

const ESC = '\u001B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function renderApp(initialPane: string) {
	const base = await scriptedServices([summary({name: 'web-1'})]);
	const images = scriptedImageServices([imageSummary({repoTags: ['shop/web:1.2']})]);
	// Neither is reached: the tests close the prompt and the form before anything is built or run.
	const builds = new BuildTracker({start: async () => new Promise(() => undefined)});
	const run = {recentForms: () => [], rememberForm: () => undefined} as unknown as RunPort;
	const services = {...base, images, builds, run};
	const app = render(<App router={deliberateRouter()} services={services} initialPane={initialPane} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		base.sync.stop();
		images.sync.stop();
	});
	return app;
}

const hintLine = (frame: string) => frame.trimEnd().split('\n').at(-1)!;

describe('the hint bar while a text field has the keyboard', () => {
	const cases: Array<{what: string; pane: string; ready: string; open: string; shows: RegExp; hint: string}> = [
		{what: 'a list filter', pane: 'containers', ready: 'web-1', open: '/', shows: /filter:/, hint: 'Enter done  Esc cancel  Ctrl-U clear'},
		{what: 'the build prompt', pane: 'images', ready: 'shop/web:1.2', open: 'b', shows: /build \(PATH/, hint: 'Enter done  Esc cancel  Ctrl-U clear'},
		{what: 'the palette', pane: 'containers', ready: 'web-1', open: ':', shows: /match/, hint: 'Enter run  Esc close  ↓ choose  Ctrl-U clear'},
		{what: 'a confirmation (found by the adversarial pass: it swallows them too)', pane: 'containers', ready: 'web-1', open: 'd', shows: /Remove web-1/, hint: 'y confirm  n cancel'},
		{what: 'the run form', pane: 'images', ready: 'shop/web:1.2', open: 'r', shows: /shop\/web:1\.2/, hint: '↓ field  Enter run  Esc close'},
	];
	for (const {what, pane, ready, open, shows, hint} of cases) {
		it(`${what}: ${hint}, and no q, ?, Tab or :`, async () => {
			const {lastFrame, stdin} = await renderApp(pane);
			const before = await frameWith(lastFrame, ready);
			// Positive control: the pane's bar offers the global keys.
			assert.match(hintLine(await frameWith(lastFrame, /q quit/)), /q quit {2}\? help {2}Tab pane {2}: commands/, before);
			stdin.write(open);
			await frameWith(lastFrame, shows);
			const frame = await frameWith(lastFrame, hint);
			assert.equal(hintLine(frame).trim(), hint);
			stdin.write(ESC);
			await nextTurn();
			await frameWith(lastFrame, /q quit/);
		});
	}

	it('a long value keeps its end and the cursor on the line: the build prompt at the terminal\'s width (issue 20)', async () => {
		const {lastFrame, stdin} = await renderApp('images');
		await frameWith(lastFrame, 'shop/web:1.2');
		stdin.write('b');
		await frameWith(lastFrame, /build \(PATH/);
		const line = '/srv/checkouts/team/service/docker -t registry.example.com/team/service:2026.12.05-rc1 -f Dockerfile.prod';
		for (const char of line) stdin.write(char);
		const frame = await frameWith(lastFrame, /Dockerfile\.prod/);
		const prompt = frame.split('\n').find(row => row.startsWith('build (PATH'))!;
		assert.match(prompt, /^build \(PATH -t TAG -f FILE --build-arg K=V\): …\S+ -f Dockerfile\.prod ?$/);
		assert.ok(prompt.length <= 100, 'within the line');
	});
});

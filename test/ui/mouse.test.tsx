import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {summary} from '../support/containers.js';
import {frameWith, scriptedServices} from '../support/services.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

// SGR mouse reports, one-based: ESC [ < button ; column ; row M
const click = (column: number, row: number) => `\u001B[<0;${column + 1};${row + 1}M`;
const wheelDown = (column: number, row: number) => `\u001B[<65;${column + 1};${row + 1}M`;

async function renderApp() {
	const containers = Array.from({length: 60}, (_, index) => summary({name: `row-${String(index).padStart(2, '0')}`}));
	const services = await scriptedServices(containers);
	const app = render(<App services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, 'row-00');
	return app;
}

const lineOf = (frame: string, text: string) => frame.split('\n').findIndex(line => line.includes(text));

describe('mouse', () => {
	it('a click selects the row under it', async () => {
		const {lastFrame, stdin} = await renderApp();
		const frame = lastFrame()!;
		stdin.write(click(10, lineOf(frame, 'row-05')));
		await frameWith(lastFrame, /^› +row-05/m);
	});

	it('the wheel scrolls the list', async () => {
		const {lastFrame, stdin} = await renderApp();
		for (let i = 0; i < 10; i++) stdin.write(wheelDown(10, 6));
		await frameWith(lastFrame, /^› +row-30/m);
	});

	it('a click on a pane name in the tab line switches to it', async () => {
		const {lastFrame, stdin} = await renderApp();
		const frame = lastFrame()!;
		const tabLine = frame.split('\n')[lineOf(frame, '1 Containers')]!;
		stdin.write(click(tabLine.indexOf('Images'), lineOf(frame, '1 Containers')));
		// The images pane replaces the containers list.
		await frameWith(lastFrame, /^(?![\s\S]*row-00)[\s\S]*3 Images/);
	});

	it('a click selects a row in the other lists too (the Stats pane), and the wheel scrolls there', async () => {
		const {lastFrame, stdin} = await renderApp();
		stdin.write('9');
		const frame = await frameWith(lastFrame, /Stats \d+ running[\s\S]*row-07/);
		// The pane's mouse handler registers in an effect after its first frame: a click that lands
		// before it is lost, so click again (the same row: harmless) until the selection is there.
		for (let attempt = 1; ; attempt++) {
			stdin.write(click(10, lineOf(frame, 'row-07')));
			const selected = await frameWith(lastFrame, /^› +row-07/m, 500).catch(() => undefined);
			if (selected || attempt === 10) break;
		}
		await frameWith(lastFrame, /^› +row-07/m);
		for (let step = 1; step <= 5; step++) {
			stdin.write(wheelDown(10, 6));
			await frameWith(lastFrame, new RegExp(`^› +row-${String(7 + 3 * step).padStart(2, '0')}`, 'm'), 10_000);
		}
	});

	it('a mouse report is never typed into a field', async () => {
		const {lastFrame, stdin} = await renderApp();
		stdin.write('/');
		await frameWith(lastFrame, 'filter:');
		stdin.write(click(10, 20));
		stdin.write('x');
		const frame = await frameWith(lastFrame, 'filter: x');
		assert.doesNotMatch(frame, /filter: .*\[</);
	});
});

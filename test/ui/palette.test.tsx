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

async function renderApp() {
	const containers = Array.from({length: 40}, (_, index) => summary({name: `svc-${String(index).padStart(2, '0')}`}));
	containers.push(summary({name: 'zz-needle', state: 'exited', exitCode: 0, status: 'Exited (0)'}));
	const services = await scriptedServices(containers);
	const app = render(<App services={services} version={{version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	return app;
}

const type = (stdin: {write: (data: string) => void}, text: string) => {
	for (const char of text) stdin.write(char);
};

describe('command palette', () => {
	it('fuzzy-finds a container and jumps to it, scrolling it into view', async () => {
		const {lastFrame, stdin} = await renderApp();
		await frameWith(lastFrame, 'svc-00');
		assert.doesNotMatch(lastFrame()!, /zz-needle/, 'off screen at first');
		stdin.write(':');
		await frameWith(lastFrame, 'matches');
		type(stdin, 'zzndl');
		const found = await frameWith(lastFrame, /› ctr\s+zz-needle/);
		assert.match(found, /1 match /);
		stdin.write('\r');
		const frame = await frameWith(lastFrame, /^› +zz-needle/m);
		assert.doesNotMatch(frame, /matches/, 'the palette closed');
	});

	it('runs a command by its description', async () => {
		const {lastFrame, stdin} = await renderApp();
		await frameWith(lastFrame, 'svc-00');
		stdin.write(':');
		await frameWith(lastFrame, 'matches');
		type(stdin, 'show or hide the keys');
		await frameWith(lastFrame, /› cmd\s+show or hide the keys/);
		stdin.write('\r');
		await frameWith(lastFrame, /Keys .*Esc to close/);
	});

	it('closes on Esc and gives the keys back to the pane', async () => {
		const {lastFrame, stdin} = await renderApp();
		await frameWith(lastFrame, 'svc-00');
		stdin.write(':');
		await frameWith(lastFrame, 'matches');
		stdin.write('\u001B');
		await frameWith(lastFrame, 'Containers 41');
		stdin.write('/');
		await frameWith(lastFrame, 'filter:');
	});
});

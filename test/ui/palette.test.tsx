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

async function renderApp(configure: (services: Awaited<ReturnType<typeof scriptedServices>>) => void = () => undefined) {
	const containers = Array.from({length: 40}, (_, index) => summary({name: `svc-${String(index).padStart(2, '0')}`}));
	containers.push(summary({name: 'zz-needle', state: 'exited', exitCode: 0, status: 'Exited (0)'}));
	const services = await scriptedServices(containers);
	configure(services);
	const app = render(<App services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
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

	it('lists every docker context as "context NAME", marks the current one, and switches on Enter', async () => {
		const asked: string[] = [];
		const {lastFrame, stdin} = await renderApp(services => {
			services.contexts = {
				list: () => [
					{name: 'default', endpoint: {transport: 'unix', socketPath: '/var/run/docker.sock', url: 'unix:///var/run/docker.sock', source: 'test'}},
					{name: 'here', endpoint: {transport: 'unix', socketPath: '/nonexistent/dockdash-test.sock', url: services.ports.engine.url, source: 'test'}},
					{name: 'broken', problem: 'docker context "broken" has no docker endpoint'},
				],
				switchTo: async name => void asked.push(name),
			};
		});
		await frameWith(lastFrame, 'svc-00');
		stdin.write(':');
		await frameWith(lastFrame, 'matches');
		type(stdin, 'context');
		const frame = await frameWith(lastFrame, /ctx\s+context broken/);
		assert.match(frame, /ctx\s+context default\s+unix:\/\/\/var\/run\/docker\.sock/);
		assert.match(frame, /ctx\s+context here\s+current · unix:/);
		assert.match(frame, /context broken\s+docker context "broken" has no docker e/);
		type(stdin, ' default');
		await frameWith(lastFrame, /› ctx\s+context default/);
		stdin.write('\r');
		await frameWith(lastFrame, /^› +svc-00/m);
		assert.deepEqual(asked, ['default']);
	});
});

import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {toContainerDetails} from '../../source/docker/container-details.js';
import {MASK} from '../../source/model/secrets.js';
import {summary} from '../support/containers.js';
import {ScriptedDetails} from '../support/ports.js';
import {frameWith, scriptedServices} from '../support/services.js';

const ENTER = '\r';
const ESC = '\u001B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

const ID = 'd'.repeat(64);

/** The app over one scripted container whose inspect/top/diff answers come from the test (the details port's fake). */
async function renderApp() {
	const web = summary({name: 'web', state: 'running', id: ID});
	const services = await scriptedServices([web]);
	// What the engine's inspect answers, through the adapter's own parser, so the pane sees what it would see.
	const raw = {
		Id: ID,
		Name: '/web',
		State: {Status: 'running'},
		Config: {Image: 'nginx', Cmd: ['nginx'], Env: ['DB_PASSWORD=hunter2', 'PLAIN=visible']},
		HostConfig: {},
		SizeRw: 4096,
		SizeRootFs: 8192,
	};
	const details = new ScriptedDetails(
		new Map([
			[
				ID,
				{
					details: toContainerDetails(raw as never),
					size: {writable: 4096, rootFs: 8192},
					top: {titles: ['PID', 'CMD'], rows: [['1', 'nginx: master']]},
					changes: [
						{path: '/etc', kind: 'changed'},
						{path: '/etc/nginx.conf', kind: 'added'},
					],
				},
			],
		]),
	);
	services.ports = {...services.ports, details};
	const app = render(<App services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, 'web');
	return {...app, services, remove: () => details.removed.add(ID)};
}

/** Pages down (Space) until the text is on screen: the view shows a window over its lines. */
async function pageTo(app: {stdin: {write: (data: string) => void}; lastFrame: () => string | undefined}, text: string): Promise<string> {
	for (let page = 0; page < 6; page++) {
		const frame = app.lastFrame() ?? '';
		if (frame.includes(text)) return frame;
		app.stdin.write(' ');
		await new Promise(resolve => setTimeout(resolve, 30));
	}
	return frameWith(app.lastFrame, text, 500);
}

describe('details view', () => {
	it('opens on Enter with secrets masked, reveals them on v, and goes back on Esc', async () => {
		const app = await renderApp();
		app.stdin.write(ENTER);
		await frameWith(app.lastFrame, 'Details · web');
		const frame = await pageTo(app, 'PLAIN=visible');
		assert.match(frame, /Details · web \(dddddddddddd\)/);
		assert.ok(frame.includes(`DB_PASSWORD=${MASK}`), frame);
		assert.doesNotMatch(frame, /hunter2/);
		app.stdin.write('v');
		await frameWith(app.lastFrame, 'DB_PASSWORD=hunter2');
		app.stdin.write('v');
		await frameWith(app.lastFrame, `DB_PASSWORD=${MASK}`);
		app.stdin.write(ESC);
		await frameWith(app.lastFrame, /Containers 1 · 1 running/);
	});

	it('shows the processes, the changes and the size once they arrive, scrolling down to them', async () => {
		const app = await renderApp();
		app.stdin.write(ENTER);
		await frameWith(app.lastFrame, 'nginx');
		app.stdin.write('G');
		const frame = await frameWith(app.lastFrame, 'nginx.conf');
		assert.match(frame, /~ C etc\//);
		assert.match(frame, /\+ A {3}nginx\.conf/);
		assert.match(frame, /1 {4}nginx: master/);
	});

	it('says so when the container is removed while its details are open, and stays usable', async () => {
		const app = await renderApp();
		app.stdin.write(ENTER);
		await frameWith(app.lastFrame, 'nginx');
		app.remove();
		app.services.source.containers = [];
		await app.services.sync.relist();
		await frameWith(app.lastFrame, 'web (dddddddddddd) no longer exists: it was removed while this view was open');
		app.stdin.write(ESC);
		await frameWith(app.lastFrame, 'no containers');
	});
});

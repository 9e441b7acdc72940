import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {summary} from '../support/containers.js';
import {frameWith, scriptedServices} from '../support/services.js';

const DOWN = '\u001B[B';
const ESC = '\u001B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function renderApp(containers = [summary({name: 'web', state: 'running'}), summary({name: 'db', state: 'exited', exitCode: 1, status: 'Exited (1) 2 minutes ago'})], options: {readOnly?: boolean} = {}) {
	const services = await scriptedServices(containers, options);
	const app = render(<App services={services} version={{product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64'}} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	return {...app, services};
}

describe('<App> containers pane', () => {
	it('shows every container with its state marker, and the engine in the header', async () => {
		const {lastFrame} = await renderApp();
		const frame = await frameWith(lastFrame, 'web');
		assert.match(frame, /dockdash · unix:\/\/\/nonexistent\/dockdash-test\.sock · Docker 20\.10\.24 \(API 1\.41\)/);
		assert.match(frame, /● connected/);
		assert.match(frame, /Containers 2 · 1 running/);
		assert.match(frame, /^› +web\s+▸ running/m);
		assert.match(frame, /db\s+■ exited \(1\)/);
	});

	it('filters with / and clears with Esc', async () => {
		const {lastFrame, stdin} = await renderApp();
		await frameWith(lastFrame, 'web');
		for (const key of ['/', 'd', 'b']) stdin.write(key);
		const filtered = await frameWith(lastFrame, 'Containers 1 of 2');
		assert.doesNotMatch(filtered, /web\s+▸/);
		assert.match(filtered, /filter: db/);
		stdin.write('\r');
		stdin.write(ESC);
		await frameWith(lastFrame, 'Containers 2 · 1 running');
	});

	it('typed "q" goes into the filter, not to quit', async () => {
		const {lastFrame, stdin} = await renderApp();
		await frameWith(lastFrame, 'web');
		stdin.write('/');
		stdin.write('q');
		await frameWith(lastFrame, 'filter: q');
	});

	it('keeps the selection on the same container when rows re-sort', async () => {
		const a = summary({name: 'a-first', state: 'running'});
		const b = summary({name: 'b-second', state: 'running'});
		const {lastFrame, stdin, services} = await renderApp([a, b]);
		await frameWith(lastFrame, 'b-second');
		stdin.write(DOWN); // select b-second
		await new Promise(resolve => setTimeout(resolve, 30));
		// A new container sorts in front of both; the selection must stay on b-second.
		services.source.containers = [summary({name: '0-new', state: 'running'}), a, b];
		await services.sync.relist();
		const frame = await frameWith(lastFrame, '0-new');
		const selectedLine = frame.split('\n').find(line => line.startsWith('›'));
		assert.ok(selectedLine?.includes('b-second'), `selected line was ${selectedLine}`);
	});

	it('shows the keys from the keymap on ?', async () => {
		const {lastFrame, stdin} = await renderApp();
		await frameWith(lastFrame, 'web');
		stdin.write('?');
		const frame = await frameWith(lastFrame, 'Keys');
		assert.match(frame, /q \/ Ctrl-C\s+quit/);
		assert.match(frame, /filter rows by text/);
		// More keys than one screen holds in readable columns: pages, PgDn turns to the rest, none cut to a few letters.
		const pages = Number(/page 1 of (\d+), PgDn\/PgUp turn/.exec(frame)?.[1]);
		assert.ok(pages > 1, frame);
		assert.doesNotMatch(frame, /browse the selected/);
		const later: string[] = [];
		for (let page = 2; page <= pages; page++) {
			stdin.write('\u001B[6~');
			later.push(await frameWith(lastFrame, `page ${page} of ${pages}`));
		}
		assert.match(later.join('\n'), / f +browse the selected/);
		assert.doesNotMatch(later.join('\n'), /filter rows by text/);
	});
});

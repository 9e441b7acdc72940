import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {ManualClock} from '../support/clock.js';
import {summary} from '../support/containers.js';
import {deliberateRouter, frameWith, scriptedServices} from '../support/services.js';

const ESC = '\u001B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function renderApp() {
	const services = await scriptedServices([summary({name: 'web', state: 'running'}), summary({name: 'db', state: 'exited', exitCode: 1})]);
	const clock = new ManualClock();
	// Keys a second apart on the router's clock: a key that changes the engine is always one on its own here.
	const app = render(<App services={services} clock={clock} router={deliberateRouter()} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, 'web');
	return {...app, services, clock};
}

/** The status line: the line above the hints (the last line). */
function statusLine(frame: string): string {
	return frame.split('\n').at(-2) ?? '';
}

const waitForStatus = async (lastFrame: () => string | undefined, test: (line: string) => boolean, what: string) =>
	frameWith(lastFrame, {test: (frame: string) => test(statusLine(frame))} as RegExp).catch(() => {
		throw new Error(`the status line never became ${what}; it was: "${statusLine(lastFrame() ?? '')}"`);
	});

describe('status messages belong to their pane and fade (issue 19)', () => {
	it('an invalid regular expression is gone after Esc, after a valid search, and never shows in another pane', async () => {
		const {lastFrame, stdin} = await renderApp();
		stdin.write('2');
		await frameWith(lastFrame, /Logs · web/);
		stdin.write('r'); // regular expressions on
		stdin.write('/');
		await frameWith(lastFrame, 'search (regex):');
		stdin.write('(');
		stdin.write('\r');
		await waitForStatus(lastFrame, line => line.includes('invalid regular expression'), 'the regex error');
		stdin.write('6');
		await frameWith(lastFrame, /Volumes \d/);
		await waitForStatus(lastFrame, line => line.trim() === '', 'empty in Volumes');
		stdin.write('2');
		await frameWith(lastFrame, /Logs · web/);
		await waitForStatus(lastFrame, line => line.includes('invalid regular expression'), 'the regex error back in Logs');
		stdin.write(ESC);
		await waitForStatus(lastFrame, line => line.trim() === '', 'empty after Esc');

		stdin.write('r'); // the logs pane came back with its search settings reset
		stdin.write('/');
		await frameWith(lastFrame, 'search (regex):');
		stdin.write('[');
		stdin.write('\r');
		await waitForStatus(lastFrame, line => line.includes('invalid regular expression'), 'the regex error again');
		stdin.write('/');
		for (const key of ['\u007F', 'a', '\r']) stdin.write(key);
		await frameWith(lastFrame, /regex: a/);
		assert.doesNotMatch(statusLine(lastFrame() ?? ''), /invalid regular expression/);
	});

	it('a finished message fades on the clock; moving the cursor does not end it', async () => {
		const {lastFrame, stdin, clock} = await renderApp();
		// Select db (exited): a shell needs a running container.
		stdin.write('j');
		await frameWith(lastFrame, /› db/);
		// e acts only when pressed on its own (issue 19): the router's clock puts a second between j and e.
		stdin.write('e');
		await waitForStatus(lastFrame, line => line.includes('db is exited'), 'the shell error');
		stdin.write('k');
		stdin.write('j');
		clock.advance(11_000);
		assert.match(statusLine(lastFrame() ?? ''), /db is exited/, 'still there before its time');
		clock.advance(2000);
		await waitForStatus(lastFrame, line => line.trim() === '', 'empty once its time is up');
	});
});

describe('a message longer than the line (issue 20: cut at 80×24)', () => {
	it('takes the hint line too, whole, and the hints come back when it fades', async () => {
		const app = await renderApp();
		// Positive control: a short message leaves the hint bar in place.
		app.services.notify('short one', 'info');
		const short = await frameWith(app.lastFrame, 'short one');
		assert.match(short.split('\n').at(-1)!, /q quit/);
		const long = `${'x'.repeat(70)} came right after another key (typing?): stop not run — press x on its own`;
		app.services.notify(long, 'info');
		const frame = await frameWith(app.lastFrame, 'press x on its own');
		assert.equal(frame.split('\n').slice(-2).map(line => line.trim()).join(' '), long);
		assert.doesNotMatch(frame, /q quit/);
		app.clock.advance(6001);
		await frameWith(app.lastFrame, /q quit/);
	});
});

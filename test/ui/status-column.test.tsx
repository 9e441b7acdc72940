import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {ManualClock} from '../support/clock.js';
import {summary} from '../support/containers.js';
import {frameWith, scriptedServices} from '../support/services.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

describe('the STATUS column is computed when drawn (issue 19)', () => {
	it('"Up 10 seconds" as listed reads "Up 19 seconds" nine seconds later, with no new list', async () => {
		const clock = new ManualClock();
		const services = await scriptedServices([
			summary({name: 'young', status: 'Up 10 seconds', listedAt: clock.now()}),
		]);
		const app = render(<App services={services} clock={clock} />);
		cleanup.push(() => {
			app.unmount();
			services.sync.stop();
		});
		await frameWith(app.lastFrame, /young\s.*Up 10 seconds/);
		clock.advance(9000);
		await frameWith(app.lastFrame, /young\s.*Up 19 seconds/);
		clock.advance(41_000);
		await frameWith(app.lastFrame, /young\s.*Up About a mi/);
	});
});

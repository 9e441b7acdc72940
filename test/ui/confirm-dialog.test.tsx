import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {KeyRouterProvider} from '../../source/hooks/key-router.js';
import {CONFIRM_GRACE_MS, Confirmations} from '../../source/model/confirmations.js';
import {ConfirmDialog} from '../../source/ui/components/confirm-dialog.js';
import {ManualClock} from '../support/clock.js';
import {frameWith} from '../support/services.js';

describe('the confirmation dialog', () => {
	it('shows the engine\'s whole message, wrapped, not cut at the dialog\'s edge (issue 19)', async () => {
		const confirmations = new Confirmations();
		const app = render(
			<KeyRouterProvider>
				<ConfirmDialog confirmations={confirmations} width={100} />
			</KeyRouterProvider>,
		);
		const engineMessage = 'conflict: unable to remove repository reference "dockdash-test/app:1" (must force) - container 3f2a1b0c9d8e is using its referenced image 0123456789ab, end-of-message';
		void confirmations.ask({title: 'FORCE: dockdash-test/app:1 is in use. Remove it anyway?', targets: [{label: 'web', id: '3f2a1b0c9d8e'}], notes: [`the engine said: ${engineMessage}`], verb: 'force remove', isDangerous: true});
		await frameWith(app.lastFrame, 'end-of-message');
		confirmations.answer(false);
		app.unmount();
	});

	it('shows when y becomes live: "(wait)" in its answer line until the grace time has passed, again after a typed key (issue 15)', async () => {
		const clock = new ManualClock();
		const confirmations = new Confirmations(clock);
		const app = render(
			<KeyRouterProvider>
				<ConfirmDialog confirmations={confirmations} width={80} />
			</KeyRouterProvider>,
		);
		void confirmations.ask({title: 'Remove web?', targets: [{label: 'web', id: '3f2a1b0c9d8e'}], verb: 'remove', isDangerous: true});
		await frameWith(app.lastFrame, 'y remove (wait)   n/Esc cancel');
		clock.advance(CONFIRM_GRACE_MS);
		await frameWith(app.lastFrame, 'y remove   n/Esc cancel');
		confirmations.key('other', false);
		await frameWith(app.lastFrame, 'y remove (wait)   n/Esc cancel');
		clock.advance(CONFIRM_GRACE_MS);
		await frameWith(app.lastFrame, 'y remove   n/Esc cancel');
		confirmations.answer(false);
		app.unmount();
	});
});

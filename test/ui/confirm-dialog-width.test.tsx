/** The shared confirmation dialog lays out what it asks in the width it has (issue 21). */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {KeyRouterProvider} from '../../source/hooks/key-router.js';
import {type ConfirmRequest, Confirmations} from '../../source/model/confirmations.js';
import {ConfirmDialog} from '../../source/ui/components/confirm-dialog.js';

const NOTE = 'every task on node-with-a-long-hostname stops: 12 tasks of 5 services (alpha, bravo, charlie, delta and 1 more); no other node can take them, so they stay pending';

function show(width: number, request: Partial<ConfirmRequest> = {}, appEngine?: string) {
	const confirmations = new Confirmations();
	void confirmations.ask({
		title: 'Drain node node-with-a-long-hostname (abcdef123456)?',
		engine: 'a-context-with-a-long-name',
		targets: [{label: 'node-with-a-long-hostname', id: 'abcdef123456', detail: 'manager · now active · ready'}],
		notes: [NOTE],
		verb: 'drain',
		isDangerous: true,
		...request,
	});
	const app = render(
		<KeyRouterProvider>
			<ConfirmDialog confirmations={confirmations} width={width} engine={appEngine} />
		</KeyRouterProvider>,
	);
	const frame = app.lastFrame() ?? '';
	app.unmount();
	return frame;
}

/** The dialog's text with its border and line breaks taken out, words joined by single spaces. */
const inside = (frame: string) =>
	frame
		.split('\n')
		.map(line => line.replace(/^[│╭╰]/, '').replace(/[│╮╯]$/, '').trim())
		.filter(Boolean)
		.join(' ');

describe('the confirmation dialog', () => {
	it('wraps a long note and title onto more lines instead of cutting them', () => {
		for (const width of [96, 60]) {
			const text = inside(show(width));
			assert.ok(text.includes(NOTE), `the whole note at ${width} columns:\n${show(width)}`);
			assert.ok(text.includes('Drain node node-with-a-long-hostname (abcdef123456) on a-context-with-a-long-name?'), `the whole title at ${width}`);
			assert.ok(text.includes('manager · now active · ready'));
			assert.ok(show(width).split('\n').every(line => line.length <= width), 'no line is wider than the dialog was given');
		}
	});

	it('names the engine the action goes to: the request’s own, else the app’s when there are several (issue 20)', () => {
		const stop = {title: 'Stop rx-twin (3374c202d464)?', engine: undefined, notes: [], targets: [{label: 'rx-twin', id: '3374c202d464'}], verb: 'stop'};
		assert.match(inside(show(100, stop)), /Stop rx-twin \(3374c202d464\)\? /, 'one engine: no engine named');
		assert.match(inside(show(100, stop, 'ctx20')), /Stop rx-twin \(3374c202d464\) on ctx20\? /);
		assert.match(inside(show(100, {...stop, engine: 'ctx28'}, 'ctx20')), /Stop rx-twin \(3374c202d464\) on ctx28\? /);
	});
});

describe('a long list in a short terminal (issue 18, found by an adversarial pass)', () => {
	function showList(height: number) {
		const confirmations = new Confirmations();
		const targets = [
			...Array.from({length: 20}, (_, index) => ({label: `bulk${index + 1}`, id: `${String(index + 1).padStart(12, '0')}`, detail: 'created'})),
			{label: 'db', id: 'dbdbdbdbdbdb', detail: 'running'},
			{label: 'web', id: 'webwebwebweb', detail: 'running'},
			{label: 'shop-api-1', id: 'a1a1a1a1a1a1', detail: 'running'},
		];
		void confirmations.ask({title: 'Remove 23 objects, 0B freed?', targets, notes: ['running containers are killed first (force)'], verb: 'remove', isDangerous: true});
		const app = render(
			<KeyRouterProvider>
				<ConfirmDialog confirmations={confirmations} width={80} height={height} />
			</KeyRouterProvider>,
		);
		const frame = app.lastFrame() ?? '';
		app.unmount();
		return frame;
	}

	it('fits the height it has: the title stays, the rows shown are the first ones without a gap, and the rest are counted with the running among them', () => {
		const frame = showList(14);
		assert.ok(frame.split('\n').length <= 14, `${frame.split('\n').length} rows:\n${frame}`);
		assert.match(frame, /Remove 23 objects, 0B freed\?/);
		const listed = [...frame.matchAll(/\bbulk(\d+)\b/g)].map(match => Number(match[1]));
		assert.deepEqual(listed, Array.from({length: listed.length}, (_, index) => index + 1));
		const more = Number(/… and (\d+) more not listed here, acted on as well \(3 of them running\)/.exec(inside(frame))?.[1]);
		assert.equal(listed.length + more, 23);
		assert.match(frame, /y remove/);
	});

	it('with room, lists twelve and counts the rest as before', () => {
		const frame = showList(Number.POSITIVE_INFINITY);
		assert.equal([...frame.matchAll(/\bbulk\d+\b/g)].length, 12);
		assert.match(inside(frame), /… and 11 more not listed here, acted on as well \(3 of them running\)/);
	});
});

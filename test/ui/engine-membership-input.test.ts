/**
 * What the add field of the Engines pane refuses before any connection (issue 14): nothing typed, control characters
 * (a paste), an unknown scheme, an unknown context: one line each, nothing added. No engine is asked: these lines come
 * before any request.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {EngineSwitcher} from '../../source/engine-switch.js';
import type {AppServices} from '../../source/ui/app-context.js';

const home = mkdtempSync(path.join(tmpdir(), 'dockdash-membership-'));
after(() => rmSync(home, {recursive: true, force: true}));

function switcher(): {lines: string[]; membership: EngineSwitcher} {
	const lines: string[] = [];
	// Only what add() reads before it would connect: the app's own address and the status line.
	const services = {ports: {engine: {url: 'unix:///tmp/own/docker.sock'}}, notify: (text: string) => lines.push(text)} as unknown as AppServices;
	const membership = new EngineSwitcher({services, version: {} as never}, () => services, {}, {HOME: home, DOCKER_CONFIG: path.join(home, '.docker')});
	return {lines, membership};
}

describe('adding an engine: input refused before any connection', () => {
	for (const [input, expected] of [
		['   ', /^add engine: give -H ADDRESS/],
		['unix:///tmp/x\u001B[31m.sock', /^engine not added: the address has control characters \(a paste\?\)/],
		['bogus://somewhere', /^engine not added: .*bogus:\/\/somewhere/],
		['--context no-such-context', /^engine not added: .*no-such-context/],
		['-H unix:///tmp/own/docker.sock', /^engine not added: unix:\/\/\/tmp\/own\/docker\.sock is already shown \(the dashboard’s own engine\)$/],
	] as const) {
		it(`"${input.replace(/\u001B/g, '\\e')}"`, async () => {
			const {lines, membership} = switcher();
			await membership.add(input);
			assert.equal(lines.length, 1, lines.join('\n'));
			assert.match(lines[0]!, expected);
			assert.ok(!lines[0]!.includes('\u001B'), 'no control character reaches the status line');
		});
	}
});

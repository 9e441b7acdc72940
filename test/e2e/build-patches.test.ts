/**
 * The build's patches are in the bundle users run (issue 15): every patch of scripts/build.mjs leaves
 * its marker in dist/bundle.js, the bundle dist/cli.js runs (the build fails when a patch no longer applies, so a missing marker means
 * a patch was dropped), and the one that keeps a CI variable from blanking the dashboard works in a
 * real terminal with CI=true in the CLI's environment.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, describe, it} from 'node:test';
import {startCli, type TerminalSession} from '../support/pty.js';

// One per patch in scripts/build.mjs; a new patch adds its name here.
const PATCHES = ['terminal-is-not-ci', 'fast-string-width', 'yoga-without-fetch', 'row-cached-ink-output', 'meow-lazy-normalize', 'lazy-grapheme-segmenter', 'bounded-ink-measure-text'];

const sessions: TerminalSession[] = [];
after(() => {
	for (const session of sessions) session.stop();
});

describe('build patches in dist/bundle.js', () => {
	it('carries the marker of every patch', () => {
		const bundle = readFileSync(new URL('../../dist/bundle.js', import.meta.url), 'utf8');
		const missing = PATCHES.filter(name => !bundle.includes(`__dockdashPatches.push(${JSON.stringify(name)})`));
		assert.deepEqual(missing, [], `patches missing from dist/bundle.js: ${missing.join(', ')}`);
		// Nothing else claims to be a patch: the list above is the whole set.
		const found = new Set([...bundle.matchAll(/__dockdashPatches\.push\("([^"]+)"\)/g)].map(match => match[1]));
		assert.deepEqual([...found].sort(), [...PATCHES].sort());
	});

	it('draws the dashboard and follows keys with CI=true in its environment', async () => {
		const session = startCli([], {columns: 120, rows: 30, env: {CI: 'true'}});
		sessions.push(session);
		// Ink in CI mode writes only the last frame, at exit: a live first frame and a change after a key
		// show the dashboard is drawn as on any terminal.
		await session.waitForText('● connected');
		session.press('?');
		await session.waitForText('? or Esc to close');
		session.press('Escape');
		await session.waitForText(/^(?![\s\S]*or Esc to close)/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

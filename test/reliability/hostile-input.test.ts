import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {HOSTILE_PAYLOADS} from '../support/raw-output.js';

const PAYLOADS = HOSTILE_PAYLOADS;

const made: string[] = [];
after(() => removeContainers(...made));

function record(args: string[], pattern: string): Buffer {
	const out = path.join(mkdtempSync(path.join(tmpdir(), 'dockdash-raw-')), 'raw.bin');
	const result = spawnSync('python3', ['test/support/pty_record.py', out, '200', '40', pattern, '--', process.execPath, 'dist/cli.js', ...args], {encoding: 'utf8', env: process.env});
	assert.equal(result.status, 0, `dockdash never drew ${pattern}: ${result.stderr}`);
	return readFileSync(out);
}

describe('hostile strings from the engine never reach the terminal raw', () => {
	it('a compose project label of every escape family is shown inert, and the raw output holds none of them', async () => {
		const names: string[] = [];
		for (const [family, payload] of Object.entries(PAYLOADS)) {
			// A leading 0 sorts these running containers first, on screen however many others the engine holds.
			const name = `0${uniqueName('hostile')}`;
			names.push(name);
			made.push(await makeContainer({name, extraArgs: ['--label', `com.docker.compose.project=${payload}`, '--label', `family=${family}`]}));
		}
		const raw = record(['--pane', 'containers'], names.at(-1)!);
		const text = raw.toString('latin1');
		for (const [family, payload] of Object.entries(PAYLOADS)) {
			const bytes = Buffer.from(payload, 'utf8').toString('latin1');
			assert.ok(!text.includes(bytes), `${family} reached the terminal raw`);
		}
		// What the user sees instead: the controls as visible pictures.
		const shown = raw.toString('utf8');
		assert.ok(shown.includes('␛]0;dd-title-pwned␇'), 'the title payload is visible as text');
		assert.ok(shown.includes('⟨U+202E⟩dd-rtl'), 'the bidi override is visible as text');
	});
});

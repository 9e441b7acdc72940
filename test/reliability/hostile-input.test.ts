import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';

const ESC = '\u001B';
const BEL = '\u0007';
// One payload per family; each is unique enough that finding it raw in the output means it reached the terminal.
const PAYLOADS: Record<string, string> = {
	'OSC title': `${ESC}]0;dd-title-pwned${BEL}`,
	'OSC 52 clipboard': `${ESC}]52;c;ZGQtY2xpcA==${BEL}`,
	'OSC 8 hyperlink': `${ESC}]8;;http://dd.invalid${ESC}\\`,
	'CSI erase screen': `${ESC}[2J${ESC}[3J`,
	'CSI cursor move': `${ESC}[99;99H`,
	DCS: `${ESC}Pdd-dcs${ESC}\\`,
	APC: `${ESC}_dd-apc${ESC}\\`,
	PM: `${ESC}^dd-pm${ESC}\\`,
	SOS: `${ESC}Xdd-sos${ESC}\\`,
	'device attributes query': `${ESC}[c`,
	'8-bit CSI': '\u009B2J',
	'bidi override': '\u202Edd-rtl',
	'zero width': 'dd\u200Bzw',
};

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
			const name = uniqueName('hostile');
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

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ENTER_CHILD, LEAVE_CHILD, oneScreenFilter, RESET_CHILD_MODES} from '../../source/model/terminal-modes.js';

describe('terminal modes around a shell', () => {
	it('turns off every mouse reporting mode and encoding a child may leave on', () => {
		for (const mode of [1000, 1002, 1003, 1005, 1006, 1015]) assert.ok(RESET_CHILD_MODES.includes(`\u001B[?${mode}l`), `mode ${mode}`);
	});

	it('turns off bracketed paste and focus events, resets colours, and shifts back in to ASCII', () => {
		assert.ok(RESET_CHILD_MODES.includes('\u001B[?2004l'));
		assert.ok(RESET_CHILD_MODES.includes('\u001B[?1004l'));
		assert.ok(RESET_CHILD_MODES.includes('\u001B[0m'));
		assert.ok(RESET_CHILD_MODES.includes('\u001B(B\u001B)B\u000F'));
	});

	it('gives the shell a clean screen of its own: dockdash\'s mouse reporting off, the alternate screen cleared, a visible cursor (issue 19)', () => {
		assert.ok(ENTER_CHILD.startsWith(RESET_CHILD_MODES));
		assert.doesNotMatch(ENTER_CHILD, /\u001B\[\?(1049|1047|47)l/, 'the normal screen is never written');
		assert.ok(ENTER_CHILD.includes('\u001B[2J'));
		assert.ok(ENTER_CHILD.includes('\u001B[?25h'));
	});

	it('keeps a shell\'s screen switches on the screen it was given, also when cut between chunks', () => {
		const filter = oneScreenFilter();
		const out = (text: string) => filter(Buffer.from(text, 'latin1')).toString('latin1');
		// The cursor is not moved home: xterm's 1049h keeps it where it was.
		assert.equal(out('vim\u001B[?1049h~'), 'vim\u001B7\u001B[2J~');
		assert.equal(out('bye\u001B[?10'), 'bye');
		assert.equal(out('49l$ '), '\u001B[2J\u001B8$ ');
		assert.equal(out('\u001B[?47h\u001B[?1047l'), '\u001B7\u001B[2J\u001B[2J\u001B8');
		assert.equal(out('\u001B[31mred\u001B[0m \u00e9\u001B[?25h'), '\u001B[31mred\u001B[0m \u00e9\u001B[?25h', 'anything else passes as it was');
	});

	it('comes back to a fresh, cleared alternate screen with the cursor hidden, after the resets', () => {
		const reset = LEAVE_CHILD.indexOf(RESET_CHILD_MODES);
		const altOff = LEAVE_CHILD.indexOf('\u001B[?1049l');
		const altOn = LEAVE_CHILD.lastIndexOf('\u001B[?1049h');
		assert.equal(reset, 0);
		// Off then on: a child that entered its own alternate screen and died there
		// does not leave dockdash drawing into it with the child's saved cursor.
		assert.ok(altOff > reset && altOn > altOff);
		assert.ok(LEAVE_CHILD.indexOf('\u001B[2J') > altOn);
		assert.ok(LEAVE_CHILD.endsWith('\u001B[?25l'));
	});
});

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {makeContainer, removeContainers, uniqueName} from '../support/engine.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';
import {recordRaw, terminalHazards} from '../support/raw-output.js';

const made: string[] = [];
const sessions: TerminalSession[] = [];
after(async () => {
	for (const session of sessions) session.stop();
	await removeContainers(...made);
});

/** The screen with its colours, as tmux holds it. */
const colored = (session: TerminalSession) => execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', session.name], {encoding: 'utf8'});

describe('colour in logs', () => {
	it("shows a container's plain SGR as colour, a split one too, ends it with the line, and C turns it off", async () => {
		const name = uniqueName('log-colors');
		const script = [
			"printf '\\033[31mred-word\\033[0m plain-word\\n'",
			// Cut inside the parameters, across two writes; the colour stays open at the line end.
			"printf '\\033[3'; sleep 1; printf '2mgreen-open\\nnext-line-plain\\n'",
			"printf '\\033[2Jerase-stays-inert\\n'",
			'echo colors-done; sleep 3600',
		].join('\n');
		made.push(await makeContainer({name, command: ['sh', '-c', script]}));
		const session = startCli([], {columns: 140, rows: 30});
		sessions.push(session);
		const raw = recordRaw(session);
		await session.waitForText('● connected');
		await filterList(session, name);
		session.press('Tab');
		await session.waitForText(`Logs · ${name}`);
		await session.waitForText('colors-done', 15_000);
		const screen = colored(session);
		assert.match(screen, /\u001B\[31mred-word\u001B\[39m plain-word/, `red-word in red, plain-word not:\n${screen}`);
		assert.match(screen, /\u001B\[32mgreen-open/, 'the split SGR is colour');
		assert.match(screen, / {2}\u001B\[39mnext-line-plain/, 'the green left open stops at its line end: the next line is in the default colour');
		assert.match(session.screen(), /␛\[2Jerase-stays-inert/, 'anything but plain SGR stays inert text');
		assert.doesNotMatch(session.screen(), /␛\[31m/);
		assert.deepEqual(terminalHazards(raw.bytes()), []);

		session.type('C');
		await waitForPlain(session);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
		raw.stop();
	});
});

async function waitForPlain(session: TerminalSession): Promise<void> {
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline) {
		const screen = colored(session);
		if (screen.includes('red-word plain-word') && !/\u001B\[31mred-word/.test(screen)) return;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	assert.fail(`C did not turn colours off:\n${colored(session)}`);
}

/** The Swarm pane against a real single-node swarm on a private engine (never the shared one). */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {BUSYBOX, TEST_LABEL, waitFor} from '../support/engine.js';
import {initSwarm, startPrivateEngine, type PrivateEngine} from '../support/private-engine.js';
import {PANES} from '../../source/ui/panes/registry.js';
import {filterList, startCli, type TerminalSession} from '../support/pty.js';

let swarm: PrivateEngine | undefined;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
// Tab, not its number: the Swarm pane is the eleventh, and the number keys go to 1…9.
const toSwarmPane = (session: TerminalSession) => {
	for (let step = 0; step < PANES.findIndex(pane => pane.id === 'swarm'); step++) session.press('Tab');
};
const sessions: TerminalSession[] = [];

before(async () => {
	swarm = await startPrivateEngine('swarm-e2e');
});

after(async () => {
	for (const session of sessions) session.stop();
	if (!swarm) return;
	await swarm.docker('swarm', 'leave', '--force').catch(() => undefined);
	// Purged, not only stopped: the services' containers and the swarm state go with the engine's folder.
	await swarm.purge();
});

describe('the Swarm pane on an engine in no swarm', () => {
	it('says so, and offers no key it has nothing to act on', async () => {
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 30});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText('this engine is not part of a swarm');
		const hints = () => session.screen().trimEnd().split('\n').at(-1)!.trim();
		await waitFor(() => hints() === 'q quit  ? help  Tab pane  : commands', {what: () => `only the global hints, not: ${hints()}`});
		session.press('r');
		// Positive control: ? opens the help, so r was handled and opened no field (? would have been typed into it).
		session.press('?');
		await session.waitForText('? or Esc to close');
		session.press('Escape');
		await session.waitForText('this engine is not part of a swarm');
		assert.doesNotMatch(session.screen(), /replicas of|no service selected/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

describe('the Swarm pane', () => {
	before(async () => {
		await initSwarm(swarm!);
	});

	it('shows services with replicas, the selected service’s tasks, and the node', async () => {
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-api', '--replicas', '2', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/Swarm 1 services · 1 nodes/);
		await session.waitForText(/dd-api\s+replicated\s+2\/2\s+dockdash-test\/busybox:latest/, 30_000);
		await session.waitForText('Tasks of dd-api');
		// As `docker service ps` has it: the task's name, node, desired and current state.
		await session.waitForText(/dd-api\.1\s+\S+\s+Running\s+Running \d+s ago\s+started/);
		await session.waitForText(/Tasks of dd-api · tasks 2 \(2 running\)/);
		await session.waitForText(/manager \(leader\)\s+active\s+ready\s+engine \d+\./);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('scales a service from a prompt (refusing a bad count in one line), and the engine agrees', async () => {
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-web', '--replicas', '1', '--label', TEST_LABEL, BUSYBOX, 'sh', '-c', 'i=0; while true; do echo "tick $i from $(hostname)"; i=$((i+1)); sleep 1; done');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-web\s+replicated\s+1\/1/, 30_000);
		session.press('j');
		await session.waitForText('Tasks of dd-web');
		await session.act('r');
		await session.waitForText('replicas of dd-web (now 1):');
		session.type('two');
		session.press('Enter');
		await session.waitForText('"two" is not a number of replicas: type a whole number, 0 or more');
		assert.equal(await swarm!.docker('service', 'ls', '--filter', 'name=dd-web', '--format', '{{.Replicas}}'), '1/1');
		await session.act('r');
		await session.waitForText('replicas of dd-web (now 1):');
		session.type('2');
		session.press('Enter');
		await session.waitForText('scaled dd-web to 2 replicas');
		await session.waitForText(/dd-web\s+replicated\s+2\/2/, 30_000);
		assert.equal(await swarm!.docker('service', 'ls', '--filter', 'name=dd-web', '--format', '{{.Replicas}}'), '2/2');

		// The service's logs: both tasks merged, each line named by its task and node.
		const hostname = await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Description.Hostname}}');
		session.press('l');
		await session.waitForText('Logs of service dd-web');
		await session.waitForText(new RegExp(`dd-web\\.1@${hostname}\\s*│ tick \\d+ from `), 15_000);
		await session.waitForText(new RegExp(`dd-web\\.2@${hostname}\\s*│ tick \\d+ from `), 15_000);
		// Followed: a later tick of task 2 arrives while the view is open.
		const seen = Math.max(...[...session.screen().matchAll(/dd-web\.2@\S+\s*│ tick (\d+)/g)].map(match => Number(match[1])));
		await session.waitForText(new RegExp(`dd-web\\.2@\\S+\\s*│ tick ${seen + 1} `), 10_000);
		session.press('Escape');
		await session.waitForText(/Swarm 2 services · 1 nodes/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('drains the node after a confirmation naming it, then activates it', async () => {
		const [hostname, id] = (await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Description.Hostname}} {{.ID}}')).split(' ') as [string, string];
		const availability = () => swarm!.docker('node', 'inspect', 'self', '--format', '{{.Spec.Availability}}');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		try {
			await session.waitForText('● connected');
			toSwarmPane(session);
			await session.waitForText(/Swarm \d+ services · 1 nodes/, 30_000);
			session.press('n');
			await session.waitForText('Nodes · cursor here; n back to the services');
			await session.act('D');
			await session.waitForText(`Drain node ${hostname} (${id.slice(0, 12)}) on ${swarm!.host}?`);
			await session.waitForText(`${id.slice(0, 12)} manager · now a`);
			// Plainly: every task stops, and on this single-node swarm they have nowhere to go (issue 21).
			await session.waitForText(/every task on \S+ stops: \d+ tasks of \d+ services \(dd-api/);
			await session.waitForText(`no other node can take them (${hostname} is the only active node): they have nowhere to go, and those services are down until a node is active again`);
			// The dialog spans the 160 columns it has (it was cut at 104), its notes whole.
			assert.ok(session.screen().split('\n').some(line => /^╭─+╮$/.test(line) && line.length === 160), session.screen());
			// No: nothing changes.
			session.press('n');
			await session.waitForText('drain cancelled');
			assert.equal(await availability(), 'active');
			await session.act('D');
			await session.waitForText(`Drain node ${hostname} (${id.slice(0, 12)}) on ${swarm!.host}?`);
			await session.confirm();
			await session.waitForText(`node ${hostname} (${id.slice(0, 12)}) is now drain`);
			assert.equal(await availability(), 'drain');
			await session.waitForText(new RegExp(`${hostname}\\s+${id.slice(0, 12)}\\s+manager \\(leader\\)\\s+drain`));
			// The task the drain left pending is listed with the engine's reason, and counted (it was missing).
			session.press('n');
			await session.waitForText('Tasks of dd-api');
			await session.waitForText(/Tasks of dd-api · tasks \d+ \([^)]*\b2 pending/, 30_000);
			await session.waitForText(/dd-api\.1\s+–\s+Ready\s+Pending \d+s ago\s+no suitable node/);
			const pending = (await swarm!.docker('service', 'ps', 'dd-api', '--format', '{{.CurrentState}}')).split('\n').filter(state => state.startsWith('Pending'));
			assert.equal(pending.length, 2, 'the engine agrees: both tasks of dd-api wait');
			session.press('n');
			await session.waitForText('Nodes · cursor here; n back to the services');
			await session.act('A');
			await session.waitForText(`Activate node ${hostname} (${id.slice(0, 12)}) on ${swarm!.host}?`);
			// What it may start at once: the tasks the drain left waiting.
			await session.waitForText(new RegExp(`\\d+ pending tasks of \\d+ services \\(dd-api[^)]*\\) wait for a node: they may start on ${hostname} at once`));
			await session.confirm();
			await session.waitForText(`node ${hostname} (${id.slice(0, 12)}) is now active`);
			assert.equal(await availability(), 'active');
			session.press('q');
			assert.equal(await session.waitForExit(), 0);
		} finally {
			await swarm!.docker('node', 'update', '--availability', 'active', 'self').catch(() => undefined);
		}
	});

	it('asks before scaling to 0 or down by more than half, naming the service, the engine and from → to; a global service says it cannot scale', async () => {
		const webId = await swarm!.docker('service', 'inspect', 'dd-web', '--format', '{{.ID}}');
		const replicas = () => swarm!.docker('service', 'inspect', 'dd-web', '--format', '{{.Spec.Mode.Replicated.Replicas}}');
		assert.equal(await replicas(), '2');
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-web\s+replicated\s+2\/2/, 30_000);
		await filterList(session, 'dd-web');
		await session.waitForText('Tasks of dd-web');
		const scaleTo = async (count: string) => {
			await session.act('r');
			await session.waitForText('replicas of dd-web (now ');
			session.type(count);
			session.press('Enter');
		};
		const title = `Scale dd-web (${webId.slice(0, 12)}) from 2 to 0 replicas on ${swarm!.host}?`;
		await scaleTo('0');
		await session.waitForText(title);
		await session.waitForText('every task of dd-web stops: the service stays defined but runs nothing until it is scaled up again');
		session.press('n');
		await session.waitForText('scaling dd-web cancelled: it still asks for 2');
		assert.equal(await replicas(), '2');
		await scaleTo('0');
		await session.waitForText(title);
		await session.confirm();
		await session.waitForText('scaled dd-web to 0 replicas');
		assert.equal(await replicas(), '0');
		await session.waitForText(/dd-web\s+replicated\s+0\/0/, 30_000);
		// Up: no question.
		await scaleTo('3');
		await session.waitForText('scaled dd-web to 3 replicas');
		assert.doesNotMatch(session.screen(), /Scale dd-web/);
		assert.equal(await replicas(), '3');
		// Down by more than half asks; Esc leaves it.
		await scaleTo('1');
		await session.waitForText(`Scale dd-web (${webId.slice(0, 12)}) from 3 to 1 replica on ${swarm!.host}?`);
		await session.waitForText('2 tasks of dd-web stop; 1 keeps running');
		session.press('Escape');
		await session.waitForText('scaling dd-web cancelled: it still asks for 3');
		assert.equal(await replicas(), '3');
		// A jump up as large as a typo (30 for 3) asks too.
		await scaleTo('30');
		await session.waitForText(`Scale dd-web (${webId.slice(0, 12)}) from 3 to 30 replicas on ${swarm!.host}?`);
		await session.waitForText('27 new tasks of dd-web start at once, 30 in all: check the count (3 now)');
		session.press('Escape');
		// The same line as the cancel before: wait for the dialog to go instead.
		await waitFor(() => !session.screen().includes('from 3 to 30 replicas'), {what: 'the dialog to close'});
		assert.match(session.screen(), /scaling dd-web cancelled: it still asks for 3/);
		assert.equal(await replicas(), '3');
		// Someone else scales it while the question is open: the yes applies to what was asked, so nothing changes.
		await scaleTo('0');
		await session.waitForText(`Scale dd-web (${webId.slice(0, 12)}) from 3 to 0 replicas on ${swarm!.host}?`);
		await swarm!.docker('service', 'scale', '-d', 'dd-web=5');
		await session.confirm();
		await session.waitForText('dd-web now asks for 5 replicas, not the 3 you saw: nothing changed; look again and scale it anew');
		assert.equal(await replicas(), '5');

		await swarm!.docker('service', 'create', '-d', '--name', 'dd-glob', '--mode', 'global', '--label', TEST_LABEL, BUSYBOX, 'sleep', '3600');
		session.press('Escape');
		await filterList(session, 'dd-glob');
		await session.waitForText(/dd-glob\s+global/, 30_000);
		await session.waitForText('Tasks of dd-glob');
		await session.act('r');
		await session.waitForText('dd-glob is a global service: it runs one task on every eligible node and cannot be scaled (only replicated services scale)');
		assert.doesNotMatch(session.screen(), /replicas of dd-glob/);
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('lists every task of a failing service, history included, counted by state and scrollable, as docker service ps does', async () => {
		await swarm!.docker('service', 'create', '-d', '--name', 'dd-fail', '--replicas', '3', '--restart-condition', 'on-failure', '--restart-max-attempts', '4', '--restart-delay', '100ms', '--label', TEST_LABEL, BUSYBOX, '/no/such/binary-with-a-name-long-enough-that-the-error-is-cut-in-its-row');
		// The engine's own answer, once it has given up restarting: every task and its state.
		const answer = await waitFor(
			async () => {
				const lines = (await swarm!.docker('service', 'ps', 'dd-fail', '--format', '{{.ID}} {{.DesiredState}} {{.CurrentState}}')).split('\n');
				return lines.length >= 15 && lines.every(line => / Shutdown (Failed|Rejected) /.test(line)) ? lines : undefined;
			},
			{timeoutMs: 60_000, what: 'dd-fail to give up restarting'},
		);
		await sleep(1500);
		const ps = (await swarm!.docker('service', 'ps', 'dd-fail', '--format', '{{.ID}} {{.CurrentState}}')).split('\n');
		assert.equal(ps.length, answer.length, 'no task was added meanwhile');
		const ids = ps.map(line => line.split(' ')[0]!);
		const counts = new Map<string, number>();
		for (const line of ps) counts.set(line.split(' ')[1]!.toLowerCase(), (counts.get(line.split(' ')[1]!.toLowerCase()) ?? 0) + 1);
		const expected = `tasks ${ids.length} (${[...counts].map(([state, count]) => `${count} ${state}`).join(', ')})`;

		// 15 tasks (3 slots of 5) do not fit in 24 rows, the smallest terminal dockdash draws in (issue 18).
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 24});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-fail\s+replicated\s+0\/3/, 30_000);
		await filterList(session, 'dd-fail');
		await session.waitForText(`Tasks of dd-fail · ${expected}`);
		// Not every task fits: the heading says which rows are shown, and the cursor scrolls through all of them.
		const first = await session.waitForText(new RegExp(`rows 1–\\d+ of ${ids.length}`));
		const shownIds = (screen: string) => [...screen.matchAll(/^[› ] ([0-9a-z]{12}) /gm)].map(match => match[1]!);
		const seen = shownIds(first);
		assert.deepEqual(seen, ids.slice(0, seen.length), 'the first rows in docker service ps order');
		assert.ok(seen.length < ids.length, 'the terminal is short enough that the tasks scroll');
		session.press('t');
		await session.waitForText('cursor here; t back to the services');
		session.press('G');
		const last = await session.waitForText(new RegExp(`rows \\d+–${ids.length} of ${ids.length}`));
		const tail = shownIds(last);
		assert.deepEqual(tail, ids.slice(ids.length - tail.length), 'the last rows in docker service ps order');
		assert.ok(new Set([...seen, ...tail]).size === ids.length, 'between them, every task was shown');
		// History as docker service ps marks it: the older tasks of a slot under the newest.
		assert.match(last, /› [0-9a-z]{12}\s+\\_ dd-fail\.3\s/);
		// The task under the cursor is shown whole below the list: its full ID and the engine's error, uncut.
		const fullId = (await swarm!.docker('service', 'ps', 'dd-fail', '--no-trunc', '--format', '{{.ID}}')).split('\n').at(-1)!;
		const error = await swarm!.docker('inspect', '--type', 'task', '--format', '{{.Status.Err}}', fullId);
		assert.ok(error.length > 100, `a long error: ${error}`);
		const squeezed = (text: string) => text.replace(/\s+/g, '');
		await waitFor(() => squeezed(session.screen()).includes(squeezed(`task ${fullId} · error: ${error}`)), {what: () => `the whole error of ${fullId}; the screen was:\n${session.screen()}`});
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('offers in the hint bar only the keys bound where the cursor is, and answers keys typed in one burst', async () => {
		const [hostname, id] = (await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Description.Hostname}} {{.ID}}')).split(' ') as [string, string];
		const session = startCli(['-H', swarm!.host], {columns: 160, rows: 40});
		sessions.push(session);
		const hints = () => session.screen().trimEnd().split('\n').at(-1)!.trim();
		// The hint bar follows the frame that moved the cursor: wait for it, do not read it once.
		const hintsAre = (expected: string) => waitFor(() => hints() === expected, {what: () => `the hints "${expected}", not: ${hints()}`});
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-api\s+replicated/, 30_000);
		await session.waitForText('n nodes');
		await hintsAre('q quit  ? help  Tab pane  : commands  / filter  s sort  l logs  r scale  t tasks  n nodes');
		// A filter and r typed in one chunk: r must not act on the row the cursor was on before the filter (dd-api).
		session.type('/dd-web\rr');
		// Refused with one line saying to press r again (a burst never acts on a row the user has not seen).
		await session.waitForText(/press r (again|on its own)/);
		assert.doesNotMatch(session.screen(), /replicas of/);
		await session.act('r');
		await session.waitForText('replicas of dd-web (now ');
		session.press('Escape');
		await waitFor(() => !session.screen().includes('replicas of'), {what: 'the prompt to close'});
		session.press('Escape');
		await session.waitForText(/dd-api\s+replicated/);
		// Each offered key does what it says: s sorts (by replicas next), / filters.
		session.press('s');
		await session.waitForText('REPLICAS↑');
		// t and G in one chunk: G goes to where t moved the cursor, the last of the selected service's tasks.
		const service = /Tasks of (\S+)/.exec(session.screen())![1]!;
		session.type('tG');
		await session.waitForText('cursor here; t back to the services');
		await waitFor(
			async () => {
				const ids = (await swarm!.docker('service', 'ps', service, '--format', '{{.ID}}')).split('\n');
				return /^› ([0-9a-z]{12}) /m.exec(session.screen())?.[1] === ids.at(-1);
			},
			{what: () => `the cursor on the last task of ${service}; the screen was:\n${session.screen()}`},
		);
		await hintsAre('q quit  ? help  Tab pane  : commands  l logs  r scale  t tasks  n nodes');
		session.press('n');
		await session.waitForText('Nodes · cursor here; n back to the services');
		await hintsAre('q quit  ? help  Tab pane  : commands  t tasks  n nodes  D drain  A activate');
		// D is offered here, and asks about the node under the cursor.
		await session.act('D');
		await session.waitForText(`Drain node ${hostname} (${id.slice(0, 12)}) on ${swarm!.host}?`);
		session.press('Escape');
		await session.waitForText('drain cancelled');
		session.press('n');
		await session.waitForText('l logs');
		session.press('l');
		await session.waitForText('Logs of service');
		await hintsAre('q quit  ? help  Tab pane  : commands');
		session.press('Escape');
		await session.waitForText('l logs');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});

	it('under --read-only has no scale, drain or activate keys, but shows service logs', async () => {
		const session = startCli(['-H', swarm!.host, '--read-only'], {columns: 160, rows: 40});
		sessions.push(session);
		await session.waitForText('● connected');
		toSwarmPane(session);
		await session.waitForText(/dd-api\s+replicated/, 30_000);
		session.press('?');
		await session.waitForText("the selected service's logs, followed");
		assert.doesNotMatch(session.screen(), /scale the selected service|drain the selected node|activate the selected node/);
		session.press('Escape');
		await session.waitForText(/Swarm \d+ services/);
		session.press('r');
		session.press('n');
		// Positive control: n moved the cursor to the nodes, so r opened no prompt (n would have been typed into it).
		await session.waitForText('Nodes · cursor here; n back to the services');
		session.press('D');
		session.press('n');
		// Positive control: n moved the cursor back, so D opened no dialog (n would have answered it instead).
		await session.waitForText('Nodes · n to move the cursor here');
		assert.doesNotMatch(session.screen(), /replicas of|Drain node|cancelled/);
		assert.equal(await swarm!.docker('node', 'inspect', 'self', '--format', '{{.Spec.Availability}}'), 'active');
		session.press('q');
		assert.equal(await session.waitForExit(), 0);
	});
});

/**
 * Issue 19, on a clock the test moves: a key that changes the engine acts only when
 * pressed on its own, every key the hint bar offers is bound where it is offered, and a
 * key nothing binds says so. (test/reliability/typing.test.ts types at real speed into
 * the real CLI on a real engine.)
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App, TAB_CHORD_MS} from '../../source/app.js';
import {KeyRouter, TYPING_GAP_MS} from '../../source/hooks/key-router.js';
import {PANES} from '../../source/ui/panes/registry.js';
import type {ImageSummary} from '../../source/model/image-types.js';
import type {SwarmPort} from '../../source/model/ports.js';
import {summary} from '../support/containers.js';
import {FRAME_NODES, FRAME_SERVICES} from '../support/frame-scenario.js';
import {imageSummary, scriptedImageServices} from '../support/images.js';
import {scriptedStore} from '../support/inventory.js';
import {frameWith, scriptedServices} from '../support/services.js';
import {ScriptedContainerActions, scriptedCleanup} from '../support/ports.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

/**
 * A key router on a clock the test moves; what it schedules runs when the test moves the clock past it. With
 * `isReactSlow`, the router's next turn comes before React commits what a key changed (a microtask, where React
 * renders in a later task): the order of a real terminal on a loaded machine, where a new pane registered its key
 * layers several of the router's turns after the key that showed it.
 */
function steppedRouter(options: {isReactSlow?: boolean; onKeysSettled?: (keys: number, quietMs: number) => void; settleAfterMs?: readonly number[]} = {}) {
	let now = 0;
	let timers: Array<{at: number; fn: () => void; isCancelled: boolean}> = [];
	const router = new KeyRouter({
		...(options.isReactSlow ? {nextTurn: (fn: () => void) => queueMicrotask(fn)} : {}),
		...(options.onKeysSettled ? {onKeysSettled: options.onKeysSettled} : {}),
		...(options.settleAfterMs ? {settleAfterMs: options.settleAfterMs} : {}),
		now: () => now,
		schedule: (fn, ms) => {
			const timer = {at: now + ms, fn, isCancelled: false};
			timers.push(timer);
			return () => {
				timer.isCancelled = true;
			};
		},
	});
	const advance = (ms: number) => {
		now += ms;
		const due = timers.filter(timer => timer.at <= now && !timer.isCancelled);
		timers = timers.filter(timer => timer.at > now && !timer.isCancelled);
		for (const timer of due) timer.fn();
	};
	return {router, advance};
}

async function renderApp(pane = 'containers', containers = [summary({name: 'db', state: 'exited', status: 'Exited (0) 1 minute ago'})], options: {isReactSlow?: boolean; images?: ImageSummary[]; swarm?: SwarmPort} = {}) {
	const services = await scriptedServices(containers);
	if (options.images) services.images = scriptedImageServices(options.images);
	if (options.swarm) services.ports = {...services.ports, swarm: options.swarm};
	const scripted = scriptedStore();
	services.ports = {...services.ports, cleanup: scriptedCleanup(scripted.store)};
	const actions = new ScriptedContainerActions();
	services.ports = {...services.ports, containers: actions};
	const {router, advance} = steppedRouter(options);
	const app = render(<App router={router} services={services} initialPane={pane} />);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
		scripted.store.stop();
	});
	scripted.finishLoad();
	/** Types each key (an escape sequence is one) in a turn of its own, `everyMs` apart on the router's clock. */
	const type = async (text: string, everyMs: number) => {
		for (const char of text.startsWith('\u001B') ? [text] : text) {
			advance(everyMs);
			app.stdin.write(char);
			await new Promise(resolve => setImmediate(resolve));
		}
	};
	return {...app, services, calls: actions.calls, advance, type, executed: scripted.executed};
}

/** Help opened with `?`, every page of it (help turns pages when its keys do not fit one screen), as one text. */
async function wholeHelp(app: Awaited<ReturnType<typeof renderApp>>): Promise<string> {
	await app.type('?', 1000);
	const first = await frameWith(app.lastFrame, /Keys · .*Esc to close/);
	const pages = Number(/page 1 of (\d+)/.exec(first)?.[1] ?? 1);
	const texts = [first];
	for (let page = 2; page <= pages; page++) {
		await app.type('\u001B[6~', 1000);
		texts.push(await frameWith(app.lastFrame, `page ${page} of ${pages}`));
	}
	return texts.join('\n');
}

/** Every status line text from now on, whatever replaced it on screen since (the app's and every pane's). */
function heard(services: {status: {subscribe: (listener: () => void) => () => void; get: () => {text: string} | undefined}}): string[] {
	const said: string[] = [];
	const stop = services.status.subscribe(() => {
		const text = services.status.get()?.text;
		if (text !== undefined) said.push(text);
	});
	cleanup.push(stop);
	return said;
}

const statusLine = (frame: string) => frame.split('\n').at(-2) ?? '';

describe('a key that changes the engine acts only when pressed on its own (issue 19)', () => {
	it('"up" typed at 120 ms a key starts nothing and pauses nothing, and says why', async () => {
		const app = await renderApp();
		await frameWith(app.lastFrame, '› db');
		await app.type('up', 120);
		app.advance(2000);
		const frame = await frameWith(app.lastFrame, '`p` came right after another key (typing?): pause not run — press p on its own');
		assert.match(frame, /› db/);
		assert.deepEqual(app.calls, []);
	});

	it('u then another key within the gap: u does not run', async () => {
		const app = await renderApp();
		await frameWith(app.lastFrame, '› db');
		await app.type('u', 1000);
		await app.type('j', TYPING_GAP_MS - 10);
		app.advance(2000);
		await frameWith(app.lastFrame, '`u` was followed by more keys (typing?): start not run — press u on its own');
		assert.deepEqual(app.calls, []);
	});

	it('u pressed on its own starts the container once the gap has passed', async () => {
		const app = await renderApp();
		await frameWith(app.lastFrame, '› db');
		await app.type('u', 1000);
		assert.equal(app.calls.length, 0, 'not before the gap');
		app.advance(TYPING_GAP_MS);
		await frameWith(app.lastFrame, /started db/);
		assert.deepEqual(app.calls.map(([action]) => action), ['start']);
	});

	it('u in one chunk with other keys (a paste) does not run', async () => {
		const app = await renderApp();
		await frameWith(app.lastFrame, '› db');
		app.advance(1000);
		app.stdin.write('zu');
		app.advance(2000);
		await frameWith(app.lastFrame, '`u` came in one piece with other keys (a paste?): start not run — press u on its own');
		assert.deepEqual(app.calls, []);
	});

	// A shell is no deletion, but the rest of a typed word would go into a root shell in the container.
	it('"yes" typed at 120 ms a key opens no shell: e waits to be pressed on its own, like every key that changes the engine', async () => {
		const app = await renderApp();
		const said = heard(app.services);
		await frameWith(app.lastFrame, '› db');
		await app.type('yes', 120);
		app.advance(2000);
		await new Promise(resolve => setImmediate(resolve));
		// s sorts at once and its own word replaces the refusal on the status line.
		assert.ok(said.includes('`e` came right after another key (typing?): shell not run — press e on its own'), said.join('\n'));
		assert.deepEqual(said.filter(text => /shell needs a running container|looking for a shell/.test(text)), []);
	});

	it('e followed within the gap by another key opens no shell', async () => {
		const app = await renderApp();
		const said = heard(app.services);
		await frameWith(app.lastFrame, '› db');
		await app.type('e', 1000);
		await app.type('l', TYPING_GAP_MS - 10);
		app.advance(2000);
		await new Promise(resolve => setImmediate(resolve));
		assert.ok(said.includes('`e` was followed by more keys (typing?): shell not run — press e on its own'), said.join('\n'));
		assert.deepEqual(said.filter(text => /shell needs a running container/.test(text)), []);
	});

	it('e in one chunk with other keys (a paste) opens no shell; e on its own does, once the gap has passed', async () => {
		const app = await renderApp();
		const said = heard(app.services);
		await frameWith(app.lastFrame, '› db');
		app.advance(1000);
		app.stdin.write('el');
		app.advance(2000);
		await new Promise(resolve => setImmediate(resolve));
		assert.ok(said.includes('`e` came in one piece with other keys (a paste?): shell not run — press e on its own'), said.join('\n'));
		await app.type('e', 1000);
		assert.deepEqual(said.filter(text => /shell needs a running container/.test(text)), [], 'not before the gap');
		app.advance(TYPING_GAP_MS);
		// The positive control: the shell key acts (db is exited, so it says why there is no shell).
		await frameWith(app.lastFrame, 'db is exited: a shell needs a running container');
	});

	// A shell's cursor query answered after the shell ended reached the dashboard as "[5;5R": pane 5, then R.
	it('a terminal\'s late answer to a shell\'s query is no keys: no pane switch, no refresh', async () => {
		const app = await renderApp();
		const said = heard(app.services);
		await frameWith(app.lastFrame, '› db');
		for (const answer of ['\u001B[5;5R', '\u001B[17;42R', '\u001B[?1;2c']) {
			app.advance(1000);
			app.stdin.write(answer);
			await new Promise(resolve => setImmediate(resolve));
		}
		app.advance(2000);
		await app.type('j', 1000);
		const frame = await frameWith(app.lastFrame, /^Containers /m);
		assert.doesNotMatch(frame, /^Cleanup|measured/m);
		assert.deepEqual(said, []);
	});

	it('"/deploy" in the Volumes pane filters; it opens no dialog and removes nothing', async () => {
		const app = await renderApp('volumes');
		await frameWith(app.lastFrame, 'pgdata');
		await app.type('/deploy', 120);
		app.advance(2000);
		const frame = await frameWith(app.lastFrame, 'filter: deploy');
		assert.match(frame, /no volume matches "deploy"/);
		assert.doesNotMatch(frame, /Remove volume/);
		assert.deepEqual(app.executed, []);
	});

	it('"deploy" typed in the Volumes pane without the / opens no dialog', async () => {
		const app = await renderApp('volumes');
		await frameWith(app.lastFrame, 'pgdata');
		// The cursor on the unused "scratch" volume: d would ask to remove it.
		await app.type('j', 1000);
		await app.type('deploy', 120);
		app.advance(2000);
		const frame = app.lastFrame()!;
		assert.doesNotMatch(frame, /Remove volume/);
		assert.deepEqual(app.executed, []);
	});
});

/** The hint bar's keys as a terminal sends them. */
function bytesOf(display: string): string {
	const named: Record<string, string> = {
		Space: ' ',
		Enter: '\r',
		Esc: '\u001B',
		'←': '\u001B[D',
		'→': '\u001B[C',
		'↑': '\u001B[A',
		'↓': '\u001B[B',
		Home: '\u001B[H',
		End: '\u001B[F',
		PgUp: '\u001B[5~',
		PgDn: '\u001B[6~',
	};
	return named[display] ?? display;
}

const GLOBAL_HINTS = new Set(['q', '?', 'Tab', ':']);

describe('the hint bar and help offer exactly what the focused pane binds (issue 19)', () => {
	for (const pane of PANES) {
		it(`${pane.title}: every key its hint bar offers does something there`, async () => {
			const app = await renderApp(pane.id);
			await frameWith(app.lastFrame, 'q quit');
			await new Promise(resolve => setTimeout(resolve, 50));
			const hints = statusLine(app.lastFrame()!.trimEnd() + '\n')
				.trim()
				.split(/ {2,}/)
				.map(hint => hint.split(' ')[0]!)
				.filter(key => !GLOBAL_HINTS.has(key));
			for (const key of hints) {
				const fresh = await renderApp(pane.id);
				await frameWith(fresh.lastFrame, 'q quit');
				await new Promise(resolve => setTimeout(resolve, 50));
				await fresh.type(bytesOf(key), 1000);
				fresh.advance(1000);
				await new Promise(resolve => setTimeout(resolve, 30));
				assert.doesNotMatch(fresh.lastFrame()!, /does nothing here/, `${key} in ${pane.title}`);
				fresh.unmount();
			}
		});
	}

	for (const pane of ['containers', 'images', 'prune', 'volumes', 'networks', 'stats', 'compose', 'swarm']) {
		it(`${pane}: / opens the filter`, async () => {
			const app = await renderApp(pane);
			await frameWith(app.lastFrame, 'q quit');
			await app.type('/', 1000);
			await frameWith(app.lastFrame, /^filter:/m);
		});
	}

	it('Compose with no project offers no key that acts on one: only the filter and the global keys (issue 20)', async () => {
		const empty = await renderApp('compose');
		await frameWith(empty.lastFrame, /no Compose projects/);
		const bar = statusLine(empty.lastFrame()! + '\n');
		assert.match(bar, /q quit {2}\? help {2}Tab pane {2}: commands {2}\/ filter/);
		assert.doesNotMatch(bar, /Enter|u up|d down|logs|output|profiles/);
		const help = await wholeHelp(empty);
		assert.doesNotMatch(help, /docker compose up|open or close the/);
	});

	it('Compose offers neither Space nor e, which it does not bind; Engines with one engine offers no Enter', async () => {
		const compose = await renderApp('compose', [summary({name: 'shop-web-1', composeProject: 'shop', composeService: 'web'})]);
		await frameWith(compose.lastFrame, /Compose 1 project/);
		const help = await wholeHelp(compose);
		assert.match(help, /\/ {2,}filter rows by text/);
		assert.doesNotMatch(help, /Space/);
		assert.doesNotMatch(help, /open a shell/);
		assert.match(help, /Confirmation/);
		// Enter opens or closes a project there: the help and the hint bar say that, not "details" (issue 20).
		assert.match(help, /Enter {2,}open or close the/);
		assert.doesNotMatch(help, /details of the selected container/);
		await compose.type('?', 1000);
		await frameWith(compose.lastFrame, 'q quit');
		assert.match(statusLine(compose.lastFrame()! + '\n'), /Enter open/);
		assert.doesNotMatch(statusLine(compose.lastFrame()! + '\n'), /details/);
		const engines = await renderApp('engines');
		await frameWith(engines.lastFrame, 'q quit');
		assert.doesNotMatch(statusLine(engines.lastFrame()! + '\n'), /Enter|shell|filter/);
	});

	it('tab labels 10, 11 and 12 are reached by typing 1 then 0, 1 or 2; 1 alone stays on tab 1 (issue 20)', async () => {
		assert.equal(PANES[9]!.id, 'compose');
		assert.equal(PANES[10]!.id, 'swarm');
		assert.equal(PANES[11]!.id, 'events');
		const app = await renderApp('images');
		await frameWith(app.lastFrame, 'q quit');
		await app.type('10', 120);
		await frameWith(app.lastFrame, /^Compose \d+ project/m);
		await app.type('11', 120);
		await frameWith(app.lastFrame, /^Swarm/m);
		// Found by an adversarial pass: 1 then 2 went to Logs, though the tab bar promises 12.
		await app.type('12', 120);
		await frameWith(app.lastFrame, /^Events/m);
		// 1 alone: tab 1, also after the chord's time has passed; a 0 then is a key of its own.
		await app.type('1', 1000);
		await frameWith(app.lastFrame, /^Containers /m);
		app.advance(TAB_CHORD_MS + 100);
		await app.type('0', 0);
		await new Promise(resolve => setTimeout(resolve, 30));
		assert.match(app.lastFrame()!, /^Containers /m);
		assert.match(app.lastFrame()!, /`0` does nothing here/);
	});

	it('why a key was not run is said in the pane it was pressed in, not in the pane switched to next', async () => {
		const app = await renderApp('volumes');
		await frameWith(app.lastFrame, 'pgdata');
		app.advance(1000);
		app.stdin.write('zd');
		app.advance(2000);
		await frameWith(app.lastFrame, '`d` came in one piece with other keys (a paste?): remove not run');
		await app.type('1', 1000);
		const containers = await frameWith(app.lastFrame, /^Containers /m);
		assert.doesNotMatch(containers, /remove not run/);
		await app.type('6', 1000);
		await frameWith(app.lastFrame, '`d` came in one piece with other keys (a paste?): remove not run');
	});

	it('a key nothing binds says so in one line', async () => {
		const app = await renderApp('volumes');
		await frameWith(app.lastFrame, 'pgdata');
		await app.type('z', 1000);
		await frameWith(app.lastFrame, "`z` does nothing here — ? lists this pane's keys");
	});
});

/** Web and db containers; the running ones sort first (x would stop the selected web-1: the typing rule refuses it). */
const MIXED = [
	summary({name: 'db', state: 'exited', status: 'Exited (0) 1 minute ago'}),
	summary({name: 'web-1', state: 'running'}),
	summary({name: 'web-2', state: 'running'}),
];

/** Waits until the router has handed over every key written so far (React committing in between, as it does). */
async function settled(app: Awaited<ReturnType<typeof renderApp>>): Promise<void> {
	for (let turn = 0; turn < 20; turn++) await new Promise(resolve => setImmediate(resolve));
	void app;
}

// Keys after a pane switch in one read (issue 19's typing family): they wait until the pane the key showed has
// registered its key layers. Each test runs with React slower than the router's turns (see steppedRouter): before,
// the keys after the switch reached the pane being left.
describe('keys read with a key that switches panes reach the pane it shows (issue 19)', () => {
	it('"1/web" in one read from Images: Containers opens filtered by web, only web rows', async () => {
		const app = await renderApp('images', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, /^Images /m);
		app.advance(1000);
		app.stdin.write('1/web');
		const frame = await frameWith(app.lastFrame, /filter: web/);
		assert.match(frame, /^Containers 2 of 3/m);
		assert.match(frame, /web-1/);
		assert.match(frame, /web-2/);
		assert.doesNotMatch(frame, /› db|  db /);
		assert.doesNotMatch(frame, /does nothing here/);
	});

	it('"6/pg" in one read from Containers filters Volumes', async () => {
		const app = await renderApp('containers', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, /^Containers /m);
		app.advance(1000);
		app.stdin.write('6/pg');
		const frame = await frameWith(app.lastFrame, /filter: pg/);
		assert.match(frame, /^Volumes /m);
	});

	it('"2/ng" in one read from Containers searches the logs for ng', async () => {
		const app = await renderApp('containers', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, '› web-1');
		app.advance(1000);
		app.stdin.write('2/ng');
		const frame = await frameWith(app.lastFrame, /search: ng/);
		assert.match(frame, /Logs · web-1/);
		assert.doesNotMatch(frame, /filter:/);
	});

	it('a switch, then Esc, then a key: both reach the new pane (Esc clears its filter); the pane left keeps its own', async () => {
		const app = await renderApp('containers', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, '› web-1');
		await app.type('/web', 120);
		await app.type('\r', 120);
		await frameWith(app.lastFrame, /^Containers 2 of 3/m);
		await app.type('6', 1000);
		await frameWith(app.lastFrame, /^Volumes /m);
		await app.type('/pg', 120);
		await app.type('\r', 120);
		await app.type('1', 1000);
		await frameWith(app.lastFrame, /^Containers 2 of 3/m);
		app.advance(1000);
		// "6" and Esc in one read, "j" right after: Ink hands a lone Esc over a turn later, as a read of its own. In a real
		// terminal, Esc reached Containers (React had not shown Volumes yet) and Volumes kept the filter the user cleared.
		// Here React's scheduler often commits before Ink's turn, so test/e2e/typing-switch.test.ts is the one that failed
		// before; this one holds the order of a read arriving while a switch waits (the router test holds it exactly).
		app.stdin.write('6\u001B');
		await new Promise(resolve => setImmediate(resolve));
		app.stdin.write('j');
		const volumes = await frameWith(app.lastFrame, /^Volumes /m);
		await settled(app);
		assert.doesNotMatch(app.lastFrame()!, /filter: pg/, volumes);
		await app.type('1', 1000);
		const back = await frameWith(app.lastFrame, /^Containers /m);
		assert.match(back, /^Containers 2 of 3/m);
		assert.match(back, /filter: web/);
		assert.match(back, /› web-1/);
	});

	it('Enter and j in one read: j reaches the details Enter opened, not the list behind them (Esc comes back to the same container)', async () => {
		const app = await renderApp('containers', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, '› web-1');
		app.advance(1000);
		app.stdin.write('\rj');
		await frameWith(app.lastFrame, /Details · web-1/);
		await settled(app);
		await app.type('\u001B', 1000);
		const list = await frameWith(app.lastFrame, /^Containers /m);
		// Before, j moved the list's cursor behind the details: Esc came back to web-2, and x would have stopped it.
		assert.match(list, /› web-1/);
	});

	it('Enter and / in one read in Stats: / reaches the history Enter opened, not the overview behind it (Esc comes back unfiltered)', async () => {
		const app = await renderApp('stats', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, /^Stats 2 running/m);
		await frameWith(app.lastFrame, '› web-1');
		app.advance(1000);
		app.stdin.write('\r/');
		await frameWith(app.lastFrame, /Stats · web-1/);
		await settled(app);
		await app.type('\u001B', 1000);
		const overview = await frameWith(app.lastFrame, /^Stats 2 running/m);
		// Before, / opened the overview's filter behind the history: Esc came back to an open filter taking the letters typed.
		assert.doesNotMatch(overview, /filter:/);
		assert.match(overview, /› web-1/);
	});

	it('Enter and j in one read in Images: j reaches the layer explorer Enter opened, not the image list left behind', async () => {
		const images = [imageSummary({repoTags: ['alpha:1']}), imageSummary({repoTags: ['beta:1']})];
		const app = await renderApp('images', MIXED, {isReactSlow: true, images});
		const list = await frameWith(app.lastFrame, /› (alpha|beta):1/);
		const first = /› (alpha:1|beta:1)/.exec(list)![1]!;
		app.advance(1000);
		app.stdin.write('\rj');
		await frameWith(app.lastFrame, `Layers of ${first}`);
		await settled(app);
		await app.type('3', 1000);
		const back = await frameWith(app.lastFrame, /^Images /m);
		// Before, j moved the image list's cursor as the explorer opened: Images came back on the other image.
		assert.match(back, new RegExp(`› ${first}`));
	});

	it('"l/ng" in one read from Compose: the stack\'s logs open searched for ng, Compose\'s filter stays shut', async () => {
		const stack = (name: string, service: string) => summary({name, state: 'running', composeProject: 'shop', composeService: service, labels: {'com.docker.compose.project': 'shop', 'com.docker.compose.service': service}});
		const app = await renderApp('compose', [stack('shop-api-1', 'api'), stack('shop-web-1', 'web')], {isReactSlow: true});
		await frameWith(app.lastFrame, /› .*shop/);
		app.advance(1000);
		app.stdin.write('l/ng');
		const frame = await frameWith(app.lastFrame, /search: ng/);
		assert.match(frame, /^Logs /m);
		await app.type('\u001B', 1000);
		await app.type('\u001B', 1000);
		app.advance(1000);
		app.stdin.write('10');
		// Before, / and ng went to Compose as Logs came forward: its filter was left open with "ng" in it.
		const compose = await frameWith(app.lastFrame, /^Compose /m);
		assert.doesNotMatch(compose, /filter:/);
	});

	it('"l/" in one read in Swarm: / reaches the service\'s logs l opened, not the service list behind them (Esc comes back unfiltered)', async () => {
		const swarm: SwarmPort = {
			status: async () => ({role: 'manager'}),
			services: async () => FRAME_SERVICES,
			nodes: async () => FRAME_NODES,
			tasks: async () => [],
			nodeTasks: async () => [],
			waitingTasks: async () => [],
			scale: async () => undefined,
			setAvailability: async () => undefined,
		};
		const app = await renderApp('swarm', MIXED, {isReactSlow: true, swarm});
		await frameWith(app.lastFrame, /› checkout_payment/);
		app.advance(1000);
		app.stdin.write('l/');
		await frameWith(app.lastFrame, /Logs of service checkout_payment/);
		await settled(app);
		await app.type('\u001B', 1000);
		const services = await frameWith(app.lastFrame, /› checkout_payment/);
		// Before, / opened the services' filter behind the logs: Esc came back to an open filter taking the letters typed.
		assert.doesNotMatch(services, /filter:/);
	});

	it('"10" in one read from Images reaches tab 10 (the chord waits for the switch to Containers too)', async () => {
		const app = await renderApp('images', MIXED, {isReactSlow: true});
		await frameWith(app.lastFrame, /^Images /m);
		app.advance(1000);
		app.stdin.write('10');
		await frameWith(app.lastFrame, /^Compose \d+ project/m);
	});

	it('"x y" in one write: the refusal of x stays on the status line; y alone then says it does nothing', async () => {
		const app = await renderApp('containers', MIXED, {isReactSlow: true});
		const said = heard(app.services);
		await frameWith(app.lastFrame, '› web-1');
		app.advance(1000);
		app.stdin.write('x y');
		await settled(app);
		app.advance(2000);
		const refusal = '`x` came in one piece with other keys (a paste?): stop not run — press x on its own';
		const frame = await frameWith(app.lastFrame, refusal);
		assert.match(statusLine(frame), /`x` came in one piece/);
		assert.deepEqual(said.filter(text => /`y` does nothing/.test(text)), []);
		assert.deepEqual(app.calls, []);
		// The positive control: y read on its own is reported as before.
		await app.type('y', 1000);
		await frameWith(app.lastFrame, "`y` does nothing here — ? lists this pane's keys");
	});
});

describe("the keys' settled sign (issue 15: what the end-to-end tests press an engine key on, instead of a sleep)", () => {
	it('is given a typing gap after the last key, with how many keys arrived, and never while keys keep coming', () => {
		const said: number[] = [];
		const {router, advance} = steppedRouter({onKeysSettled: keys => said.push(keys)});
		const key = {} as Parameters<KeyRouter['dispatch']>[1];
		router.dispatch('j', key);
		advance(TYPING_GAP_MS - 1);
		assert.deepEqual(said, [], 'not before the gap has passed');
		advance(1);
		assert.deepEqual(said, [1], 'once it has');
		router.dispatch('a', key);
		advance(TYPING_GAP_MS - 50);
		router.dispatch('b', key);
		advance(TYPING_GAP_MS - 1);
		assert.deepEqual(said, [1], 'b came within the gap after a: the gap runs from b');
		advance(1);
		assert.deepEqual(said, [1, 3]);
		advance(TYPING_GAP_MS * 4);
		assert.deepEqual(said, [1, 3], 'said once per pause');
	});

	it('is given again for each wait asked for (the typing gap, then the tab chord), each with how long it was quiet', () => {
		const said: string[] = [];
		const {router, advance} = steppedRouter({onKeysSettled: (keys, quietMs) => said.push(`${keys}@${quietMs}`), settleAfterMs: [TYPING_GAP_MS, TAB_CHORD_MS]});
		router.dispatch('1', {} as Parameters<KeyRouter['dispatch']>[1]);
		advance(TYPING_GAP_MS);
		assert.deepEqual(said, [`1@${TYPING_GAP_MS}`]);
		advance(TAB_CHORD_MS - TYPING_GAP_MS - 1);
		assert.deepEqual(said, [`1@${TYPING_GAP_MS}`], 'the chord may still go on');
		advance(1);
		assert.deepEqual(said, [`1@${TYPING_GAP_MS}`, `1@${TAB_CHORD_MS}`]);
	});
});

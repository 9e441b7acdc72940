import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {KeyRouterProvider} from '../../source/hooks/key-router.js';
import type {StatsSample} from '../../source/model/stats.js';
import {AppContext} from '../../source/ui/app-context.js';
import {sparkline} from '../../source/ui/components/sparkline.js';
import {formatRate, sortStatsRows, statsCells} from '../../source/ui/format/stats-row.js';
import {StatsPane} from '../../source/ui/panes/stats-pane.js';
import {summary} from '../support/containers.js';
import {ScriptedStats} from '../support/ports.js';
import {frameWith, scriptedServices} from '../support/services.js';

const ESC = '\u001B';
const ENTER = '\r';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function until(check: () => boolean): Promise<void> {
	const deadline = Date.now() + 3000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition never held');
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/** A feed the test drives: it records targets and pushes rounds of samples by hand. */
function sample(second: number, cpuNs: number, overrides: Partial<StatsSample> = {}): StatsSample {
	return {
		readAt: second * 1000,
		cpuTotalNs: cpuNs,
		systemCpuNs: second * 2e9,
		onlineCpus: 2,
		memoryUsed: 50_000_000,
		memoryLimit: 1_000_000_000,
		networkRx: second * 1000,
		networkTx: second * 500,
		blockRead: 0,
		blockWrite: second * 4000,
		pids: 3,
		...overrides,
	};
}

const busy = summary({name: 'busy-api', state: 'running'});
const idle = summary({name: 'idle-db', state: 'running'});
const stopped = summary({name: 'old-job', state: 'exited'});

async function renderStats(containers = [busy, idle, stopped]) {
	const services = await scriptedServices(containers);
	const stats = new ScriptedStats();
	services.ports = {...services.ports, stats};
	const app = render(
		<KeyRouterProvider>
			<AppContext.Provider value={services}>
				<StatsPane width={100} height={20} top={0} isActive />
			</AppContext.Provider>
		</KeyRouterProvider>,
	);
	cleanup.push(() => {
		app.unmount();
		services.sync.stop();
	});
	await frameWith(app.lastFrame, containers[0]!.name);
	return {...app, feed: () => stats.feed!};
}

describe('<StatsPane>', () => {
	it('collects only running containers, shows – until two samples exist, then the figures, busiest first', async () => {
		const {lastFrame, feed} = await renderStats();
		await until(() => feed().targets.length > 0);
		assert.deepEqual(new Set(feed().targets), new Set([busy.id, idle.id]));
		assert.ok(feed().isStarted);
		assert.doesNotMatch(lastFrame()!, /old-job/);

		feed().push(new Map([[busy.id, sample(1, 0)], [idle.id, sample(1, 0)]]));
		const first = await frameWith(lastFrame, /47\.68MiB \/ 953\.7MiB/);
		assert.match(first, /busy-api\s+–\s+47\.68MiB \/ 953\.7MiB\s+5\.00%\s+– \/ –\s+– \/ –\s+3/);
		assert.doesNotMatch(first, /NaN/);

		// One second later: busy used 0.5 s of CPU out of 2 s of host time on 2 CPUs = 50 %.
		feed().push(new Map([[busy.id, sample(2, 5e8)], [idle.id, sample(2, 2e7, {memoryUsed: 80_000_000})]]));
		const second = await frameWith(lastFrame, /50\.00%/);
		assert.match(second, /Stats 2 running · read from cgroup files/);
		assert.match(second, /busy-api\s+50\.00%/);
		assert.match(second, /idle-db\s+2\.00%/);
		assert.match(second, /1\.0kB \/ 500B\s+0B \/ 4\.0kB/);
		assert.ok(second.indexOf('busy-api') < second.indexOf('idle-db'), 'sorted by CPU, highest first');
	});

	it('sorts by memory with s and reverses with S', async () => {
		const {lastFrame, stdin, feed} = await renderStats();
		feed().push(new Map([[busy.id, sample(1, 0)], [idle.id, sample(1, 0, {memoryUsed: 80_000_000})]]));
		await frameWith(lastFrame, /76\.29MiB/);
		stdin.write('s');
		const byMemory = await frameWith(lastFrame, 'sort: memory ↓');
		assert.ok(byMemory.indexOf('idle-db') < byMemory.indexOf('busy-api'), byMemory);
		stdin.write('S');
		const reversed = await frameWith(lastFrame, 'sort: memory ↑');
		assert.ok(reversed.indexOf('busy-api') < reversed.indexOf('idle-db'), reversed);
	});

	it('opens the history graphs of the selected container with Enter and goes back with Esc', async () => {
		const {lastFrame, stdin, feed} = await renderStats();
		for (let second = 1; second <= 5; second++) {
			feed().push(new Map([[busy.id, sample(second, (second - 1) * second * 1e8)], [idle.id, sample(second, 0)]]));
		}
		await frameWith(lastFrame, /busy-api\s+\d+\.\d\d%/);
		stdin.write(ENTER);
		const detail = await frameWith(lastFrame, /Stats · busy-api/);
		assert.match(detail, /last 5 of up to 180 samples/);
		// CPU rose 20 → 40 → 60 → 80 %: a rising line on a 0–100 % scale, unknown first point blank.
		assert.match(detail, /CPU\s+80\.00%\s+ *▂▄▅▇/);
		assert.match(detail, /NET RX\s+1\.0kB\/s/);
		stdin.write(ESC);
		await frameWith(lastFrame, /Stats 2 running/);
	});

	it('tells the feed which rows are on screen, as the list scrolls and in the history (issue 16)', async () => {
		const many = Array.from({length: 30}, (_, index) => summary({name: `svc-${String(index).padStart(2, '0')}`, state: 'running'}));
		const {lastFrame, stdin, feed} = await renderStats(many);
		await frameWith(lastFrame, 'Stats 30 running');
		// 20 rows: the title and the header above the table, the filter line below: 17 rows on screen.
		await until(() => feed().visible?.length === 17);
		const first = new Set(feed().visible);
		const shown = many.filter(container => lastFrame()!.includes(container.name)).map(container => container.id);
		assert.deepEqual(new Set(shown), first);
		for (let press = 0; press < 29; press++) stdin.write('j');
		await frameWith(lastFrame, /› svc-\d\d/);
		await until(() => feed().visible?.length === 17 && !feed().visible!.every(id => first.has(id)));
		const scrolled = many.filter(container => lastFrame()!.includes(container.name)).map(container => container.id);
		assert.deepEqual(new Set(feed().visible), new Set(scrolled));
		stdin.write(ENTER);
		await frameWith(lastFrame, /Stats · svc-/);
		const name = /Stats · (svc-\d\d)/.exec(lastFrame()!)![1];
		await until(() => feed().visible?.length === 1);
		assert.deepEqual(feed().visible, [many.find(container => container.name === name)!.id]);
	});

	it('stops collecting when the pane goes away', async () => {
		const {feed, unmount} = await renderStats();
		const running = feed();
		unmount();
		assert.ok(running.isStopped);
	});
});

describe('stats formatting', () => {
	it('draws a sparkline right-aligned, blank for unknown values', () => {
		assert.equal(sparkline([undefined, 0, 50, 100], 6, 100), '   ▁▄█');
		assert.equal(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 4), '▅▆▇█');
		assert.equal(sparkline([0, 0], 2), '▁▁');
		assert.equal(sparkline([5], 0), '');
	});

	it('shows – for every figure of a container with no sample, never NaN', () => {
		assert.deepEqual(Object.values(statsCells(undefined)), ['–', '–', '–', '–', '–', '–']);
		assert.equal(formatRate(Number.NaN), '–');
		assert.equal(formatRate(1_500_000), '1.5MB/s');
	});

	it('puts rows without figures last whichever way it sorts', () => {
		const point = (cpu: number | undefined) => ({at: 0, cpuPercent: cpu, memoryUsed: 0, memoryLimit: 0, pids: 1});
		const rows = [
			{id: '1', name: 'a', point: point(undefined)},
			{id: '2', name: 'b', point: point(10)},
			{id: '3', name: 'c', point: point(90)},
			{id: '4', name: 'd'},
		];
		assert.deepEqual(sortStatsRows(rows, 'cpu', true).map(row => row.name), ['c', 'b', 'a', 'd']);
		assert.deepEqual(sortStatsRows(rows, 'cpu', false).map(row => row.name), ['b', 'c', 'a', 'd']);
		assert.deepEqual(sortStatsRows(rows, 'name', true).map(row => row.name), ['d', 'c', 'b', 'a']);
	});
});

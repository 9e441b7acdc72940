/**
 * The Containers and Stats panes' row formatters (ui/format/container-row.ts, ui/format/stats-row.ts): one cell per
 * column, coloured by theme tokens, from recorded engine answers where the engine has one (issue 15).
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {type EngineStatsJson, parseEngineStats} from '../../source/docker/stats.js';
import {deriveStats, StatsHistory} from '../../source/model/stats.js';
import type {ContainerSummary} from '../../source/model/types.js';
import {CONTAINER_COLUMNS, containerRowCells, statusNow} from '../../source/ui/format/container-row.js';
import {statsHistoryLine, statsRowCells} from '../../source/ui/format/stats-row.js';
import {DEFAULT_THEME as theme, type Theme} from '../../source/ui/theme.js';
import {summary} from '../support/containers.js';

const texts = (cells: ReadonlyArray<{text: string}>) => cells.map(cell => cell.text);
const colors = (cells: ReadonlyArray<{color?: string}>) => cells.map(cell => cell.color);
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/stats/${name}.json`, 'utf8')) as EngineStatsJson;
/** A theme whose tokens are their own names, so a test reads which token a cell took. */
const named = {...theme, muted: 'muted', accent: 'accent', danger: 'danger', success: 'success', warning: 'warning'} as Theme;

describe('container rows (the Containers pane)', () => {
	const web = summary({
		id: 'f'.repeat(64),
		name: 'shop-web-1',
		image: 'nginx:1.27',
		state: 'running',
		status: 'Up 10 seconds (healthy)',
		health: 'healthy',
		composeProject: 'shop',
		ports: [
			{containerPort: 80, hostPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp'},
			{containerPort: 80, hostPort: 8080, hostIp: '::', protocol: 'tcp'},
		],
		listedAt: 1_000_000,
	});

	it('have one cell per column, in the columns\' order, with the STATUS text they are given', () => {
		const cells = containerRowCells(web, statusNow(web, 1_005_000), named);
		assert.equal(cells.length, CONTAINER_COLUMNS.length);
		assert.deepEqual(texts(cells), ['shop-web-1', '▸ running', 'nginx:1.27', 'Up 15 seconds (healthy)', '8080:80/tcp', 'healthy', 'shop']);
		assert.deepEqual(colors(cells), [undefined, theme.state.running.color, undefined, 'muted', undefined, 'success', 'accent']);
	});

	it('colour HEALTH by what it says, and an exited container\'s STATE with its code and its state colour', () => {
		const health = (value: ContainerSummary['health']) => containerRowCells(summary({health: value}), 'Up', named)[5]!;
		assert.deepEqual([health('unhealthy').color, health('healthy').color, health('starting').color], ['danger', 'success', 'warning']);
		const exited = containerRowCells(summary({state: 'exited', exitCode: 137, status: 'Exited (137) 2 minutes ago'}), 'Exited (137) 2 minutes ago', named);
		assert.deepEqual([exited[1]!.text, exited[1]!.color], ['■ exited (137)', theme.state.exited.color]);
		assert.deepEqual(texts(exited).slice(4), ['', '', ''], 'no ports, health or project: empty cells, which the table drops');
	});

	it('take their colours from the theme they are handed, never from a shared one', () => {
		const plain = {...theme, muted: undefined, accent: undefined, state: Object.fromEntries(Object.entries(theme.state).map(([state, style]) => [state, {...style, color: undefined}]))} as unknown as Theme;
		assert.deepEqual(colors(containerRowCells(web, 'Up', plain)), [undefined, undefined, undefined, undefined, undefined, theme.success, undefined]);
	});
});

describe('stats rows (the Stats pane), from two recorded one-shot answers of the engine', () => {
	const first = parseEngineStats(fixture('spin-one-shot-1'))!;
	const second = parseEngineStats(fixture('spin-one-shot-2'))!;

	it('show every figure of the second sample, network and block I/O in the muted colour', () => {
		const cells = statsRowCells({id: 'a'.repeat(64), name: 'spin', point: deriveStats(first, second)}, named);
		// docker stats --no-stream said 50.55 % for this container at the time (the fixture's own note, test/model/stats.test.ts).
		assert.deepEqual(texts(cells), ['spin', '50.94%', '548KiB / 23.54GiB', '0.00%', '0B / 0B', '0B / 0B', '1']);
		assert.deepEqual(colors(cells), [undefined, undefined, undefined, undefined, 'muted', 'muted', undefined]);
	});

	it('show – for what one sample cannot tell (rates, CPU), and for every figure before the first sample', () => {
		const alone = statsRowCells({id: 'a'.repeat(64), name: 'spin', point: deriveStats(undefined, first)}, named);
		assert.deepEqual([alone[1]!.text, alone[4]!.text, alone[5]!.text], ['–', '– / –', '– / –']);
		assert.deepEqual(texts(statsRowCells({id: 'a'.repeat(64), name: 'new'}, named)), ['new', '–', '–', '–', '–', '–', '–']);
	});

	it('the history view says how many samples it holds, the memory and the PIDs, or that it waits for the first', () => {
		assert.equal(statsHistoryLine(undefined), 'waiting for the first sample… · Esc: back');
		const history = new StatsHistory(180);
		const point = deriveStats(first, second);
		history.push(point);
		const line = statsHistoryLine({id: 'a'.repeat(64), latest: point, sample: second, history});
		assert.equal(line, 'last 1 of up to 180 samples, one a second · memory 548KiB / 23.54GiB (0.00%) · 1 PIDs · Esc: back');
	});
});

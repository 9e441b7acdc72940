import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {scrollOffset} from '../../source/hooks/use-list-state.js';
import {headerTitle, sortArrow} from '../../source/ui/components/table.js';
import {type Cell, type Column, layoutTable} from '../../source/ui/format/columns.js';
import {formatPorts, matchesFilter, sortContainers, stateText, statusNow} from '../../source/ui/format/container-row.js';
import {imageCells, type ImageRow} from '../../source/ui/format/image-row.js';
import {fit, joinWhole, truncate, truncateMiddle, widthOf, wrapWords} from '../../source/ui/format/text.js';
import {helpKeyWidth, layoutHelpPages, shareWidths} from '../../source/ui/format/help-layout.js';
import {plural} from '../../source/model/plural.js';
import {dockerDuration, formatAge, formatBinaryBytes, formatBytes, shortId} from '../../source/ui/format/units.js';
import {summary} from '../support/containers.js';

describe('row formatting', () => {
	it('shows ports as host:container/proto, once for IPv4 and IPv6 twins', () => {
		assert.equal(
			formatPorts([
				{hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp'},
				{hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp'},
				{containerPort: 443, protocol: 'tcp'},
				{hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp'},
			]),
			'127.0.0.1:5353:53/udp, 8080:80/tcp, 443/tcp',
		);
	});

	it('marks each state with text, and exited with its code', () => {
		assert.equal(stateText(summary({state: 'exited', exitCode: 137})), '■ exited (137)');
		assert.equal(stateText(summary({state: 'running'})), '▸ running');
		assert.equal(stateText(summary({state: 'paused'})), '‖ paused');
	});

	it('sorts running first by state, stably by name', () => {
		const list = [summary({name: 'z', state: 'exited'}), summary({name: 'b', state: 'running'}), summary({name: 'a', state: 'running'})];
		assert.deepEqual(sortContainers(list, 'state').map(c => c.name), ['a', 'b', 'z']);
		assert.deepEqual(sortContainers(list, 'state', true).map(c => c.name), ['z', 'b', 'a']);
	});

	it('filters by name, image, project and ID prefix', () => {
		const c = summary({name: 'web-1', image: 'nginx:1', composeProject: 'shop'});
		for (const needle of ['WEB', 'nginx', 'shop', c.id.slice(0, 6)]) assert.ok(matchesFilter(c, needle), needle);
		assert.equal(matchesFilter(c, 'postgres'), false);
	});

	it('measures and fits text by terminal columns', () => {
		assert.equal(widthOf('日本'), 4);
		assert.equal(truncate('abcdef', 4), 'abc…');
		assert.equal(truncate('日本語テキスト', 5), '日本…');
		assert.equal(fit('ab', 4), 'ab  ');
		assert.equal(fit('ab', 4, 'right'), '  ab');
	});

	it('formats bytes, ages and IDs', () => {
		assert.equal(formatBytes(0), '0B');
		assert.equal(formatBytes(1500), '1.5kB');
		assert.equal(formatBytes(123_456_789), '123MB');
		assert.equal(formatBytes(Number.NaN), '–');
		assert.equal(formatAge(59), '59s');
		assert.equal(formatAge(3 * 86_400), '3d');
		assert.equal(shortId('sha256:0123456789abcdef'), '0123456789ab');
	});

	it('memory in the binary units docker stats uses; durations in the words docker ps uses (issue 19)', () => {
		assert.equal(formatBinaryBytes(0), '0B');
		assert.equal(formatBinaryBytes(1_613_824), '1.539MiB');
		assert.equal(formatBinaryBytes(8_191_426_560), '7.629GiB');
		assert.equal(formatBinaryBytes(512 * 1024), '512KiB');
		assert.equal(dockerDuration(0.4), 'Less than a second');
		assert.equal(dockerDuration(1), '1 second');
		assert.equal(dockerDuration(19.9), '19 seconds');
		assert.equal(dockerDuration(90), 'About a minute');
		assert.equal(dockerDuration(5400), '2 hours');
		assert.equal(dockerDuration(3 * 86_400), '3 days');
		assert.equal(dockerDuration(20 * 86_400), '2 weeks');
	});

	it('a container status is drawn with its age moved on to now, as docker ps would say it (issue 19)', () => {
		const at = (status: string, seconds: number) => statusNow({status, listedAt: 1_000_000}, 1_000_000 + seconds * 1000);
		assert.equal(at('Up 10 seconds', 9), 'Up 19 seconds');
		assert.equal(at('Up 10 seconds (healthy)', 9), 'Up 19 seconds (healthy)');
		assert.equal(at('Up Less than a second', 61), 'Up About a minute');
		assert.equal(at('Exited (137) 50 seconds ago', 15), 'Exited (137) About a minute ago');
		assert.equal(at('Up 3 minutes (Paused)', 60), 'Up 4 minutes (Paused)');
		assert.equal(at('Up 2 hours', 10), 'Up 2 hours');
		assert.equal(at('Created', 100), 'Created');
		assert.equal(statusNow({status: 'Up 10 seconds'}, 5_000_000), 'Up 10 seconds', 'no list time: as the engine said it');
	});
});

describe('virtualized table geometry', () => {
	const cells = (...texts: string[]): Cell[] => texts.map(text => ({text}));
	const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);

	it('fills the width exactly: fixed columns keep their width, the rest share what is left', () => {
		const columns: Column[] = [{key: 'a', title: 'A', grow: 1, isIdentity: true}, {key: 'b', title: 'B', width: 10}, {key: 'c', title: 'C', grow: 1}];
		const {shown, widths} = layoutTable(columns, [cells('alpha', 'x', 'gamma')], 54);
		assert.deepEqual(shown, [0, 1, 2]);
		assert.equal(widths[1], 10);
		assert.equal(sum(widths) + 2 + 2, 54);
	});

	it('drops the least needed columns whole, never the identifying one, never to a sliver', () => {
		const columns: Column[] = [
			{key: 'name', title: 'NAME', grow: 1, isIdentity: true},
			{key: 'state', title: 'STATE', width: 14},
			{key: 'ports', title: 'PORTS', grow: 1, dropOrder: 2},
			{key: 'project', title: 'PROJECT', grow: 1, dropOrder: 1},
		];
		const row = cells('monitoring-stack-production-grafana-1', '▸ running', '0.0.0.0:3000->3000/tcp', 'monitoring-stack-production');
		assert.deepEqual(layoutTable(columns, [row], 120).shown, [0, 1, 2, 3]);
		const narrow = layoutTable(columns, [row], 50);
		assert.deepEqual(narrow.shown, [0, 1, 3], 'PORTS (drop order 2) goes first');
		assert.ok(narrow.widths[0]! >= 20, `the name keeps a readable width: ${narrow.widths[0]}`);
		assert.ok(narrow.widths[2]! >= 8, `no sliver: ${narrow.widths[2]}`);
		assert.deepEqual(layoutTable(columns, [row], 40).shown, [0, 1], 'then PROJECT; NAME and STATE (no drop order) stay');
	});

	it('drops a column empty on every row on screen, and widens a fixed one rather than cut its figure', () => {
		const columns: Column[] = [
			{key: 'name', title: 'NAME', grow: 1, isIdentity: true},
			{key: 'health', title: 'HEALTH', width: 9},
			{key: 'size', title: 'SIZE', width: 4, align: 'right'},
		];
		const {shown, widths} = layoutTable(columns, [cells('web', '', '1.21GB'), cells('db', '  ', '12kB')], 80);
		assert.deepEqual(shown, [0, 2]);
		assert.equal(widths[1], 6, 'SIZE widens to 1.21GB');
		assert.deepEqual(layoutTable(columns, [], 80).shown, [0, 1, 2], 'with no rows, nothing is judged empty');
	});

	it('gives spare width to the identifying column first, then to the others up to their widest cell', () => {
		const columns: Column[] = [
			{key: 'name', title: 'NAME', grow: 1, isIdentity: true},
			{key: 'image', title: 'IMAGE', grow: 3},
			{key: 'status', title: 'STATUS', grow: 3},
		];
		const row = cells('customer-analytics-etl-batch-runner-2026-12-05', 'registry.example.com/data/etl-runner:2026.12.05-rc3', 'Up 41 seconds (health: starting)');
		const tight = layoutTable(columns, [row], 80);
		assert.equal(tight.widths[0], 46, 'the whole name before the other columns grow past their minimum');
		const wide = layoutTable(columns, [row], 300);
		assert.ok(wide.widths[1]! >= 51 && wide.widths[2]! >= 32, `full image and status at 300 columns: ${wide.widths.join(',')}`);
		assert.equal(sum(wide.widths) + 2 + 2, 300);
	});

	it('cuts a long name in the middle, so names sharing a prefix stay apart', () => {
		assert.equal(truncateMiddle('monitoring-stack-production-grafana-1', 25), 'monitoring-s…on-grafana-1');
		assert.equal(truncateMiddle('monitoring-stack-production-prometheus-1', 25), 'monitoring-s…prometheus-1');
		assert.equal(truncateMiddle('shop-db-1', 20), 'shop-db-1');
		assert.equal(widthOf(truncateMiddle('服务-monitoring-stack-production-服务', 15)), 15);
	});

	it('keeps the sort arrow when the title is cut, and ↑ means ascending everywhere', () => {
		assert.equal(headerTitle('CREATED', 5, sortArrow(false)), 'CRE…↑');
		assert.equal(headerTitle('SIZE', 7, sortArrow(true), 'right'), '  SIZE↓');
		assert.equal(headerTitle('NAME', 8, ''), 'NAME    ');
		const sorted = layoutTable([{key: 'created', title: 'CREATED', width: 7, align: 'right'}], [cells('3d')], 80, 'created');
		assert.equal(sorted.widths[0], 8, 'a sorted fixed column widens for its arrow');
	});

	it('scrolls as little as possible to keep the selection visible', () => {
		assert.equal(scrollOffset(0, 5, 10, 100), 0);
		assert.equal(scrollOffset(0, 10, 10, 100), 1);
		assert.equal(scrollOffset(50, 20, 10, 100), 20);
		assert.equal(scrollOffset(95, 99, 10, 100), 90);
		assert.equal(scrollOffset(90, 3, 10, 5), 0);
	});

	it('image sizes: … while df is out, – when the engine does not tell shared bytes (Podman), bytes otherwise', () => {
		const row = (usage: Partial<ImageRow['image']>): ImageRow => ({
			key: 'k',
			ref: 'a:1',
			label: 'a:1',
			isDangling: false,
			containers: [],
			image: {id: 'sha256:'.padEnd(71, 'a'), repoTags: ['a:1'], repoDigests: [], parentId: '', created: 0, size: 2000, labels: {}, ...usage},
		});
		const cells = (usage: Partial<ImageRow['image']>) => {
			const {shared, unique} = imageCells(row(usage), 0);
			return [shared, unique];
		};
		assert.deepEqual(cells({}), ['…', '…']);
		assert.deepEqual(cells({sharedSize: null, uniqueSize: null}), ['–', '–']);
		assert.deepEqual(cells({sharedSize: 1500, uniqueSize: 500}), ['1.5kB', '500B']);
	});

	it('counts with nouns in the right number, wraps words, and shares the help screen\'s width (issue 19)', () => {
		assert.equal(plural(1, 'layer'), '1 layer');
		assert.equal(plural(0, 'line'), '0 lines');
		assert.equal(plural(2, 'entry', 'entries'), '2 entries');
		assert.deepEqual(wrapWords('remove them in the same RUN', 12), ['remove them', 'in the same', 'RUN']);
		assert.deepEqual(wrapWords('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
		assert.deepEqual(shareWidths([70, 110], 156), [70, 86]);
		assert.deepEqual(shareWidths([30, 40], 156), [30, 40]);
		const entries = [{kind: 'title', text: 'Details'}, {kind: 'row', keys: 'v', text: 'reveal or hide secret-looking env values'}] as const;
		const [columns] = layoutHelpPages(entries, 40, 10, 4, 22);
		assert.ok(columns);
		assert.deepEqual(columns[0]!.lines.map(line => line.text), ['Details', 'reveal or hide', 'secret-looking', 'env values']);
		// The keys' column is as wide as the keys need (issue 18), so the description has the rest.
		assert.equal(helpKeyWidth(entries), 3);
		assert.deepEqual(layoutHelpPages(entries, 40, 10, 4)[0]![0]!.lines.map(line => line.text), ['Details', 'reveal or hide secret-looking env', 'values']);
		// Where readable columns do not hold every key, pages of them: every description whole, a continued scope named again.
		const many = [{kind: 'title' as const, text: 'Containers'}, ...Array.from({length: 30}, (_, index) => ({kind: 'row' as const, keys: `k${index}`, text: `a long description of key number ${index}`}))];
		const pages = layoutHelpPages(many, 80, 10, 4);
		assert.ok(pages.length > 1, `${pages.length} pages`);
		const lines = pages.flat().flatMap(column => column.lines);
		assert.equal(lines.filter(line => line.kind === 'row').length, 30);
		assert.ok(lines.every(line => line.kind === 'title' || /^a long description of key number \d+$/.test(line.text)), lines.map(line => line.text).join('|'));
		assert.ok(lines.some(line => line.text === 'Containers (continued)'));
		assert.ok(pages.every(page => page.every(column => column.lines.length <= 10 && column.width >= 38)));
	});
});

describe('joinWhole', () => {
	it('keeps the first part, then each figure only while it fits whole (issue 18)', () => {
		const parts = ['Layers of shop/api:1.4.2', '6 layers', '10 steps', 'efficiency 68.4%'];
		assert.equal(joinWhole(parts, 80), 'Layers of shop/api:1.4.2 · 6 layers · 10 steps · efficiency 68.4%');
		assert.equal(joinWhole(parts, 60), 'Layers of shop/api:1.4.2 · 6 layers · 10 steps');
		assert.equal(joinWhole(parts, 10), 'Layers of shop/api:1.4.2');
	});
});

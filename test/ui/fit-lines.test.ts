/** The header, tab bar, hint bar and title lines at narrow widths (issue 18): pure functions. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {splitTitleLine} from '../../source/ui/components/title-bar.js';
import {engineStateOf, engineStatePieces, fitHeaderPieces, type HeaderPiece, tabLabels} from '../../source/ui/format/header-line.js';
import {fitHints} from '../../source/ui/format/hint-line.js';
import {packItems, widthOf} from '../../source/ui/format/text.js';

const TITLES = ['Containers', 'Logs', 'Images', 'Layers', 'Cleanup', 'Volumes', 'Networks', 'Engines', 'Stats', 'Compose', 'Swarm'];
const line = (labels: ReturnType<typeof tabLabels>) => `${labels.before ? '‹' : ''}${labels.labels.map(label => label.text).join('')}${labels.after ? '›' : ''}`;

describe('tab bar', () => {
	it('shows every tab in full when it fits', () => {
		const tabs = tabLabels(TITLES, 0, 200);
		assert.equal(line(tabs), TITLES.map((title, index) => ` ${index + 1} ${title} `).join(''));
	});

	for (const active of [0, 5, 9, 10]) {
		it(`at 80 columns shows the active tab (${TITLES[active]}) in full and its neighbours, and every number`, () => {
			const tabs = tabLabels(TITLES, active, 80);
			const text = line(tabs);
			assert.ok(widthOf(text) <= 80, text);
			assert.ok(text.includes(` ${active + 1} ${TITLES[active]} `), text);
			for (const neighbour of [active - 1, active + 1].filter(index => index >= 0 && index < TITLES.length)) {
				assert.match(text, new RegExp(` ${neighbour + 1} ${TITLES[neighbour]!.slice(0, 3)}`), text);
			}
			for (let index = 0; index < TITLES.length; index++) assert.ok(text.includes(` ${index + 1} `), `tab ${index + 1} missing: ${text}`);
			// Labels sit where the mouse mapping expects them.
			let x = 0;
			for (const label of tabs.labels) {
				assert.equal(label.x, x);
				x += label.text.length;
			}
		});
	}

	it('scrolls around the active tab when even numbers do not fit, marking the cut ends', () => {
		const tabs = tabLabels(TITLES, 9, 30);
		const text = line(tabs);
		assert.ok(widthOf(text) <= 30, text);
		assert.ok(text.includes('10 Compose'), text);
		assert.ok(tabs.before, text);
	});
});

describe('engine line', () => {
	const pieces: HeaderPiece[] = [
		{text: 'dockdash', role: 'brand', dropOrder: 2},
		{text: ' · ', role: 'separator'},
		{text: 'ssh://deploy@build-server-eu-west-1.example.com:2222', role: 'endpoint'},
		{text: ' · ', role: 'separator'},
		{text: 'Docker 28.5.2', role: 'engine'},
		{text: ' (API 1.51)', role: 'api', dropOrder: 1},
		{text: ' linux/amd64', role: 'platform', dropOrder: 3},
		{text: ' · read-only', role: 'readOnly'},
	];
	const text = (width: number) => fitHeaderPieces(pieces, width).map(piece => piece.text).join('');

	it('keeps everything when it fits', () => assert.equal(text(200), pieces.map(piece => piece.text).join('')));

	it('drops the platform, then the brand, then the API version, and cuts the endpoint in its middle; keeps engine, version and read-only', () => {
		assert.equal(text(110), 'dockdash · ssh://deploy@build-server-eu-west-1.example.com:2222 · Docker 28.5.2 (API 1.51) · read-only');
		assert.equal(text(96), 'ssh://deploy@build-server-eu-west-1.example.com:2222 · Docker 28.5.2 (API 1.51) · read-only');
		const narrow = text(67);
		assert.ok(widthOf(narrow) <= 67, narrow);
		assert.match(narrow, /^ssh:\/\/deploy@bu.*…\S*:2222 · Docker 28\.5\.2 · read-only$/);
	});

	it('cuts a long context name in its middle too, so the engine version is never the part cut', () => {
		const withContext: HeaderPiece[] = [{text: 'context production-eu-west-1-kubernetes-cluster-blue', role: 'context'}, {text: ' · ', role: 'separator'}, ...pieces.slice(2)];
		const fitted = fitHeaderPieces(withContext, 68).map(piece => piece.text).join('');
		assert.ok(widthOf(fitted) <= 68, fitted);
		assert.match(fitted, /^context produc.*…s-cluster-blue · ssh:…\d+ · Docker 28\.5\.2 · read-only$/);
	});
});

describe('hint bar', () => {
	const global = ['q quit', '? help', 'Tab pane', ': commands'];
	const pane = ['/ filter', 's sort', 'Space mark', 'Enter details', 'e shell', 'l logs'];
	it('shows every hint when they fit', () => assert.equal(fitHints(global, pane, 200, '? help'), [...global, ...pane].join('  ')));
	it('keeps whole hints, the pane’s own before the global ones, and always ? help', () => {
		const fitted = fitHints(global, pane, 60, '? help');
		assert.ok(widthOf(fitted) <= 60, fitted);
		assert.ok(fitted.includes('? help'), fitted);
		assert.ok(fitted.includes('Enter details'), fitted);
		assert.ok(!fitted.includes('…'), fitted);
		for (const hint of fitted.split('  ')) assert.ok([...global, ...pane].includes(hint), `not a whole hint: ${hint}`);
	});
});

describe('title line and wrapped options', () => {
	it('never lets the note overlap the title: cut, or left out below 12 columns', () => {
		assert.deepEqual(splitTitleLine(20, 30, 80), {title: 20, aside: 30});
		assert.deepEqual(splitTitleLine(40, 50, 80), {title: 40, aside: 38});
		assert.deepEqual(splitTitleLine(70, 30, 80), {title: 70, aside: 0});
		assert.deepEqual(splitTitleLine(90, 30, 80), {title: 80, aside: 0});
	});

	it('packs whole items into lines', () => {
		const items = ['c [x] stopped containers', 'i [x] dangling images', 'I [ ] all unused images', 'v [ ] volumes (anonymous only; V: named too)', 'n [ ] networks', 'b [ ] build cache'];
		const lines = packItems(items, 80);
		assert.deepEqual(lines, [[0, 1, 2], [3, 4, 5]]);
		for (const indexes of lines) assert.ok(widthOf(indexes.map(index => items[index]).join('  ')) <= 80);
	});
});

describe('the header’s engines’ states (issue 14)', () => {
	it('tells answering, refused, silent and not yet known engines apart', () => {
		assert.equal(engineStateOf({isConnected: true}), 'up');
		assert.equal(engineStateOf({isConnected: false}), 'connecting');
		assert.equal(engineStateOf({isConnected: false, problem: 'cannot reach the Docker Engine at unix:///x'}), 'down');
		assert.equal(engineStateOf({isConnected: false, problem: 'no answer from unix:///x in time: check the engine and the network'}), 'no answer');
	});
	const engines = [
		{name: 'prod-eu-west-1', state: 'up'},
		{name: 'ci-runner-28', state: 'down'},
		{name: 'silent-engine-of-the-lab', state: 'no answer'},
	] as const;
	const text = (width: number) => engineStatePieces(engines, width).map(piece => piece.text).join(' ');
	it('names each engine while they fit, then cuts the names, then counts, never leaving a failed one unsaid', () => {
		assert.equal(text(80), '● prod-eu-west-1 ○ ci-runner-28 down ◌ silent-engine-of-the-lab no answer');
		assert.equal(text(60), '● prod-e…est-1 ○ ci-runner-28 down ◌ silent…e-lab no answer');
		assert.equal(text(50), '● 1 up ○ 1 down ◌ 1 no answer');
	});
	it('cuts names only while they stay told apart', () => {
		const alike = [
			{name: 'dd-engine-panes-a-30195', state: 'up'},
			{name: 'dd-engine-panes-b-30195', state: 'up'},
		] as const;
		assert.equal(engineStatePieces(alike, 40).map(piece => piece.text).join(' '), '● dd-engin…a-30195 ● dd-engin…b-30195');
		// At 10 columns both would read dd-e…30195: counted instead.
		assert.equal(engineStatePieces(alike, 30).map(piece => piece.text).join(' '), '● 2 up');
	});
});

import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {App} from '../../source/app.js';
import {analyseImage} from '../../source/model/layers/analysis.js';
import type {LayerChanges, LayerEntry} from '../../source/model/layers/layer-changes.js';
import {imageSummary, scriptedImageServices} from '../support/images.js';
import {frameWith, scriptedServices} from '../support/services.js';

const DOWN = '\u001B[B';
const ESC = '\u001B';
let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

const dir = (path: string): LayerEntry => ({path, kind: 'directory', size: 0, mode: 0o755});
const file = (path: string, size: number): LayerEntry => ({path, kind: 'file', size, mode: 0o644});
function layer(entries: LayerEntry[], whiteouts: string[] = []): LayerChanges {
	return {entries, whiteouts, opaqueDirs: [], ignored: [], bytes: entries.reduce((sum, entry) => sum + entry.size, 0)};
}

// Layer 0 ships busybox, a config and a big temp file; layer 1 rewrites the config, deletes the temp file and adds the app.
const LAYERS = [
	layer([dir('bin'), file('bin/busybox', 1000), {path: 'bin/sh', kind: 'symlink', size: 0, mode: 0o777, linkTarget: 'busybox'}, dir('etc'), file('etc/config', 100), dir('tmp'), file('tmp/big', 5000)]),
	layer([dir('etc'), file('etc/config', 200), dir('app'), file('app/main.js', 300), file('app/evil\u001B[2Jname', 0)], ['tmp/big']),
];
const HISTORY = [
	{createdBy: '/bin/sh -c #(nop) COPY file:abc in /bin/busybox ', created: '2026-01-01T00:00:00Z'},
	{createdBy: '/bin/sh -c #(nop)  ENV A=1', emptyLayer: true},
	{createdBy: '/bin/sh -c rm /tmp/big && echo x > /etc/config', created: '2026-01-02T00:00:00Z'},
];
async function renderExplorer() {
	// A new image each time: the explorer keeps the last analyses across pane switches.
	const image = imageSummary({repoTags: ['shop/app:1']});
	const base = await scriptedServices([]);
	const images = scriptedImageServices([image]);
	const services = {...base, images};
	const app = render(<App services={services} initialPane="images" />);
	cleanup.push(() => {
		app.unmount();
		base.sync.stop();
		images.sync.stop();
	});
	await frameWith(app.lastFrame, 'shop/app:1');
	return {...app, images, image};
}

describe('<LayersPane>', () => {
	it('Enter in the images pane opens the explorer, which shows the export progress, then the layers beside their history', async () => {
		const {lastFrame, stdin, images, image} = await renderExplorer();
		images.layers.progress = [{phase: 'streaming', bytesRead: 500, expectedBytes: 1000, layersRead: 1}];
		stdin.write('\r');
		const loading = await frameWith(lastFrame, /⇣ reading: [█░▏▎▍▌▋▊▉]{20} 50% · 500B of ~1\.0kB · 1 layer read · Esc cancels/);
		assert.match(loading, /Layers of shop\/app:1/);
		assert.deepEqual(images.layers.requested, [image.id]);
		images.layers.resolve({layers: LAYERS, analysis: analyseImage(LAYERS, HISTORY)});
		const frame = await frameWith(lastFrame, 'INSTRUCTION (history)');
		assert.match(frame, /2 layers · 3 steps · efficiency 22\.7% · wasted 5\.1kB/);
		assert.match(frame, /0\s+6\.1kB\s+\+7 ~0 −0\s+5\.1kB\s+\S+\s+COPY file:abc in \/bin\/busybox/);
		assert.match(frame, /·\s+no files\s+\S*\s*ENV A=1 {2}\(#\(nop\) metadata\)/);
		assert.match(frame, /1\s+500B\s+\+3 ~2 −1\s+.*RUN rm \/tmp\/big && echo x > \/etc\/config/);
		// Efficiency below the tree at this width: the wasted path names the layer that added it and the one that deleted it.
		assert.match(frame, /Efficiency 22\.7%/);
		assert.match(frame, /5\.0kB \/tmp\/big L0→L1 deleted/);
		// Advice that does not fit below the tree says so and where to read it all, instead of being cut silently (issue 19).
		assert.match(frame, /… 3 more lines: dockdash layers shop\/app:1 prints it all/);
	});

	it("shows a layer's changes marked and coloured, the image at that layer, and filters by path", async () => {
		const {lastFrame, stdin, images} = await renderExplorer();
		stdin.write('\r');
		await frameWith(lastFrame, 'preparing the export');
		images.layers.resolve({layers: LAYERS, analysis: analyseImage(LAYERS, HISTORY)});
		await frameWith(lastFrame, 'INSTRUCTION (history)');
		stdin.write(DOWN);
		await frameWith(lastFrame, 'step 1 is metadata only (#(nop)): it adds no files');
		stdin.write(DOWN);
		const changes = await frameWith(lastFrame, "layer 1 · this layer's changes");
		assert.match(changes, /▾ \+ app\/\s+300B/);
		assert.match(changes, / {4}\+ evil␛\[2Jname/, 'an escape sequence in a file name is shown inert');
		assert.match(changes, / {4}\+ main\.js\s+300B/);
		assert.match(changes, /▾ ~ etc\/\s+200B/);
		assert.match(changes, /▾ {3}tmp\//, 'tmp itself is unchanged: only its file went');
		assert.match(changes, / {4}~ config\s+200B/);
		assert.match(changes, / {4}− big\s+−5\.0kB/);
		stdin.write('m');
		const whole = await frameWith(lastFrame, 'layer 1 · the image at this layer · 5 files · 1.5kB');
		assert.match(whole, /▸ {3}bin\/\s+1\.0kB/, 'directories start closed, with rolled-up sizes');
		stdin.write('l');
		stdin.write(DOWN);
		await frameWith(lastFrame, /›▸ {3}bin\//);
		stdin.write('\r');
		const opened = await frameWith(lastFrame, /▾ {3}bin\//);
		assert.match(opened, / {4}busybox\s+1\.0kB/);
		assert.match(opened, /sh → busybox/);
		for (const key of ['/', 'c', 'o', 'n', 'f']) stdin.write(key);
		const filtered = await frameWith(lastFrame, 'path filter: conf');
		assert.match(filtered, /~ config\s+200B/);
		assert.doesNotMatch(filtered, /busybox\s+1\.0kB/);
	});

	it('Esc cancels the export, R reads again, and a corrupt archive is an error state, not an exit', async () => {
		const {lastFrame, stdin, images, image} = await renderExplorer();
		stdin.write('\r');
		await frameWith(lastFrame, 'preparing the export');
		stdin.write(ESC);
		await frameWith(lastFrame, 'cancelled · R reads the image again');
		stdin.write('R');
		await frameWith(lastFrame, 'preparing the export');
		const corrupt = new Error('the archive ends inside layer 2 (truncated or corrupt)');
		corrupt.name = 'ImageArchiveError';
		images.layers.reject(corrupt);
		const frame = await frameWith(lastFrame, '✗ the archive ends inside layer 2 (truncated or corrupt) · R tries again');
		assert.match(frame, /Layers of shop\/app:1 \(\w{12}\)/);
		assert.deepEqual(images.layers.requested, [image.id, image.id]);
		// Still running: the keys still work.
		stdin.write('?');
		await frameWith(lastFrame, 'Keys ·');
	});
});
